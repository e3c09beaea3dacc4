"""The study on a local Ray instance (2 CPUs): the same numbers as the sequential run, a rerun that is all cache hits,
a failing unit reported by name while the others finish, and a worker killed mid-task that leaves no damaged file.

A cell's numbers depend on the torch threads it trains with (float sums in another order), so each comparison runs
both executors with the same threads per task.
"""
import json, threading, time, warnings
import numpy as np, pandas as pd, psutil, pytest, torch
import ray
from synthstudy.testing import tiny_run, TINY
from synthstudy.study.config import make_config, study_arms
from synthstudy.study.run import run_study
from synthstudy.study.executor import RayExecutor, UnitsFailed

SMALL = {'arms': ['reduced', 'reduced+vae', 'reduced+vae-naive', 'cas-vae'], 'seeds': [0, 1]}

@pytest.fixture(scope='module')
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()

@pytest.fixture(scope='module')
def seq():
    "The sequential tiny run (cached by the notebooks), its configuration and its threads"
    out = tiny_run()
    return out, make_config({**TINY, 'source': str(out/'shapes.npz')}, 'tiny run'), torch.get_num_threads()

def results(p): return pd.read_csv(p/'results.csv')

def test_same_numbers_then_all_cached(local_ray, seq, tmp_path):
    out, cfg, threads = seq
    ex = RayExecutor(cpus_per_task=min(threads, 2))
    if threads > 2: pytest.skip('the sequential run used more threads than the 2-CPU Ray instance gives a task')
    r = run_study(cfg, tmp_path, progress=False, executor=ex)
    n = len(study_arms(cfg))*len(cfg.seeds) # every diffusion arm included (TINY: every generator kind)
    assert r['n_cells'] == n and r['n_cached'] == 0
    pd.testing.assert_frame_equal(results(out), results(tmp_path))
    again = run_study(cfg, tmp_path, progress=False, executor=ex)
    assert again['n_cached'] == again['n_cells'] == n

def test_failing_unit_named_others_kept(local_ray, seq, tmp_path):
    _, cfg, _ = seq
    arms = {'arms': ['reduced', 'reduced+dcgan', 'cas-dcgan'], 'seeds': [0]} # seed 0's DCGAN diverges at once
    bad = make_config({**TINY, 'source': cfg.source, **arms, 'dcgan': {**TINY['dcgan'], 'lr': 1e8}}, 'tiny run')
    with pytest.raises(UnitsFailed, match=r'3 of 4 units failed: generator reduced-dcgan seed 0: GeneratorError: '
                                          r'DCGAN losses diverged'):
        run_study(bad, tmp_path, progress=False, executor=RayExecutor())
    assert json.loads((tmp_path/'cells'/'reduced'/'seed0.json').read_text())['arm'] == 'reduced' # the others finished
    assert not (tmp_path/'cells'/'reduced+dcgan').exists() and not (tmp_path/'generators'/'reduced-dcgan').exists()
    assert 'generator reduced-dcgan seed 0: failed' in (tmp_path/'run.log').read_text()

def kill_first_unit(stop, killed):
    "Kill the first worker seen running a generator unit (SIGKILL, mid-task)"
    while not stop.is_set():
        for p in psutil.process_iter(['cmdline']):
            if any('ray::gen_unit' in c for c in (p.info['cmdline'] or [])):
                p.kill()
                killed.append(p.pid)
                return
        time.sleep(0.05)

def test_killed_worker_is_retried(local_ray, seq, tmp_path):
    _, cfg, _ = seq
    small = make_config({**TINY, 'source': cfg.source, **SMALL}, 'tiny run')
    stop, killed = threading.Event(), []
    th = threading.Thread(target=kill_first_unit, args=(stop, killed), daemon=True)
    th.start()
    try: run_study(small, tmp_path/'ray', progress=False, executor=RayExecutor())
    finally: stop.set(); th.join()
    assert killed, 'no generator task was seen running'
    for p in (tmp_path/'ray').rglob('*.json'): json.loads(p.read_text()) # no damaged record
    for p in (tmp_path/'ray'/'cells').rglob('*.npz'): np.load(p)['pred']
    old = torch.get_num_threads()
    torch.set_num_threads(1) # what each Ray task used
    try: run_study(small, tmp_path/'seq', progress=False)
    finally: torch.set_num_threads(old)
    pd.testing.assert_frame_equal(results(tmp_path/'seq'), results(tmp_path/'ray'))

@pytest.mark.parametrize('token,mode', [(False, None), (True, None)]) # both failed before: no token, and a token
def test_cli_starts_its_own_ray(tmp_path, token, mode):
    "`run --executor ray` in a fresh process starts Ray itself: with or without ~/.ray/auth_token, any RAY_AUTH_MODE"
    import os, subprocess, sys, yaml
    from pathlib import Path
    from synthstudy.testing import make_shapes
    home = tmp_path/'home' # the token file Ray reads and writes: ~/.ray/auth_token of this HOME
    if token: (home/'.ray').mkdir(parents=True); (home/'.ray'/'auth_token').write_text('a'*32)
    src = make_shapes(tmp_path/'shapes.npz')
    (tmp_path/'tiny.yaml').write_text(yaml.safe_dump({**TINY, 'source': str(src), 'arms': ['reduced'], 'seeds': [0]}))
    env = {k: v for k, v in os.environ.items() if not k.startswith('RAY_')}
    env.update(HOME=str(home), MPLBACKEND='Agg', **({'RAY_AUTH_MODE': mode} if mode else {}))
    exe = Path(sys.executable).with_name('synthstudy')
    r = subprocess.run([str(exe), 'run', '--config', str(tmp_path/'tiny.yaml'), '--executor', 'ray', '--workers', '2',
                        '--out', str(tmp_path/'run'), '--quiet'], capture_output=True, text=True, env=env, timeout=240)
    assert r.returncode == 0, r.stderr[-2000:]
    acc = pd.read_csv(tmp_path/'run'/'results.csv').query("metric=='accuracy'")
    assert list(zip(acc.arm, acc.seed)) == [('reduced', 0)]
    assert 'InvalidAuthToken' not in r.stderr and 'Failed to get cluster ID' not in r.stderr
