"""The quick study with `--executor ray --workers 2` against the sequential run, on the same machine, in fresh folders.

Three runs: sequential with torch's default threads (the reference time), Ray with 2 workers of 1 CPU (and 1 torch
thread) each, and sequential with 1 thread. A cell's numbers depend on the threads it trains with (float sums in
another order), so `same_results` compares the Ray run with the sequential run of the same threads per cell;
`cells_equal_default` says how many cells of the Ray run also equal the default sequential run's.

Each run is made by a fresh Python process that sets its threads before it imports torch's kernels, as a Ray or local
worker does (`study.executor.limit_threads`: torch, BLAS and OpenMP; `OMP_NUM_THREADS` and `MKL_NUM_THREADS` as Ray
sets them for a task of 1 CPU). An earlier form of this script made the one-thread sequential run in the process that
had just run with two threads, calling `torch.set_num_threads(1)` only: a process's kernels can keep what they set up
for the threads they first ran with, so that run was not the one-thread run of a worker on every machine (72 cells,
7 equal, on one 2-core machine; all equal on another).

Usage: `python benchmarks/scale.py [CONFIG] [--seeds 0 1 2]` (default quick, its seeds). Prints the arms of any cell
that differs, then last: `seq_s=<s> ray_s=<s> speedup=<seq_s/ray_s> same_results=<0|1> seq1_s=<s>
cells_equal_default=<k>/<n>`.
"""
import argparse, os, shutil, subprocess, sys, tempfile, time, warnings
from pathlib import Path
import numpy as np, pandas as pd

RUN = """
import sys, time, warnings
warnings.simplefilter('ignore')
threads, ray, cfg, out = int(sys.argv[1]), sys.argv[2]=='ray', sys.argv[3], sys.argv[4]
from synthstudy.study.executor import limit_threads, RayExecutor
if threads: limit_threads(threads) # before any kernel runs, as in a worker
from synthstudy.study.config import load_config
from synthstudy.study.run import run_study
t0 = time.perf_counter()
run_study(load_config(cfg), out, progress=False, executor=RayExecutor(workers=2, cpus_per_task=1) if ray else None)
print(f'seconds={time.perf_counter()-t0:.3f}')
"""

def timed(cfg:str, out:Path, threads:int=0, ray:bool=False)->tuple:
    "Run study `cfg` into `out` in a fresh process with `threads` threads (0: torch's default): seconds, results"
    env = dict(os.environ, **({'OMP_NUM_THREADS': str(threads), 'MKL_NUM_THREADS': str(threads)} if threads else {}))
    r = subprocess.run([sys.executable, '-c', RUN, str(threads), 'ray' if ray else 'seq', cfg, str(out)], env=env,
                       capture_output=True, text=True)
    if r.returncode: sys.exit(f'error: the run into {out} failed:\n{r.stderr[-3000:]}')
    return float(r.stdout.split('seconds=')[-1]), pd.read_csv(out/'results.csv')

def cells_equal(a:pd.DataFrame, b:pd.DataFrame)->pd.Series:
    "Per (arm, seed) of results `a`: whether every value equals `b`'s (NaN equal to NaN)"
    m = a.merge(b, on=['arm', 'seed', 'class', 'metric'], how='left', suffixes=('_a', '_b'))
    m['same'] = np.isclose(m.value_a, m.value_b, rtol=0, atol=0, equal_nan=True)
    return m.groupby(['arm', 'seed']).same.all()

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('config', nargs='?', default='quick')
    ap.add_argument('--seeds', type=int, nargs='+', help="these seeds only (default: the configuration's)")
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    root = Path(tempfile.mkdtemp(prefix='synthstudy-scale-'))
    cfg = a.config
    if a.seeds is not None: # a copy of the configuration with these seeds
        import yaml
        from synthstudy.study.config import load_config, config_dict
        d = {**config_dict(load_config(a.config)), 'seeds': a.seeds}
        cfg = str(root/'config.yaml')
        Path(cfg).write_text(yaml.safe_dump(d, sort_keys=False))
    try:
        seq_s, seq = timed(cfg, root/'seq')
        print(f'sequential, default threads: {seq_s:.1f} s', flush=True)
        ray_s, par = timed(cfg, root/'ray', threads=1, ray=True)
        print(f'ray, 2 workers x 1 CPU: {ray_s:.1f} s (Ray start included)', flush=True)
        seq1_s, seq1 = timed(cfg, root/'seq1', threads=1)
        print(f'sequential, 1 thread: {seq1_s:.1f} s', flush=True)
        same = cells_equal(par, seq1)
        for (arm, seed) in same[~same].index: print(f'differs from the one-thread sequential run: {arm} seed {seed}')
        eq = cells_equal(par, seq)
        print(f'seq_s={seq_s:.1f} ray_s={ray_s:.1f} speedup={seq_s/ray_s:.2f} same_results={int(seq1.equals(par))} '
              f'seq1_s={seq1_s:.1f} cells_equal_default={int(eq.sum())}/{len(eq)}')
    finally: shutil.rmtree(root, ignore_errors=True)

if __name__ == '__main__': main()
