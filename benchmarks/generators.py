"""Generators on mnist5k: training time on the reduced split (20 images per class, 28 px) for the conditional DCGAN
(to its selected checkpoint) and the conditional VAE; CAS (Classification Accuracy Score: the study's classifier trained
on generated images only, tested on the real test split) for both trained on the full training pool.

Then the quick preset's generators (the settings `make study` uses, chosen on validation CAS by
`benchmarks/generator_budget.py`): trained on the reduced split (20 + 10 images per class) of seeds 0, 1, 2, CAS on the
real test split of 100 fresh samples per class, and their training seconds (targets: <= 45 s per seed, cDCGAN CAS
>= 0.75, cVAE CAS >= 0.80). `--quick-only` skips the first part.

Last line: `dcgan_reduced_s=<s> vae_reduced_s=<s> cas_dcgan_full=<fraction> cas_vae_full=<fraction>
cas_dcgan_quick=<mean> cas_vae_quick=<mean> dcgan_quick_s=<mean> vae_quick_s=<mean>`.

`--diffusion` trains the diffusion model (flow matching) on the full training pool for each of `FULL_DIFFUSION_STEPS`
updates (the full preset's other settings; target: CAS >= 0.95 within 15 minutes per seed on 2 CPU cores) and prints
its CAS-per-second curve; last line `cas_diffusion=<fraction> diffusion_s=<s> calib_s=<s> ratio=<diffusion_s/calib_s>`
for the longest budget. It writes `nbs/data/diffusion_full.csv`.
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

FULL_DIFFUSION_STEPS = (1000, 2000, 4000)

def diffusion_full(ds, seed=0):
    "CAS (test split) and training seconds of the diffusion model trained on the full pool, per update budget"
    import pandas as pd
    from pathlib import Path
    from calib import calib_s # the fixed workload of ../shared/calibrate.py
    c = calib_s()
    cfg, n, rows = load_config('full').diffusion, int(np.bincount(ds['train'].y).min()), []
    for steps in FULL_DIFFUSION_STEPS:
        m = fit_generator('diffusion', ds, replace(cfg, steps=steps, seed=seed))
        t0 = time.perf_counter()
        s = m.sample(n, seed+1)
        sample_s = time.perf_counter()-t0
        rows.append({'steps': steps, 'seed': seed, 'train_s': m.train_s, 'sample_s': sample_s, 'n_per_class': n,
                     'cas_test': cas(s, ds, seed=seed)['accuracy'], 'calib_s': c})
        print(' '.join(f'{k}={v:.4g}' if isinstance(v, float) else f'{k}={v}' for k,v in rows[-1].items()),
              flush=True)
        pd.DataFrame(rows).to_csv(Path(__file__).parent.parent/'nbs/data/diffusion_full.csv', index=False)
    r = rows[-1]
    print(f"cas_diffusion={r['cas_test']:.4f} diffusion_s={r['train_s']:.1f} calib_s={c:.2f} "
          f"ratio={r['train_s']/c:.1f}")

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
    if '--diffusion' in sys.argv: return diffusion_full(ds)
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
