"""The quick study with `--executor ray --workers 2` against the sequential run, on the same machine, in fresh folders.

Three runs: sequential with torch's default threads (what `make study` does: the reference time), Ray with 2 workers of
1 CPU (and 1 torch thread) each, and sequential with 1 torch thread. A cell's numbers depend on the threads it trains
with (float sums in another order), so `same_results` compares the Ray run with the sequential run of the same threads
per cell; `cells_equal_default` says how many cells of the Ray run also equal the default sequential run's.

Usage: `python benchmarks/scale.py [CONFIG]` (default quick). Last line:
`seq_s=<s> ray_s=<s> speedup=<seq_s/ray_s> same_results=<0|1> seq1_s=<s> cells_equal_default=<k>/<n>`.
"""
import shutil, sys, tempfile, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
from synthstudy.study.config import load_config
from synthstudy.study.run import run_study
from synthstudy.study.executor import RayExecutor

def timed(cfg, out, **kw):
    t0 = time.perf_counter()
    run_study(cfg, out, progress=False, **kw)
    return time.perf_counter()-t0, pd.read_csv(out/'results.csv')

def cells_equal(a:pd.DataFrame, b:pd.DataFrame)->list:
    "Per (arm, seed) of results `a`: whether every value equals `b`'s (NaN equal to NaN)"
    m = a.merge(b, on=['arm', 'seed', 'class', 'metric'], how='left', suffixes=('_a', '_b'))
    m['same'] = np.isclose(m.value_a, m.value_b, rtol=0, atol=0, equal_nan=True)
    return m.groupby(['arm', 'seed']).same.all().tolist()

def main():
    warnings.simplefilter('ignore')
    cfg = load_config(sys.argv[1] if len(sys.argv) > 1 else 'quick')
    root = Path(tempfile.mkdtemp(prefix='synthstudy-scale-'))
    try:
        threads = torch.get_num_threads()
        seq_s, seq = timed(cfg, root/'seq')
        print(f'sequential, {threads} torch threads: {seq_s:.1f} s', flush=True)
        ray_s, par = timed(cfg, root/'ray', executor=RayExecutor(workers=2, cpus_per_task=1))
        print(f'ray, 2 workers x 1 CPU: {ray_s:.1f} s (Ray start included)', flush=True)
        torch.set_num_threads(1)
        seq1_s, seq1 = timed(cfg, root/'seq1')
        print(f'sequential, 1 torch thread: {seq1_s:.1f} s', flush=True)
        same = int(seq1.equals(par))
        eq = cells_equal(seq, par)
        print(f'seq_s={seq_s:.1f} ray_s={ray_s:.1f} speedup={seq_s/ray_s:.2f} same_results={same} '
              f'seq1_s={seq1_s:.1f} cells_equal_default={sum(eq)}/{len(eq)}')
    finally: shutil.rmtree(root, ignore_errors=True)

if __name__ == '__main__': main()
