"""How fast the command answers: `synthstudy --help`, `synthstudy data mnist5k` and `synthstudy run --config BAD.yaml`
(a mistyped field: the error a newcomer meets first), each run 5 times in a fresh process; the median wall-clock
seconds (targets: under 1 s, under 2 s and under 1 s on 2 cores), and whether anything but synthstudy's own output
reached stderr (the bad configuration's one-line error aside).

Last line: `help_s=<s> data_s=<s> config_error_s=<s> stderr_lines=<n>`.
"""
import statistics, subprocess, sys, tempfile, time
from pathlib import Path

EXE = str(Path(sys.executable).parent/'synthstudy')

def timed(*args, n:int=5, rc:int=0)->tuple:
    "Median seconds of `n` runs of `synthstudy *args` (exiting with `rc`), and the stderr of the last one"
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        r = subprocess.run([EXE, *args], capture_output=True, text=True)
        times.append(time.perf_counter()-t0)
        assert r.returncode == rc, r.stderr
    return statistics.median(times), r.stderr

def main():
    (h, err_h), (d, err_d) = timed('--help'), timed('data', 'mnist5k')
    with tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp)/'bad.yaml'
        bad.write_text('classifier:\n  lrr: 0.01\n')
        c, err_c = timed('run', '--config', str(bad), rc=2)
    assert "unknown field(s) ['lrr'] in classifier" in err_c, err_c
    err = [l for l in (err_h + err_d).splitlines() if l.strip()]
    for l in err: print('stderr:', l)
    print(f"help_s={h:.2f} data_s={d:.2f} config_error_s={c:.2f} stderr_lines={len(err)}")

if __name__ == '__main__': main()
