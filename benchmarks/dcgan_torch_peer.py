"""The PyTorch CPU eager peer of `benchmarks/dcgan_throughput.py` (same networks).

Run by `dcgan_throughput.py --torch-python PYTHON` in a separate Python that
has torch (never a dependency of keras_gans): it builds the DCGAN generator and
discriminator of `keras_gans.models.dcgan_generator/discriminator` for 28x28x1
(latent 100, 64 filters: Dense -> 7x7x128, BN, ReLU, ConvT 5x5/2 -> 64, BN,
ReLU, ConvT 5x5/2 -> 1, tanh; Conv 5x5/2 64, LeakyReLU, Conv 5x5/2 128, BN,
LeakyReLU, Dense 1), trains them with our step (D on real and on a fresh
fake batch, each through D separately; then G on a fresh latent batch; BCE
with logits, Adam(2e-4, 0.5)), then answers on stdout one line per request
read from stdin: a number of steps -> images per second over those steps.
"""

import sys
import time

import torch
from torch import nn

LATENT, BATCH = 100, 128


def networks():
    generator = nn.Sequential(
        nn.Linear(LATENT, 7 * 7 * 128, bias=False), nn.Unflatten(1, (128, 7, 7)),
        nn.BatchNorm2d(128, eps=1e-3, momentum=0.01), nn.ReLU(),
        nn.ConvTranspose2d(128, 64, 5, 2, padding=2, output_padding=1, bias=False),
        nn.BatchNorm2d(64, eps=1e-3, momentum=0.01), nn.ReLU(),
        nn.ConvTranspose2d(64, 1, 5, 2, padding=2, output_padding=1), nn.Tanh(),
    )
    discriminator = nn.Sequential(
        nn.Conv2d(1, 64, 5, 2, padding=2), nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 5, 2, padding=2, bias=False),
        nn.BatchNorm2d(128, eps=1e-3, momentum=0.01), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(7 * 7 * 128, 1),
    )
    return generator, discriminator


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    generator, discriminator = networks()
    g_opt = torch.optim.Adam(generator.parameters(), 2e-4, betas=(0.5, 0.999))
    d_opt = torch.optim.Adam(discriminator.parameters(), 2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    real = torch.rand(BATCH, 1, 28, 28) * 2 - 1
    ones, zeros = torch.ones(BATCH, 1), torch.zeros(BATCH, 1)

    def step():
        with torch.no_grad():
            fake = generator(torch.randn(BATCH, LATENT))
        d_opt.zero_grad(set_to_none=True)
        d_loss = bce(discriminator(real), ones) + bce(discriminator(fake), zeros)
        d_loss.backward()
        d_opt.step()
        g_opt.zero_grad(set_to_none=True)
        g_loss = bce(discriminator(generator(torch.randn(BATCH, LATENT))), ones)
        g_loss.backward()
        g_opt.step()
        return d_loss.item() + g_loss.item()

    for _ in range(3):
        step()
    print(f"ready torch {torch.__version__} threads {torch.get_num_threads()}", flush=True)
    for line in sys.stdin:
        steps = int(line)
        start = time.perf_counter()
        for _ in range(steps):
            step()
        print(steps * BATCH / (time.perf_counter() - start), flush=True)


if __name__ == "__main__":
    main()
