"""The `keras-gans` command: train, sample, export, evaluate and list.

Every family the command knows is registered once, as a
`keras_gans.cli.registry.FamilyRecipe`; `keras-gans list` prints them. A run
directory holds everything one training run wrote:

```
RUN_DIR/
  run.json          the family, dataset and settings of the run, and
                    epochs_done (updated after every epoch)
  model.keras       the checkpoint after the last epoch (optimizers and RNG
                    state included: `--resume RUN_DIR` continues it exactly)
  samples/          a fixed-latent sample picture per epoch (PNG)
  saved_model/      the generator as a SavedModel for TF Serving
  logs/             TensorBoard
```

A `seqgan` run (`keras-gans train seqgan --dataset oracle|poems|coco`) holds
`samples.txt` (one sample a line) instead of `samples/` and `logs/`, and, on
the oracle, `nll_oracle.json`; see `keras_gans.cli.seqgan`.

Importing this package, `keras-gans --help`, `keras-gans train --help` and
`keras-gans list` import neither TensorFlow nor Keras.
"""

import sys

from keras_gans.cli._common import set_quiet_environment
from keras_gans.cli.parser import make_parser


def main(argv=None):
    """Entry point of the `keras-gans` command.

    Args:
        argv: the arguments, without the program name (default: `sys.argv`).

    Returns:
        0 on success; errors exit with status 2 and a message on stderr.
    """
    set_quiet_environment()  # Before anything imports TensorFlow.
    args = make_parser().parse_args(argv)
    args.func(args)
    return 0


__all__ = ["main", "make_parser"]

if __name__ == "__main__":
    sys.exit(main())
