"Bad inputs to the data loaders: each is refused, or reported, with the file and the place named."
import json, os, re, warnings
import numpy as np, pandas as pd, pytest
from synthstudy.data import load_npz, load_roboflow, load_folder, load_source, make_splits, save_eda
from synthstudy.testing import make_roboflow, make_tree

# .npz archives

def _npz(tmp_path, name='d.npz', **arrays):
    np.savez(tmp_path/name, **arrays)
    return tmp_path/name

def test_npz_fractional_labels_refused(tmp_path):
    p = _npz(tmp_path, X=np.zeros((4, 5, 5)), y=np.array([0., 1., 0.3, 0.7]))
    with pytest.raises(ValueError, match=re.escape(f"{p}: y[2] = 0.3 is not a class label")): load_npz(p)

def test_npz_whole_float_labels_accepted(tmp_path):
    p = _npz(tmp_path, X=np.zeros((4, 5, 5)), y=np.array([0., 1., 2., 1.]))
    assert load_npz(p).y.tolist() == [0, 1, 2, 1]

def test_npz_nan_pixels_refused(tmp_path):
    x = np.full((3, 5, 5), 0.5)
    x[2, 1, 3] = np.nan
    p = _npz(tmp_path, X=x, y=np.array([0, 1, 0]))
    with pytest.raises(ValueError, match=re.escape(f"{p}: X[2,1,3] = nan is not a finite number")): load_npz(p)

def test_npz_all_inf_image_refused(tmp_path):
    x = np.zeros((2, 5, 5))
    x[1] = np.inf
    p = _npz(tmp_path, x_train=x, y_train=np.array([0, 1]), x_test=np.zeros((1, 5, 5)), y_test=np.array([0]))
    with pytest.raises(ValueError, match=re.escape(f"{p}: x_train[1,0,0] = inf")): load_npz(p)

@pytest.mark.parametrize('v', [1000., -1000.])
def test_npz_out_of_range_pixels_refused(tmp_path, v):
    x = np.full((2, 4, 4), 100.)
    x[1, 2, 0] = v
    p = _npz(tmp_path, x=x, y=np.array([0, 1]))
    with pytest.raises(ValueError, match=re.escape(f"{p}: x[1,2,0] = {v} lies outside [0, 255]")): load_npz(p)

def test_npz_valid_floats_no_numpy_warning(tmp_path):
    p = _npz(tmp_path, X=np.linspace(0, 1, 2*16).reshape(2, 4, 4), y=np.array([0, 1]))
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        assert load_npz(p).x.max() == 255

@pytest.mark.parametrize('content', [b'a,b\n1,2\n', b''])
def test_npz_not_a_zip_named(tmp_path, content):
    p = tmp_path/'data.npz'
    p.write_bytes(content)
    with pytest.raises(ValueError, match=re.escape(f"{p}: not an .npz archive (")) as e: load_npz(p)
    assert 'allow_pickle' not in str(e.value) and 'pickle' not in str(e.value).lower()
    assert e.value.__cause__ is None and e.value.__suppress_context__

# Roboflow CSV exports

def _rf(tmp_path):
    rf = make_roboflow(tmp_path/'rf', n=2)
    return rf, rf/'train'/'_annotations.csv'

def _load_rf(rf):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        ds = load_roboflow(rf, size=8, n_workers=1)
    return ds, [str(o.message) for o in w]

def test_roboflow_duplicate_rows_counted_once(tmp_path):
    rf, csv = _rf(tmp_path)
    df = pd.read_csv(csv)  # train_0.jpg: one fish box (64 px), one small shark box (4 px) on line 3
    pd.concat([df, pd.concat([df.iloc[[1]]]*5)]).to_csv(csv, index=False)  # the shark box 6 times: lines 10-14 repeat it
    ds, msgs = _load_rf(rf)
    i = list(ds.paths).index(str(csv.parent/'train_0.jpg'))
    assert ds.classes[ds.y[i]] == 'fish'  # counted 6 times, the shark box would win: (6*4)*6 = 144 > 64
    assert any(m.startswith(f"{csv} lines 10, 11, 12, 13, 14: exact repeats") for m in msgs), msgs

def test_roboflow_non_numeric_coordinate(tmp_path):
    rf, csv = _rf(tmp_path)
    df = pd.read_csv(csv).astype({'xmax': object})
    df.loc[2, 'xmax'] = '9px'
    df.to_csv(csv, index=False)
    with pytest.raises(ValueError, match=re.escape(f"{csv} line 4: xmax is '9px', not a number")): load_roboflow(rf)

def test_roboflow_inverted_box_reported_as_dropped(tmp_path):
    rf, csv = _rf(tmp_path)
    df = pd.read_csv(csv)
    df.loc[0, ['xmin', 'xmax']] = [9, 1]
    df.to_csv(csv, index=False)
    ds, msgs = _load_rf(rf)
    m = [o for o in msgs if 'line 2' in o and str(csv) in o]
    assert len(m) == 1 and 'inverted box (9,1,1,9)' in m[0] and m[0].endswith('dropped'), msgs
    assert 'clipped' not in m[0]

def test_roboflow_empty_csv(tmp_path):
    rf, csv = _rf(tmp_path)
    csv.write_bytes(b'')
    with pytest.raises(ValueError, match=re.escape(f"{csv}: empty CSV")): load_roboflow(rf)

# image-folder trees

def _load_tree(t):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        ds = load_folder(t, n_workers=1)
    return ds, [str(o.message) for o in w]

def test_folder_symlinks_into_tree_not_followed(tmp_path):
    t = make_tree(tmp_path/'tree', splits=None)
    os.symlink('.', t/'zz')           # a loop at the top
    os.symlink('..', t/'cat'/'up')    # and one inside a class folder
    ds, msgs = _load_tree(t)
    assert ds.classes == ['cat', 'dog'] and len(ds) == 8
    assert any(m.startswith(f"{t/'zz'}: symbolic link") and 'not followed' in m for m in msgs), msgs
    assert any(m.startswith(f"{t/'cat'/'up'}: symbolic link") for m in msgs), msgs

def test_folder_split_folders_differing_in_case(tmp_path):
    t = make_tree(tmp_path/'tree', splits=('Train', 'train', 'test'))
    with pytest.raises(ValueError, match="split folders 'Train' and 'train' differ only in case"): load_folder(t)

def test_folder_split_aliases_both_present(tmp_path):
    t = make_tree(tmp_path/'tree', splits=('train', 'training', 'test'))
    with pytest.raises(ValueError, match="split folders 'train' and 'training' are both the train split"): load_folder(t)

def test_folder_class_folders_differing_in_case(tmp_path):
    t = make_tree(tmp_path/'tree', splits=('train', 'test'))
    (t/'test'/'cat').rename(t/'test'/'Cat')
    with pytest.raises(ValueError, match="class folders 'Cat' \\(in test\\) and 'cat' \\(in train\\) differ only in case"):
        load_folder(t)

def test_folder_source_is_an_image_file(tmp_path):
    t = make_tree(tmp_path/'tree', splits=None)
    f = t/'cat'/'cat_0.png'
    with pytest.raises(ValueError, match=re.escape(f"{f} is a file, not a folder tree")): load_folder(f)
    with pytest.raises(ValueError, match='is a file, not a folder tree'): load_source(str(f))

def test_folder_names_not_utf8(tmp_path):
    t = make_tree(tmp_path/'tree', splits=None)
    bad = os.fsencode(str(t))+b'/c\xffat'
    os.rename(t/'cat', bad)
    ds, msgs = _load_tree(t)
    assert ds.classes == ['c\ufffdat', 'dog']
    assert any('c\ufffdat: folder name is not valid UTF-8' in m for m in msgs), msgs
    res = save_eda(make_splits(ds), tmp_path/'eda')  # crashed drawing (and writing) the class name
    assert json.loads(res['summary'].read_text(encoding='utf-8'))['classes'] == ['c\ufffdat', 'dog']
