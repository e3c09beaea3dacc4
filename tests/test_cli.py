"The `synthstudy` command end to end: sources, JSON output, bad input, help."
import json
import numpy as np, pandas as pd, pytest
from PIL import Image
from synthstudy.testing import make_tree, make_roboflow, make_celeba

def test_data_mnist5k_json(cli):
    r = cli('data', 'mnist5k', '--json')
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s['classes'] == [str(i) for i in range(10)]
    assert s['total'] == {str(i): 500 for i in range(10)}
    assert {k: sum(v.values()) for k, v in s['counts'].items()} == {'train': 3600, 'valid': 400, 'test': 1000}
    assert s['skipped'] == []

def test_help_for_every_command(cli):
    r = cli('--help')
    assert r.returncode == 0 and 'data' in r.stdout and 'eda' in r.stdout
    for cmd, opt in [('data', '--json'), ('eda', '--out')]:
        r = cli(cmd, '--help')
        assert r.returncode == 0 and opt in r.stdout and 'mnist5k' in r.stdout

def test_folder_tree_with_bad_files(cli, tmp_path):
    t = make_tree(tmp_path/'tree', n=5, splits=None, size=10)
    (t/'cat'/'broken.jpg').write_bytes(b'\xff\xd8\xff garbage')
    (t/'cat'/'readme.md').write_text('ignored')
    (t/'empty_class').mkdir()
    r = cli('data', t, '--json')
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s['classes'] == ['cat', 'dog'] and s['total'] == {'cat': 5, 'dog': 5}
    reasons = {p.split('/')[-1]: why for p, why in ((o['path'], o['reason']) for o in s['skipped'])}
    assert set(reasons) == {'broken.jpg', 'empty_class'}
    assert 'broken.jpg' in r.stderr  # the warning names the file

def test_roboflow_rows_reported(cli, tmp_path):
    rf = make_roboflow(tmp_path/'rf', n=4)
    csv = rf/'valid'/'_annotations.csv'
    df = pd.read_csv(csv); df.loc[0, 'filename'] = 'missing.jpg'; df.to_csv(csv, index=False)
    r = cli('data', rf, '--size', '12', '--json')
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s['size'] == [12, 12] and s['classes'] == ['fish', 'shark']
    bad = [o for o in s['skipped'] if o.get('row') == 2]
    assert bad and 'valid/_annotations.csv line 2: image missing.jpg not found' in bad[0]['reason']

def test_celeba_source_string(cli, tmp_path):
    c = make_celeba(tmp_path/'celeba', n=12)
    r = cli('data', f'celeba:{c}?attr=Smiling&n=5', '--json')
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)['total'] == {'not Smiling': 5, 'Smiling': 5}
    r = cli('data', f'celeba:{c}?attr=Hat')
    assert r.returncode == 2 and "no attribute 'Hat'" in r.stderr

def test_npz_layouts(cli, tmp_path):
    rng = np.random.default_rng(0)
    np.savez(tmp_path/'total_data.npz', x_train=rng.integers(0, 255, (20, 8, 8, 3), dtype=np.uint8), y_train=np.arange(20) % 2,
             x_test=rng.integers(0, 255, (6, 8, 8, 3), dtype=np.uint8), y_test=np.arange(6) % 2)
    s = json.loads(cli('data', tmp_path/'total_data.npz', '--json').stdout)
    assert sum(s['counts']['test'].values()) == 6 and s['channels'] == 3
    np.savez(tmp_path/'odd.npz', imgs=np.zeros((2, 4, 4)), labels=np.zeros(2))
    r = cli('data', tmp_path/'odd.npz')
    assert r.returncode == 2 and "found keys ['imgs', 'labels']" in r.stderr and 'x_train' in r.stderr
    assert 'Traceback' not in r.stderr

def test_missing_and_empty_sources(cli, tmp_path):
    r = cli('data', tmp_path/'nothing')
    assert r.returncode == 2 and 'no such file or folder' in r.stderr
    (tmp_path/'empty'/'a').mkdir(parents=True)
    r = cli('data', tmp_path/'empty')
    assert r.returncode == 2 and 'no images found' in r.stderr

def test_eda_writes_figures_atomically(cli, tmp_path):
    out = tmp_path/'eda'
    r = cli('eda', 'mnist5k', '--out', out)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ['counts.png', 'samples.png', 'summary.json']  # no temporary files left
    for png in ('counts.png', 'samples.png'):
        im = Image.open(out/png); assert im.size[0] > 200 and im.size[1] > 150
    assert json.loads((out/'summary.json').read_text())['total']['7'] == 500

def test_train_on_a_tree(cli, tmp_path):
    t = make_tree(tmp_path/'tree', n=16, splits=None, size=16)
    out = tmp_path/'out'
    r = cli('train', t, '--epochs', '2', '--bs', '16', '--quiet', '--out', out)
    assert r.returncode == 0, r.stderr
    m = json.loads((out/'metrics.json').read_text())
    assert m['accuracy'] >= 0.75 and m['n_train'] == 24  # the two classes differ in brightness: easy
    assert sorted(p.name for p in out.iterdir()) == ['confusion.png', 'metrics.json', 'report.csv', 'top_losses.png']
    assert 'sensitivity' in r.stdout and 'specificity' in r.stdout

def test_train_bad_inputs(cli, tmp_path):
    t = make_tree(tmp_path/'tree', n=12, splits=None, size=6)
    r = cli('train', t, '--quiet')
    assert r.returncode == 2 and 'too small' in r.stderr and 'Traceback' not in r.stderr
    r = cli('train', 'mnist5k', '--k', '400', '--quiet')
    assert r.returncode == 2 and "has only 360 images in split 'train'; asked for 400" in r.stderr

def test_gen_vae_on_a_tree(cli, tmp_path):
    t = make_tree(tmp_path/'tree', n=20, splits=None, size=28)
    out = tmp_path/'gen'
    r = cli('gen', t, '--model', 'vae', '--epochs', '3', '--n', '5', '--quiet', '--out', out)
    assert r.returncode == 0, r.stderr
    q = json.loads((out/'quality.json').read_text())
    assert q['n_train'] == 28 and q['n_per_class'] == 5 and q['fd_evaluator'] >= 0 and 0 < q['ssim_nearest'] <= 1
    assert 'FD (evaluator features)' in r.stdout and (out/'samples.png').is_file()

def test_gen_missing_inception_weights_fails_first(cli, tmp_path):
    r = cli('gen', 'mnist5k', '--inception-weights', tmp_path/'pt_inception.pth', '--quiet')
    assert r.returncode == 2 and 'Inception weights file not found' in r.stderr and 'pt_inception.pth' in r.stderr
    r = cli('gen', 'mnist5k', '--model', 'dcgan', '--size', '6', '--quiet', '--epochs', '1')
    assert r.returncode == 2 and 'size=6: give at least 8' in r.stderr
