"""Cheaper forms of the quick preset's classifier recipe, scored on validation data only.

`--what epoch` (the default) scores two of them, which the preset takes neither of:
- `classifier.min_epoch_steps`: an epoch (one validation, one checkpoint for `KeepBest`) of at least this many steps. A
  training set of 5 images per class makes one step per pass, so one-pass epochs validate 350 times in 350 steps.
- `classifier.cnn.pool_early`: each block pools before its batch norm and activation (a quarter of their work).

`--what precision` scores `classifier.precision` fp32 against bf16 (bfloat16 autocast; the speed-up needs a device
that computes bfloat16 natively, see `classify.bf16_native`).

Each variant of the preset's recipe (the rest unchanged) is scored on each baseline arm (`full`, `reduced`,
`imbalanced` and the learning curve's smallest arm `reduced@5`) exactly as `synthstudy tune` scores a trial: mean
accuracy over the preset's seeds on the half of the validation split the arm never saw (`study.tune.tuning_data`), with
the seconds the trial took (the benchmark's threads, sequential). The test split is never read.

Usage: `python benchmarks/choose_epoch.py [--what epoch|precision] [--out runs/choose-epoch] [--threads 1]
[--seeds 3 4 5] [--arms reduced] [--csv FILE]`; resumes from its folder. Writes
`nbs/data/choose_epoch.csv` (`--what precision`: `nbs/data/choose_precision.csv`; one row per variant: its fields,
validation accuracy and seconds per arm, the mean accuracy, the total seconds) and prints it, then
`best_mean=<variant> fastest=<variant> seconds_ratio_fastest_to_preset=<ratio>`.
"""
import argparse, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
from synthstudy.study.config import load_config, make_config, config_dict
from synthstudy.study.run import Study, folder_logger
from synthstudy.study.tune import Objective, tuning_data, check_space
from synthstudy.classify import device_name
from choose_recipe import score # the same scoring (and resuming) of one recipe

ARMS = ['full', 'reduced', 'imbalanced', 'reduced@5']
SPACES = {'epoch': {'classifier.min_epoch_steps': {'choices': [1, 16]},
                    'classifier.cnn.pool_early': {'choices': [False, True]}},
          'precision': {'classifier.precision': {'choices': ['fp32', 'bf16']}}}
VARIANTS = {'epoch': [{'classifier.min_epoch_steps': m, 'classifier.cnn.pool_early': p} for p in (False, True)
                      for m in (1, 16)],
            'precision': [{'classifier.precision': p} for p in ('fp32', 'bf16')]} # the preset's own first

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--what', choices=list(SPACES), default='epoch')
    ap.add_argument('--out', default=None, help='default runs/choose-<what>')
    ap.add_argument('--csv', default=None, help='default nbs/data/choose_<what>.csv')
    ap.add_argument('--threads', type=int, default=None, help='torch threads (default: torch\'s)')
    ap.add_argument('--seed', type=int, default=0, help='seed of the validation halves')
    ap.add_argument('--seeds', type=int, nargs='+', default=None, help="the study's seeds (default: the preset's)")
    ap.add_argument('--arms', nargs='+', default=ARMS)
    a = ap.parse_args()
    a.out, a.csv = a.out or f'runs/choose-{a.what}', a.csv or f'nbs/data/choose_{a.what}.csv'
    space, variants = SPACES[a.what], VARIANTS[a.what]
    warnings.simplefilter('ignore')
    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    if a.threads: torch.set_num_threads(a.threads)
    print(f'device: {device_name()}, {torch.get_num_threads()} torch threads', flush=True)
    cfg, out = load_config('quick'), Path(a.out)
    if a.seeds: cfg = make_config({**config_dict(cfg), 'seeds': a.seeds})
    space = check_space(space, 'reduced')
    rows = [{'variant': i, **v} for i,v in enumerate(variants)]
    for arm in a.arms:
        folder = out/arm
        folder.mkdir(parents=True, exist_ok=True)
        full = Study(make_config({**config_dict(cfg), 'arms': [arm]}), folder)
        obj = Objective(cfg, arm, space, tuning_data(full.ds, a.seed), folder, folder_logger(folder, 'tune.log'))
        name = f'{a.what}:{arm}:seeds{cfg.seeds}:halves{a.seed}' # a resumed run reuses only trials of the same seeds
        st = optuna.create_study(storage=f'sqlite:///{folder.resolve()}/{a.what}.db', study_name=name,
                                 direction='maximize', load_if_exists=True, pruner=optuna.pruners.NopPruner())
        for i,v in enumerate(variants):
            t = score(st, obj, dict(v), f'{arm} variant {i}') # ints and booleans: stored by a trial as they are
            rows[i][f'valid_{arm}'] = t.value
            rows[i][f'seconds_{arm}'] = (t.datetime_complete-t.datetime_start).total_seconds()
            print(f"{arm} variant {i}: {t.value:.4f} in {rows[i][f'seconds_{arm}']:.0f} s ({v})", flush=True)
    df = pd.DataFrame(rows)
    df['mean_valid'] = df[[f'valid_{arm}' for arm in a.arms]].mean(1)
    df['seconds'] = df[[f'seconds_{arm}' for arm in a.arms]].sum(1)
    Path(a.csv).parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(a.csv, index=False)
    print(df.round(4).to_string(index=False))
    print(f'best_mean={int(df.mean_valid.idxmax())} fastest={int(df.seconds.idxmin())} '
          f'seconds_ratio_fastest_to_preset={df.seconds.min()/df.seconds[0]:.2f}')

if __name__ == '__main__': main()
