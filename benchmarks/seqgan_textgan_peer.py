"""TextGAN-PyTorch's SeqGAN generator step, the peer of `seqgan_oracle.py`'s timing.

Run by `seqgan_oracle.py --textgan-python PYTHON --textgan-path DIR` in a
separate Python that has torch and nltk (never dependencies of keras_gans).
DIR is a checkout of https://github.com/williamSYSU/TextGAN-PyTorch; this
script imports that project's own modules from it (nothing of it is copied
here) and runs its generator's adversarial step the way its oracle
instructor's `adv_train_generator` does with `ADV_g_step = 1`: build a
`ROLLOUT` of the generator, sample a batch, `get_reward` with the rollouts
(the authors' loop over rollouts and prefixes), `batchPGLoss`, one Adam
step. Sizes are the paper's and that project's oracle defaults: vocabulary
5,000, length 20, batch 64, 16 rollouts, generator embedding and hidden 32,
the paper's CNN discriminator (embedding 64), on the CPU.

Protocol: prints the torch version once ready, then answers each line read
from stdin (a step number) with the seconds that one generator step took.
"""

import sys
import time


def main():
    path, threads = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2
    sys.path.insert(0, path)
    import config as cfg
    import torch

    cfg.CUDA = False
    from models.SeqGAN_D import SeqGAN_D
    from models.SeqGAN_G import SeqGAN_G
    from utils import rollout
    from utils.data_loader import GenDataIter

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    vocab, length, batch, rollouts = 5000, 20, 64, 16
    generator = SeqGAN_G(32, 32, vocab, length, cfg.padding_idx, gpu=False)
    discriminator = SeqGAN_D(64, vocab, cfg.padding_idx, gpu=False)
    optimizer = torch.optim.Adam(generator.parameters(), lr=cfg.gen_lr)

    def step():
        rollout_func = rollout.ROLLOUT(generator, False)
        inp, target = GenDataIter.prepare(generator.sample(batch, batch), gpu=False)
        rewards = rollout_func.get_reward(target, rollouts, discriminator)
        loss = generator.batchPGLoss(inp, target, rewards)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    step()  # Warm-up.
    print(f"torch {torch.__version__} threads {torch.get_num_threads()}", flush=True)
    for _ in sys.stdin:
        begin = time.perf_counter()
        step()
        print(time.perf_counter() - begin, flush=True)


if __name__ == "__main__":
    main()
