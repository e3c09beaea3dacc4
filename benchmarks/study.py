"""The main job's budget: `make study` (`synthstudy run --config quick`, every arm, 3 seeds, then its report website)
in a fresh run folder, with the command line's default executor. Prints the seconds per arm (its generators
included), the total, and the peak memory of the whole process tree (sampled every 0.25 s: the run, its worker
processes and the BoW workers they start).

Machines differ by up to 2x, so right before the study it times a fixed workload, the one `../shared/calibrate.py`
describes (a small CNN, two 3x3 convolutions of 32 and 64 channels on 28x28 one-channel images, 300 Adam steps of 64
random images on the CPU with 2 torch threads, the median of 3 runs after a warm-up; `benchmarks/calib.py`, in a fresh
process), and states the study's time as a
multiple of it (targets: the study at most 90 x calib_s and 1.3 x its floor, peak at most 4 GiB: `peak_gib`, the
processes' summed PSS).

Then the targets of the fair generative arms: the worst fair generative arm's mean difference to its baseline
(points; target above -0.5) and the best generative arm's gap closed with its 95% interval (target 15%, goal 30%).

Usage: `python benchmarks/study.py [CONFIG] [--keep DIR] [--executor auto|sequential|local] [--workers N] [--no-site]
[--twice]` (`--keep`: run in DIR and keep it, e.g. the folder `make study` writes; `--workers`: local processes, default
2, with a GPU one per core as memory allows; `--no-site`: time the study alone, site_s=0; `--twice`: then run the study
again in a second fresh folder, DIR-2 with `--keep`, and print `same_results=<1 if both results.csv and summary.csv
are the same bytes, else 0> study2_s=<s>`);
`python benchmarks/study.py --from DIR` prints the targets of a finished run without running it. Last lines:
`worst_fair_gen_diff=<points> best_gen=<arm> best_gen_gap=<%> best_gen_gap_ci=<lo>..<hi>`, then `study_s=<s> site_s=<s>
calib_s=<s> ratio=<study_s/calib_s> ratio_site=<(study_s+site_s)/calib_s> peak_gib=<GiB> peak_rss_gib=<GiB> cells=<n>
seeds=<n> executor=<what ran the units> calib_after_s=<s> ratio_after=<study_s/calib_after_s> floor_s=<s>
floor_ratio_study=<study_s/floor_s>` (the workload timed again after the website; then the run's floor, its optimiser
steps alone, timed with `benchmarks/floor.py`'s `floor_steps` right after (after the second run with `--twice`): the speed target is `floor_ratio_study` at
most 1.3, and `ratio` at most 90; `--no-floor` skips it), after a line giving each process's memory at the peak (the driver, the unit workers, BoW's loky
workers). `peak_gib` is the largest sampled sum of the processes' PSS (the memory the tree occupies; 0 where the system
does not give PSS); `peak_rss_gib` sums their RSS, which counts the libraries that every process maps once per process.
The two breakdowns are taken at their own peaks.
"""
import argparse, re, shutil, sys, tempfile, threading, time, warnings
import pandas as pd
from pathlib import Path
import psutil
from synthstudy.study.config import load_config, study_arms
from synthstudy.study.run import run_study
from synthstudy.report import summary_table, build_site
sys.path.insert(0, str(Path(__file__).parent))
from calib import calib_s # the fixed workload, timed in a fresh process
from floor import floor_steps # the run's optimiser steps alone, timed

def _role(p, me)->str:
    "What process `p` of the tree is: this one (the run's driver), a unit worker, a BoW worker or other"
    if p.pid==me.pid: return 'driver'
    cmd = ' '.join(p.cmdline())
    return 'loky' if 'loky' in cmd else 'worker' if 'multiprocessing' in cmd else p.name()

def pss(pid:int)->int:
    "Proportional set size of process `pid` in bytes (its private pages, its share of those it shares); 0 if unknown"
    try:
        with open(f'/proc/{pid}/smaps_rollup') as f: # Linux 4.14 and later
            return next(int(l.split()[1])*1024 for l in f if l.startswith('Pss:'))
    except (OSError, StopIteration): return 0

def sample_peak(stop, out):
    """Peak memory of this process and its children. out[0]: the largest sum of RSS (sampled every 0.25 s), out[1]:
    each process's RSS then. Summed RSS counts the libraries every process maps (torch alone is about 0.5 GiB) once per
    process, so out[2] holds the largest sampled sum of PSS (shared pages divided among the processes that map them:
    what the tree occupies) and out[3] each process's PSS then. PSS costs about 10 ms per process to read: it is read
    every 2 s, and every second while the RSS sum is within 3% of its peak (0 where the system does not give it)."""
    me, last = psutil.Process(), 0.
    while not stop.is_set():
        try:
            ps = [me, *me.children(recursive=True)]
            each = [(_role(p, me), p.memory_info().rss) for p in ps]
            rss = sum(r for _,r in each)
            if rss > out[0]: out[0], out[1] = rss, each
            since = time.monotonic()-last
            if since >= 2 or (rss >= 0.97*out[0] and since >= 1):
                last = time.monotonic()
                each = [(_role(p, me), pss(p.pid)) for p in ps]
                if sum(r for _,r in each) > out[2]: out[2], out[3] = sum(r for _,r in each), each
        except psutil.Error: pass
        time.sleep(0.25)

def targets(s:pd.DataFrame)->str:
    "The fair generative arms' figures: worst difference to the baseline, best gap closed with its interval"
    from synthstudy.study.config import Arm
    acc = s[s.metric=='accuracy'].set_index('arm')
    gen = [a for a in acc.index if Arm.parse(a).method=='gen' and not Arm.parse(a).naive]
    if not gen: return 'worst_fair_gen_diff=nan best_gen=none best_gen_gap=nan best_gen_gap_ci=nan..nan'
    for a in gen:
        r = acc.loc[a]
        print(f"{a:24s} {100*r['mean']:.2f}%  vs {r['baseline']}: {100*r['diff_vs_baseline']:+.2f} points "
              f"({100*r['diff_ci_low']:+.2f} to {100*r['diff_ci_high']:+.2f}), Holm p {r['p_holm']:.3g}")
    worst = min(gen, key=lambda a: acc.loc[a, 'diff_vs_baseline'])
    gap = s[(s.metric=='gap_closed') & s.arm.isin(gen)].set_index('arm')
    best = gap['mean'].idxmax() if gap['mean'].notna().any() else gen[0]
    g = gap.loc[best] if best in gap.index else pd.Series({'mean': float('nan'), 'ci_low': float('nan'), 'ci_high': float('nan')})
    return (f"worst_fair_gen_diff={100*acc.loc[worst, 'diff_vs_baseline']:+.2f} worst_fair_gen={worst} best_gen={best} "
            f"best_gen_gap={100*g['mean']:.1f} best_gen_gap_ci={100*g['ci_low']:.1f}..{100*g['ci_high']:.1f}")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('config', nargs='?', default='quick')
    ap.add_argument('--keep', help='run in this folder and keep it')
    ap.add_argument('--from', dest='done', help='a finished run folder: print its targets only')
    ap.add_argument('--executor', choices=['auto', 'sequential', 'local'], default='auto',
                    help="what runs the units (default: the command line's default)")
    ap.add_argument('--workers', type=int, default=None,
                    help='--executor local: processes (default 2; with a GPU, one per core as memory allows)')
    ap.add_argument('--no-site', action='store_true', help='time the study only, not its website')
    ap.add_argument('--calib-only', action='store_true', help='print calib_s and stop')
    ap.add_argument('--twice', action='store_true', help='run again in a fresh folder and compare the numbers')
    ap.add_argument('--no-floor', action='store_true', help="skip timing the run's floor (floor_s=nan)")
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    if a.done:
        log = (Path(a.done)/'run.log').read_text()
        secs = re.findall(r'done: (\d+) cells, (\d+) from earlier runs, ([\d.]+) s', log)
        print(f"last run: {secs[-1][0]} cells, {secs[-1][1]} from earlier runs, {secs[-1][2]} s" if secs else 'no finished run')
        print(targets(pd.read_csv(Path(a.done)/'summary.csv')))
        return
    cal = calib_s()
    print(f'calib_s={cal:.3f}', flush=True)
    if a.calib_only: return
    cfg = load_config(a.config)
    out = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix='synthstudy-bench-'))
    from synthstudy.study.executor import auto_executor, LocalExecutor, local_workers
    ex = {'auto': lambda: auto_executor(cfg, len(study_arms(cfg))*len(cfg.seeds)), 'sequential': lambda: None,
          'local': lambda: LocalExecutor(a.workers or local_workers())}[a.executor]()
    stop, peak = threading.Event(), [0, [], 0, []]
    th = threading.Thread(target=sample_peak, args=(stop, peak), daemon=True); th.start()
    try:
        r = run_study(cfg, out, progress=False, executor=ex)
        t0 = time.perf_counter()
        if not a.no_site: build_site(out, out/'site', progress=None)
        site_s = time.perf_counter()-t0
    finally: stop.set(); th.join()
    cal_after = calib_s() # the workload again: a machine whose speed moves shows it as two different calib_s
    twice = None
    if a.twice: # before the floor is timed in this process
        out2 = out.with_name(out.name+'-2')
        shutil.rmtree(out2, ignore_errors=True)
        r2 = run_study(cfg, out2, progress=False, executor=ex)
        same = all((out/f).read_bytes()==(out2/f).read_bytes() for f in ('results.csv', 'summary.csv'))
        twice = f"same_results={int(same)} study2_s={r2['run_s']:.1f}"
        if not a.keep: shutil.rmtree(out2, ignore_errors=True)
    import torch # the floor is two CPU cores' optimiser steps: right after the run, on the same machine
    fl = float('nan') if a.no_floor or torch.cuda.is_available() else floor_steps(out, calib=False)['floor_s']
    t = summary_table(r['summary_df'], r['timings_df'])
    print(t.to_string())
    tt = r['timings_df']; print('\nseconds per stage:', tt.groupby('stage').seconds.sum().round(1).to_dict())
    tg = targets(r['summary_df'])
    print(tg)
    st_s = r['run_s']
    show = lambda each: ', '.join(f'{k} {v/2**30:.2f}' for k,v in sorted(each, key=lambda e: -e[1]))
    print(f'at the peak (GiB): PSS {show(peak[3])}; RSS {show(peak[1])}')
    print(f"study_s={st_s:.1f} site_s={site_s:.1f} calib_s={cal:.3f} ratio={st_s/cal:.1f} "
          f"ratio_site={(st_s+site_s)/cal:.1f} peak_gib={peak[2]/2**30:.2f} peak_rss_gib={peak[0]/2**30:.2f} "
          f"cells={r['n_cells']} seeds={len(cfg.seeds)} "
          f"executor={ex!r} calib_after_s={cal_after:.3f} ratio_after={st_s/cal_after:.1f} "
          f"floor_s={fl:.1f} floor_ratio_study={st_s/fl:.2f}")
    if twice: print(twice)
    if not a.keep: shutil.rmtree(out, ignore_errors=True)

if __name__ == '__main__': main()
