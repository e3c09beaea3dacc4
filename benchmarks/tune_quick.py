"""The quick study with and without tuning: every arm given the same budget of Optuna trials on validation data.

For each arm of `--arms` (the baselines and the strongest arms of each kind by default), `synthstudy.study.tune.tune`
runs `--trials` trials on the quick preset (3 seeds per trial, scored on the half of the validation split the arm never
saw; trial 0 is the preset's own settings). Then the quick study runs those arms twice, in fresh folders: with the
preset's settings, and with each arm's best.yaml (`add_tuned`). Only the second step reads the test split.

Usage: `python benchmarks/tune_quick.py [--trials 10] [--arms ...] [--out runs/tune-quick]`.
Writes `nbs/data/tune_quick.csv` (one row per arm: validation accuracy of the defaults and of the best trial, test
accuracy and gain over the baseline untuned and tuned, trials, seconds) and prints a line per arm, then
`tuned_gain_change=<mean over non-baseline arms of (tuned gain - untuned gain), points> tuned_gain_abs_change=<mean of
|tuned gain - untuned gain|, points>`.
"""
import argparse, time, warnings
from pathlib import Path
import pandas as pd
from synthstudy.study.config import load_config, add_tuned, config_dict
from synthstudy.study.run import run_study
from synthstudy.study.tune import tune
from synthstudy.classify import device_name

ARMS = ['reduced', 'reduced+online-elastic', 'reduced+vae', 'imbalanced', 'imbalanced+dae']

def acc(summ, arm, col='mean'):
    s = summ[(summ.arm == arm) & (summ.metric == 'accuracy')]
    return float(s[col].iloc[0]) if len(s) else float('nan')

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--trials', type=int, default=10)
    ap.add_argument('--arms', nargs='+', default=ARMS)
    ap.add_argument('--out', default='runs/tune-quick')
    ap.add_argument('--csv', default='nbs/data/tune_quick.csv')
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    print(f'device: {device_name()}')
    out, cfg, rows = Path(a.out), load_config('quick'), {}
    for arm in a.arms:
        r = tune(cfg, arm, a.trials, out/'tune'/arm, raw={'preset': 'quick'}, progress=None)
        t = pd.read_csv(out/'tune'/arm/'trials.csv')
        start = t[(t['start'] == True) & (t.state == 'complete')] if 'start' in t else t.iloc[:0]
        rows[arm] = {'arm': arm, 'trials': r['trials'], 'complete': r['complete'], 'pruned': r['pruned'],
                     'failed': r['failed'], 'tune_s': float(t.seconds.sum()), # the trials' time (also when resumed)
                     'valid_default': float(start.value.iloc[0]) if len(start) else float('nan'),
                     'valid_best': r['valid_accuracy'], 'best_fields': str(r['best_fields'])}
        print(f"{arm}: {r['trials']} trials ({r['complete']} complete, {r['pruned']} pruned, {r['failed']} failed) in "
              f"{rows[arm]['tune_s']:.0f} s; validation {rows[arm]['valid_default']:.4f} (preset) -> "
              f"{r['valid_accuracy']:.4f} (best)", flush=True)
    base = load_config('quick', arms=a.arms)
    tuned = add_tuned(base, [out/'tune'/arm/'best.yaml' for arm in a.arms])
    for name, c in (('untuned', base), ('tuned', tuned)):
        t0 = time.perf_counter()
        s = run_study(c, out/name, progress=False)['summary_df']
        print(f'{name} study: {time.perf_counter()-t0:.0f} s', flush=True)
        for arm in a.arms:
            b = 'imbalanced' if arm.startswith('imbalanced') else 'reduced'
            rows[arm].update({f'test_{name}': acc(s, arm), f'ci_{name}': acc(s, arm, 'ci_high')-acc(s, arm),
                              f'gain_{name}': acc(s, arm)-acc(s, b) if arm != b else float('nan'),
                              f'gain_ci_low_{name}': acc(s, arm, 'diff_ci_low'),
                              f'gain_ci_high_{name}': acc(s, arm, 'diff_ci_high'),
                              'n_seeds': int(s[(s.arm == arm) & (s.metric == 'accuracy')].n_seeds.iloc[0])})
    df = pd.DataFrame(list(rows.values()))
    Path(a.csv).parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(a.csv, index=False)
    for r in df.itertuples():
        print(f"{r.arm}: test {100*r.test_untuned:.1f} -> {100*r.test_tuned:.1f} (mean of {r.n_seeds} seeds); "
              f"gain over its baseline {100*r.gain_untuned:+.1f} ({100*r.gain_ci_low_untuned:+.1f} to "
              f"{100*r.gain_ci_high_untuned:+.1f}) -> {100*r.gain_tuned:+.1f} ({100*r.gain_ci_low_tuned:+.1f} to "
              f"{100*r.gain_ci_high_tuned:+.1f}) points")
    d = (df.gain_tuned-df.gain_untuned).dropna()
    print(f'tuned_gain_change={100*d.mean():+.2f} tuned_gain_abs_change={100*d.abs().mean():.2f} '
          f'tune_s_total={df.tune_s.sum():.0f}')

if __name__ == '__main__': main()
