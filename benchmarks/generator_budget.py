"""Generator quality against CPU seconds on mnist5k's reduced split (20 training and 10 validation images per class, as
the quick study uses them): the conditional DCGAN, the conditional VAE and the diffusion model (flow matching) over a
few widths, batch sizes and update counts (and, for the diffusion model, guidance weights). Each setting is trained
once per seed; its CAS is scored on the real *validation* split (400 images, never the test split) and its FD
(evaluator features) on fresh samples against the validation images that checkpoint selection did not see. Writes
`nbs/data/generator_budget.csv`, which the generator notebooks plot and from which the quick preset's settings are
chosen (the cheapest setting within a point of the best CAS under 45 s).

CAS is scored with the quick preset's classifier recipe (`study.config`). `--rescore` retrains every setting already in
`--out` and scores it again with the current recipe, keeping the `train_s` measured there (generator training does not
depend on the classifier; the rescoring run may share the machine, so its own seconds are `rescore_train_s`).

Usage: `python benchmarks/generator_budget.py [--seeds 0 1] [--out nbs/data/generator_budget.csv] [--rescore]`.
Last line: `best_dcgan=<setting> cas=<fraction> s=<seconds> best_vae=<setting> cas=<fraction> s=<seconds>`.
"""
import argparse, re, time, warnings
from dataclasses import replace
from pathlib import Path
import numpy as np, pandas as pd
from synthstudy.data import load_source, reduce
from synthstudy.classify import device_name, train_classifier
from synthstudy.genmetrics import Evaluator, evaluator, cas, gen_quality
from synthstudy.models.core import fit_generator
from synthstudy.models.gan import DCGANConfig
from synthstudy.models.vae import VAEConfig
from synthstudy.settings import DiffusionConfig

DCGAN = [dict(ngf=w, ndf=w, bs=bs, steps=s, diffaug=da) for w, bs, da, ss in
         [(32, 32, 'translation,cutout', (400, 800, 1600)), (32, 64, 'translation,cutout', (400, 800)),
          (32, 32, '', (400, 800, 1600)), (64, 64, '', (300, 600))] for s in ss]
DCGAN += [dict(ngf=32, ndf=32, bs=32, steps=s, guide=gd) for gd in (0.3, 1.0) for s in (400, 800)]
# checkpoint selection in the features of the study's judge (the baseline classifier of the same images), as the study
# does, instead of an evaluator network trained on them
DCGAN += [dict(ngf=32, ndf=32, bs=32, steps=800, select='judge')]
VAE = [dict(nf=nf, bs=bs, min_steps=s, beta=b) for nf, bs, b, ss in
       [(32, 64, 1.0, (300, 1000, 2000)), (32, 32, 1.0, (1000, 2000)), (16, 32, 1.0, (1000, 3000)),
        (32, 32, 0.5, (1000, 2000))] for s in ss]
DIFFUSION = [dict(nf=32, bs=64, steps=s, guidance=w) for s in (500, 1000, 2000) for w in (0., 1.)]
DIFFUSION += [dict(nf=32, bs=32, steps=s, guidance=0.) for s in (1000, 2000)]
DIFFUSION += [dict(nf=64, bs=64, steps=1000, guidance=0.)]
SETTINGS = {'dcgan': DCGAN, 'vae': VAE, 'diffusion': DIFFUSION}
from synthstudy.study.config import load_config
CLASSIFIER = load_config('quick').classifier # the quick preset's recipe

def name(kind, p): return kind+' '+' '.join(f'{k}={v}' for k,v in p.items() if v!='')

def fresh_reference(ds, v):
    "The real validation split without the images the DCGAN's checkpoint selection saw"
    seen = set(v['valid'].hashes)
    keep = [i for i,h in zip(ds.splits['valid'], ds['valid'].hashes) if h not in seen]
    return ds.replace(splits={**ds.splits, 'valid': np.asarray(keep)})

_TRAINED = {} # (training settings, seed) -> diffusion model: guidance only changes the sampler

def _diffusion(p, v, seed):
    "The diffusion model of setting `p` (trained once for every guidance weight) with `p`'s guidance"
    key = (tuple((k, x) for k,x in p.items() if k!='guidance'), seed)
    if key not in _TRAINED: _TRAINED[key] = fit_generator('diffusion', v, DiffusionConfig(**p, seed=seed))
    m = _TRAINED[key]
    return replace(m, cfg=replace(m.cfg, guidance=p['guidance']))

def one(kind, p, v, ds, ev, ref, seed):
    if kind=='diffusion': m = _diffusion(p, v, seed)
    elif kind=='dcgan':
        steps = p['steps']
        cfg = DCGANConfig(**{k:x for k,x in p.items() if k not in ('steps', 'select')},
                          eval_every=max(1, 60//max(1, 200//p['bs'])), sample_every=10**6, seed=seed)
        sel = (Evaluator(train_classifier(v, replace(CLASSIFIER, seed=seed), quiet=True)) if p.get('select')=='judge'
               else evaluator(v))
        m = fit_generator('dcgan', v, cfg, ev=sel, steps=steps)
    else: m = fit_generator('vae', v, VAEConfig(**p, epochs=1, seed=seed))
    s = m.sample(100, seed+100_000) # fresh noise: not the samples the checkpoint was selected on
    q = gen_quality(s, ref, ev, seed=seed)
    c = cas(s, ds, replace(CLASSIFIER, seed=seed), seed=seed, split='valid')['accuracy']
    return {'kind': kind, 'setting': name(kind, p), **p, 'seed': seed, 'train_s': m.train_s, 'cas_valid': c,
            'fd_evaluator': q['fd_evaluator'], 'kid_evaluator': q['kid_evaluator'], 'best_epoch': m.best_epoch}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seeds', type=int, nargs='+', default=[0])
    ap.add_argument('--out', default='nbs/data/generator_budget.csv')
    ap.add_argument('--kinds', nargs='+', default=['vae', 'dcgan'])
    ap.add_argument('--match', default='', help='only the settings whose name matches this regular expression')
    ap.add_argument('--append', action='store_true', help='add to the rows already in --out')
    ap.add_argument('--rescore', action='store_true',
                    help='retrain the settings in --out and score their CAS with the current classifier recipe')
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    print(f'device: {device_name()}')
    ds = load_source('mnist5k')
    ev = evaluator(ds)
    if a.rescore: return rescore(a, ds, ev)
    rows = pd.read_csv(a.out).to_dict('records') if a.append and Path(a.out).is_file() else []
    for seed in a.seeds:
        v = reduce(reduce(ds, 20, seed), 10, seed, split='valid')
        ref = fresh_reference(ds, v)
        for kind in a.kinds:
            for p in SETTINGS[kind]:
                if not re.search(a.match, name(kind, p)): continue
                r = one(kind, p, v, ds, ev, ref, seed)
                rows.append(r)
                print(f"{r['setting']:60s} seed {seed}: {r['train_s']:6.1f} s  CAS(valid) {r['cas_valid']:.3f}  "
                      f"FD {r['fd_evaluator']:.2f}", flush=True)
                Path(a.out).parent.mkdir(parents=True, exist_ok=True)
                pd.DataFrame(rows).to_csv(a.out, index=False)
    choose(rows)

def rescore(a, ds, ev):
    "Retrain every (setting, seed) of `a.out` and score it with the current recipe; `train_s` stays the measured one"
    old = pd.read_csv(a.out)
    params = {name(k, p): (k, p) for k, ps in SETTINGS.items() for p in ps}
    rows = []
    for r in old.itertuples():
        kind, p = params[r.setting]
        v = reduce(reduce(ds, 20, r.seed), 10, r.seed, split='valid')
        n = one(kind, p, v, ds, ev, fresh_reference(ds, v), int(r.seed))
        rows.append({**n, 'train_s': r.train_s, 'rescore_train_s': n['train_s'], 'cas_valid_former': r.cas_valid})
        print(f"{r.setting:60s} seed {r.seed}: CAS(valid) {r.cas_valid:.3f} -> {n['cas_valid']:.3f}", flush=True)
        pd.DataFrame(rows).to_csv(a.out + '.rescore', index=False)
    Path(a.out + '.rescore').replace(a.out)
    choose(rows)

def choose(rows):
    "Print the cheapest setting within a point of the best CAS under 45 s, per kind"
    df = pd.DataFrame(rows).groupby(['kind', 'setting'], as_index=False)[['train_s', 'cas_valid']].mean()
    best = {}
    for kind, g in df.groupby('kind'):
        ok = g[g.train_s<=45]
        if ok.empty:
            print(f"{kind}: no setting trains within 45 s (fastest {g.train_s.min():.1f} s)")
            continue
        top = ok.cas_valid.max()
        best[kind] = ok[ok.cas_valid>=top-0.01].sort_values('train_s').iloc[0]
    print(' '.join(f"best_{k}={b.setting.replace(' ', ',')} cas={b.cas_valid:.4f} s={b.train_s:.1f}"
                   for k,b in best.items()))

if __name__ == '__main__': main()
