"""The default from-scratch CNN on the full mnist5k training pool: test accuracy, training time, and the overhead of
synthstudy's fastai path against a bare PyTorch loop doing the same work (model, data, epochs, batch size, optimiser,
one-cycle schedule, a validation pass per epoch, best epoch kept).

Both are run twice, alternating; the overhead ratio compares the fastest round of each. `test_acc` and `train_s` are
those of the first synthstudy run (the same seed gives the same accuracy every round).
Last line: `test_acc=<fraction> train_s=<seconds> fastai_s=<s> torch_s=<s> ratio=<fastai/torch>`.
"""
import copy, math, time
import numpy as np, torch, torch.nn.functional as F
from synthstudy.data import load_source, channel_stats
from synthstudy.classify import TrainConfig, train_classifier, evaluate, create_model, set_seed, ArrayLoader, device_name, pick_device

def bare_torch(ds, cfg):
    "The same recipe as `train_classifier`, written as a plain PyTorch loop"
    set_seed(cfg.seed)
    tr, va = ds['train'], ds['valid']
    mean, std = channel_stats(ds)
    dev = pick_device() # where train_classifier trains too
    model = create_model(cfg, ds.channels, ds.c, ds.size[0], mean.tolist(), np.maximum(std, 1e-3).tolist()).to(dev)
    dl = ArrayLoader(tr.x, tr.y, cfg.bs, shuffle=True, seed=cfg.seed, drop_last=True, device=dev)
    vdl = ArrayLoader(va.x, va.y, 256, device=dev)
    epochs = max(cfg.epochs, math.ceil(cfg.min_steps/len(dl)))
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.wd)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, cfg.lr, total_steps=epochs*len(dl), pct_start=0.25)
    best, state = float('inf'), None
    t0 = time.perf_counter()
    for _ in range(epochs):
        model.train()
        for xb, yb in dl:
            loss = F.cross_entropy(model(xb), yb); opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        model.eval()
        with torch.no_grad(): vl = sum(F.cross_entropy(model(xb), yb, reduction='sum').item() for xb, yb in vdl)/len(va)
        if vl < best: best, state = vl, copy.deepcopy(model.state_dict())
    model.load_state_dict(state)
    dt = time.perf_counter()-t0
    te = ds['test']
    with torch.no_grad(): acc = (model((torch.from_numpy(te.x).permute(0,3,1,2).float()/255).to(dev)).argmax(1).cpu().numpy() == te.y).mean()
    return dt, acc

def main(rounds:int=2):
    ds = load_source('mnist5k')
    print(f'data: {ds}; device: {device_name()}')
    cfg = TrainConfig()
    bare_torch(ds, TrainConfig(epochs=1, min_steps=1)) # warm-up: first-call costs are paid by neither timed run
    fa, to = [], []
    for r in range(rounds): # alternate the two, and keep each one's fastest round: the machine's noise hits both alike
        clf = train_classifier(ds, cfg, quiet=True); acc = evaluate(clf, ds)['scores']['accuracy']; fa.append(clf.train_s)
        print(f'round {r}: synthstudy/fastai: test accuracy {acc:.4f}, best epoch {clf.best_epoch}, {clf.train_s:.1f} s')
        torch_s, torch_acc = bare_torch(ds, cfg); to.append(torch_s)
        print(f'round {r}: bare PyTorch loop:  test accuracy {torch_acc:.4f}, {torch_s:.1f} s')
    print(f'test_acc={acc:.4f} train_s={fa[0]:.1f} fastai_s={min(fa):.1f} torch_s={min(to):.1f} ratio={min(fa)/min(to):.3f}')

if __name__ == '__main__': main()
