"""Generators on mnist5k: training time on the reduced split (20 images per class, 28 px) for the conditional DCGAN
(to its selected checkpoint) and the conditional VAE; CAS (Classification Accuracy Score: the study's classifier trained
on generated images only, tested on the real test split) for both trained on the full training pool.

Last line: `dcgan_reduced_s=<s> vae_reduced_s=<s> cas_dcgan_full=<fraction> cas_vae_full=<fraction>`.
"""
import time, warnings
import numpy as np
from synthstudy.data import load_source, reduce
from synthstudy.classify import device_name
from synthstudy.genmetrics import evaluator, cas, gen_quality
from synthstudy.models.core import fit_generator
from synthstudy.models.gan import DCGANConfig
from synthstudy.models.vae import VAEConfig

REDUCED_GAN = DCGANConfig(epochs=300, diffaug='color,translation,cutout', eval_every=25)
FULL_GAN = DCGANConfig(epochs=40, eval_every=5)

def main():
    warnings.simplefilter('ignore'); print(f'device: {device_name()}')
    ds = load_source('mnist5k'); red = reduce(ds, 20, seed=0)
    t0 = time.perf_counter(); ev = evaluator(ds); print(f'evaluator ready in {time.perf_counter()-t0:.1f} s')
    g = fit_generator('dcgan', red, REDUCED_GAN, ev=ev)
    print(f'cDCGAN, reduced: {g.train_s:.1f} s for {len(g.history)} epochs, best epoch {g.best_epoch}, FD {min(h["fd"] for h in g.history if h["fd"] is not None):.2f}')
    v = fit_generator('vae', red)
    print(f'cVAE, reduced: {v.train_s:.1f} s')
    gf = fit_generator('dcgan', ds, FULL_GAN, ev=ev)
    n = int(np.bincount(ds['train'].y).min())
    q = gen_quality(gf.sample(n), ds, ev)
    c_g = cas(gf.sample(n), ds)['accuracy']
    print(f'cDCGAN, full: {gf.train_s:.1f} s, best epoch {gf.best_epoch}; FD {q["fd_evaluator"]:.2f}, SSIM {q["ssim_nearest"]:.3f}, diversity {q["diversity"]:.2f}, CAS {c_g:.4f}')
    vf = fit_generator('vae', ds)
    c_v = cas(vf.sample(n), ds)['accuracy']
    print(f'cVAE, full: {vf.train_s:.1f} s; CAS {c_v:.4f}')
    print(f'dcgan_reduced_s={g.train_s:.1f} vae_reduced_s={v.train_s:.1f} cas_dcgan_full={c_g:.4f} cas_vae_full={c_v:.4f}')

if __name__ == '__main__': main()
