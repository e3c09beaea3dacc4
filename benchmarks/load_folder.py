"""Decode speed of an image-folder tree, and the load time of the embedded default.

Writes 20,000 small PNGs (28x28 greyscale MNIST digits with noise, 10 class folders) to a temporary folder, loads them
with `load_folder` on one process and on all cores, and prints the figures. Last line: `images_per_s=<n>` (all cores).
"""
import os, shutil, tempfile, time, warnings
from pathlib import Path
import numpy as np
from PIL import Image
from synthstudy.data import load_folder, load_mnist5k

N = int(os.environ.get('N_IMAGES', 20_000))

def write_tree(root, n):
    mn, rng = load_mnist5k(), np.random.default_rng(0)
    for c in mn.classes: (root/c).mkdir(parents=True)
    for i in range(n):
        j = i % len(mn)
        img = np.clip(mn.x[j, ..., 0].astype(int) + rng.integers(-20, 20, (28, 28)), 0, 255).astype(np.uint8)
        Image.fromarray(img).save(root/mn.classes[mn.y[j]]/f'{i:05d}.png')

def main():
    t = time.perf_counter(); mn = load_mnist5k(); print(f'mnist5k_load_s={time.perf_counter()-t:.3f} ({len(mn)} images)')
    root = Path(tempfile.mkdtemp())/'tree'
    try:
        t = time.perf_counter(); write_tree(root, N); print(f'wrote {N} PNGs in {time.perf_counter()-t:.1f} s')
        res = {}
        for w in (1, os.cpu_count()):
            t = time.perf_counter()
            with warnings.catch_warnings(): ds = load_folder(root, n_workers=w, progress=False)
            dt = time.perf_counter() - t; res[w] = len(ds)/dt
            assert len(ds) == N and ds.size == (28, 28) and ds.channels == 1
            print(f'workers={w}: {len(ds)} images in {dt:.2f} s = {res[w]:.0f} images/s')
        print(f'speed-up with {os.cpu_count()} workers: {res[os.cpu_count()]/res[1]:.2f}x')
        print(f'images_per_s={res[os.cpu_count()]:.0f}')
    finally: shutil.rmtree(root.parent)

if __name__ == '__main__': main()
