"""SeqGAN's pretraining phases: MLE for the generator, D on real vs. samples."""

import keras

from keras_gans.sequence import _checks
from keras_gans.sequence import _family


class Pretraining:
    """`pretrain_generator` and `pretrain_discriminator` (mixed into SeqGAN)."""

    def pretrain_generator(self, x, epochs=1, optimizer=None, **kwargs):
        """Maximum-likelihood pretraining of the generator through its `fit`.

        The generator is compiled with `SparseCategoricalCrossentropy(
        from_logits=True)` and `optimizer` (default: a fresh optimizer with
        `g_optimizer`'s configuration) on the first call or when `optimizer`
        is given; later calls continue with the same optimizer state. The
        rollout generator is re-copied from the generator at the next
        adversarial step.

        Args:
            x: int token ids `[num_sequences, T]` or a batched dataset of them.
            epochs: as in `fit`.
            optimizer: an optimizer for the MLE phase.
            **kwargs: passed to `fit` (`batch_size`, `callbacks`, `verbose`...).

        Returns:
            The `History` of the generator's `fit`.
        """
        _checks.check_token_data("x", x, self.vocab_size, self.sequence_length)
        if optimizer is not None or not getattr(self.generator, "compiled", False):
            if optimizer is None:
                if getattr(self, "g_optimizer", None) is None:
                    raise ValueError(
                        "Call `compile(g_optimizer, d_optimizer)` first or pass "
                        "`optimizer=`. Received: optimizer=None"
                    )
                optimizer = keras.optimizers.deserialize(
                    keras.optimizers.serialize(self.g_optimizer)
                )
            self.generator.compile(
                optimizer=optimizer,
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                jit_compile=getattr(self, "jit_compile", "auto"),
            )
        history = self.generator.fit(x, epochs=epochs, **kwargs)
        self.sync_rollout_generator()
        return history

    def pretrain_discriminator(self, x, epochs=1, **kwargs):
        """Discriminator pretraining through `fit`: real batches vs. samples.

        Every step updates D (with `d_optimizer`) on a batch of `x` against a
        fresh batch of generator samples: the paper's pretraining, with new
        negatives at every step instead of every 3 epochs. Logs `d_loss`,
        `d_real` and `d_fake`.

        Args:
            x: int token ids `[num_sequences, T]` or a batched dataset of them.
            epochs: as in `fit`.
            **kwargs: passed to `fit`.

        Returns:
            The `History` of the `fit`.
        """
        if getattr(self, "d_optimizer", None) is None:
            raise ValueError("Call `compile(g_optimizer, d_optimizer)` before pretraining D.")
        return _family.run_phase(
            self, x, epochs,
            lambda real, seed: self.run_update(self.train_updates()[1], real, None, seed),
            ("d_loss", "d_real", "d_fake"), "discriminator_pretraining", **kwargs,
        )
