"""The quick study's learning floor: what its optimiser steps alone cost, the measure of its speed target (1.3 x).

A study's units are trainings: every classifier cell makes the recipe's optimiser steps, every generator unit its own.
This script reads the steps a finished run made from its folder (each cell record's `steps`; each generator record's
training images and epochs, with the run's `config.yaml`), times one optimiser step of each network on one thread with
nothing around it (a bare PyTorch loop: forward, loss, backward, optimiser step; no data loading, validation,
callbacks, sampling, selection or scoring; the allocator keeping freed memory, as in a study's processes), and
multiplies. Divided by the two cores, that is the study's wall time if both cores did nothing but optimiser steps, all
the time: a floor no scheduling or overhead removal can go below. BoW cells, the evaluator network, validation,
augmentation and everything else are left out, so the real study costs more.

Every network is timed with the run's settings (a tuned arm's own classifier is timed as the run's), and a classifier
step on fewer images than a batch (k = 5: 50 images) at the full batch's time scaled to its size, which undercounts it
(a step's fixed costs do not shrink): the floor stays a lower bound.

It also counts a classifier step's floating-point operations (`torch.utils.flop_counter`) and compares the rate they
run at with a large matrix product's on the same thread: how much faster the arithmetic itself could go.

The fixed workload of `../shared/calibrate.py` is timed beside the steps, in a fresh process (`benchmarks/calib.py`).

Usage: `python benchmarks/floor.py [RUN] [--repeats 9] [--steps 20]` (RUN: a finished quick run's folder, default
`runs/mnist5k-quick`, which `make study` writes; without it, and no RUN given, the script says so and stops). The steps
are timed in turn, round after round, and each one's median kept: this machine's speed drifts within minutes. Prints a
line per network (`<net> step_ms= steps= core_s=`); the classifier's step with each block's ReLU before its max
pooling (`classifier_relu_before_pool step_ms= ratio=`: the textbook order, which `cnn` no longer builds, with the same
numbers); `flops_step= gflops= matmul_gflops= share=`; the run's own `timings.csv` (one-thread seconds summed over its
units) beside the floor of each part; the rest of the study's work (`work_floor`: the validation passes of every
epoch and the online augmentation timed bare, the test-split evaluations, the BoW cells and the generator units'
sampling, selection and quality checks as the run measured them) as `work besides the steps ...` and `work_floor_s=
work_floor_ratio=` (that work with the steps, over the two cores, and against the steps alone: a lower bound of what
removing every overhead would leave); and last `floor_core_s= floor_s= calib_s= floor_ratio= calib_after_s=
floor_ratio_after=` (the workload timed before and after the steps). `benchmarks/study.py` times the same floor right
after its run (`floor_steps`) and prints the study's time against it.
"""
import argparse, json, statistics, sys, time, warnings
from functools import partial
from pathlib import Path
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode
from synthstudy.study.config import load_config, arm_config, Arm
from synthstudy.classify import cnn, relu_before_pool, keep_freed_memory
from synthstudy.models.vae import CVAE, DAE, _vae_loss
from synthstudy.models.gan import Generator, Discriminator, init_weights, _gan_step

sys.path.insert(0, str(Path(__file__).parent))
from calib import calib_s

def images(n:int, c:int=1, size:int=28):
    "A batch as the study's loaders give it: uint8 (N,H,W,C) images permuted to (N,C,H,W) floats in [0, 1]"
    return torch.randint(0, 256, (n, size, size, c), dtype=torch.uint8).permute(0, 3, 1, 2).float().div_(255)

def classifier_step(cfg, textbook:bool=False):
    "One step of the recipe's classifier: AdamW with its learning rate and weight decay, a batch of `cfg.bs`"
    m = relu_before_pool(cnn(cfg.cnn, 1, 10)) if textbook else cnn(cfg.cnn, 1, 10)
    opt = torch.optim.AdamW(m.parameters(), cfg.lr, weight_decay=cfg.wd)
    x, y = images(cfg.bs), torch.randint(0, 10, (cfg.bs,))
    def step():
        loss = F.cross_entropy(m(x), y)
        opt.zero_grad(); loss.backward(); opt.step()
    return step

def vae_step(cfg, kind:str):
    "One step of the cVAE (or DAE) of `cfg`: its loss, Adam"
    m = CVAE(cfg, 1, 28, 10) if kind=='vae' else DAE(cfg, 1, 28)
    opt = torch.optim.Adam(m.parameters(), cfg.lr)
    x, y = images(cfg.bs), torch.randint(0, 10, (cfg.bs,))
    def step():
        loss = _vae_loss(m, x, y, cfg, kind)
        opt.zero_grad(); loss.backward(); opt.step()
    return step

def dcgan_step(cfg):
    "One update of the cDCGAN's discriminator, then of its generator (`models.gan._gan_step`), without DiffAugment"
    G, D = Generator(cfg, 1, 28, 10), Discriminator(cfg, 1, 28, 10)
    G.apply(init_weights); D.apply(init_weights)
    adam = lambda ps: torch.optim.Adam(ps, lr=cfg.lr, betas=(cfg.beta1, 0.999), weight_decay=cfg.wd)
    optG, optD = adam(G.parameters()), adam(D.parameters())
    x, y, z = images(cfg.bs).mul(2).sub(1), torch.randint(0, 10, (cfg.bs,)), torch.randn(cfg.bs, cfg.nz)
    return lambda: _gan_step(G, D, optG, optD, x, y, z, lambda t: t)

def step_times(steps:dict, n:dict, repeats:int)->dict:
    """Seconds per call of each step (name -> function): the median over `repeats` rounds, each timing `n[name]` calls
    of every step in turn, in an order that alternates between rounds (this machine's speed drifts within minutes)"""
    for f in steps.values():
        for _ in range(10): f()
    out = {k: [] for k in steps}
    for r in range(repeats):
        for k,f in (list(steps.items()) if r%2 else list(steps.items())[::-1]):
            t0 = time.perf_counter()
            for _ in range(n[k]): f()
            out[k].append((time.perf_counter()-t0)/n[k])
    return {k: statistics.median(v) for k,v in out.items()}

def matmul_gflops(n:int=1024, reps:int=20)->float:
    "One thread's rate on a large float32 matrix product, GFLOP/s"
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3): a@b
    t0 = time.perf_counter()
    for _ in range(reps): a@b
    return 2*n**3*reps/(time.perf_counter()-t0)/1e9

def cell_steps(run:Path, cfg)->dict:
    """Classifier steps per cell record of `run` (its `steps`; BoW cells make none): {(arm, seed): (steps, images per
    batch)}; a generator arm trains on its real and its generated images"""
    out = {}
    for f in sorted((run/'cells').glob('*/seed*.json')):
        r = json.loads(f.read_text())
        if r['arm'].startswith('bow'): continue
        n = r['n_train'] + (r.get('n_generated') or 0)*(Arm.parse(r['arm']).method=='gen')
        out[r['arm'], r['seed']] = (r['steps'], min(n, arm_config(cfg, r['arm']).classifier.bs))
    return out

def generator_steps(run:Path, cfg)->dict:
    """Optimiser steps per generator record of `run`: {(folder, seed): (kind, steps)}, from its training images and the
    epochs it made (a DCGAN step updates D, then G; `dcgan_steps` ends its last epoch early)"""
    out = {}
    for f in sorted((run/'generators').glob('*/seed*.json')):
        r = json.loads(f.read_text())
        c = arm_config(cfg, r['arm']) if r.get('arm') else cfg # a tuned arm's own generator
        nb = max(1, r['n_train']//getattr(c, r['kind']).bs)
        steps = r['epochs']*nb
        if r['kind']=='dcgan' and c.dcgan_steps: steps = min(steps, c.dcgan_steps)
        out[f.parent.name, r['seed']] = (r['kind'], steps)
    return out

def work_counts(run:Path, cfg)->tuple:
    """What a run's cells compute besides their steps: {(arm, seed): (epochs, validation images)} (a validation pass an
    epoch; a CAS cell validates on a tenth of its generated images) and {(arm, seed): (pipeline, images augmented)} of
    the online arms"""
    from synthstudy.study.run import Study
    st, valid, aug = Study(cfg, run), {}, {}
    for f in sorted((run/'cells').glob('*/seed*.json')):
        r = json.loads(f.read_text())
        a = Arm.parse(r['arm'])
        if a.method=='bow': continue
        nv = round(0.1*cfg.n_cas*st.ds.c) if a.method=='cas' else len(st.variant(a.data, r['seed'])['valid'])
        valid[r['arm'], r['seed']] = (r['epochs'], nv)
        bs = arm_config(cfg, r['arm']).classifier.bs
        if a.method=='online': aug[r['arm'], r['seed']] = (a.pipeline, r['steps']*min(r['n_train'], bs))
    return st, valid, aug

def work_floor(run:Path, repeats:int=9)->dict:
    """One-thread seconds of the work a run does besides its optimiser steps: timed bare, the validation passes (the
    classifier's forward pass in eval mode, batches of 256) and the online augmentation (the pipeline on a batch of
    training images); as the run measured them (one thread a worker), the test-split evaluations, the BoW cells and the
    generator units' sampling, selection, quality and memorisation checks. A lower bound of the rest: the evaluator
    network, the offline augmentation, the summary and the probe are left out"""
    import pandas as pd
    from synthstudy.augment import AugmentBatch
    cfg = load_config(str(run/'config.yaml'))
    st, valid, aug = work_counts(run, cfg)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        m = cnn(cfg.classifier.cnn, 1, st.ds.c).eval()
        sizes = sorted({b for _, nv in valid.values() for b in [256]*(nv//256) + [nv%256] if b})
        def fwd(b):
            x = images(b)
            def f():
                with torch.no_grad(): m(x)
            return f
        tv = step_times({b: fwd(b) for b in sizes}, {b: 10 for b in sizes}, repeats)
        x = st.ds['train'].x[:cfg.classifier.bs]
        pipes = {p for p, _ in aug.values()}
        ta = step_times({p: partial(AugmentBatch(p, seed=0), x) for p in pipes}, {p: 3 for p in pipes}, repeats)
    finally: torch.set_num_threads(threads)
    out = {'valid': sum(ep*(tv[256]*(nv//256) if nv>=256 else 0.) + ep*(tv[nv%256] if nv%256 else 0.)
                        for ep, nv in valid.values()),
           'augment': sum(ta[p]*n/len(x) for p, n in aug.values())}
    tm = pd.read_csv(run/'timings.csv')
    bow = tm.unit.str.startswith('bow')
    out['evaluate'] = tm[(tm.stage=='evaluate') & ~bow].seconds.sum()
    out['bow'] = tm[bow].seconds.sum()
    gen_other = 0.
    for f in sorted((run/'generators').glob('*/seed*.json')):
        gen_other += sum(v for k, v in json.loads(f.read_text())['timings'].items() if k not in ('train', 'judge'))
    out['generator_other'] = gen_other
    return out

def floor_steps(run:Path, repeats:int=9, n:int=20, calib:bool=True)->dict:
    """The floor of finished run `run`: each network's step time, steps and one-thread seconds, and `floor_s` (their sum
    over the two cores); with `calib`, the workload timed before (`calib_s`) and after (`calib_after_s`) the steps"""
    cfg = load_config(str(run/'config.yaml'))
    cells, gens = cell_steps(run, cfg), generator_steps(run, cfg)
    cal = calib_s() if calib else None
    keep_freed_memory() # as a study's processes do
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        torch.manual_seed(0)
        clf = classifier_step(cfg.classifier)
        steps_ = {'classifier': clf, 'vae': vae_step(cfg.vae, 'vae'), 'dae': vae_step(cfg.dae, 'dae'),
                  'dcgan': dcgan_step(cfg.dcgan), 'textbook': classifier_step(cfg.classifier, textbook=True)}
        t = step_times(steps_, {k: n//2 if k=='dcgan' else n for k in steps_}, repeats)
        with FlopCounterMode(display=False) as fc: clf()
        flops, mm = fc.get_total_flops(), matmul_gflops()
    finally: torch.set_num_threads(threads)
    old = t.pop('textbook')
    core = {'classifier': sum(k*t['classifier']*b/cfg.classifier.bs for k,b in cells.values())}
    steps = {'classifier': sum(k for k,_ in cells.values())}
    for kind in ('vae', 'dae', 'dcgan'):
        steps[kind] = sum(k for g, k in gens.values() if g==kind)
        core[kind] = steps[kind]*t[kind]
    total = sum(core.values())
    return {'step_s': t, 'steps': steps, 'core_s': core, 'textbook_s': old, 'flops': flops, 'matmul_gflops': mm,
            'floor_core_s': total, 'floor_s': total/2, 'calib_s': cal, 'calib_after_s': calib_s() if calib else None}

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('run', nargs='?', help='a finished quick run (default: runs/mnist5k-quick, if make study wrote it)')
    ap.add_argument('--repeats', type=int, default=9, help='timings of each step, the median kept')
    ap.add_argument('--steps', type=int, default=20, help='steps per timing (the DCGAN half as many)')
    a = ap.parse_args()
    warnings.simplefilter('ignore')
    run = Path(a.run or 'runs/mnist5k-quick')
    if not (run/'config.yaml').is_file():
        if a.run is None: sys.exit(print(f"floor: skipped, no finished run in {run} (`make study` writes it)"))
        sys.exit(f"error: {run} is not a finished run folder (no config.yaml)")
    f = floor_steps(run, a.repeats, a.steps)
    t, core, steps = f['step_s'], f['core_s'], f['steps']
    for k in t: print(f'{k} step_ms={1000*t[k]:.2f} steps={steps[k]} core_s={core[k]:.1f}')
    print(f'classifier_relu_before_pool step_ms={1000*f["textbook_s"]:.2f} ratio={f["textbook_s"]/t["classifier"]:.2f}')
    flops, mm = f['flops'], f['matmul_gflops']
    print(f'flops_step={flops/1e9:.3f}G gflops={flops/t["classifier"]/1e9:.1f} matmul_gflops={mm:.1f} '
          f'share={flops/t["classifier"]/1e9/mm:.2f}')
    if (run/'timings.csv').is_file(): # what the run measured (its own day's speed), against the floor of its parts
        import pandas as pd
        tm = pd.read_csv(run/'timings.csv')
        st = tm.groupby('stage').seconds.sum()
        is_gen = tm.unit.str.startswith('gen:')
        gen = {k: tm[is_gen & tm.unit.str.endswith('-'+k)].seconds.sum() for k in t if k!='classifier'}
        print(f"measured train_s={st.get('train', 0):.1f} (floor {core['classifier']:.1f}) "
              + ' '.join(f'{k}_s={v:.1f} (floor {core[k]:.1f})' for k,v in gen.items())
              + f" other_s={st.sum()-st.get('train', 0)-sum(gen.values()):.1f} (floor 0)")
    total, calib, after = f['floor_core_s'], f['calib_s'], f['calib_after_s']
    if (run/'timings.csv').is_file(): # the rest of the study's work, bare: what no overhead removal takes away
        w = work_floor(run, a.repeats)
        print('work besides the steps (one-thread s): ' + ' '.join(f'{k}_s={v:.1f}' for k, v in w.items()))
        print(f'work_floor_s={(total+sum(w.values()))/2:.1f} work_floor_ratio={(total+sum(w.values()))/total:.2f}')
    print(f'floor_core_s={total:.1f} floor_s={total/2:.1f} calib_s={calib:.3f} floor_ratio={total/2/calib:.1f} '
          f'calib_after_s={after:.3f} floor_ratio_after={total/2/after:.1f}')

if __name__ == '__main__': main()
