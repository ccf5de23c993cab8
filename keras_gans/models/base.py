"""`AdversarialModel`: what every family shares, so that it writes only its game."""

import copy
import dataclasses
from typing import Callable
from typing import Optional

import keras
import numpy as np

from keras_gans import losses as losses_lib
from keras_gans._validation import check_positive_int
from keras_gans.models import _precision
from keras_gans.models._compiler import CompilerChoice
from keras_gans.models._data import TrainingData
from keras_gans.models._step import TrainStep
from keras_gans.models._step import per_example_mean  # noqa: F401  (public here)

MAX_SEED = 2**63 - 1


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


class AdversarialModel(TrainStep, CompilerChoice, TrainingData, keras.Model):
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

    Speed: `precision="auto"` computes in bfloat16 (float32 weights and
    losses) where the hardware has native bfloat16, and
    `compile(jit_compile="auto")` turns XLA on for a long `fit` only if it
    measured it faster for this model on this machine.

    Training aids for every family: `augment=` (a `keras_gans.augment`
    `DiffAugment` or `Adaptive`, applied by the families to every image D
    sees through `augment_images`) and the generators' moving average
    (`generator_ema=True`, or the `GeneratorEMA` callback).

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
        precision: `"float32"` (the default), `"bfloat16"`: the inner
            layers of functional and Sequential networks compute in
            bfloat16 (Keras' `mixed_bfloat16`, float32 variables) while the
            layers producing their outputs, hence logits, samples and
            losses, stay float32 (a subclassed network joins in through a
            `full_precision_layers()` method, as SeqGAN's discriminator
            does, so its rollout rewards are scored in bfloat16); or
            `"auto"`: bfloat16 where the CPU has
            AVX512_BF16/AMX or the GPU is Ampere or later, else float32.
            Set it on a model built from networks made under the float32
            policy. (Passed as a keyword through each family's `**kwargs`.)
        **kwargs: passed to `keras.Model`.

    Reference:
        [Goodfellow et al., 2014. Generative Adversarial Nets](
        https://arxiv.org/abs/1406.2661), Algorithm 1.
    """

    default_loss = "non_saturating"
    condition_spec = None  # A tf.TensorSpec of one example's condition.

    def __init__(self, networks, players, d_steps=1, seed=None, **kwargs):
        generator_ema = kwargs.pop("generator_ema", False)
        precision = _precision.check_precision(kwargs.pop("precision", "float32"))
        from keras_gans import augment as augment_lib

        augment = augment_lib.get(kwargs.pop("augment", None))
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
        object.__setattr__(self, "precision", precision)
        # bfloat16 computation in the networks' inner layers, float32 weights.
        object.__setattr__(
            self, "compute_precision", _precision.apply_precision(networks.values(), precision)
        )
        initial_seed = seed if seed is not None else int(np.random.randint(2**31 - 1))
        # [seed, step]: the draws of step t are a stateless function of both.
        self.rng_state = self.add_state(
            "rng_state", (2,), "int64", keras.initializers.Constant([initial_seed, 0])
        )
        if seed is not None:
            self._seed_layers(seed)
        object.__setattr__(self, "augment", augment)
        if augment is not None:
            self.augment_rng = self.add_state(
                "augment_rng", (2,), "int64",
                keras.initializers.Constant([initial_seed ^ 0x5EED, 0]),
            )
            if augment.adaptive:
                self.augment_p = self.add_state(
                    "augment_p", (), "float32", keras.initializers.Constant(augment.initial_p)
                )
                # [sum of r_t, count] since ADA's last adjustment of p (none
                # when p moves after every update, as files saved before
                # `interval` existed).
                self.augment_stats = None
                if augment.interval > 1:
                    self.augment_stats = self.add_state("augment_stats", (2,), "float32")
        object.__setattr__(self, "use_ema", True)
        self.generator_average = None
        if generator_ema:
            self.add_generator_ema()
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

    def generator_network_names(self):
        """The networks a `GeneratorEMA` averages: those named `generator*`."""
        return [n for n in self._network_names if n.startswith("generator")]

    def add_generator_ema(self):
        """Adds the averaged copy of the generators' weights (saved state).

        Idempotent; `keras_gans.callbacks.GeneratorEMA` calls it. While
        `use_ema` is True (the default) `generate`, `SampleGrid`, evaluation
        callbacks and `keras_gans.export.export` use the averaged weights.
        """
        from keras_gans.models._ema import GeneratorAverage

        if self.generator_average is None:
            variables = [
                v for n in self.generator_network_names()
                for v in getattr(self, n).weights if v.dtype.startswith(("float", "bfloat"))
            ]
            with self.distribute_strategy.scope():
                self.generator_average = GeneratorAverage(variables, name="generator_average")
        return self.generator_average

    def averaged_weights(self):
        """A context in which the generators hold their averaged weights.

        A no-op without `GeneratorEMA` state or with `use_ema=False`.
        """
        import contextlib

        if self.generator_average is None or not self.use_ema:
            return contextlib.nullcontext()
        return self.generator_average.swapped()

    def augment_images(self, images):
        """`images` through the model's `augment` (identity without one).

        Each call draws a fresh stateless seed from the `augment_rng` state;
        with `Adaptive`, each transform applies with probability `augment_p`.
        """
        if self.augment is None:
            return images
        from keras_gans.sampling.seeds import next_replica_seed

        seed = next_replica_seed(self.augment_rng)
        p = self.augment_p.value if self.augment.adaptive else None
        return self.augment.apply(images, seed, p)

    def update_augment(self, player, outputs):
        """ADA: after each update that logged `real_logits`, accumulates r_t
        and moves `augment_p` every `augment.interval` such updates."""
        if self.augment is not None and self.augment.adaptive and "real_logits" in outputs:
            stats = self.augment_stats
            p, new_stats = self.augment.update(
                self.augment_p.value,
                keras.ops.zeros((2,), "float32") if stats is None else stats.value,
                outputs["real_logits"],
            )
            self.augment_p.assign(p)
            if stats is not None:
                stats.assign(new_stats)

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
            jit_compile: `True` compiles the step with XLA, `False` does
                not. `"auto"` (the default) decides by measurement: at the
                start of the first `fit` of at least `AUTO_JIT_MIN_STEPS`
                steps on one device, a few steps are timed both ways on the
                first batch (the model's state is restored afterwards) and
                XLA is kept only if it was faster, and `fit` runs the
                step the probe compiled (XLA compiles it once); shorter
                fits and distributed ones run without XLA. The choice and its
                timings are logged (logger `keras_gans`, and printed when
                `fit` is verbose) and kept in `model.compiler_choice`.
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
        if jit_compile not in (True, False, "auto"):
            raise ValueError(
                "`jit_compile` must be True, False or 'auto'. Received: "
                f"jit_compile={jit_compile!r}"
            )
        super().compile(optimizer=None, jit_compile=jit_compile, **kwargs)
        object.__setattr__(self, "_jit_request", jit_compile)
        object.__setattr__(self, "compiler_choice", None)
        object.__setattr__(self, "_compiled_step", None)  # Traced on the old optimizers.
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
        if self.precision != "float32":
            config["precision"] = self.precision
        if self.generator_average is not None:
            config["generator_ema"] = True
        if self.augment is not None:
            config["augment"] = keras.saving.serialize_keras_object(self.augment)
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
