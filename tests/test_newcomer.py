"""What a newcomer trips over: the values an error suggests must work, `report` must not show a stale or unfinished
run, and the CLI must say what it will do (help, version, dry run, seeds) before doing it."""
import fcntl, json, os
import yaml
from synthstudy.testing import TINY, make_tree
from conftest import EXE

def tiny_tree_cfg(t, **kw):
    "A tree with 2 validation images per class, and a TINY study of it"
    src = t/'tree'
    if not src.is_dir():
        make_tree(src, n=8, splits=('train', 'test'), classes=('a', 'b', 'c'), size=28)
        for c in ('a', 'b', 'c'): # 2 validation images per class, as a user's small tree may have
            (src/'valid'/c).mkdir(parents=True)
            for f in sorted((src/'train'/c).iterdir())[:2]: f.rename(src/'valid'/c/f.name)
    cfg = {**{k: v for k, v in TINY.items() if k != 'name'}, 'source': 'tree', 'seeds': [0], 'k': 4, 'arms': ['reduced', 'reduced+vae'], **kw}
    (t/'study.yaml').write_text(yaml.safe_dump(cfg)) # source relative to the YAML file's folder
    return t/'study.yaml'

def test_suggested_valid_k_runs_and_report_reads_right(cli, tmp_path):
    cfg = tiny_tree_cfg(tmp_path, valid_k=3)
    r = cli('run', '--config', cfg, '--out', tmp_path/'run', '--quiet', cwd='/')
    assert r.returncode == 2 and 'set valid_k to 2 or less' in r.stderr, r.stderr
    for vk in (2, None): # both of the error's suggestions run to the end
        cfg = tiny_tree_cfg(tmp_path, valid_k=vk)
        out = tmp_path/f'run{vk}'
        r = cli('run', '--config', cfg, '--out', out, cwd='/') # no --quiet: progress goes to stderr, and not in a log
        assert r.returncode == 0, r.stderr[-2000:]
        table = [l for l in r.stdout.splitlines() if '/' not in l] # the summary table, not the lines naming paths
        assert '\r' not in r.stdout + r.stderr and max(map(len, table)) <= 120, r.stdout
        assert 'generator quality (FD, KID, SSIM) is not measured' in r.stderr, r.stderr
        assert r.stdout.startswith("study 'study' on "), r.stdout[:300] # named after its file
        notes = json.loads((out/'finished.json').read_text())['notes']
        assert any('not measured' in n for n in notes)
    r = cli('report', out, '--quiet')
    assert r.returncode == 0 and 'Kernel' not in r.stderr, r.stderr[-2000:]
    page = (out/'site'/'generators.html').read_text()
    assert 'Quality not measured' in page
    # an interrupted rerun with another configuration: config.yaml is newer than the tables
    c = yaml.safe_load((out/'config.yaml').read_text())
    (out/'config.yaml').write_text(yaml.safe_dump({**c, 'seeds': [0, 1, 2]}))
    r = cli('report', out)
    assert r.returncode == 2 and 'did not finish' in r.stderr, r.stderr
    (out/'config.yaml').write_text(yaml.safe_dump(c))
    with open(out/'.lock', 'w') as f: # a run writing to the folder now
        fcntl.flock(f, fcntl.LOCK_EX)
        r = cli('report', out)
    assert r.returncode == 2 and 'another run is using' in r.stderr, r.stderr

def test_cli_says_what_it_will_do(cli, tmp_path):
    r = cli('--version')
    assert r.returncode == 0 and r.stdout.startswith('synthstudy ')
    r = cli('run', '--help')
    assert 'k: reduced arms: training images kept per class [20' in r.stdout, r.stdout[:3000]
    assert 'reduced+aug-light' in r.stdout and 'DESCRIPTORS' not in r.stdout
    r = cli('run', '--seeds', '0,1')
    assert r.returncode == 2 and '--seeds 0 1' in r.stderr and '--n-seeds 2' in r.stderr, r.stderr
    cfg = tiny_tree_cfg(tmp_path, valid_k=2)
    r = cli('run', '--config', cfg, '--seeds', '3', '--dry-run', cwd='/')
    assert r.returncode == 0, r.stderr
    assert '--n-seeds 3' in r.stderr and '1 seed (3)' in r.stdout and 'nothing was run' in r.stdout
    assert 'arms (2): reduced, reduced+vae' in r.stdout and not (tmp_path/'runs').exists()
    r = cli('run', '--config', cfg, '--n-seeds', '2', '--dry-run', cwd='/')
    assert '2 seeds (0, 1)' in r.stdout and '4 cells' in r.stdout, r.stdout

def test_config_error_loads_no_heavy_library(tmp_path):
    "A mistyped field is answered before torch, fastai, Albumentations or scikit-learn load (seconds to import)"
    import subprocess, sys
    bad = tmp_path/'bad.yaml'
    bad.write_text('classifier:\n  lrr: 0.01\n')
    code = ("import sys\nfrom synthstudy.cli import main\nsys.argv = ['synthstudy', 'run', '--config', sys.argv[1]]\n"
            "try: main()\nexcept SystemExit as e: print(e.code, sorted(m for m in ('torch', 'fastai', 'albumentations', "
            "'sklearn') if m in sys.modules))")
    r = subprocess.run([sys.executable, '-c', code, str(bad)], capture_output=True, text=True)
    assert "unknown field(s) ['lrr'] in classifier (did you mean 'lr'?)" in r.stderr, r.stderr
    assert r.stdout.strip() == '2 []', r.stdout
