"""Generators on mnist5k: training time on the reduced split (20 images per class, 28 px) for the conditional DCGAN
(to its selected checkpoint) and the conditional VAE; CAS (Classification Accuracy Score: the study's classifier trained
on generated images only, tested on the real test split) for both trained on the full training pool.

Then the quick preset's generators (the settings `make study` uses, chosen on validation CAS by
`benchmarks/generator_budget.py`): trained on the reduced split (20 + 10 images per class) of seeds 0, 1, 2, CAS on the
real test split of 100 fresh samples per class, and their training seconds (targets: <= 45 s per seed, cDCGAN CAS
>= 0.75, cVAE CAS >= 0.80). `--quick-only` skips the first part.

Last line: `dcgan_reduced_s=<s> vae_reduced_s=<s> cas_dcgan_full=<fraction> cas_vae_full=<fraction>
cas_dcgan_quick=<mean> cas_vae_quick=<mean> dcgan_quick_s=<mean> vae_quick_s=<mean>`.
"""
import sys, time, warnings
from dataclasses import replace
from synthstudy.study.config import load_config
from synthstudy.study.run import RAW_SEED
import numpy as np
from synthstudy.data import load_source, reduce
from synthstudy.classify import device_name
from synthstudy.genmetrics import evaluator, cas, gen_quality
from synthstudy.models.core import fit_generator
from synthstudy.models.gan import DCGANConfig
from synthstudy.models.vae import VAEConfig

REDUCED_GAN = DCGANConfig(epochs=300, diffaug='color,translation,cutout', eval_every=25)
FULL_GAN = DCGANConfig(epochs=40, eval_every=5)

def quick(ds, ev):
    "Mean test CAS and training seconds of the quick preset's cDCGAN and cVAE over seeds 0, 1, 2"
    cfg, res = load_config('quick'), {}
    for kind in ('dcgan', 'vae'):
        cs, ts = [], []
        for seed in (0, 1, 2):
            v = reduce(reduce(ds, cfg.k, seed), cfg.valid_k, seed, split='valid')
            kw = dict(ev=evaluator(v), steps=cfg.dcgan_steps) if kind=='dcgan' else {}
            m = fit_generator(kind, v, replace(getattr(cfg, kind), seed=seed), **kw)
            cs.append(cas(m.sample(cfg.n_cas, seed+RAW_SEED), ds, replace(cfg.classifier, seed=seed), seed=seed)['accuracy'])
            ts.append(m.train_s)
            print(f'quick {kind} seed {seed}: {m.train_s:.1f} s, CAS {cs[-1]:.4f}', flush=True)
        res[kind] = (float(np.mean(cs)), float(np.std(cs)), float(np.mean(ts)))
    return res

def main():
    warnings.simplefilter('ignore'); print(f'device: {device_name()}')
    ds = load_source('mnist5k'); red = reduce(ds, 20, seed=0)
    if '--quick-only' in sys.argv:
        q = quick(ds, None)
        print(f"cas_dcgan_quick={q['dcgan'][0]:.4f} cas_vae_quick={q['vae'][0]:.4f} dcgan_quick_s={q['dcgan'][2]:.1f} "
              f"vae_quick_s={q['vae'][2]:.1f}")
        return
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
    q = quick(ds, ev)
    print(f'dcgan_reduced_s={g.train_s:.1f} vae_reduced_s={v.train_s:.1f} cas_dcgan_full={c_g:.4f} cas_vae_full={c_v:.4f} '
          f"cas_dcgan_quick={q['dcgan'][0]:.4f} cas_vae_quick={q['vae'][0]:.4f} dcgan_quick_s={q['dcgan'][2]:.1f} "
          f"vae_quick_s={q['vae'][2]:.1f}")

if __name__ == '__main__': main()
