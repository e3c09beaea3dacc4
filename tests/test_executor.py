"""The study on two local processes (`LocalExecutor`, the command line's default for a large run on a CPU): the same
numbers as a sequential run with the same threads (the reference probe too, computed on the core a finished worker
leaves idle), a rerun that is all cache hits, and a failing generator named with the cells that wait for it while the
other units finish.

A cell's numbers depend on the threads it computes with (float sums in another order), so the sequential run limits
torch, BLAS and OpenMP to one thread, as each worker does. The sequential run also leaves the BLAS and OpenMP pools at
the machine's default here, where only torch is told 1 thread: `run_study` must give them torch's count itself (a Ray
or local worker always computes with one count everywhere).
"""
import json, warnings
import pandas as pd, pytest, torch
from synthstudy.testing import make_shapes, TINY
from synthstudy.study.config import make_config
from synthstudy.study.run import run_study
from synthstudy.study.executor import LocalExecutor, UnitsFailed

ARMS = {'arms': ['full', 'reduced', 'imbalanced', 'reduced+vae', 'imbalanced+dcgan-naive', 'cas-vae', 'bow-reduced'],
        'seeds': [0, 1]}

@pytest.fixture(scope='module')
def cfg(tmp_path_factory):
    src = make_shapes(tmp_path_factory.mktemp('data')/'shapes.npz')
    return make_config({**TINY, 'source': str(src), **ARMS}, 'tiny run')

def results(p): return pd.read_csv(p/'results.csv')

def test_local_equals_sequential_then_all_cached(cfg, tmp_path):
    warnings.simplefilter('ignore')
    old = torch.get_num_threads()
    torch.set_num_threads(1) # torch only: BLAS and OpenMP keep their default pools
    try: seq = run_study(cfg, tmp_path/'seq', progress=False)
    finally: torch.set_num_threads(old)
    ex = LocalExecutor(workers=2, threads=1)
    r = run_study(cfg, tmp_path/'local', progress=False, executor=ex)
    assert r['n_cells'] == seq['n_cells'] == 14 and r['n_cached'] == 0
    pd.testing.assert_frame_equal(results(tmp_path/'seq'), results(tmp_path/'local'))
    quality = lambda p: (g := pd.read_csv(p/'generators.csv'))[[c for c in g if c.startswith(('fd', 'kid', 'cas'))]]
    pd.testing.assert_frame_equal(quality(tmp_path/'seq'), quality(tmp_path/'local')) # one evaluator network
    log = (tmp_path/'local'/'run.log').read_text()
    assert 'local: ' in log and 'LocalExecutor(workers=2, threads=1)' in log
    # the reference probe started on an idle core before the workers were gone, with their threads: the sequential value
    assert log.index('the reference probe starts beside them') < log.index('workers gone') and 'reference probe: ' in log
    probe = lambda p: {k: json.loads((p/'finished.json').read_text())['reference'][k] for k in ('probe', 'n_train_probe')}
    assert probe(tmp_path/'local') == probe(tmp_path/'seq') and probe(tmp_path/'seq')['probe'] is not None
    assert list((tmp_path/'local'/'models'/'reduced').glob('seed0-*.pt')) # the baseline's model, the judge's too
    again = run_study(cfg, tmp_path/'local', progress=False, executor=ex)
    assert again['n_cached'] == again['n_cells'] == 14

def test_failing_generator_named_others_kept(cfg, tmp_path):
    warnings.simplefilter('ignore')
    arms = {'arms': ['reduced', 'reduced+dcgan', 'cas-dcgan'], 'seeds': [0]} # the DCGAN diverges at once
    bad = make_config({**TINY, 'source': cfg.source, **arms, 'dcgan': {**TINY['dcgan'], 'lr': 1e8}}, 'tiny run')
    with pytest.raises(UnitsFailed, match=r'3 of 5 units failed: generator reduced-dcgan seed 0: GeneratorError: '
                                          r'DCGAN losses diverged.*cell reduced\+dcgan seed 0: its generator'):
        run_study(bad, tmp_path, progress=False, executor=LocalExecutor(2, 1))
    assert json.loads((tmp_path/'cells'/'reduced'/'seed0.json').read_text())['arm'] == 'reduced' # the others finished
    assert not (tmp_path/'cells'/'reduced+dcgan').exists() and not (tmp_path/'generators'/'reduced-dcgan').exists()
    assert 'generator reduced-dcgan seed 0: failed' in (tmp_path/'run.log').read_text()
