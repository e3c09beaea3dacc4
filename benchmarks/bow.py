"""Bag of visual words on mnist5k (4,000 training images: train + valid; 1,000 test), in one run:
report 001's setting (sparse SIFT, linear SVM) against Lazebnik et al.'s (dense SIFT, spatial pyramid L=2,
histogram-intersection SVM), with the same vocabulary size. Prints the stage timings of each.

Last line: `sparse_linear_acc=<fraction> dense_spm_hik_acc=<fraction> gain_points=<n> best_fit_predict_s=<s>`.
"""
import sys, time, warnings
import numpy as np
from synthstudy.data import load_source
from synthstudy.bow import BoVW

VOCAB = int(sys.argv[1]) if len(sys.argv) > 1 else 200

def run(name, m, Xtr, ytr, Xte, yte):
    t0 = time.perf_counter()
    with warnings.catch_warnings(): warnings.simplefilter('ignore'); m.fit(Xtr, ytr)
    acc = (m.predict(Xte) == yte).mean(); dt = time.perf_counter() - t0
    stages = ' '.join(f'{k}={v:.1f}s' for k, v in m.timings_.items())
    print(f'{name}: test accuracy {acc:.4f}, fit+predict {dt:.1f} s ({stages}); images without descriptors: {m.n_empty_} train, {m.n_empty_predict_} test')
    return acc, dt

def main():
    ds = load_source('mnist5k')
    idx = np.r_[ds.splits['train'], ds.splits['valid']]
    Xtr, ytr, Xte, yte = ds.x[idx], ds.y[idx], ds['test'].x, ds['test'].y
    print(f'{len(Xtr)} training and {len(Xte)} test images; vocabulary {VOCAB} words')
    sp, _ = run('sparse SIFT + linear SVM', BoVW('sift', vocab=VOCAB, levels=0, classifier='linear'), Xtr, ytr, Xte, yte)
    de, dt = run('dense SIFT + pyramid L=2 + HIK SVM', BoVW('dense_sift', vocab=VOCAB, levels=2, classifier='hik'), Xtr, ytr, Xte, yte)
    print(f'sparse_linear_acc={sp:.4f} dense_spm_hik_acc={de:.4f} gain_points={100*(de-sp):.1f} best_fit_predict_s={dt:.1f}')

if __name__ == '__main__': main()
