"""Seconds per training step (batch of 64 images of 28 px, 2 torch threads) of velocity networks for the diffusion
model: `models.diffusion.FlowNet` at a few widths, with and without folding 2x2 pixels into channels (`patch`), and,
when the diffusers package is installed (it is not a dependency), its `UNet2DModel` at channels 32/64 with class
embeddings (32 px input: its two stages need a multiple of 2). Also the fixed calibration workload (`calib_s`).

Usage: `python benchmarks/diffusion_net.py`. One line per network:
`net=<name> params=<M> step_s=<s> ratio=<step_s/calib_s>`.
"""
import time, torch, torch.nn.functional as F
from synthstudy.settings import DiffusionConfig
from synthstudy.models.diffusion import FlowNet
from calib import calib_s

def step_s(net, x, call, n=20):
    "Mean seconds of `n` Adam steps of an MSE loss, after 3 warm-up steps"
    opt, t = torch.optim.Adam(net.parameters(), 1e-3), torch.rand(len(x))
    y = torch.randint(0, 10, (len(x),))
    for i in range(n+3):
        if i==3: t0 = time.perf_counter()
        loss = F.mse_loss(call(net, x, t, y), x)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return (time.perf_counter()-t0)/n

def main():
    torch.set_num_threads(2)
    c = calib_s()
    print(f'calib_s={c:.2f}')
    x = torch.randn(64, 1, 28, 28)
    own = lambda m,x,t,y: m(x, t, y)
    nets = [(f'FlowNet nf={nf} patch={p}', FlowNet(DiffusionConfig(nf=nf, patch=p), 1, 28, 10), x, own)
            for nf, p in ((32, 1), (32, 2), (64, 2))]
    try:
        from diffusers import UNet2DModel
        u = UNet2DModel(sample_size=32, in_channels=1, out_channels=1, block_out_channels=(32, 64), layers_per_block=1,
                        down_block_types=('DownBlock2D', 'DownBlock2D'), up_block_types=('UpBlock2D', 'UpBlock2D'),
                        num_class_embeds=11, norm_num_groups=8)
        nets.append(('diffusers UNet2DModel 32/64', u, torch.randn(64, 1, 32, 32),
                     lambda m,x,t,y: m(x, t*1000, class_labels=y).sample))
    except ImportError: print('diffusers is not installed: its UNet2DModel is not timed')
    for name, net, xx, call in nets:
        torch.manual_seed(0)
        s = step_s(net, xx, call)
        n = sum(p.numel() for p in net.parameters())/1e6
        print(f'net={name.replace(" ", "_")} params={n:.2f}M step_s={s:.3f} ratio={s/c:.4f}', flush=True)

if __name__ == '__main__': main()
