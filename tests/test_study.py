"`synthstudy run` end to end on each kind of source, interrupted and resumed, with bad configurations."
import re
import os, signal, subprocess, time
import pandas as pd, pytest, yaml
from synthstudy.testing import make_tree, make_roboflow
from synthstudy.testing import TINY, make_shapes
from synthstudy.study.config import arm_names
from conftest import EXE

def write_cfg(path, source, **kw):
    cfg = {**TINY, 'source': str(source), **kw}
    path.write_text(yaml.safe_dump(cfg)); return path

def check_run(out, arms, seeds):
    summ = pd.read_csv(out/'summary.csv')
    assert set(summ.arm) == set(arms)
    acc = summ[summ.metric == 'accuracy']
    assert set(acc.n_seeds) == {len(seeds)}
    assert acc['mean'].between(0, 1).all()
    res = pd.read_csv(out/'results.csv', keep_default_na=False)
    assert set(res.seed) == set(seeds) and (res['class'] != '').any()
    for f in ('config.yaml', 'timings.csv', 'generators.csv', 'run.log', 'figures/arms.png', 'figures/gap_closed.png'):
        assert (out/f).is_file(), f
    return summ

SOURCES = {
    'npz': lambda d: make_shapes(d/'shapes.npz', n=40),
    'folder': lambda d: make_tree(d/'tree', n=30, splits=None, classes=('cat', 'dog', 'owl'), size=28),
    'roboflow': lambda d: make_roboflow(d/'rf', n=12, size=16),
}

@pytest.mark.parametrize('kind', list(SOURCES))
def test_run_every_arm_on_each_source(cli, tmp_path, kind):
    src = SOURCES[kind](tmp_path)
    extra = {'size': 28, 'channels': 3} if kind == 'roboflow' else {}  # Roboflow images are 16x20: the config sets the size
    cfg = write_cfg(tmp_path/'study.yaml', src, seeds=[0], **extra)
    r = cli('run', '--config', cfg, '--out', tmp_path/'run', '--quiet')
    assert r.returncode == 0, r.stderr[-3000:]
    colour = ('photo', ('photo',)) if kind != 'npz' else () # colour data: the photo pipeline where the preset says elastic
    summ = check_run(tmp_path/'run', arm_names(['light', 'obj'], *colour), [0])
    assert 'reduced+aug-light' in r.stdout and 'peak memory' in r.stdout  # the printed summary table
    conf = yaml.safe_load((tmp_path/'run'/'config.yaml').read_text())
    assert conf['source'] == str(src)
    data = pd.read_json(tmp_path/'run'/'data.json', typ='series')
    assert list(data['size']) == [28, 28] and data['channels'] == (3 if kind != 'npz' else 1)

def test_interrupted_run_resumes(tmp_path):
    src = make_shapes(tmp_path/'shapes.npz', n=40)
    cfg = write_cfg(tmp_path/'study.yaml', src, seeds=[0, 1], arms=['full', 'reduced', 'reduced+aug-light', 'reduced+vae', 'bow-reduced'])
    out = tmp_path/'run'
    p = subprocess.Popen([str(EXE), 'run', '--config', str(cfg), '--out', str(out), '--quiet'],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, 'MPLBACKEND': 'Agg'})
    t0 = time.time()
    while len(list(out.glob('cells/*/seed*.json'))) < 3 and time.time()-t0 < 240 and p.poll() is None: time.sleep(0.2)
    assert p.poll() is None, 'the run finished before it could be interrupted'
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 130 and 'run the same command again to resume' in err, err[-2000:]
    done = sorted(out.glob('cells/*/seed*.json'))
    assert len(done) >= 3 and not list(out.rglob('*.tmp*'))
    said = re.search(r"interrupted: (\d+) of this run's 10 cells are finished and kept", err) # the console and run.log
    assert said and int(said.group(1)) == len(done) and said.group(0) in (out/'run.log').read_text(), err[-2000:]
    before = {f: f.read_text() for f in done}
    r = subprocess.run([str(EXE), 'run', '--config', str(cfg), '--out', str(out), '--quiet'], capture_output=True, text=True,
                       env={**os.environ, 'MPLBACKEND': 'Agg'}, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert f'({len(done)} from earlier runs)' in r.stdout, r.stdout[-1500:]
    assert all(f.read_text() == t for f, t in before.items())  # finished cells untouched
    check_run(out, ['full', 'reduced', 'reduced+aug-light', 'reduced+vae', 'bow-reduced'], [0, 1])

def test_bad_configs_are_one_line_errors(cli, tmp_path):
    src = make_shapes(tmp_path/'shapes.npz', n=40)
    bad = tmp_path/'bad.yaml'; bad.write_text('k: 5\nclasifier: {epochs: 2}\n')
    r = cli('run', '--config', bad, '--out', tmp_path/'run')
    assert r.returncode == 2 and f"{bad}: unknown field(s) ['clasifier']" in r.stderr and 'Traceback' not in r.stderr
    r = cli('run', '--config', write_cfg(tmp_path/'big.yaml', src, k=500), '--out', tmp_path/'run')
    assert r.returncode == 2 and 'k=500 is larger than the smallest class' in r.stderr
    r = cli('run', '--config', tmp_path/'missing.yaml')
    assert r.returncode == 2 and 'missing.yaml' in r.stderr
    r = cli('run', '--config', write_cfg(tmp_path/'s.yaml', src, dcgan={'epochs': 'many'}), '--out', tmp_path/'run2', '--arms', 'reduced+dcgan')
    assert r.returncode == 2 and "dcgan.epochs='many': expected int" in r.stderr and 'Traceback' not in r.stderr

def test_run_refuses_a_folder_in_use(cli, tmp_path):
    import fcntl
    out = tmp_path/'run'; out.mkdir()
    with open(out/'.lock', 'w') as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        r = cli('run', '--config', write_cfg(tmp_path/'s.yaml', make_shapes(tmp_path/'s.npz')), '--out', out)
    assert r.returncode == 2 and 'another run is using' in r.stderr
