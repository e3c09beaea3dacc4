"""Where synthstudy trains, and whether it repeats there: the classifier, the conditional VAE and the conditional DCGAN
on mnist5k's reduced split (20 images per class) with the quick preset's budgets, each trained twice with the same seed
on the device fastai picks (the GPU if there is one, else the CPU). Prints, for each, the device its weights ended on,
the seconds of each run, and whether the two runs gave the same numbers (test probabilities, generated images).

Last line: `device=<cuda|cpu> clf_s=<s> vae_s=<s> dcgan_s=<s> repeat=<True|False>`.
"""
import time, warnings
import numpy as np
from synthstudy.data import load_source, reduce
from synthstudy.classify import TrainConfig, train_classifier, predict, pick_device, device_name
from synthstudy.genmetrics import evaluator
from synthstudy.study.config import load_config
from synthstudy.models.core import fit_generator

def twice(name, fit, out, net):
    "Run `fit` twice; print the device of `net` (its module), both times and whether `out` of both runs is identical"
    runs = []
    for _ in range(2):
        t0 = time.perf_counter(); m = fit(); runs.append((time.perf_counter()-t0, m))
    (s0, m0), (s1, m1) = runs
    same = bool(np.array_equal(out(m0), out(m1)))
    print(f'{name:<10} on {next(net(m0).parameters()).device}: {s0:.1f} s, {s1:.1f} s; same numbers twice: {same}')
    return min(s0, s1), same

def main():
    warnings.simplefilter('ignore')
    q = load_config('quick'); dev = pick_device()
    tcfg, vcfg, gcfg = q.classifier, q.vae, q.dcgan
    ds = load_source('mnist5k'); red = reduce(ds, 20, seed=0)
    print(f'device: {device_name()}')
    t0 = time.perf_counter(); ev = evaluator(ds); print(f'evaluator ready in {time.perf_counter()-t0:.1f} s, on {next(ev.model.parameters()).device}')
    te = ds['test'].x
    clf_s, c_same = twice('classifier', lambda: train_classifier(red, tcfg, quiet=True), lambda c: predict(c, te), lambda c: c.model)
    vae_s, v_same = twice('cVAE', lambda: fit_generator('vae', red, vcfg), lambda m: m.sample(20).x, lambda m: m.net)
    gan_s, g_same = twice('cDCGAN', lambda: fit_generator('dcgan', red, gcfg, ev=ev, steps=q.dcgan_steps), lambda g: g.sample(20).x, lambda g: g.net)
    print(f'device={dev.type} clf_s={clf_s:.1f} vae_s={vae_s:.1f} dcgan_s={gan_s:.1f} repeat={c_same and v_same and g_same}')

if __name__ == '__main__': main()
