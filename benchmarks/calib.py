"""The fixed workload that `../shared/calibrate.py` describes, timed in a fresh process: `calib_s`.

A small CNN (two 3x3 convolutions of 32 and 64 channels, on 28x28 one-channel images), 300 Adam steps of 64 random
images on the CPU with 2 torch threads; the median of 3 runs after a warm-up. Benchmarks state their times as multiples
of it, since machines differ by up to 2x.

`calib_s()` runs this file in a new Python process, so that what a benchmark's own process has set (its torch threads,
its allocator: a study's processes keep freed memory, `synthstudy.classify.keep_freed_memory`, which speeds this
workload up too) does not change the yardstick. Run directly, it prints `calib_s=<seconds>`, as
`../shared/calibrate.py` does.
"""
import re, statistics, subprocess, sys, time
from pathlib import Path

def calib_once()->float:
    "One run of the fixed workload: 300 Adam steps of a small CNN on 64 random 28x28 images"
    import torch
    from torch import nn
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Flatten(), nn.Linear(64*7*7, 10))
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    x, y = torch.rand(64*16, 1, 28, 28), torch.randint(0, 10, (64*16,))
    t0 = time.perf_counter()
    for step in range(300):
        i = (step%16)*64
        loss = nn.functional.cross_entropy(net(x[i:i+64]), y[i:i+64])
        opt.zero_grad()
        loss.backward()
        opt.step()
    return time.perf_counter()-t0

def calib_here()->float:
    "The median of 3 timed runs after a warm-up, with 2 torch threads, in this process"
    import torch
    torch.set_num_threads(2)
    calib_once()
    return statistics.median(calib_once() for _ in range(3))

def calib_s()->float:
    "The workload's time in a fresh Python process (this file, run directly)"
    out = subprocess.run([sys.executable, str(Path(__file__).resolve())], capture_output=True, text=True, check=True)
    return float(re.search(r'calib_s=([0-9.]+)', out.stdout).group(1))

if __name__ == '__main__': print(f'calib_s={calib_here():.3f}')
