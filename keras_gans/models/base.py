"""`AdversarialModel`: what every family shares, so that it writes only its game."""

import copy
import dataclasses
from typing import Callable
from typing import Optional

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans import losses as losses_lib
from keras_gans._validation import check_positive_int
from keras_gans.models import _data

MAX_SEED = 2**63 - 1


def per_example_mean(values):
    """float32 `[batch]`: the mean of each example's values (any rank)."""
    values = ops.cast(values, "float32")
    if len(values.shape) == 1:
        return values
    return ops.mean(ops.reshape(values, (ops.shape(values)[0], -1)), axis=-1)


@dataclasses.dataclass(frozen=True)
class Update:
    """One gradient update of a training step.

    Args:
        player: the player whose networks' variables the update trains.
        loss: `loss(real, conditions, seed[, prepared])` returning
            `(per_example_loss, outputs)`, run inside the gradient tape.
            `outputs` is a dict; its entries named in the model's
            `metric_names()` are logged (their mean), the rest (fakes,
            logits...) are there for the hooks.
        prepare: an optional `prepare(real, conditions, seed)` run before the
            tape (sampling that no gradient flows through); its result is
            passed to `loss` as `prepared`.
        repeat: how many times the update runs per step. An update repeated
            as many times as the step has real batches (`d_steps`) takes a
            new real batch each time; other updates take the last one.
        logs: the names of the `outputs` entries it logs.
    """

    player: str
    loss: Callable
    prepare: Optional[Callable] = None
    repeat: int = 1
    logs: tuple = ()


class AdversarialModel(keras.Model):
    """The base of every family: networks, players, ordered updates, hooks.

    A family passes its named networks and its players (each a name and the
    networks whose variables it trains) and declares its step as an ordered
    list of `Update`s in `train_updates()`. The base owns the rest:

    - one `train_step`: the updates in order, each with its own stateless
      seed; per-example losses reduced as sum / global batch (so `N`
      replicas make the update of one device); the player's networks' own
      `.losses` (regularizers) added; `LossScaleOptimizer` scaling; metric
      trackers made from the log names (`metric_names()`);
    - `d_steps` real batches per step: `fit` regroups the data so that each
      of the `d_steps` discriminator updates sees its own real batch (the
      paper's Algorithm 1); an epoch has `d_steps` times fewer steps;
    - `compile(optimizers={player: optimizer})` (or `g_optimizer=`,
      `d_optimizer=` for the two usual players), optimizers built on their
      players' variables at once so a `.keras` file resumes them exactly;
    - data checks before anything is traced (shapes, value range of images,
      conditions), `fit(..., rescale=True)` for 8-bit images;
    - randomness from a `[seed, step]` weight: exact resume, and every
      seeded layer of the networks (an `rng_state` weight, e.g. a seeded
      dropout) is seeded from the model's seed;
    - config round trip of the networks, `serving_endpoints()` for export.

    Hooks a family may override: `unpack_data`, `check_conditions`,
    `auxiliary_losses`, `begin_step`, `end_update`, `end_step`,
    `metric_names`, `check_training_data`; state that must save and resume
    is added with `add_state`.

    Args:
        networks: a dict name -> built `keras.Model`; each is also an
            attribute of the model (`model.generator`).
        players: a dict player name -> names of the networks it trains.
        d_steps: the number of real batches (discriminator updates) per step,
            the k of Goodfellow et al.'s Algorithm 1.
        seed: an int that fixes every random draw of training, or `None`.
        **kwargs: passed to `keras.Model`.

    Reference:
        [Goodfellow et al., 2014. Generative Adversarial Nets](
        https://arxiv.org/abs/1406.2661), Algorithm 1.
    """

    default_loss = "non_saturating"
    condition_spec = None  # A tf.TensorSpec of one example's condition.

    def __init__(self, networks, players, d_steps=1, seed=None, **kwargs):
        if not isinstance(networks, dict) or not networks:
            raise ValueError(
                f"`networks` must be a non-empty dict name -> keras.Model. Received: "
                f"networks={networks!r}"
            )
        for name, model in networks.items():
            if not isinstance(model, keras.Model):
                raise ValueError(f"`{name}` must be a keras.Model. Received: {name}={model!r}")
            if not model.built:
                raise ValueError(
                    f"`{name}` must be built (its input shape known). Received an "
                    f"unbuilt model: {name}={model.name!r}"
                )
        if not isinstance(players, dict) or not players:
            raise ValueError(f"`players` must be a non-empty dict. Received: players={players!r}")
        for player, names in players.items():
            unknown = [n for n in names if n not in networks]
            if unknown or not names:
                raise ValueError(
                    f"Player {player!r} must train networks among {list(networks)}. "
                    f"Received: players[{player!r}]={names!r}"
                )
        d_steps = check_positive_int("d_steps", d_steps)
        if seed is not None:
            seed = check_positive_int("seed", seed, minimum=0)
            if seed > MAX_SEED:
                raise ValueError(f"`seed` must be < 2**63. Received: seed={seed}")
        super().__init__(**kwargs)
        for name, model in networks.items():
            setattr(self, name, model)
        object.__setattr__(self, "_network_names", tuple(networks))
        object.__setattr__(self, "_players", {p: tuple(n) for p, n in players.items()})
        object.__setattr__(self, "_trackers", {})
        self.d_steps = d_steps
        self.seed = seed
        initial_seed = seed if seed is not None else int(np.random.randint(2**31 - 1))
        # [seed, step]: the draws of step t are a stateless function of both.
        self.rng_state = self.add_state(
            "rng_state", (2,), "int64", keras.initializers.Constant([initial_seed, 0])
        )
        if seed is not None:
            self._seed_layers(seed)
        self.built = True

    # -------------------------------------------------------------- networks

    @property
    def networks(self):
        """The named networks, a dict name -> `keras.Model`."""
        return {name: getattr(self, name) for name in self._network_names}

    @property
    def players(self):
        """A dict player name -> the names of the networks it trains."""
        return dict(self._players)

    def player_variables(self, player):
        """The trainable variables of `player`'s networks (each once)."""
        seen, variables = set(), []
        for name in self._players[player]:
            for variable in getattr(self, name).trainable_variables:
                if id(variable) not in seen:
                    seen.add(id(variable))
                    variables.append(variable)
        return variables

    def add_state(self, name, shape=(), dtype="float32", initializer="zeros"):
        """Adds controller state: a non-trainable weight saved with the model.

        For state a family updates in its hooks (BEGAN's k_t, an EMA, a
        replay pool): it is saved in `.keras` files and resumes exactly.
        Under a strategy the first replica's assignment is kept.
        """
        return self.add_weight(
            shape=shape,
            dtype=dtype,
            initializer=initializer,
            trainable=False,
            aggregation="only_first_replica",
            name=name,
        )

    def _seed_layers(self, seed):
        """Seeds every layer of the networks that holds an `rng_state` weight."""
        index = 0
        for name in self._network_names:
            for layer in getattr(self, name)._flatten_layers(include_self=False):
                state = getattr(layer, "rng_state", None)
                if state is None or tuple(state.shape) != (2,):
                    continue
                derived = np.random.SeedSequence([seed, index]).generate_state(1)[0]
                state.assign(np.array([int(derived) >> 1, 0], dtype="int64"))
                index += 1

    # --------------------------------------------------------------- compile

    def compile(
        self,
        g_optimizer=None,
        d_optimizer=None,
        loss=None,
        optimizers=None,
        jit_compile="auto",
        **kwargs,
    ):
        """Configures one optimizer per player and the adversarial loss.

        Args:
            g_optimizer: shorthand for `optimizers["generator"]`.
            d_optimizer: shorthand for `optimizers["discriminator"]`.
            loss: a `keras_gans.losses` object or name (default: the
                family's `default_loss`).
            optimizers: a dict player name -> optimizer (instance, name or
                config), one for every player and none shared.
            jit_compile: as in `keras.Model.compile`. `True` compiles the
                step with XLA; `"auto"` leaves XLA off on CPU, where it is
                slower here (see `benchmarks/RESULTS.md`).
            **kwargs: `steps_per_execution`, `run_eagerly`, as in Keras.
        """
        shorthand = {"generator": g_optimizer, "discriminator": d_optimizer}
        if optimizers is None:
            optimizers = {k: v for k, v in shorthand.items() if v is not None}
        elif g_optimizer is not None or d_optimizer is not None:
            raise ValueError(
                "Pass either `optimizers={...}` or `g_optimizer`/`d_optimizer`, not both."
            )
        if not isinstance(optimizers, dict):
            raise ValueError(f"`optimizers` must be a dict. Received: optimizers={optimizers!r}")
        missing = [p for p in self._players if optimizers.get(p) is None]
        extra = [p for p in optimizers if p not in self._players]
        if missing or extra:
            raise ValueError(
                f"{type(self).__name__} needs one optimizer per player {list(self._players)}"
                f" (`g_optimizer` and `d_optimizer` for generator and discriminator). "
                f"Received optimizers for {list(optimizers)}; missing {missing}"
                + (f", unknown {extra}" if extra else "")
            )
        optimizers = {p: keras.optimizers.get(optimizers[p]) for p in self._players}
        if len({id(o) for o in optimizers.values()}) < len(optimizers):
            raise ValueError(
                "Each player needs its own optimizer object: one optimizer cannot hold "
                f"the state of two players. Received: optimizers={optimizers}"
            )
        if keras.config.dtype_policy().name == "mixed_float16":
            optimizers = {
                p: o if isinstance(o, keras.optimizers.LossScaleOptimizer)
                else keras.optimizers.LossScaleOptimizer(o)
                for p, o in optimizers.items()
            }
        loss_identifier = self.default_loss if loss is None else loss
        loss_fn = None if loss_identifier is None else losses_lib.get(loss_identifier)
        super().compile(optimizer=None, jit_compile=jit_compile, **kwargs)
        self.optimizers = optimizers
        self.loss_fn = loss_fn
        with self.distribute_strategy.scope():
            # Built now, each on its player's variables: a model saved before
            # `fit` and one loaded from a file then have the same optimizer
            # variables (Keras skips loading the state of an unbuilt optimizer).
            for player, optimizer in optimizers.items():
                optimizer.build(self.player_variables(player))
            trackers = {name: keras.metrics.Mean(name=name) for name in self.metric_names()}
        object.__setattr__(self, "_trackers", trackers)
        self._adversarial_compile_config = {
            "optimizers": {
                p: keras.saving.serialize_keras_object(o) for p, o in optimizers.items()
            },
            "loss": None if loss_fn is None else keras.saving.serialize_keras_object(loss_fn),
            "jit_compile": jit_compile,
            **kwargs,
        }

    @property
    def g_optimizer(self):
        """The generator player's optimizer."""
        return getattr(self, "optimizers", {}).get("generator")

    @property
    def d_optimizer(self):
        """The discriminator player's optimizer."""
        return getattr(self, "optimizers", {}).get("discriminator")

    def get_compile_config(self):
        return dict(getattr(self, "_adversarial_compile_config", {}))

    def compile_from_config(self, config):
        config = dict(config)
        config["optimizers"] = {
            p: keras.saving.deserialize_keras_object(o) for p, o in config["optimizers"].items()
        }
        if config.get("loss") is not None:
            config["loss"] = keras.saving.deserialize_keras_object(config["loss"])
        self.compile(**config)

    # ---------------------------------------------------------------- config

    def get_config(self):
        config = super().get_config()
        for name in self._network_names:
            config[name] = keras.saving.serialize_keras_object(getattr(self, name))
        config.update({"d_steps": self.d_steps, "seed": self.seed})
        return config

    @classmethod
    def from_config(cls, config):
        config = copy.deepcopy(config)  # Keras' deserialization consumes nested dicts.
        for key, value in config.items():
            if isinstance(value, dict) and {"class_name", "config"} <= set(value):
                config[key] = keras.saving.deserialize_keras_object(value)
        return cls(**config)

    def build(self, input_shape=None):
        self.built = True

    # ----------------------------------------------------------------- steps

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

    def _next_seeds(self, count):
        """`count` fresh stateless seeds for this step and replica."""
        base = self.rng_state.value
        self.rng_state.assign_add(ops.convert_to_tensor([0, 1], dtype="int64"))
        context = tf.distribute.get_replica_context()
        if context is not None and context.num_replicas_in_sync > 1:
            replica = tf.cast(context.replica_id_in_sync_group, tf.int32)
            base = tf.random.experimental.stateless_fold_in(base, replica)
        return tf.random.experimental.stateless_split(base, count)

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

    # ------------------------------------------------------------------ data

    @property
    def sample_shape(self):
        """The shape of one training sample (without the batch axis)."""
        raise NotImplementedError(f"{type(self).__name__} must define `sample_shape`.")

    @property
    def conditional(self):
        """Whether the family trains on `(samples, conditions)`."""
        return self.condition_spec is not None

    @property
    def sample_range(self):
        """The value range training samples must lie in: `[-1, 1]` for images."""
        return (-1.0, 1.0) if len(self.sample_shape) == 3 else None

    def check_conditions(self, conditions):
        """Checks a batch of conditions with `tf.debugging` asserts (a hook).

        Runs eagerly on arrays and on a dataset's first batch (a failure is a
        `ValueError`) and inside the input pipeline for later batches.
        Returns the assert ops (graph mode) or nothing.
        """
        return []

    def fit(self, x=None, y=None, batch_size=None, rescale=False, **kwargs):
        """`keras.Model.fit`, after checking and preparing the data.

        The data is samples, or `(samples, conditions)` for conditional
        families, as arrays or a batched `tf.data.Dataset`. With `d_steps >
        1` it is regrouped so each step takes `d_steps` real batches
        (`group_real_batches`). Every mismatch raises a `ValueError` before
        any graph is traced.

        Args:
            x, y, batch_size: as in `keras.Model.fit`.
            rescale: `True` maps 8-bit images in [0, 255] to [-1, 1]
                (`x / 127.5 - 1`) before training; by default images outside
                [-1, 1] are refused.
            **kwargs: the rest of `keras.Model.fit`'s arguments.
        """
        if not getattr(self, "optimizers", None):
            raise ValueError(
                f"Call `compile(...)` before `fit`: {type(self).__name__} has no optimizers."
            )
        shuffle = kwargs.pop("shuffle", True)
        if isinstance(x, tf.data.Dataset):
            shuffle = False  # A dataset shuffles itself.
        elif x is not None and hasattr(x, "shape") and rescale:
            x = np.asarray(rescale_array(x))
        if rescale and isinstance(x, tf.data.Dataset):
            x = x.map(_rescale_element, num_parallel_calls=tf.data.AUTOTUNE)
        self.check_training_data(x, y)
        if isinstance(x, tf.data.Dataset) and self.condition_spec is not None:
            x = x.map(self._checked_element, num_parallel_calls=tf.data.AUTOTUNE)
        if x is not None and self.real_batches_per_step > 1 and not self._is_grouped(x):
            if not isinstance(x, tf.data.Dataset) and y is not None:
                x, y = tf.data.Dataset.from_tensor_slices((x, y)), None
                x = _shuffled_batches(x, len(x), shuffle, batch_size)
            x = self.group_real_batches(x, batch_size=batch_size, shuffle=shuffle)
            batch_size = None
        if isinstance(x, tf.data.Dataset):
            batch_size, shuffle = None, False
        return super().fit(x, y, batch_size=batch_size, shuffle=shuffle, **kwargs)

    def _is_grouped(self, x):
        if not isinstance(x, tf.data.Dataset):
            return False
        samples, _ = _data.split_element(x.element_spec)
        return samples.shape.rank == len(self.sample_shape) + 2

    def _checked_element(self, *element):
        _, conditions = _data.split_element(element)
        checks = [c for c in (self.check_conditions(conditions) or []) if c is not None]
        with tf.control_dependencies(checks):
            element = tf.nest.map_structure(tf.identity, element)
        return element if len(element) > 1 else element[0]

    def group_real_batches(self, x, batch_size=None, shuffle=True):
        """The data as a dataset of `d_steps` real batches per step.

        Each component of an element is `[batch_size, d_steps, ...]`: column
        `i` is the real batch of the step's `i`-th discriminator update.
        Examples that do not fill a whole group are dropped (per epoch,
        after shuffling).

        Args:
            x: an array of samples or a batched dataset (its batches are
                regrouped; the batch size is the dataset's static batch size
                or that of its first batch).
            batch_size: the real batch size of arrays (default 32, as in
                `fit`); ignored for datasets.
            shuffle: shuffle arrays before each epoch.

        Returns:
            A `tf.data.Dataset`.
        """
        groups = self.real_batches_per_step
        if isinstance(x, tf.data.Dataset):
            if self._is_grouped(x):
                return x
            batch_size = _data.static_batch_size(x)
            count = _data.count_rows(x)
        else:
            batch_size = check_positive_int("batch_size", 32 if batch_size is None else batch_size)
            count = len(x)
            x = _shuffled_batches(tf.data.Dataset.from_tensor_slices(x), count, shuffle, batch_size)
        if count is not None and count < batch_size * groups:
            raise ValueError(
                f"One step needs batch_size * d_steps = {batch_size * groups} examples, "
                f"but the data has {count}. Received: batch_size={batch_size}, "
                f"d_steps={groups}"
            )
        return _data.group_batches(x, groups, batch_size, count)

    def check_training_data(self, x, y=None):
        """Raises `ValueError` if the data does not fit the model (a hook)."""
        if isinstance(x, tf.data.Dataset):
            if x.cardinality() == 0:
                raise ValueError(f"The training dataset is empty. Received: x={x!r}")
            spec = x.element_spec
            if isinstance(spec, dict):
                raise ValueError(
                    "The dataset must yield `x` or `(x, conditions)` tuples. Received "
                    f"element_spec={spec}"
                )
            sample_spec, condition_spec = _data.split_element(spec)
            grouped = self._is_grouped(x)
            if grouped and sample_spec.shape[1] != self.real_batches_per_step:
                raise ValueError(
                    "A dataset of grouped batches [batch, groups, ...] must have one group "
                    f"per discriminator step. Received groups={sample_spec.shape[1]}, "
                    f"d_steps={self.real_batches_per_step}"
                )
            if sample_spec.shape.rank is not None:
                _data.check_sample_shape(
                    tuple(sample_spec.shape)[2 if grouped else 1:], self.sample_shape
                )
            first = _data.first_element(x)
            samples, conditions = _data.split_element(first)
            _data.check_value_range(samples, self.sample_range)
            self._check_condition_values(condition_spec is not None, conditions)
        elif x is not None and hasattr(x, "shape"):
            if len(x) == 0:
                raise ValueError(f"The training data is empty. Received: x.shape={x.shape}")
            _data.check_sample_shape(tuple(x.shape[1:]), self.sample_shape, batched=False)
            _data.check_value_range(np.asarray(x), self.sample_range)
            self._check_condition_values(y is not None, None if y is None else np.asarray(y))

    def _check_condition_values(self, present, conditions):
        name = type(self).__name__
        if present and self.condition_spec is None:
            raise ValueError(
                f"{name} is unconditional, but the data has labels or conditions (it "
                "yields `(x, y)`). Pass the samples alone, or use a conditional family "
                "such as ConditionalGAN."
            )
        if not present and self.condition_spec is not None:
            raise ValueError(
                f"{name} trains on `(x, {self.condition_spec.name})`: the data has no "
                f"{self.condition_spec.name}s (no labels or conditions). Pass `fit(x, y)` "
                "or a dataset of `(samples, conditions)`."
            )
        if conditions is not None:
            try:
                self.check_conditions(tf.convert_to_tensor(conditions))
            except tf.errors.InvalidArgumentError as error:
                message = error.message.split("\n")[0].rstrip(". ")
                values = np.asarray(conditions)
                if values.size and np.issubdtype(values.dtype, np.number):
                    message += f". Received values from {values.min()} to {values.max()}"
                raise ValueError(message) from None


def rescale_array(x):
    """8-bit images `[0, 255]` as float32 in `[-1, 1]` (a new array)."""
    return np.asarray(x, dtype="float32") / 127.5 - 1.0


def _rescale_element(*element):
    samples, conditions = _data.split_element(element)
    samples = _data.rescale_uint8(samples)
    return samples if len(element) == 1 else (samples, conditions)


def _shuffled_batches(dataset, count, shuffle, batch_size):
    if shuffle:
        dataset = dataset.shuffle(count, reshuffle_each_iteration=True)
    return dataset.batch(32 if batch_size is None else batch_size)
