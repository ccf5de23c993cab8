"""Discrete-sequence GANs: policies, rollouts, REINFORCE, SeqGAN, the oracle.

- `OracleLSTM`: the SeqGAN paper's oracle (synthetic data and NLL-oracle).
- `SequenceGenerator`: an LSTM policy, a `keras.Model` trained by maximum
  likelihood with `fit`.
- `SequenceDiscriminator`: the paper's CNN classifier.
- `SeqGAN`: adversarial training with Monte Carlo rollouts and REINFORCE.
- `MaskGAN` (`SequenceToSequenceGenerator`, `SequenceToSequenceDiscriminator`,
  `SequenceToSequenceCritic`, `mask_sequences`): fill-in-the-blank by
  actor-critic.
- `DiscreteBGAN`: the boundary-seeking GAN's importance-weighted update for
  token sequences and binary images (no rollouts).
- Pieces for other sequence GANs: `monte_carlo_rollouts`,
  `rollout_rewards` (any policy), and the shared policy-gradient core
  `policy_gradient` (`reinforce_loss`, `discounted_returns`, baselines,
  advantages, importance weights).
- `export_sequence_model`: a SavedModel with in-graph sampling (and
  decoding, when a tokenizer is attached).
"""

from keras_gans.sequence import policy_gradient
from keras_gans.sequence.bgan import DiscreteBGAN
from keras_gans.sequence.discriminator import SequenceDiscriminator
from keras_gans.sequence.export import export_sequence_model
from keras_gans.sequence.generator import SequenceGenerator
from keras_gans.sequence.maskgan import MaskGAN
from keras_gans.sequence.masking import mask_sequences
from keras_gans.sequence.oracle import OracleLSTM
from keras_gans.sequence.policy_gradient import discounted_returns
from keras_gans.sequence.policy_gradient import reinforce_loss
from keras_gans.sequence.rollout import monte_carlo_rollouts
from keras_gans.sequence.rollout import rollout_rewards
from keras_gans.sequence.sampling import sample_categorical
from keras_gans.sequence.seq2seq import SequenceToSequenceCritic
from keras_gans.sequence.seq2seq import SequenceToSequenceDiscriminator
from keras_gans.sequence.seq2seq import SequenceToSequenceGenerator
from keras_gans.sequence.seqgan import SeqGAN

__all__ = [
    "DiscreteBGAN",
    "MaskGAN",
    "OracleLSTM",
    "SeqGAN",
    "SequenceDiscriminator",
    "SequenceGenerator",
    "SequenceToSequenceCritic",
    "SequenceToSequenceDiscriminator",
    "SequenceToSequenceGenerator",
    "discounted_returns",
    "export_sequence_model",
    "mask_sequences",
    "monte_carlo_rollouts",
    "policy_gradient",
    "reinforce_loss",
    "rollout_rewards",
    "sample_categorical",
]
