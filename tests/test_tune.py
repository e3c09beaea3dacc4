"""`synthstudy tune` end to end on tiny data: a search, a resumed one, an interrupted one, crashes and bad inputs, and
a study run with one tuned file per arm, down to its report page."""
import os, signal, subprocess, time
import pandas as pd, pytest, yaml
from synthstudy.testing import TINY, make_shapes
from synthstudy.study.config import load_config, arm_config
from conftest import EXE

LR = {'classifier.lr': {'low': 1e-3, 'high': 3e-2, 'log': True}, 'classifier.min_steps': {'low': 4, 'high': 16, 'step': 4}}
VAE = {'vae.lr': {'low': 1e-3, 'high': 3e-3, 'log': True}, 'synthetic_ratio': {'choices': [0.5, 1.0]}}

@pytest.fixture(scope='module')
def tiny(tmp_path_factory):
    d = tmp_path_factory.mktemp('tune')
    src = make_shapes(d/'shapes.npz', n=60)
    (d/'tiny.yaml').write_text(yaml.safe_dump({**TINY, 'source': str(src)}))
    slow = {**VAE, 'vae.min_steps': {'choices': [600]}} # a few seconds per trial: time to interrupt one
    for name, sp in (('lr', LR), ('vae', VAE), ('slow', slow)): (d/f'{name}.yaml').write_text(yaml.safe_dump(sp))
    return d

def tune(cli, d, arm, trials, space, out, *extra):
    return cli('tune', '--config', d/'tiny.yaml', '--arm', arm, '--trials', trials, '--space', d/f'{space}.yaml',
               '--out', d/out, *extra, cwd=d)

def test_search_resume_and_round_trip(cli, tiny):
    "3 trials, then the same search extended to 4: the first 3 are kept; best.yaml is a config whose arm has the fields"
    r = tune(cli, tiny, 'reduced', 3, 'lr', 'lr-search')
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.count('\ntrial ') == 3 and 'synthstudy run --config' in r.stdout
    t3 = pd.read_csv(tiny/'lr-search'/'trials.csv')
    assert len(t3) == 3 and t3.value.dropna().between(0, 1).all() and set(t3.state) <= {'complete', 'pruned'}
    r = tune(cli, tiny, 'reduced', 4, 'lr', 'lr-search')
    assert r.returncode == 0 and r.stdout.count('\ntrial ') == 1, r.stderr[-2000:]
    t4 = pd.read_csv(tiny/'lr-search'/'trials.csv')
    pd.testing.assert_frame_equal(t4.iloc[:3][t3.columns], t3)
    best = yaml.safe_load((tiny/'lr-search'/'best.yaml').read_text())
    cfg = load_config(str(tiny/'lr-search'/'best.yaml'))
    row = t4[t4.state == 'complete'].sort_values('value', ascending=False).iloc[0]
    assert arm_config(cfg, 'reduced').classifier.lr == pytest.approx(row['classifier.lr'])
    assert best['tuned']['reduced']['search']['trials'] == 4 and cfg.k == TINY['k']  # the tuned-on config comes along
    for f in ('history.png', 'importances.png', 'tune.db', 'tune.log'): assert (tiny/'lr-search'/f).is_file(), f

def test_interrupted_trial_is_tried_again(cli, tiny):
    "SIGTERM during the second trial: it is not counted, and the resumed search runs its fields again to 2 finished trials"
    out = tiny/'vae-search'
    cmd = [str(EXE), 'tune', '--config', str(tiny/'tiny.yaml'), '--arm', 'reduced+vae', '--trials', '2', '--space',
           str(tiny/'slow.yaml'), '--out', str(out), '--no-prune']
    p = subprocess.Popen(cmd, cwd=tiny, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, 'MPLBACKEND': 'Agg'})
    t0 = time.time()
    while time.time()-t0 < 120 and not (out/'trials.csv').is_file(): time.sleep(0.2)
    time.sleep(2)  # into the second trial
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130 and 'run the same command to go on' in err, err[-2000:]
    r = cli(*cmd[1:], cwd=tiny)
    assert r.returncode == 0, r.stderr[-2000:]
    t = pd.read_csv(out/'trials.csv')
    assert (t.state == 'complete').sum() == 2 and (t.state == 'fail').sum() == 1, t
    failed, retry = t[t.state == 'fail'].iloc[0], t[t.state == 'complete'].iloc[-1]
    assert pd.isna(failed.get('error')) and retry['vae.lr'] == failed['vae.lr']  # the same fields, tried again

def test_crashing_trials_are_recorded(cli, tiny):
    (tiny/'bad.yaml').write_text('classifier.lr: {choices: [1.0e+6]}\n')
    r = tune(cli, tiny, 'reduced', 2, 'bad', 'crash')
    assert r.returncode == 2 and 'no trial of reduced finished (2 tried; the first error: TrainingError' in r.stderr
    t = pd.read_csv(tiny/'crash'/'trials.csv')
    assert list(t.state) == ['fail', 'fail'] and t.error.str.contains('training loss became nan').all()

@pytest.mark.parametrize('args, msg', [
    (('--arm', 'reduced+gan'), "unknown arm 'reduced+gan'"),
    (('--arm', 'reduced', '--space', 'empty.yaml'), 'the search space of reduced is empty'),
    (('--arm', 'reduced', '--space', 'k.yaml'), 'k: not a field an arm may tune'),
    (('--arm', 'reduced', '--storage', 'sqlite:////no/such/dir/t.db'), "storage 'sqlite:////no/such/dir/t.db' cannot be opened"),
    (('--arm', 'reduced', '--trials', '0'), 'trials=0: give 1 or more'),
    (('--arm', 'reduced', '--config', 'vk.yaml'), 'valid_k=50 is larger than the smallest class in the validation split'),
])
def test_bad_inputs(cli, tiny, args, msg):
    (tiny/'empty.yaml').write_text('{}\n')
    (tiny/'k.yaml').write_text('k: {low: 2, high: 5}\n')
    # more than the validation split has: refused (a valid_k only the search's half cannot take is lowered for the search)
    (tiny/'vk.yaml').write_text(yaml.safe_dump({**TINY, 'source': str(tiny/'shapes.npz'), 'valid_k': 50}))
    r = cli('tune', '--config', tiny/'tiny.yaml', '--out', tiny/'bad-input', *args, cwd=tiny)
    assert r.returncode == 2 and msg in r.stderr, r.stderr[-2000:]

def test_run_with_tuned_arms_and_report(cli, tiny):
    "One tuned file per arm: each arm runs its own settings (its own generator), the run warns of unequal budgets"
    r = tune(cli, tiny, 'reduced+vae', 2, 'vae', 'vae-run')
    assert r.returncode == 0, r.stderr[-2000:]
    if not (tiny/'lr-search'/'best.yaml').is_file():
        assert tune(cli, tiny, 'reduced', 3, 'lr', 'lr-search').returncode == 0
    run = tiny/'run'
    r = cli('run', '--config', tiny/'tiny.yaml', '--arms', 'reduced', 'reduced+vae', 'reduced+vae-naive', '--seeds', '0',
            '--tuned', tiny/'lr-search'/'best.yaml', tiny/'vae-run'/'best.yaml', '--out', run, '--quiet', cwd=tiny)
    assert r.returncode == 0, r.stderr[-2000:]
    assert 'different tuning budgets' in r.stderr
    conf = yaml.safe_load((run/'config.yaml').read_text())
    assert set(conf['tuned']) == {'reduced', 'reduced+vae'}
    assert (run/'generators'/'reduced-vae@reduced+vae'/'seed0.json').is_file()  # the tuned arm's own generator
    assert (run/'generators'/'reduced-vae'/'seed0.json').is_file()  # the naive arm's, untuned
    t = pd.read_csv(run/'tuning.csv')
    n = yaml.safe_load((tiny/'lr-search'/'best.yaml').read_text())['tuned']['reduced']['search']['trials']
    assert dict(zip(t.arm, t.trials)) == {'reduced': n, 'reduced+vae': 2, 'reduced+vae-naive': 0}
    assert (run/'tuning'/'reduced+vae'/'history.png').is_file()
    r = cli('report', run, '--quiet')
    assert r.returncode == 0, r.stderr[-2000:]
    html = (run/'site'/'tuning.html').read_text()
    assert 'different tuning budgets' in html and 'reduced+vae: optimisation history' in html and '<img' in html

def test_parallel_workers_share_a_journal(tiny):
    "Two processes on one journal file: together they hold the budget, with trials of their own"
    out = tiny/'parallel'
    out.mkdir()
    cmd = [str(EXE), 'tune', '--config', str(tiny/'tiny.yaml'), '--arm', 'reduced', '--trials', '4', '--space',
           str(tiny/'lr.yaml'), '--out', str(out), '--storage', f'journal:{out}/tune.journal', '--quiet']
    ps = [subprocess.Popen(cmd, cwd=tiny, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env={**os.environ, 'MPLBACKEND': 'Agg'}) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in ps]
    assert all(p.returncode == 0 for p in ps), [e[-1500:] for _, e in outs]
    t = pd.read_csv(out/'trials.csv')
    done = t[t.state.isin(['complete', 'pruned'])]
    assert 4 <= len(done) <= 5 and (out/'tune.journal').is_file()  # each stops at 4; the other's last one may end
    assert done['classifier.lr'].nunique() >= 3  # the workers did not propose the same fields

def test_valid_k_lowered_for_the_search_only(cli, tiny):
    "A valid_k the run can take but the arms' half of the validation split cannot: lowered for the search, said, kept in best.yaml"
    (tiny/'vk7.yaml').write_text(yaml.safe_dump({**TINY, 'source': str(tiny/'shapes.npz'), 'valid_k': 7}))
    r = cli('tune', '--config', tiny/'vk7.yaml', '--arm', 'reduced', '--trials', 1, '--space', tiny/'lr.yaml',
            '--out', tiny/'vk7', cwd=tiny)
    assert r.returncode == 0, r.stderr[-2000:]
    assert 'for the search: valid_k 7 ->' in r.stdout, r.stdout
    assert yaml.safe_load((tiny/'vk7'/'best.yaml').read_text())['valid_k'] == 7 # the run's own value
