"""How fast the command answers: `synthstudy --help` and `synthstudy data mnist5k`, each run 5 times in a fresh process;
the median wall-clock seconds (targets: under 1 s and under 2 s on 2 cores), and whether anything but synthstudy's own
output reached stderr.

Last line: `help_s=<s> data_s=<s> stderr_lines=<n>`.
"""
import statistics, subprocess, sys, time
from pathlib import Path

EXE = str(Path(sys.executable).parent/'synthstudy')

def timed(*args, n:int=5)->tuple:
    "Median seconds of `n` runs of `synthstudy *args`, and the stderr of the last one"
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        r = subprocess.run([EXE, *args], capture_output=True, text=True)
        times.append(time.perf_counter()-t0)
        assert r.returncode == 0, r.stderr
    return statistics.median(times), r.stderr

def main():
    (h, err_h), (d, err_d) = timed('--help'), timed('data', 'mnist5k')
    err = [l for l in (err_h + err_d).splitlines() if l.strip()]
    for l in err: print('stderr:', l)
    print(f"help_s={h:.2f} data_s={d:.2f} stderr_lines={len(err)}")

if __name__ == '__main__': main()
