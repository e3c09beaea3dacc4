"""One conditional DCGAN against ten per-class DCGANs (report 000's approach) on mnist5k's reduced split (20 images
per class), each per-class GAN getting the update budget the conditional one had in total. Both are selected by FD
(evaluator features) on the validation split; CAS on the real test split.

Last line: `cond_s=<s> per_class_s=<s> time_ratio=<per_class/cond> cas_cond=<fraction> cas_per_class=<fraction>`.
"""
import warnings
from synthstudy.data import load_source, reduce
from synthstudy.classify import device_name
from synthstudy.genmetrics import evaluator, cas, fd
from synthstudy.models.gan import DCGANConfig, fit_gan, sample, fit_gan_per_class, sample_per_class

CFG = DCGANConfig(epochs=300, diffaug='color,translation,cutout', eval_every=25)

def main():
    warnings.simplefilter('ignore'); print(f'device: {device_name()}')
    ds = load_source('mnist5k'); red = reduce(ds, 20, seed=0); ev = evaluator(ds)
    cond = fit_gan(red, CFG, ev=ev)
    steps = len(cond.history)*max(1, len(red['train'])//CFG.bs) # updates the conditional GAN made
    pc = fit_gan_per_class(red, CFG, ev=ev, steps=steps)
    fr = ev.features(ds['valid'].x)
    sc, sp = sample(cond, 100), sample_per_class(pc, 100)
    print(f'conditional: {cond.train_s:.1f} s, {steps} updates, FD {fd(ev.features(sc.x), fr):.2f}')
    print(f'per class:   {pc.train_s:.1f} s, {steps} updates each, FD {fd(ev.features(sp.x), fr):.2f}')
    cc, cp = cas(sc, ds)['accuracy'], cas(sp, ds)['accuracy']
    print(f'cond_s={cond.train_s:.1f} per_class_s={pc.train_s:.1f} time_ratio={pc.train_s/cond.train_s:.2f} cas_cond={cc:.4f} cas_per_class={cp:.4f}')

if __name__ == '__main__': main()
