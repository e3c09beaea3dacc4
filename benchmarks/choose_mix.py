"""Choose how the quick study's fair generative arms mix generated images in, on validation data only.

mnist5k, reduced split (20 training and 10 validation images per class, as the quick study): for each seed, the quick
preset's cDCGAN and cVAE are trained, their samples selected as the preset says (confidence filter + near-copy guard),
and the preset's classifier is trained on the real images plus `ratio` x 20 selected images per class under each mix.
Every classifier is scored on the validation images that neither it nor the selection saw (the validation split minus
the variant's own 100 images: 300 images); the baseline is the same classifier without generated images. The test
split is never read.

Usage: `python benchmarks/choose_mix.py [--seeds 0 1 2]`. Writes `nbs/data/choose_mix.csv`.
Last line: `best ratio=<r> mix=<mix> synthetic_weight=<w> gain=<points over reduced, mean over kinds and seeds>`.
"""
import argparse, math, warnings
from dataclasses import replace
from pathlib import Path
import numpy as np, pandas as pd
from synthstudy.data import load_source, reduce, append_images
from synthstudy.classify import train_classifier, predict, device_name
from synthstudy.genmetrics import evaluator
from synthstudy.models.core import fit_generator, select, first_per_class
from synthstudy.study.config import load_config
from synthstudy.study.run import SELECT_SEED

MIXES = [('concat', 1.0), ('weighted', 0.5), ('weighted', 0.25), ('pretrain', 1.0)]
RATIOS = [0.5, 1.0, 2.0]

def held_out(ds, v):
    "The validation images the variant (its early stopping and the selection thresholds) did not use"
    seen = set(v['valid'].hashes)
    return ds['valid'].subset(np.flatnonzero([h not in seen for h in ds['valid'].hashes]))

def acc(clf, s): return float((predict(clf, s.x).argmax(1)==s.y).mean())

def generator(kind, v, cfg, seed):
    if kind=='dcgan':
        return fit_generator('dcgan', v, replace(cfg.dcgan, seed=seed), ev=evaluator(v), steps=cfg.dcgan_steps)
    return fit_generator(kind, v, replace(getattr(cfg, kind), seed=seed))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--kinds', nargs='+', default=['dcgan', 'vae', 'dae'])
    ap.add_argument('--out', default='nbs/data/choose_mix.csv')
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    print(f'device: {device_name()}')
    cfg, ds, rows = load_config('quick'), load_source('mnist5k'), []
    for seed in a.seeds:
        v = reduce(reduce(ds, cfg.k, seed), cfg.valid_k, seed, split='valid')
        held, ccfg = held_out(ds, v), replace(cfg.classifier, seed=seed)
        judge = train_classifier(v, ccfg, quiet=True)
        base = acc(judge, held)
        for kind in a.kinds:
            m = generator(kind, v, cfg, seed)
            s = select(m, math.ceil(max(RATIOS)*cfg.k), v['train'], cfg.select, judge, v['valid'], seed+SELECT_SEED)
            for ratio in RATIOS:
                add = first_per_class(s.samples, math.ceil(ratio*cfg.k))
                d = append_images(v, add, 'synthetic')
                for mix, w in MIXES:
                    clf = train_classifier(d, replace(ccfg, mix=mix, synthetic_weight=w), quiet=True,
                                           synthetic='synthetic')
                    r = {'seed': seed, 'kind': kind, 'ratio': ratio, 'mix': mix, 'synthetic_weight': w,
                         'n_added': len(add), 'keep_rate': s.stats()['keep_rate'], 'valid_acc': acc(clf, held),
                         'reduced_valid_acc': base, 'steps': clf.steps}
                    r['gain'] = r['valid_acc']-base
                    rows.append(r)
                    print(f"seed {seed} {kind:5s} ratio {ratio:3.1f} {mix:8s} w={w:4.2f}: valid {r['valid_acc']:.4f} "
                          f"(reduced {base:.4f}, {100*r['gain']:+.1f} points), {clf.steps} steps", flush=True)
            Path(a.out).parent.mkdir(parents=True, exist_ok=True)
            pd.DataFrame(rows).to_csv(a.out, index=False)
    df = pd.DataFrame(rows)
    g = df.groupby(['ratio', 'mix', 'synthetic_weight']).gain.mean().sort_values(ascending=False)
    print((100*g).round(2).to_string())
    (ratio, mix, w), best = g.index[0], g.iloc[0]
    print(f'best ratio={ratio} mix={mix} synthetic_weight={w} gain={100*best:+.2f}')

if __name__ == '__main__': main()
