"""Plug & Play Generative Networks: MALA-approx sampling with any classifier."""

import keras
import numpy as np
import tensorflow as tf

from keras_gans._validation import check_positive_int
from keras_gans.sampling.ppgn._checks import OUTPUTS
from keras_gans.sampling.ppgn._checks import PRESETS
from keras_gans.sampling.ppgn._checks import SPACES
from keras_gans.sampling.ppgn._checks import check_epsilon
from keras_gans.sampling.ppgn._checks import inner_network
from keras_gans.sampling.ppgn._checks import io_shape
from keras_gans.sampling.ppgn._checks import resolve_clip


class PlugAndPlaySampler:
    """Samples images of a class with a prior and any differentiable classifier.

    Runs Nguyen et al.'s update (their Eq. 11) on a state s, the image x
    itself (`space="x"`) or a generator's input h (`space="h"`, images are
    G(h)):

        d = ε1·prior(s) + ε2·∂log p(y = c | s)/∂s + ε3·n,   n ~ N(0, I)

    where `prior(s)` estimates ∂log p(s)/∂s: R(s) − s of a
    `DenoisingAutoencoder` (`prior=dae`), −s for a standard normal
    (`prior="gaussian"`), plus E(G(h)) − h with `joint=True` (the generator
    and the encoder form a DAE of h, as in joint PPGN-h and the authors'
    code); several terms add up.

    **Update normalisation.** With `normalize=True` (the default) each chain
    moves by `s ← clip(s + step_size · d / mean|d|)`, the mean taken over
    that chain's coordinates, as the authors' code does (with `step_size`
    = 1 and h clipped to the encoder's range). The scale of
    ∂log p(y|s)/∂s changes by orders of magnitude along a chain (it
    vanishes once the classifier is confident) and between networks, so
    fixed ε's would either stall or explode; normalising makes the ε's set
    only the *mix* of the three terms while each step moves the state by
    `step_size` per coordinate on average, and clipping keeps it where the
    generator (or pixels) are valid. It is then not an exact MALA chain:
    with `normalize=False` the update is the plain formula, `s ← clip(s +
    step_size · d)`, and ε1·σ² = ε3²/2 (σ the DAE's noise) is Langevin
    dynamics on the prior.

    Presets (`from_preset(name, ...)`) give the paper's special cases:
    `"activation_maximization"` (ε = 0, 1, 0 in x), `"gaussian_prior"` (λ,
    1, 0 in x with the Gaussian prior), `"ppgn_x"` (DAE on x, in x),
    `"ppgn_h"` (DAE on h, in h through G), `"joint_ppgn_h"` (the DAE on h
    and the G–E loop), `"noiseless_joint_ppgn_h"` (the same without noise,
    ε3 = 0). Their ε's are for the normalised update.

    Args:
        condition: a differentiable Keras model from images to class logits
            `[batch, classes]` (or log-probabilities, see `output`): the
            shipped `fashion_mnist_classifier()`, or any other.
        prior: `None`, `"gaussian"`, or a model with `score(s)` (a
            `DenoisingAutoencoder` on s's space).
        generator: the decoder G from h to images (a Keras model or a
            `FeatureInverter`); required with `space="h"`.
        epsilon1, epsilon2, epsilon3: the weights of the prior, condition
            and noise terms (≥ 0); the defaults are the authors'.
        space: `"x"` (sample images) or `"h"` (sample G's input).
        joint: add E(G(h)) − h to the prior term (needs `space="h"` and an
            encoder: `encoder`, or the `FeatureInverter`'s).
        steps: the default number of updates per chain.
        seed: the default seed of `sample`, or `None`.
        encoder: the model from images to h for `joint=True`.
        step_size: the step (of the normalised update), 1 in the paper.
        normalize: divide each update by its mean absolute value.
        clip: `(low, high)` bounds of the state, `None`, or `"auto"`: [-1,
            1] in x; in h the `FeatureInverter`'s observed feature range.
        initial_std: the standard deviation of random starting states.
        output: `"logits"` (softmax over the classes) or
            `"log_probabilities"` (used as they are) for `condition`'s output.

    Example:

    ```python
    import keras
    import keras_gans

    classifier = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(),
                                   keras.layers.Dense(3)])
    sampler = keras_gans.sampling.PlugAndPlaySampler.from_preset(
        "activation_maximization", condition=classifier, steps=5, seed=0)
    images = sampler.sample(class_index=1, count=2)  # (2, 4, 4, 1)
    ```

    Reference:
        [Nguyen et al., 2017. Plug & Play Generative Networks: Conditional
        Iterative Generation of Images in Latent Space](
        https://arxiv.org/abs/1612.00005), Eq. 11 and sections 3.1-3.6.
    """

    def __init__(
        self, condition, prior=None, generator=None, epsilon1=1e-5, epsilon2=1.0,
        epsilon3=1e-17, space="h", joint=False, steps=200, seed=None, encoder=None,
        step_size=1.0, normalize=True, clip="auto", initial_std=1.0, output="logits",
    ):
        if not isinstance(condition, keras.Model) or not condition.built:
            raise ValueError(f"`condition` must be a built keras.Model. Received: {condition!r}")
        out = condition.output_shape
        if output not in OUTPUTS:
            raise ValueError(f"`output` must be one of {OUTPUTS}. Received: output={output!r}")
        if isinstance(out, list) or len(out) != 2 or out[-1] is None or (
            out[-1] < (2 if output == "logits" else 1)
        ):
            raise ValueError(
                "`condition` must output class logits [batch, classes] (classes >= 2) or "
                f"log-probabilities [batch, k]. Received: condition output shape {out}"
            )
        self.num_classes = int(out[-1])
        self.epsilon1 = check_epsilon("epsilon1", epsilon1)
        self.epsilon2 = check_epsilon("epsilon2", epsilon2)
        self.epsilon3 = check_epsilon("epsilon3", epsilon3)
        self.step_size = check_epsilon("step_size", step_size)
        self.initial_std = check_epsilon("initial_std", initial_std)
        if space not in SPACES:
            raise ValueError(f"`space` must be 'x' or 'h'. Received: space={space!r}")
        if space == "h" and generator is None:
            raise ValueError(
                '`space="h"` samples the generator\'s input h: pass `generator`. Received: '
                "generator=None"
            )
        self.steps = check_positive_int("steps", steps)
        self.seed = None if seed is None else check_positive_int("seed", seed, minimum=0)
        self.condition, self.space, self.joint, self.output = condition, space, bool(joint), output
        self.normalize = bool(normalize)
        self.image_shape = io_shape(condition, "input")
        self.decoder = None if generator is None else inner_network(generator, "generator")
        if space == "h":
            self.state_shape = io_shape(self.decoder, "input")
            made = io_shape(self.decoder, "output")
            if made != self.image_shape:
                raise ValueError(
                    "The generator's output must fit `condition`'s input. Received: "
                    f"generator output {made}, condition input {self.image_shape}"
                )
        else:
            self.state_shape = self.image_shape
        if encoder is None and joint:
            encoder = getattr(generator, "feature_encoder", None)
        if joint and (space != "h" or encoder is None):
            raise ValueError(
                "`joint=True` adds E(G(h)) - h: it needs space='h' and an `encoder` (or a "
                f"FeatureInverter as generator). Received: space={space!r}, encoder={encoder!r}"
            )
        if joint and io_shape(encoder, "output") != self.state_shape:
            raise ValueError(
                f"`encoder` must map images to h {self.state_shape}. Received: encoder "
                f"output {io_shape(encoder, 'output')}"
            )
        self.encoder = encoder if joint else None
        if prior is not None and prior != "gaussian":
            if not callable(getattr(prior, "score", None)):
                raise ValueError(
                    '`prior` must be None, "gaussian" or a model with `score(s)` (a '
                    f"DenoisingAutoencoder). Received: prior={prior!r}"
                )
            shape = tuple(getattr(prior, "sample_shape", self.state_shape))
            if shape != self.state_shape:
                raise ValueError(
                    f"`prior` must model the sampled space {space!r} of shape "
                    f"{self.state_shape}. Received: a prior of shape {shape}"
                )
        if self.epsilon1 > 0 and prior is None and not joint:
            raise ValueError(
                "`epsilon1` > 0 weights a prior term, but there is none: pass `prior` or "
                f"`joint=True`, or epsilon1=0. Received: epsilon1={epsilon1}, prior=None"
            )
        self.prior = prior
        self.clip = resolve_clip(clip, space, generator)
        self._run = tf.function(self._chain, reduce_retracing=True)

    @classmethod
    def from_preset(cls, preset, condition, **kwargs):
        """A sampler for one of `PRESETS`; `kwargs` override the preset's values."""
        if preset not in PRESETS:
            raise ValueError(f"`preset` must be one of {sorted(PRESETS)}. Received: {preset!r}")
        return cls(condition, **{**PRESETS[preset], **kwargs})

    def get_config(self):
        """The sampler's settings; the networks are not included (see `from_config`)."""
        return {
            "epsilon1": self.epsilon1, "epsilon2": self.epsilon2, "epsilon3": self.epsilon3,
            "space": self.space, "joint": self.joint, "steps": self.steps, "seed": self.seed,
            "step_size": self.step_size, "normalize": self.normalize,
            "clip": None if self.clip is None else list(self.clip),
            "initial_std": self.initial_std, "output": self.output,
            "prior": self.prior if self.prior in (None, "gaussian") else type(self.prior).__name__,
        }

    @classmethod
    def from_config(cls, config, condition, prior=None, generator=None, encoder=None):
        """A sampler from `get_config()` and the networks, which it does not hold.

        Args:
            config: a dict from `get_config()`.
            condition, prior, generator, encoder: the networks, as in the
                constructor; `prior` defaults to the config's `None` or
                `"gaussian"` (a DAE must be passed again).
        """
        config = dict(config)
        named = config.pop("prior", None)
        if prior is None and named not in (None, "gaussian"):
            raise ValueError(
                f"The config's prior is a {named}: pass it as `prior`. Received: prior=None"
            )
        prior = named if prior is None else prior
        clip = config.pop("clip", None)
        return cls(condition, prior=prior, generator=generator, encoder=encoder,
                   clip=None if clip is None else tuple(clip), **config)

    # ----------------------------------------------------------------- terms

    def images(self, state):
        """The images of a batch of states (G(h) in h space)."""
        if self.space == "x":
            return state
        return tf.cast(self.decoder(state, training=False), tf.float32)

    def log_probability(self, state, class_index):
        """log p(y = class_index | state), `[batch]`."""
        out = tf.cast(self.condition(self.images(state), training=False), tf.float32)
        if self.output == "logits":
            out = tf.nn.log_softmax(out, axis=-1)
        return tf.gather(out, class_index, axis=1, batch_dims=1)

    def prior_score(self, state):
        """The prior term ∂log p(s)/∂s, estimated (zeros without a prior)."""
        score = tf.zeros_like(state)
        if self.prior == "gaussian":
            score -= state
        elif self.prior is not None:
            score += tf.cast(self.prior.score(state), tf.float32)
        if self.joint:
            score += tf.cast(self.encoder(self.images(state), training=False), tf.float32) - state
        return score

    def update(self, state, class_index, noise):
        """One step of the chain from `state` with the standard normal `noise`."""
        state = tf.convert_to_tensor(state, tf.float32)
        with tf.GradientTape() as tape:
            tape.watch(state)
            total = tf.reduce_sum(self.log_probability(state, class_index))
        d = self.epsilon2 * tape.gradient(total, state)
        if self.epsilon1 > 0:
            d += self.epsilon1 * self.prior_score(state)
        d += self.epsilon3 * tf.cast(noise, tf.float32)
        if self.normalize:
            axes = list(range(1, len(self.state_shape) + 1))
            d /= tf.reduce_mean(tf.abs(d), axis=axes, keepdims=True) + 1e-12
        state = state + self.step_size * d
        if self.clip is not None:
            state = tf.clip_by_value(state, *self.clip)
        return state

    def _chain(self, state, class_index, steps, seed, every):
        shape = tf.shape(state)
        frames = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        if every > 0:
            frames = frames.write(0, self.images(state))

        def body(t, state, frames):
            noise = tf.random.stateless_normal(
                shape, tf.random.experimental.stateless_fold_in(seed, t)
            )
            state = self.update(state, class_index, noise)
            if every > 0:
                frames = tf.cond(
                    tf.equal((t + 1) % every, 0),
                    lambda: frames.write((t + 1) // every, self.images(state)),
                    lambda: frames,
                )
            return t + 1, state, frames

        _, state, frames = tf.while_loop(
            lambda t, *_: t < steps, body, (tf.constant(0), state, frames)
        )
        return self.images(state), state, frames.stack() if every > 0 else frames.size()

    # -------------------------------------------------------------- sampling

    def _class_indices(self, class_index, count):
        values = np.asarray(class_index)
        if values.ndim == 0:
            values = np.full((count,), values)
        if values.ndim != 1 or len(values) != count or not (
            np.issubdtype(values.dtype, np.integer)
        ):
            raise ValueError(
                "`class_index` must be an int or `count` ints. Received: class_index="
                f"{class_index!r} with count={count}"
            )
        if values.min() < 0 or values.max() >= self.num_classes:
            raise ValueError(
                f"`class_index` must lie in [0, {self.num_classes}) (the condition's "
                f"classes). Received: class_index={class_index!r}"
            )
        return tf.constant(values, tf.int32)

    def initial_states(self, count, seed):
        """`count` random starting states N(0, initial_std²), clipped."""
        shape = tf.concat(
            [tf.reshape(tf.cast(count, tf.int32), [1]), tf.constant(self.state_shape, tf.int32)],
            0,
        )
        state = self.initial_std * tf.random.stateless_normal(shape, seed)
        return state if self.clip is None else tf.clip_by_value(state, *self.clip)

    def sample(self, class_index, count=1, steps=None, return_chain=False, seed=None,
               initial=None, chain_every=1):
        """Runs `count` chains toward `class_index` in a compiled loop.

        Args:
            class_index: an int (every chain) or `count` ints (one per chain).
            count: the number of chains.
            steps: updates per chain (default: the sampler's `steps`).
            return_chain: also return the images along the chains.
            seed: an int fixing the start and the noise (default: the
                sampler's `seed`; `None` for a random one).
            initial: optional starting states `[count, *state_shape]`.
            chain_every: record one frame every `chain_every` steps.

        Returns:
            The final images `[count, *image_shape]` (NumPy, float32); with
            `return_chain`, `(images, chain)` where `chain` holds the frames
            `[1 + steps // chain_every, count, *image_shape]`, the start first.
        """
        count = check_positive_int("count", count)
        steps = self.steps if steps is None else check_positive_int("steps", steps)
        every = check_positive_int("chain_every", chain_every) if return_chain else 0
        classes = self._class_indices(class_index, count)
        seed = self.seed if seed is None else check_positive_int("seed", seed, minimum=0)
        if seed is None:
            seed = int(np.random.randint(2**31 - 1))
        start_seed, noise_seed = tf.unstack(
            tf.random.experimental.stateless_split(tf.constant([seed, 0], tf.int64), 2)
        )
        if initial is None:
            state = self.initial_states(count, start_seed)
        else:
            state = np.asarray(initial, "float32")
            if state.shape != (count, *self.state_shape):
                raise ValueError(
                    f"`initial` must have shape {(count, *self.state_shape)}. Received: "
                    f"initial.shape={state.shape}"
                )
            state = tf.constant(state)
        images, _, frames = self._run(
            state, classes, tf.constant(steps), noise_seed, every
        )
        if return_chain:
            return images.numpy(), frames.numpy()
        return images.numpy()

    # --------------------------------------------------------------- serving

    def serving_trackables(self):
        """The networks a SavedModel of the sampler holds."""
        nets = [self.condition, self.decoder, self.encoder, self.prior]
        return [n for n in nets if isinstance(n, keras.Model)]

    def serving_endpoints(self):
        """`sample(class_index, count, seed)`: the whole chain in the graph.

        `class_index` int32 (every chain), `count` int32, `seed` int64 give
        `images` (float32 in [-1, 1]) and `images_uint8` after `steps`
        updates: the same images as `sample(class_index, count, seed=seed)`.
        Also the `serving_default` signature.
        """

        def sample(class_index, count, seed):
            tf.debugging.assert_less(class_index, self.num_classes, "class_index out of range")
            tf.debugging.assert_non_negative(class_index, "class_index out of range")
            start_seed, noise_seed = tf.unstack(
                tf.random.experimental.stateless_split(tf.stack([seed, tf.zeros_like(seed)]), 2)
            )
            state = self.initial_states(count, start_seed)
            classes = tf.fill([count], class_index)
            images, _, _ = self._chain(state, classes, tf.constant(self.steps), noise_seed, 0)
            pixels = tf.round((tf.clip_by_value(images, -1.0, 1.0) + 1.0) * 127.5)
            return {"images": images, "images_uint8": tf.cast(pixels, tf.uint8)}

        specs = [
            tf.TensorSpec([], tf.int32, name="class_index"),
            tf.TensorSpec([], tf.int32, name="count"),
            tf.TensorSpec([], tf.int64, name="seed"),
        ]
        return {"sample": (sample, specs), "serving_default": (sample, specs)}
