"""The main job's budget: `synthstudy run --config quick` on mnist5k (every arm, 3 seeds) in a fresh run folder.
Prints the seconds per arm (its generators included), the total, and the peak memory of the whole process tree
(sampled every 0.25 s: the run and the BoW workers it starts).

Last line: `run_s=<s> peak_gib=<GiB> cells=<n> seeds=<n>`.
"""
import shutil, sys, tempfile, threading, time, warnings
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

def main():
    warnings.simplefilter('ignore')
    cfg = load_config(sys.argv[1] if len(sys.argv) > 1 else 'quick')
    out = Path(tempfile.mkdtemp(prefix='synthstudy-bench-'))
    stop, peak = threading.Event(), [0]
    th = threading.Thread(target=sample_peak, args=(stop, peak), daemon=True); th.start()
    try: r = run_study(cfg, out, progress=False)
    finally: stop.set(); th.join()
    t = summary_table(r['summary_df'], r['timings_df'])
    print(t.to_string())
    tt = r['timings_df']; print('\nseconds per stage:', tt.groupby('stage').seconds.sum().round(1).to_dict())
    print(f"run_s={r['run_s']:.1f} peak_gib={peak[0]/2**30:.2f} cells={r['n_cells']} seeds={len(cfg.seeds)}")
    shutil.rmtree(out, ignore_errors=True)

if __name__ == '__main__': main()
