"""Choose the quick preset's one classifier recipe (lr, steps, weight decay, widths) on validation data only.

The same `--candidates` recipes, drawn at random (seeded, independent draws: what the expected-best curve of Dodge et
al. 2019 assumes) from the space below plus the quick preset's former recipe as candidate 0, then any `--extra`
recipes (the best trials of a TPE search, say), are scored on each baseline arm (`full`, `reduced`, `imbalanced`)
exactly as `synthstudy tune` scores a trial: mean accuracy over the preset's seeds on the half of the validation split
the arm never saw (`synthstudy.study.tune.tuning_data`). The recipe with the best
mean over the three baselines is the choice. The test split is never read.

Usage: `python benchmarks/choose_recipe.py [--candidates 10] [--out runs/choose-recipe]`; resumes from its folder.
Writes `nbs/data/choose_recipe.csv` (one row per candidate: its fields, validation accuracy per baseline, mean, seconds)
and prints a line per candidate, then `best candidate=<i> <fields> mean_valid=<acc> preset_mean_valid=<acc>` and the
expected best validation accuracy after n random candidates (n = 1, 2, 4, 8, N) on the mean.
"""
import argparse, json, warnings
import yaml
from pathlib import Path
import numpy as np, pandas as pd
from synthstudy.study.config import load_config, make_config, config_dict
from synthstudy.study.run import Study, folder_logger
from synthstudy.study.tune import Objective, tuning_data, check_space, expected_max, suggest
from synthstudy.classify import device_name

ARMS = ['full', 'reduced', 'imbalanced']
SPACE = {'classifier.lr': {'low': 1e-3, 'high': 3e-2, 'log': True},
         'classifier.min_steps': {'low': 100, 'high': 500, 'step': 50},
         'classifier.wd': {'low': 1e-4, 'high': 0.1, 'log': True},
         'classifier.cnn.widths': {'choices': [[16, 32, 64], [32, 64, 128], [48, 96, 192]]}}

# candidate 0: the quick preset's recipe before this search chose one (lr 0.003, 100 steps)
START = {'classifier.lr': 0.003, 'classifier.min_steps': 100, 'classifier.wd': 0.01,
         'classifier.cnn.widths': [32, 64, 128]}

def enc(v): return json.dumps(v) if isinstance(v, list) else v # how a trial stores a list choice

def draw(n:int, seed:int, start:dict)->list:
    "Candidate 0 (`start`), then n-1 independent random draws from SPACE (optuna's RandomSampler)"
    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    st = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=seed))
    sp, out = check_space(SPACE, 'reduced'), [start]
    for _ in range(n-1):
        t = st.ask()
        out.append({f: enc(suggest(t, f, s)) for f,s in sp.items()})
        st.tell(t, 0.)
    return out

def score(st, obj, params:dict, what:str):
    "The finished trial of optuna study `st` with `params`: one scored before (a resumed run), or scored now by `obj`"
    same = [t for t in st.trials if t.state.name=='COMPLETE' and t.params==params]
    if same: return same[0]
    st.enqueue_trial(params)
    st.optimize(obj, n_trials=1)
    t = st.trials[-1]
    if t.state.name!='COMPLETE': raise RuntimeError(f"{what} failed: {t.user_attrs.get('error')}")
    return t

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--candidates', type=int, default=10)
    ap.add_argument('--arms', nargs='+', default=ARMS)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--config', default='quick')
    ap.add_argument('--out', default='runs/choose-recipe')
    ap.add_argument('--csv', default='nbs/data/choose_recipe.csv')
    ap.add_argument('--extra', default=None, metavar='FILE', help='a YAML list of further recipes (field: value) to '
                    'score after the random ones, such as the best trials of a `synthstudy tune` search (not in the '
                    'curve)')
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    print(f'device: {device_name()}', flush=True)
    cfg, out = load_config(a.config), Path(a.out)
    space = check_space(SPACE, 'reduced')
    cands = draw(a.candidates, a.seed, {f: enc(v) for f,v in START.items()})
    extra = yaml.safe_load(open(a.extra)) if a.extra else []
    source = ['preset'] + ['random']*(len(cands)-1) + ['extra']*len(extra)
    cands += [{f: enc(r[f]) for f in SPACE} for r in extra]
    rows = [{'candidate': i, 'source': source[i],
             **{f: json.loads(v) if isinstance(v, str) else v for f,v in c.items()}} for i,c in enumerate(cands)]
    for arm in a.arms:
        folder = out/arm
        folder.mkdir(parents=True, exist_ok=True)
        full = Study(make_config({**config_dict(cfg), 'arms': [arm]}), folder)
        obj = Objective(cfg, arm, space, tuning_data(full.ds, a.seed), folder, folder_logger(folder, 'tune.log'))
        st = optuna.create_study(storage=f'sqlite:///{folder.resolve()}/recipe.db', study_name=f'recipe:{arm}',
                                 direction='maximize', load_if_exists=True, pruner=optuna.pruners.NopPruner())
        for i,c in enumerate(cands): # resumed: a candidate scored before is not rerun
            t = score(st, obj, c, f'{arm} candidate {i}')
            rows[i][f'valid_{arm}'] = t.value
            rows[i][f'seconds_{arm}'] = (t.datetime_complete-t.datetime_start).total_seconds()
            print(f"{arm} candidate {i}: {t.value:.4f} in {rows[i][f'seconds_{arm}']:.0f} s ({c})", flush=True)
    df = pd.DataFrame(rows)
    df['mean_valid'] = df[[f'valid_{arm}' for arm in a.arms]].mean(1)
    Path(a.csv).parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(a.csv, index=False)
    b = df.loc[df.mean_valid.idxmax()]
    fields = {f: b[f] for f in SPACE}
    print(f"best candidate={int(b.candidate)} {fields} mean_valid={b.mean_valid:.4f} "
          f"preset_mean_valid={df.mean_valid[0]:.4f} (validation, {len(cfg.seeds)} seeds)")
    for arm in a.arms: print(f"  {arm}: preset {df[f'valid_{arm}'][0]:.4f} chosen {b[f'valid_{arm}']:.4f}")
    rnd = df.mean_valid.values[df.source=='random'] # the random draws only
    em = expected_max(rnd)
    print('expected best mean validation accuracy after n random candidates: ' +
          ' '.join(f'n={n}:{em[n-1]:.4f}' for n in (1, 2, 4, 8, len(rnd)) if n<=len(rnd)))

if __name__ == '__main__': main()
