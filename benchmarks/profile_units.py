"""Where a quick study's time goes: one cell and one generator unit of each kind, profiled.

Runs, in a fresh run folder of the quick preset (mnist5k, seed 0): the `reduced` cell (its classifier, which is also the
judge of the confident selection), then the generator units `reduced-vae`, `reduced-dae` and `reduced-dcgan` (training,
sampling, selection, quality), and the `reduced+online-elastic` cell, each under `torch.profiler` (CPU operators) and
`cProfile` (Python functions). For each unit it prints the wall seconds, the share spent in the optimiser steps'
forward and backward passes (`aten::` operators) against everything else, and the top lines of both profiles.

The evaluator network (trained once per run) is made before the units so that no unit pays for it.

On a GPU the torch profile also records the CUDA kernels, and prints their top lines by GPU time.

Usage: `python benchmarks/profile_units.py [--threads 2] [--top 12] [--units reduced vae dae dcgan ...]` (`--units`: only
these, in the order above; without `reduced`, its classifier, the generator units' judge, is trained first, unprofiled).
Last line: one `<unit>_s=<seconds>` per unit.
"""
import argparse, cProfile, io, pstats, tempfile, time, warnings
from pathlib import Path
import torch
from torch.profiler import profile, ProfilerActivity
from synthstudy.study.config import load_config, make_config, config_dict
from synthstudy.study.run import Study

UNITS = [('cell', 'reduced'), ('generator', 'vae'), ('generator', 'dae'), ('generator', 'dcgan'),
         ('cell', 'reduced+online-elastic')]

def run_unit(st, what, name):
    if what=='cell': return st.run_cell(name, 0)
    return st.generator('reduced', name, 0)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--top', type=int, default=12)
    ap.add_argument('--units', nargs='+', default=[n for _,n in UNITS], choices=[n for _,n in UNITS])
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    torch.set_num_threads(a.threads)
    cfg = load_config('quick')
    arms = ['reduced', 'reduced+online-elastic', 'reduced+vae', 'reduced+dae', 'reduced+dcgan']
    cfg = make_config({**config_dict(cfg), 'arms': arms, 'seeds': [0]})
    st = Study(cfg, Path(tempfile.mkdtemp(prefix='synthstudy-profile-')))
    t0 = time.perf_counter(); st.ev
    print(f'evaluator (once per run): {time.perf_counter()-t0:.1f} s')
    times = {}
    if 'reduced' not in a.units: st.judge('reduced', 0) # the judge, which the generator units use, unprofiled
    gpu = torch.cuda.is_available()
    for what, name in ((w, n) for w,n in UNITS if n in a.units):
        pr = cProfile.Profile()
        t0 = time.perf_counter()
        with profile(activities=[ProfilerActivity.CPU]+[ProfilerActivity.CUDA]*gpu) as prof:
            pr.enable()
            run_unit(st, what, name)
            pr.disable()
        wall = time.perf_counter()-t0
        label = f'{what} {name}'
        times[name] = wall
        ev = prof.key_averages()
        total = sum(e.self_cpu_time_total for e in ev)
        top = sorted(ev, key=lambda e: e.self_cpu_time_total, reverse=True)[:a.top]
        print(f'\n=== {label}: {wall:.1f} s wall (profiled) ===')
        print(f'torch operators, self CPU time (total {total/1e6:.1f} s over all threads):')
        for e in top:
            t = e.self_cpu_time_total
            print(f'  {e.key[:48]:48s} {t/1e6:7.2f} s  {100*t/total:5.1f}%  calls {e.count}')
        if gpu:
            dev = sorted(ev, key=lambda e: e.self_device_time_total, reverse=True)[:a.top]
            print(f'CUDA kernels, GPU time (total {sum(e.self_device_time_total for e in ev)/1e6:.2f} s):')
            for e in dev: print(f'  {e.key[:48]:48s} {e.self_device_time_total/1e6:7.3f} s  calls {e.count}')
        s = io.StringIO()
        pstats.Stats(pr, stream=s).sort_stats('tottime').print_stats(a.top)
        lines = [l for l in s.getvalue().splitlines() if l.strip()]
        i = next(i for i,l in enumerate(lines) if l.lstrip().startswith('ncalls'))
        print('python functions, own time:')
        for l in lines[i:i+a.top+1]: print('  '+l[:150])
    print(' '.join(f'{n}_s={t:.1f}' for n,t in times.items()))

if __name__ == '__main__': main()
