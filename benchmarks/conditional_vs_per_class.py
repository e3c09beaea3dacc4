"""One conditional DCGAN against ten per-class DCGANs (report 000's approach) on mnist5k's reduced split (20 images
per class), each per-class GAN getting the update budget the conditional one had in total. Both are selected by FD
(evaluator features) on the validation split; CAS on the real test split.

A per-class GAN's batch is its whole class (20 images) where the conditional one's is 64, so at equal update counts the
ten per-class GANs push 10 x 20 = 200 images through the networks for every 64 of the conditional one. Where time
follows the images processed (a CPU) the time ratio tends to 200/64, about 3, raised by the lower efficiency of small
batches and per-model overheads; where a small update costs about as much as a large one (a GPU) it tends to 10.
The device is printed first. `--k 64 --epochs 90` gives every per-class GAN full 64-image batches (900 updates each).

Last line: `cond_s=<s> per_class_s=<s> time_ratio=<per_class/cond> cas_cond=<fraction> cas_per_class=<fraction>`.
"""
import argparse, warnings
from dataclasses import replace
from synthstudy.data import load_source, reduce
from synthstudy.classify import device_name
from synthstudy.genmetrics import evaluator, cas, fd
from synthstudy.models.core import fit_generator
from synthstudy.models.gan import DCGANConfig

CFG = DCGANConfig(epochs=300, diffaug='color,translation,cutout', eval_every=25)

def main(k:int=20, epochs:int=CFG.epochs):
    warnings.simplefilter('ignore'); print(f'device: {device_name()}')
    ds = load_source('mnist5k'); red = reduce(ds, k, seed=0); ev = evaluator(ds)
    cfg = replace(CFG, epochs=epochs)
    cond = fit_generator('dcgan', red, cfg, ev=ev)
    steps = len(cond.history)*max(1, len(red['train'])//CFG.bs) # updates the conditional GAN made
    pc = fit_generator('dcgan-per-class', red, cfg, ev=ev, steps=steps)
    fr = ev.features(ds['valid'].x)
    sc, sp = cond.sample(100), pc.sample(100)
    print(f'conditional: {cond.train_s:.1f} s, {steps} updates, FD {fd(ev.features(sc.x), fr):.2f}')
    print(f'per class:   {pc.train_s:.1f} s, {steps} updates each, FD {fd(ev.features(sp.x), fr):.2f}')
    print(f'images per update: conditional {min(CFG.bs, len(red["train"]))}, each per-class GAN {min(CFG.bs, len(red["train"])//red.c)}')
    cc, cp = cas(sc, ds)['accuracy'], cas(sp, ds)['accuracy']
    print(f'cond_s={cond.train_s:.1f} per_class_s={pc.train_s:.1f} time_ratio={pc.train_s/cond.train_s:.2f} cas_cond={cc:.4f} cas_per_class={cp:.4f}')

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--k', type=int, default=20, help='training images per class (default 20, the reduced split)')
    p.add_argument('--epochs', type=int, default=CFG.epochs, help=f'conditional GAN epochs (default {CFG.epochs})')
    main(**vars(p.parse_args()))
