"""The training step of `AdversarialModel`: ordered updates, losses, logs."""

import tensorflow as tf
from keras import ops

from keras_gans.models import _data
from keras_gans.sampling.seeds import next_replica_seed


def per_example_mean(values):
    """float32 `[batch]`: the mean of each example's values (any rank)."""
    values = ops.cast(values, "float32")
    if len(values.shape) == 1:
        return values
    return ops.mean(ops.reshape(values, (ops.shape(values)[0], -1)), axis=-1)


class TrainStep:
    """`train_step` and its hooks (mixed into `AdversarialModel`)."""

    def train_updates(self):
        """The step's ordered `Update`s (each family defines its own)."""
        raise NotImplementedError(f"{type(self).__name__} must define `train_updates()`.")

    def metric_names(self):
        """The names of the logged metrics: every update's `logs` (a hook)."""
        names = []
        for update in self.train_updates():
            names += [n for n in update.logs if n not in names]
        return tuple(names)

    @property
    def metrics(self):
        return list(self._trackers.values())

    @property
    def real_batches_per_step(self):
        """How many real batches one step consumes (`d_steps`)."""
        return self.d_steps

    def unpack_data(self, data):
        """Splits one real batch into `(samples, conditions)` (a hook)."""
        return _data.split_element(data)

    def begin_step(self):
        """Runs at the start of each step, before any update (a hook)."""

    def end_update(self, player, outputs):
        """Runs after each update's gradients are applied (a hook)."""

    def end_step(self, outputs):
        """Runs after the step's last update; `outputs` by player (a hook)."""

    def auxiliary_losses(self, player, real, conditions, outputs):
        """Extra per-example loss terms of `player`, a dict name -> `[batch]`.

        Runs inside the tape of each of `player`'s updates, after its loss;
        `outputs` is what that loss returned. Each term is added to the loss
        and logged under its name (declare the names in `metric_names()`).
        """
        return {}

    def regularization_loss(self, player):
        """The `.losses` of `player`'s networks, summed, divided by the replicas."""
        terms = []
        for name in self._players[player]:
            terms += [ops.cast(t, "float32") for t in getattr(self, name).losses]
        if not terms:
            return 0.0
        replicas = tf.distribute.get_strategy().num_replicas_in_sync
        return ops.sum(ops.stack(terms)) / replicas

    def reduce_loss(self, per_example):
        """Sum over the replica's examples divided by the global batch size."""
        per_example = per_example_mean(per_example)
        replicas = tf.distribute.get_strategy().num_replicas_in_sync
        global_batch = ops.cast(ops.shape(per_example)[0] * replicas, "float32")
        return ops.sum(per_example) / global_batch

    def adversarial_loss(self, real_logits, fake_logits):
        """D's per-example loss and the outputs it logs, from its two logits.

        Returns `(per_example, outputs)` with `d_loss`, `d_real`, `d_fake` (the
        mean outputs of `loss_fn`, a probability for cross-entropy losses)
        and both logits.
        """
        per_example = per_example_mean(self.loss_fn.discriminator_loss(real_logits, fake_logits))
        return per_example, {
            "d_loss": per_example,
            "d_real": self.loss_fn.output(real_logits),
            "d_fake": self.loss_fn.output(fake_logits),
            "real_logits": real_logits,
            "fake_logits": fake_logits,
        }

    def _next_seeds(self, count):
        """`count` fresh stateless seeds for this step and replica."""
        return tf.random.experimental.stateless_split(next_replica_seed(self.rng_state), count)

    def run_update(self, update, real, conditions, seed):
        """Runs one `Update`: loss, auxiliary terms, regularizers, gradients.

        Returns the update's outputs (auxiliary terms included).
        """
        args = (real, conditions, seed)
        if update.prepare is not None:
            args += (update.prepare(real, conditions, seed),)
        optimizer = self.optimizers[update.player]
        variables = self.player_variables(update.player)
        with tf.GradientTape() as tape:
            per_example, outputs = update.loss(*args)
            per_example = per_example_mean(per_example)
            outputs = dict(outputs)
            extra = self.auxiliary_losses(update.player, real, conditions, outputs) or {}
            for name, term in extra.items():
                if name not in self._trackers:
                    raise ValueError(
                        f"The auxiliary loss {name!r} is not a declared metric: add it to "
                        f"`metric_names()`. Declared: {list(self._trackers)}"
                    )
                term = per_example_mean(term)
                per_example = per_example + term
                outputs[name] = term
            loss = self.reduce_loss(per_example) + self.regularization_loss(update.player)
            scaled = optimizer.scale_loss(loss)
        grads = tape.gradient(scaled, variables)
        optimizer.apply_gradients(zip(grads, variables))
        return outputs

    def _real_batches(self, data):
        """The step's real batches, each unpacked to `(samples, conditions)`."""
        samples, _ = _data.split_element(data)
        if samples.shape.rank == len(self.sample_shape) + 2:  # [batch, groups, ...]
            groups = samples.shape[1]
            return [
                self.unpack_data(tf.nest.map_structure(lambda t, i=i: t[:, i], data))
                for i in range(groups)
            ]
        return [self.unpack_data(data)]

    def train_step(self, data):
        reals = self._real_batches(data)
        updates = self.train_updates()
        seeds = self._next_seeds(sum(u.repeat for u in updates))
        self.begin_step()
        index, last = 0, {}
        for update in updates:
            for r in range(update.repeat):
                which = r if update.repeat == len(reals) else len(reals) - 1
                real, conditions = reals[which]
                outputs = self.run_update(update, real, conditions, seeds[index])
                index += 1
                self.track(outputs)
                self.update_augment(update.player, outputs)
                self.end_update(update.player, outputs)
            last[update.player] = outputs
        self.end_step(last)
        return self.metric_logs()

    def track(self, outputs, trackers=None):
        """Adds the mean of each logged entry of `outputs` to its tracker."""
        trackers = self._trackers if trackers is None else trackers
        for name, value in outputs.items():
            if name in trackers:
                trackers[name].update_state(ops.mean(ops.cast(value, "float32")))

    def metric_logs(self, metrics=None):
        """The logs a step returns: each tracked metric's result."""
        logs = {m.name: m.result() for m in (self.metrics if metrics is None else metrics)}
        strategy = tf.distribute.get_strategy()
        if (
            isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy)
            and strategy.extended._in_multi_worker_mode()
        ):
            # Keras reduces multi-worker logs with `reduce(MEAN, v, axis=0)`,
            # which fails on scalars: give each log a length-1 batch axis.
            logs = {name: value[None] for name, value in logs.items()}
        return logs
