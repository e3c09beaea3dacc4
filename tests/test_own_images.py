"""A user's own images: a small colour tree that the quick preset fits itself to, and runs whose baselines cannot show
a difference (at chance, at the ceiling, far below a pretrained probe), which the console and the report say before any verdict."""
import json
import numpy as np, pytest, yaml
from PIL import Image
from synthstudy.testing import TINY, make_tree, make_photos, PHOTO_CLASSES

def write_tree(root, classes, n, size, draw, seed=0):
    "A folder tree of `n` images per class, `draw(rng, class_index)` giving each (H,W,3) uint8 image"
    rng = np.random.default_rng(seed)
    for ci, c in enumerate(classes):
        (root/c).mkdir(parents=True, exist_ok=True)
        for i in range(n): Image.fromarray(draw(rng, ci)).save(root/c/f'{c}_{i}.png')
    return root

def test_small_colour_tree_fits_the_quick_preset(cli, tmp_path):
    t = make_tree(tmp_path/'photos', n=24, splits=None, classes=('cat', 'dog', 'fox'), size=48)
    r = cli('run', '--source', t, '--dry-run', '--out', tmp_path/'run')
    assert r.returncode == 0, r.stderr
    head = [l for l in r.stdout.splitlines() if l.lstrip().startswith(('data:', 'fitted:', 'estimate:'))]
    assert len(head) >= 5 and max(map(len, r.stdout.splitlines()[1:8])) <= 120, r.stdout # wrapped at 120
    out = ' '.join(r.stdout.split())
    assert 'data: 3 classes' in out and '32 px colour' in out
    for line in ('fitted: size: 48 px images are padded to square and resized to 32 px', 'fitted: k_grid: [5, 10, 50, 100]',
                 'fitted: imbalance_max: 100 ->', "colour images get 'photo'"):
        assert line in out, out
    assert 'reduced+aug-photo' in out and 'elastic' not in r.stdout.split('\narms (')[1]
    # values the user gives are kept and checked, every problem in one message
    r = cli('run', '--source', t, '--dry-run', '--k-grid', '5', '500', '--imbalance-max', '400', '--out', tmp_path/'run')
    assert r.returncode == 2 and '2 problems: (1) k_grid=[5, 500]' in r.stderr and '(2) imbalance_max=400' in r.stderr

def tiny_yaml(tmp_path, src, lr=None):
    cfg = {**TINY, 'source': str(src), 'arms': ['full', 'reduced', 'reduced+aug-light'], 'seeds': [0, 1],
           'generators': ['vae'], 'k': 6, 'valid_k': 2}
    if lr: cfg['classifier'] = {**cfg['classifier'], 'lr': lr}
    (tmp_path/'tiny.yaml').write_text(yaml.safe_dump(cfg))
    return tmp_path/'tiny.yaml'

@pytest.mark.parametrize('case', ['chance', 'ceiling', 'under-trained'])
def test_run_that_cannot_answer_says_so(cli, tmp_path, case):
    lr = None
    if case == 'under-trained': # drawn fruit that pretrained features tell apart, a learning rate too small to learn
        src, lr = make_photos(tmp_path/case, n=40, size=32, classes=PHOTO_CLASSES[:3]), 1e-5
    elif case == 'chance': # one grey level for every class, each image unique by one pixel: nothing to learn
        def draw(rng, ci):
            im = np.full((8, 8, 3), 128, np.uint8)
            im[rng.integers(8), rng.integers(8)] = rng.integers(256, size=3)
            return im
    else: # each class its own brightness: every arm scores 100%
        draw = lambda rng, ci: np.full((8, 8, 3), 40+80*ci, np.uint8) + rng.integers(0, 6, (8, 8, 3), dtype=np.uint8)
    if lr is None: src = write_tree(tmp_path/case, ('a', 'b', 'c'), 40, 8, draw)
    r = cli('run', '--config', tiny_yaml(tmp_path, src, lr), '--out', tmp_path/'run', '--quiet')
    assert r.returncode == 0, r.stderr
    want = {'chance': 'within 5 points of chance (33.3% with 3 classes)', 'ceiling': 'at the ceiling',
            'under-trained': 'where a linear probe on frozen pretrained ImageNet features reaches'}[case]
    err = ' '.join(r.stderr.split())
    assert 'warning: this run cannot tell methods apart:' in err and want in err, r.stderr
    assert any(want in l for l in json.loads((tmp_path/'run'/'finished.json').read_text())['limits'])
    from synthstudy.report import load_run
    assert any(want in l for l in load_run(tmp_path/'run').limits)

def test_recipe_auto_in_a_run_and_its_report(tmp_path, monkeypatch):
    "A run with `recipe: auto` chooses its recipe first (a tiny grid here), runs every arm with it, and the Protocol page says so"
    import warnings
    from synthstudy.testing import make_shapes
    from synthstudy.study.config import make_config
    from synthstudy.study.run import run_study
    from synthstudy.report import build_site
    grid = [dict(lr=lr, min_steps=8) for lr in (0.003, 0.03)]
    monkeypatch.setattr('synthstudy.study.recipe.RECIPE_GRID', grid)
    cfg = make_config({**TINY, 'source': str(make_shapes(tmp_path/'shapes.npz')), 'recipe': 'auto', 'seeds': [0],
                       'arms': ['reduced', 'reduced+aug-light', 'imbalanced']})
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        r = run_study(cfg, tmp_path/'run', progress=False)
    rec = json.loads((tmp_path/'run'/'recipe.json').read_text())
    assert rec['arms'] == ['reduced', 'imbalanced'] and len(rec['scores']) == 4 and rec['fields'] in grid
    assert r['recipe']['fields'] == rec['fields']
    conf = yaml.safe_load((tmp_path/'run'/'config.yaml').read_text())
    assert (conf['classifier']['lr'], conf['classifier']['min_steps']) == (rec['fields']['lr'], 8)
    index = build_site(tmp_path/'run', progress=None)
    import html
    page = html.unescape((index.parent/'protocol.html').read_text())
    assert "The classifier's recipe." in page and f"recipe: lr {rec['fields']['lr']}, min_steps 8" in page

def test_time_limit_plans_the_run(cli, tmp_path):
    t = make_tree(tmp_path/'photos', n=24, splits=None, classes=('cat', 'dog', 'fox'), size=48)
    r = cli('run', '--source', t, '--dry-run', '--time-limit', '1s', '--out', tmp_path/'run')
    assert r.returncode == 0, r.stderr
    out = ' '.join(r.stdout.split())
    assert 'time limit 1 s: planned' in out and 'left out: bow-full, bow-reduced, cas-' in out, out
    arms = r.stdout.split('\narms (')[1].split(')')[0]
    assert int(arms) < 29 and 'x 2 seeds' in out # the least needed arms, then seeds down to 2
    r = cli('run', '--dry-run', '--time-limit', '20 minutes')
    assert r.returncode == 2 and "is not a duration" in r.stderr
