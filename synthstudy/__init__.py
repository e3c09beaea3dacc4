"""Does synthetic data help an image classifier trained on a small or imbalanced dataset, and which kind?

Modules:

- `synthstudy.study.tune`: Every arm tuned on validation data with the same budget: Optuna's TPE sampler, a Wilcoxon pruner over seeds and classes, trials in SQLite or a journal file, the best settings as a YAML file that `synthstudy run` takes"""

__version__ = "0.0.1"
