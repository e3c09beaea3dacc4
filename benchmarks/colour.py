"""The quick study on colour photos of its own: 8 classes of drawn fruit (`synthstudy.testing.make_photos`), 150
training and 40 test images per class at 64 px, written to a fresh folder, run as a user runs it (`synthstudy run
--source TREE`, in a new process, the preset fitted to the data: 32 px, the `photo` pipeline).

Prints the fitted lines and the estimate the run printed, the run's time as a multiple of the fixed workload
(`benchmarks/calib.py`, timed before and after), its peak memory (the process tree's summed PSS, as `study.py`
samples it), the baselines' test accuracy, the method with the largest difference to `reduced` and its verdict, and,
unless `--no-tune`, what a `--trials` search of `synthstudy tune` on the run's own configuration (`config.yaml`) gains
on validation over the run's recipe, for `reduced` and `imbalanced` (the best trial's validation accuracy minus the
first trial's, which is the run's recipe; target: at most 1 point).

Targets (issue 37): the study within 1.5 x the mnist5k quick study's time on the same machine (`python
benchmarks/study.py --no-site`, as multiples of calib_s), the estimate within a factor 1.5 of the measured time, peak
under 4 GiB, `reduced` well above chance (12.5%).

Usage: `python benchmarks/colour.py [--n 150] [--test 40] [--size 64] [--trials 10] [--no-tune] [--keep DIR]`. Last
line: `study_s= calib_s= ratio= estimate_s= estimate_ratio= peak_gib= full_acc= reduced_acc= chance= best_arm=
best_diff= best_verdict= tune_gain_reduced= tune_gain_imbalanced= calib_after_s=`.
"""
import argparse, re, shutil, subprocess, sys, tempfile, threading, time, warnings
from pathlib import Path
import pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
from calib import calib_s
from study import sample_peak
from synthstudy.testing import make_photos, PHOTO_CLASSES

EXE = Path(sys.executable).with_name('synthstudy')

def tune_gain(run:Path, arm:str, trials:int, out:Path)->float:
    "Validation points a `trials`-trial search on the run's configuration gains over its first trial (the run's recipe)"
    r = subprocess.run([str(EXE), 'tune', '--config', str(run/'config.yaml'), '--arm', arm, '--trials', str(trials),
                        '--out', str(out), '--quiet'], capture_output=True, text=True)
    if r.returncode: raise RuntimeError(r.stderr[-2000:])
    t = pd.read_csv(out/'trials.csv')
    start = t[t.start==True].value if 'start' in t else t[t.trial==0].value # the enqueued first trial: the run's recipe
    return 100*(t.value.max()-float(start.iloc[0]))

def best_method(s:pd.DataFrame)->tuple:
    "The enlarging arm with the largest mean difference to `reduced`: (arm, points, verdict)"
    from synthstudy.study.stats import enlarges
    acc = s[(s.metric=='accuracy') & (s.baseline=='reduced')]
    acc = acc[acc.arm.map(enlarges)]
    if not len(acc): return 'none', float('nan'), 'none'
    r = acc.loc[acc.diff_vs_baseline.idxmax()]
    sig = r.p_holm < 0.05
    v = 'helps' if sig and r.diff_ci_low > 0 else 'hurts' if sig and r.diff_ci_high < 0 else 'no_detectable_effect'
    return r.arm, 100*r.diff_vs_baseline, v

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=150, help='training images per class')
    ap.add_argument('--test', type=int, default=40, help='test images per class')
    ap.add_argument('--size', type=int, default=64, help='image side in px')
    ap.add_argument('--trials', type=int, default=10, help='trials of each tuning search')
    ap.add_argument('--no-tune', action='store_true', help='skip the tuning searches')
    ap.add_argument('--keep', help='write the photos, the run and the searches here and keep them')
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    root = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix='synthstudy-colour-'))
    try:
        tree = make_photos(root/'photos', n=a.n, test=a.test, size=a.size)
        cal = calib_s()
        print(f'calib_s={cal:.3f}', flush=True)
        stop, peak = threading.Event(), [0, [], 0, []]
        th = threading.Thread(target=sample_peak, args=(stop, peak), daemon=True); th.start()
        t0 = time.perf_counter()
        r = subprocess.run([str(EXE), 'run', '--source', str(tree), '--out', str(root/'run'), '--quiet'],
                           capture_output=True, text=True)
        study_s = time.perf_counter()-t0
        stop.set(); th.join()
        if r.returncode: raise RuntimeError(r.stderr[-3000:])
        print('\n'.join(l for l in r.stdout.splitlines() if l.startswith(('data:', '  fitted:', 'estimate:', 'this run'))))
        print(r.stdout.split('\n', 2)[-1][-3000:])
        est = float(re.search(r'"estimate_s": ([\d.]+)', (root/'run'/'data.json').read_text()).group(1))
        s = pd.read_csv(root/'run'/'summary.csv')
        acc = s[s.metric=='accuracy'].set_index('arm')['mean']
        arm, diff, verdict = best_method(s)
        gains = {b: float('nan') for b in ('reduced', 'imbalanced')}
        if not a.no_tune:
            for b in gains:
                gains[b] = tune_gain(root/'run', b, a.trials, root/f'tune-{b}')
                print(f'tune {b}: {a.trials} trials gain {gains[b]:+.2f} validation points over the run\'s recipe',
                      flush=True)
        after = calib_s()
        print(f"study_s={study_s:.1f} calib_s={cal:.3f} ratio={study_s/cal:.1f} estimate_s={est:.1f} "
              f"estimate_ratio={study_s/est:.2f} peak_gib={peak[2]/2**30:.2f} full_acc={100*acc.get('full', float('nan')):.1f} "
              f"reduced_acc={100*acc.get('reduced', float('nan')):.1f} chance={100/len(PHOTO_CLASSES):.1f} "
              f"best_arm={arm} best_diff={diff:+.2f} best_verdict={verdict} "
              f"tune_gain_reduced={gains['reduced']:+.2f} tune_gain_imbalanced={gains['imbalanced']:+.2f} "
              f"calib_after_s={after:.3f}")
    finally:
        if not a.keep: shutil.rmtree(root, ignore_errors=True)

if __name__ == '__main__': main()
