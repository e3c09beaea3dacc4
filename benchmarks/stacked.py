"""Do several quick classifiers trained together cost less per model than one after the other? (issue 40: the floor)

S copies of the quick preset's CNN (widths 16/32/64, 3x3 convolutions, batch norm, max pooling, ReLU, a linear head),
each with its own initialisation, data batch, batch-norm statistics and AdamW state, are trained as ONE network whose
convolutions have `groups=S` (and whose head is a grouped 1x1 convolution): model s sees only its own channels, so
the arithmetic per model is the same as training it alone, up to float rounding (the loss is the sum of the models'
mean losses, so each model's gradient is its own). One thread, a batch of 64 images of 28 px grey per model, as the
quick study trains; no data loading or validation: the floor's kind of step.

Prints, per S, the milliseconds of one stacked step, of S single steps, and their ratio (below 1: stacking lowers
the floor), each the median of interleaved rounds.

Usage: `python benchmarks/stacked.py [--S 1 2 3 6] [--steps 40] [--rounds 5] [--nchw]`. Last line: `best_S= per_model_ratio=`.
"""
import argparse, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F

def grouped_cnn(S:int, widths=(16, 32, 64), n_in:int=1, n_out:int=10)->nn.Sequential:
    "S quick CNNs side by side as one network: every layer grouped by model"
    layers, ni = [], n_in
    for w in widths: # conv, batch norm, max pool, ReLU: the quick classifier's block order
        layers += [nn.Conv2d(S*ni, S*w, 3, padding=1, bias=False, groups=S), nn.BatchNorm2d(S*w), nn.MaxPool2d(2),
                   nn.ReLU()]
        ni = w
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Dropout(0.2), nn.Conv2d(S*ni, S*n_out, 1, groups=S))

def step_ms(S:int, steps:int, bs:int=64, seed:int=0, channels_last:bool=True)->float:
    "Milliseconds of one AdamW step of S grouped models on their own batches (the median of `steps`)"
    torch.manual_seed(seed)
    m = grouped_cnn(S).train()
    fmt = torch.channels_last if channels_last else torch.contiguous_format # the loaders' NHWC batches
    opt = torch.optim.AdamW(m.parameters(), lr=0.004, weight_decay=0.01)
    x, y = torch.randn(S, bs, 1, 28, 28), torch.randint(0, 10, (S, bs))
    xb = x.permute(1, 0, 2, 3, 4).reshape(bs, S, 28, 28).contiguous(memory_format=fmt) # model s: channel s
    m = m.to(memory_format=fmt)
    ts = []
    for i in range(steps+5):
        t0 = time.perf_counter()
        out = m(xb).view(bs, S, 10).permute(1, 0, 2).reshape(S*bs, 10)
        loss = F.cross_entropy(out, y.reshape(-1))*S # the sum of the models' mean losses
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if i >= 5: ts.append(time.perf_counter()-t0) # the first steps warm the allocator
    return 1000*float(np.median(ts))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--S', type=int, nargs='+', default=[1, 2, 3, 6])
    ap.add_argument('--steps', type=int, default=40)
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--nchw', action='store_true', help='contiguous NCHW batches and weights, not channels-last')
    a = ap.parse_args()
    torch.set_num_threads(1)
    res = {S: [] for S in a.S}
    for _ in range(a.rounds): # interleaved, so a slow minute of the machine hits every S alike
        for S in a.S: res[S].append(step_ms(S, a.steps, channels_last=not a.nchw))
    one = float(np.median(res[1])) if 1 in res else step_ms(1, a.steps, channels_last=not a.nchw)
    best = (None, np.inf)
    for S in a.S:
        ms = float(np.median(res[S]))
        ratio = ms/(S*one)
        if S > 1 and ratio < best[1]: best = (S, ratio)
        print(f"S={S} stacked_step_ms={ms:.2f} single_steps_ms={S*one:.2f} per_model_ratio={ratio:.3f}")
    print(f"best_S={best[0]} per_model_ratio={best[1]:.3f}")

if __name__ == '__main__': main()
