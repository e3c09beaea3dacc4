"""Every arm of the quick preset at an image size of its own: a drawn colour tree (`testing.make_photos`, 3 classes of
30 images) at `--size` px, the quick preset's arm list (its pipelines, generators, low-k methods; the learning-curve
points the tree is too small for left out) with the tiny training budgets of `testing.TINY`, run as a user runs it
(`synthstudy run --config`, a new process) with `size` set, so nothing is resized.

Issue 37's check: a 100 px tree (the Fruits report's size) runs every arm of quick without an error.

Usage: `python benchmarks/sizes.py [--size 100] [--keep DIR]`. Last line: `size= arms= cells= failed= run_s= estimate_s=`.
"""
import argparse, json, re, shutil, subprocess, sys, tempfile, time
from pathlib import Path
import yaml
from synthstudy.testing import make_photos, PHOTO_CLASSES, TINY
from synthstudy.study.config import PRESETS, study_arms

EXE = Path(sys.executable).with_name('synthstudy')

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--size', type=int, default=100, help='image side in px')
    ap.add_argument('--keep', help='write the tree and the run here and keep them')
    a = ap.parse_args()
    root = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix='synthstudy-sizes-'))
    try:
        tree = make_photos(root/'tree', n=30, size=a.size, classes=PHOTO_CLASSES[:3])
        q = PRESETS['quick']()
        arms = [n for n in study_arms(q) if not re.fullmatch(r'reduced@(10|50|100)', n)] # more than 19 per class
        cfg = {**TINY, 'source': str(tree), 'size': a.size, 'arms': arms, 'seeds': [0], 'k': 12, 'valid_k': 2,
               'k_grid': [5], 'low_k': q.low_k, 'pipelines': q.pipelines, 'online': q.online, 'generators': q.generators}
        (root/'cfg.yaml').write_text(yaml.safe_dump(cfg))
        t0 = time.perf_counter()
        r = subprocess.run([str(EXE), 'run', '--config', str(root/'cfg.yaml'), '--out', str(root/'run'), '--quiet'],
                           capture_output=True, text=True)
        run_s = time.perf_counter()-t0
        if r.returncode: print(r.stderr[-3000:])
        cells = len(list((root/'run'/'cells').glob('*/seed0.json'))) if (root/'run'/'cells').is_dir() else 0
        est = json.loads((root/'run'/'data.json').read_text()).get('estimate_s') if r.returncode==0 else None
        print(f'size={a.size} arms={len(arms)} cells={cells} failed={len(arms)-cells} run_s={run_s:.1f} '
              f'estimate_s={est if est is None else round(est, 1)}')
    finally:
        if not a.keep: shutil.rmtree(root, ignore_errors=True)

if __name__ == '__main__': main()
