"""Bad inputs, one row each: the command, the exit code and a fragment of the one-line message it must print.

Every case runs `synthstudy.cli.main` in this process (no training starts: each fails before any work), checks the
exit code, that stderr is one line naming the fault, and that no traceback is shown.
"""
import os, stat
import numpy as np, pytest
from synthstudy.cli import main
from synthstudy.testing import make_shapes

def yaml_file(tmp_path, text, name='c.yaml'):
    p = tmp_path/name
    p.write_text(text)
    return p

def alias_bomb(tmp_path):
    levels = ['&a [0, 0, 0, 0, 0, 0, 0, 0, 0]'] + [f"&{c} [{', '.join(['*'+b]*9)}]" for b, c in zip('abcdefgh', 'bcdefghi')]
    return yaml_file(tmp_path, 'seeds:\n' + ''.join(f'  - {l}\n' for l in levels))

def png(tmp_path):
    from PIL import Image
    Image.fromarray(np.zeros((8, 8), np.uint8)).save(tmp_path/'x.png')
    return tmp_path/'x.png'

def npz(tmp_path, x=None, y=(0, 1, 0, 1)):
    np.savez(tmp_path/'d.npz', X=np.zeros((4, 8, 8), np.uint8) if x is None else x, y=np.asarray(y))
    return tmp_path/'d.npz'

def read_only_dir(tmp_path):
    d = tmp_path/'ro'
    d.mkdir()
    d.chmod(stat.S_IRUSR | stat.S_IXUSR)
    return d/'run'

# (id, function of tmp_path giving the argv, exit code, fragment of stderr)
CASES = [
    ('unknown field', lambda t: ['run', '--config', yaml_file(t, 'clasifier: {epochs: 2}\n')], 2,
     "unknown field(s) ['clasifier']"),
    ('wrong type', lambda t: ['run', '--config', yaml_file(t, 'test: half\n')], 2, "test='half': expected float"),
    ('wrong type nested', lambda t: ['run', '--config', yaml_file(t, 'dcgan: {epochs: many}\n')], 2,
     "dcgan.epochs='many': expected int"),
    ('name not a string', lambda t: ['run', '--config', yaml_file(t, 'name: [a, b]\n')], 2, "name=['a', 'b']: expected str"),
    ('negative epochs', lambda t: ['run', '--config', yaml_file(t, 'classifier: {epochs: -1}\n')], 2,
     'classifier.epochs=-1: give 1 or more'),
    ('batch size 0', lambda t: ['run', '--config', yaml_file(t, 'classifier: {bs: 0}\n')], 2, 'classifier.bs=0: give 1 or more'),
    ('two channels', lambda t: ['run', '--config', yaml_file(t, 'channels: 2\n')], 2, 'channels=2: choose one of [None, 1, 3]'),
    ('size 0', lambda t: ['run', '--config', yaml_file(t, 'size: 0\n')], 2, 'size=0: give at least 8'),
    ('test fraction 2', lambda t: ['run', '--config', yaml_file(t, 'test: 2\n')], 2, 'test=2: must be in (0, 1)'),
    ('negative seed', lambda t: ['run', '--seeds', '-1'], 2, 'seeds=[-1]: seeds must be 0 or more'),
    ('repeated seeds', lambda t: ['run', '--seeds', '1', '1'], 2, 'seeds=[1, 1]: seeds repeat'),
    ('unknown recon', lambda t: ['run', '--config', yaml_file(t, 'vae: {recon: l1}\n')], 2, "vae.recon='l1': choose one of"),
    ('unknown descriptor', lambda t: ['run', '--config', yaml_file(t, 'bow: {descriptor: hog}\n')], 2,
     "bow.descriptor='hog': choose one of"),
    ('unknown selection', lambda t: ['run', '--config', yaml_file(t, 'select: {how: best}\n')], 2,
     "select.how='best': choose one of ['confident', 'ssim', 'none']"),
    ('unknown mix', lambda t: ['run', '--config', yaml_file(t, 'classifier: {mix: swap}\n')], 2,
     "classifier.mix='swap': choose one of ['concat', 'weighted', 'pretrain']"),
    ('ratio 0', lambda t: ['run', '--config', yaml_file(t, 'synthetic_ratio: 0\n')], 2, 'synthetic_ratio=0: give more than 0'),
    ('threshold above 1', lambda t: ['run', '--config', yaml_file(t, 'select: {threshold: 1.5}\n')], 2,
     'select.threshold=1.5: give a probability in [0, 1], or null'),
    ('unknown online pipeline', lambda t: ['run', '--config', yaml_file(t, 'online: [blur]\n')], 2,
     "online=['blur']: give a list of pipelines"),
    ('unknown diffaug', lambda t: ['run', '--config', yaml_file(t, "dcgan: {diffaug: 'color,blur'}\n")], 2,
     "dcgan.diffaug='color,blur': give comma-separated DiffAugment policies"),
    ('duplicate yaml key', lambda t: ['run', '--config', yaml_file(t, 'k: 5\nk: 7\n')], 2,
     "duplicate key 'k' on lines 1 and 2"),
    ('not yaml', lambda t: ['run', '--config', yaml_file(t, 'k: [1, 2\n')], 2, 'not valid YAML'),
    ('yaml list', lambda t: ['run', '--config', yaml_file(t, '- 1\n')], 2, 'expected a mapping of fields'),
    ('alias bomb', lambda t: ['run', '--config', alias_bomb(t)], 2, 'give a non-empty list of integers'),
    ('missing config', lambda t: ['run', '--config', t/'missing.yaml'], 2, 'neither a preset'),
    ('unknown arm', lambda t: ['run', '--arms', 'reduced+gan'], 2, "['reduced+gan'] match no arm"),
    ('arm typo', lambda t: ['run', '--arms', 'reduced+aug-lihgt'], 2,
     'did you mean reduced+aug-light? `synthstudy run --dry-run` lists the'), # the suggestion, not 29 names
    ('seeds a count in yaml', lambda t: ['run', '--config', yaml_file(t, 'seeds: 2\n')], 2, 'seeds: [0, 1] for 2 seeds'),
    ('relative source missing', lambda t: ['run', '--config', yaml_file(t, 'source: nodata\n')], 2,
     'next to the YAML file'),
    ('k too large', lambda t: ['run', '--source', make_shapes(t/'s.npz', n=10), '--config',
                               yaml_file(t, 'k: 50\n'), '--out', t/'run'], 2, 'k=50 is larger than the smallest class'),
    ('k_grid too large', lambda t: ['run', '--source', make_shapes(t/'s.npz', n=10), '--config',
                                    yaml_file(t, 'k: 5\nk_grid: [2, 50]\n'), '--out', t/'run'], 2,
     'k_grid=[2, 50]: 50 images per class is more than the smallest class has'),
    ('low_k unknown', lambda t: ['run', '--config', yaml_file(t, 'k_grid: [5]\nlow_k: [gan]\n')], 2, "low_k=['gan']: give methods"),
    ('out under a file', lambda t: ['eda', 'mnist5k', '--out', yaml_file(t, 'x', 'f')/'eda'], 2, 'f/eda'),
    ('out in /proc', lambda t: ['eda', 'mnist5k', '--out', '/proc/synthstudy-x'], 2, '/proc/synthstudy-x'),
    ('unknown source', lambda t: ['data', 'no/such/folder'], 2, "source 'no/such/folder': no such file or folder"),
    ('source typo', lambda t: ['run', '--source', 'mnist'], 2, "did you mean 'mnist5k', the embedded dataset?"),
    ('source path typo', lambda t: ['data', '--source', typo_tree(t)], 2, "; the nearest existing path is /"),
    ('flags named as given', lambda t: ['run', '--n-seeds', '2', '--k-grid', '1'], 2,
     'with --n-seeds, --k-grid from the command line: k_grid=[1]'),
    ('report of a non-run', lambda t: ['report', t], 2, 'no summary.csv here'),
    ('source option type', lambda t: ['data', 'mnist5k?size=abc'], 2, "option size='abc' must be an integer"),
    ('unknown source option', lambda t: ['data', 'mnist5k?foo=1'], 2, "unknown option 'foo'"),
    ('image file as source', lambda t: ['data', png(t)], 2, 'is a file, not a folder tree'),
    ('npz fractional labels', lambda t: ['data', npz(t, y=[0.3, 0.7, 0.3, 0.7])], 2, 'is not a class label'),
    ('npz NaN pixels', lambda t: ['data', npz(t, x=np.full((4, 8, 8), np.nan))], 2, 'is not a finite number'),
    ('npz not a zip', lambda t: ['data', yaml_file(t, 'not a zip', 'fake.npz')], 2, 'not an .npz archive'),
]
if os.geteuid() != 0: # root writes through permissions
    CASES.append(('read-only run folder', lambda t: ['run', '--out', read_only_dir(t)], 2, 'Permission denied'))

def typo_tree(t):
    "A folder `photos` and a misspelt path to it"
    (t/'photos').mkdir(exist_ok=True)
    return t/'phtos'

@pytest.mark.parametrize('name,argv,code,fragment', CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_clear_line(name, argv, code, fragment, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv('MPLBACKEND', 'Agg')
    with pytest.raises(SystemExit) as e: main([str(a) for a in argv(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert e.value.code == code, err
    assert fragment in err and 'Traceback' not in err, err
    assert len(err.splitlines()) == 1, err

def test_usage_errors_name_the_flag(capsys):
    "Errors argparse reports (a usage line, then the error): the count of seeds, two sources at once"
    for argv, want in ((['run', '--n-seeds', '0'], "'0': give a number of seeds, 1 or more"),
                       (['data', 'mine', '--source', 'other'], "two sources: 'mine' and --source 'other'")):
        with pytest.raises(SystemExit) as e: main(argv)
        err = capsys.readouterr().err
        assert e.value.code == 2 and want in err, err

def test_source_typo_names_the_nearest_path(tmp_path, capsys):
    with pytest.raises(SystemExit): main(['run', '--source', str(typo_tree(tmp_path))])
    err = capsys.readouterr().err
    assert f"source '{tmp_path}/phtos': no such file or folder; the nearest existing path is {tmp_path}/photos" in err, err
