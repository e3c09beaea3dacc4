"""The main job's budget: `synthstudy run --config quick` on mnist5k (every arm, 3 seeds) in a fresh run folder.
Prints the seconds per arm (its generators included), the total, and the peak memory of the whole process tree
(sampled every 0.25 s: the run and the BoW workers it starts).

Then the targets of the fair generative arms: the worst fair generative arm's mean difference to its baseline
(points; target above -0.5) and the best generative arm's gap closed with its 95% interval (target 15%, goal 30%).

Usage: `python benchmarks/study.py [CONFIG] [--keep DIR]` (`--keep`: run in DIR and keep it, e.g. the folder `make
study` writes); `python benchmarks/study.py --from DIR` prints the targets of a finished run without running it.
Last line: `run_s=<s> peak_gib=<GiB> cells=<n> seeds=<n> worst_fair_gen_diff=<points> best_gen=<arm>
best_gen_gap=<%> best_gen_gap_ci=<lo>..<hi>`.
"""
import argparse, re, shutil, sys, tempfile, threading, time, warnings
import pandas as pd
from pathlib import Path
import psutil
from synthstudy.study.config import load_config
from synthstudy.study.run import run_study
from synthstudy.report import summary_table

def sample_peak(stop, out):
    me = psutil.Process()
    while not stop.is_set():
        try: rss = sum(p.memory_info().rss for p in [me, *me.children(recursive=True)])
        except psutil.Error: continue
        out[0] = max(out[0], rss); time.sleep(0.25)

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
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    if a.done:
        log = (Path(a.done)/'run.log').read_text()
        secs = re.findall(r'done: (\d+) cells, (\d+) from earlier runs, ([\d.]+) s', log)
        print(f"last run: {secs[-1][0]} cells, {secs[-1][1]} from earlier runs, {secs[-1][2]} s" if secs else 'no finished run')
        print(targets(pd.read_csv(Path(a.done)/'summary.csv')))
        return
    cfg = load_config(a.config)
    out = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix='synthstudy-bench-'))
    stop, peak = threading.Event(), [0]
    th = threading.Thread(target=sample_peak, args=(stop, peak), daemon=True); th.start()
    try: r = run_study(cfg, out, progress=False)
    finally: stop.set(); th.join()
    t = summary_table(r['summary_df'], r['timings_df'])
    print(t.to_string())
    tt = r['timings_df']; print('\nseconds per stage:', tt.groupby('stage').seconds.sum().round(1).to_dict())
    tg = targets(r['summary_df'])
    print(f"run_s={r['run_s']:.1f} peak_gib={peak[0]/2**30:.2f} cells={r['n_cells']} seeds={len(cfg.seeds)} {tg}")
    if not a.keep: shutil.rmtree(out, ignore_errors=True)

if __name__ == '__main__': main()
