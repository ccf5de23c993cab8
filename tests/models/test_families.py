"""Every family through the family test kit (`tests/family_testing.py`)."""

import family_testing
import keras
import numpy as np
import pytest
import tensorflow as tf
import tensorflow_probability as tfp

from keras_gans import models
from keras_gans import sequence

RNG = np.random.default_rng(0)


def _adam(model, lr=1e-3, **kwargs):
    model.compile(
        g_optimizer=keras.optimizers.Adam(lr), d_optimizer=keras.optimizers.Adam(lr), **kwargs
    )


def _zero_prior(latent_dim):
    # No random draw in a step: two replicas and one device see the same z.
    return tfp.distributions.Deterministic(loc=np.zeros(latent_dim, "float32"))


def _gan(**overrides):
    kwargs = {"d_steps": 2, "seed": 1, **overrides}
    return models.GAN(
        models.mlp_generator(2, 2, hidden_units=(8,)),
        models.mlp_discriminator(2, hidden_units=(8,)),
        **kwargs,
    )


def _dcgan(**overrides):
    kwargs = {"latent_dim": 4, "generator_filters": 4, "discriminator_filters": 4, "seed": 1}
    return models.DCGAN((8, 8, 1), **{**kwargs, **overrides})


def _conditional(**overrides):
    kwargs = {"generator_filters": 4, "discriminator_filters": 4, "seed": 1, **overrides}
    return models.ConditionalGAN((8, 8, 1), 4, 3, **kwargs)


def _seqgan(**overrides):
    kwargs = {"rollout_num": 2, "d_steps": 2, "seed": 3, **overrides}
    return sequence.SeqGAN(
        sequence.SequenceGenerator(6, 4, 8, sequence_length=4),
        sequence.SequenceDiscriminator(
            6, 4, embedding_dim=4, filter_sizes=(1, 2), num_filters=(4, 4), dropout=0.25
        ),
        **kwargs,
    )


def _feature_inverter(**overrides):
    kwargs = {"feature_noise_std": 0.1, "seed": 2, **overrides}
    encoder = keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3, strides=2, padding="same"),
         keras.layers.Flatten(), keras.layers.Dense(6, activation="relu", name="features"),
         keras.layers.Dense(3, name="logits")],
        name="encoder",
    )
    generator = keras.Sequential(
        [keras.Input((6,)), keras.layers.Dense(4 * 4 * 4, activation="relu"),
         keras.layers.Reshape((4, 4, 4)),
         keras.layers.Conv2DTranspose(1, 3, strides=2, padding="same"),
         keras.layers.Activation("tanh", dtype="float32")],
        name="generator",
    )
    discriminator = keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3, strides=2, padding="same"),
         keras.layers.LeakyReLU(0.2), keras.layers.Flatten(),
         keras.layers.Dense(1, dtype="float32")],
        name="discriminator",
    )
    return models.FeatureInverter(
        encoder, generator, discriminator, feature_layer="features", **kwargs
    )
def _acgan(**overrides):
    kwargs = {"generator_filters": 4, "discriminator_filters": 4, "seed": 1, **overrides}
    return models.ACGAN((8, 8, 1), 4, 3, **kwargs)


def _infogan(**overrides):
    kwargs = {
        "noise_dim": 4, "categorical_codes": (3,), "continuous_codes": 2,
        "generator_filters": 4, "discriminator_filters": 4, "q_hidden_units": 8,
        "shared_units": 8, "generator_hidden_units": 8, "seed": 1,
    }
    return models.InfoGAN((8, 8, 1), **{**kwargs, **overrides})


def _lapgan(**overrides):
    kwargs = {"generator_filters": 4, "discriminator_filters": 4, "seed": 1, **overrides}
    return models.LAPGAN((8, 8, 1), 2, 4, **kwargs)


def _lapgan_conditional(**overrides):
    kwargs = {"generator_filters": 4, "discriminator_filters": 4, "seed": 1, **overrides}
    return models.LAPGAN((8, 8, 1), 1, 4, num_classes=3, **kwargs)



def _lapgan_levels(levels):
    return models.LAPGAN((8, 8, 1), levels, 4, generator_filters=4, discriminator_filters=4)
def _wgan(**overrides):
    kwargs = {"d_steps": 2, "seed": 1, **overrides}
    return models.WGAN(
        models.mlp_generator(2, 2, hidden_units=(8,)),
        models.mlp_discriminator(2, hidden_units=(8,)),
        **kwargs,
    )


def _wgan_gp(**overrides):
    kwargs = {"d_steps": 2, "seed": 1, **overrides}
    return models.WGANGP(
        models.mlp_generator(2, 2, hidden_units=(8,)),
        models.mlp_discriminator(2, hidden_units=(8,)),
        **kwargs,
    )


def _began(**overrides):
    kwargs = {"seed": 1, "lambda_k": 0.1, **overrides}
    return models.BEGAN(
        models.began_generator((8, 8, 1), latent_dim=4, filters=4),
        models.began_autoencoder((8, 8, 1), hidden_dim=4, filters=4),
        **kwargs,
    )


def _vae(**overrides):
    kwargs = {"seed": 1, **overrides}
    return models.VAE(
        models.vae_encoder((8, 8, 1), 4, filters=4),
        models.vae_decoder((8, 8, 1), 4, filters=4),
        latent_dim=4,
        **kwargs,
    )


def _conditional_vae(**overrides):
    kwargs = {"seed": 1, "likelihood": "gaussian", **overrides}
    return models.ConditionalVAE(
        models.vae_encoder((8, 8, 1), 4, filters=4, num_classes=3),
        models.vae_decoder((8, 8, 1), 4, filters=4, likelihood="gaussian", num_classes=3),
        latent_dim=4,
        num_classes=3,
        **kwargs,
    )


def _bigan(**overrides):
    kwargs = {"seed": 1, **overrides}
    return models.BiGAN(
        models.dcgan_generator((8, 8, 1), 4, filters=4),
        models.bigan_encoder((8, 8, 1), 4, filters=4),
        models.bigan_discriminator((8, 8, 1), 4, filters=4, hidden_units=8),
        **kwargs,
    )


def _stochastic_generator():
    # The mean and the pre-softplus scale of p(x|z): twice the channels.
    z = keras.Input((4,))
    h = keras.layers.Dense(8 * 8 * 2)(z)
    return keras.Model(z, keras.layers.Reshape((8, 8, 2))(h), name="generator")


def _ali(**overrides):
    kwargs = {"seed": 1, "stochastic_generator": True, **overrides}
    generator = _stochastic_generator() if kwargs["stochastic_generator"] else (
        models.dcgan_generator((8, 8, 1), 4, filters=4)
    )
    return models.ALI(
        generator,
        models.bigan_encoder((8, 8, 1), 4, filters=4, gaussian=True),
        models.bigan_discriminator((8, 8, 1), 4, filters=4, hidden_units=8),
        **kwargs,
    )


def _one_image_discriminator():
    x = keras.Input((8, 8, 1))
    return keras.Model(x, keras.layers.Dense(1)(keras.layers.Flatten()(x)))


def _one_optimizer(model, **kwargs):
    model.compile(optimizer=keras.optimizers.Adam(1e-3), **kwargs)


IMAGES = RNG.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
LABELS = (np.arange(32) % 3).astype("int32")
TOKENS = RNG.integers(0, 6, (32, 4)).astype("int32")

FAMILIES = [
    family_testing.FamilySpec(
        name="gan",
        build=_gan,
        compile=_adam,
        data=(RNG.normal(size=(32, 2)).astype("float32"), None),
        batch_size=8,
        mirrored_overrides={"prior": _zero_prior(2)},
        bad_inputs=[
            ("wrong sample shape", lambda m: m.fit(np.zeros((8, 3), "float32")),
             r"sample shape=\(3,\)"),
            ("labels for an unconditional model",
             lambda m: m.fit(np.zeros((8, 2), "float32"), np.zeros(8)), "unconditional"),
            ("empty data", lambda m: m.fit(np.zeros((0, 2), "float32")), "empty"),
            ("empty dataset",
             lambda m: m.fit(tf.data.Dataset.from_tensor_slices(np.zeros((0, 2), "float32"))
                             .batch(4)), "empty"),
            ("too little data for d_steps",
             lambda m: m.fit(np.zeros((4, 2), "float32"), batch_size=4), "d_steps"),
        ],
    ),
    family_testing.FamilySpec(
        name="dcgan",
        build=_dcgan,
        compile=_adam,
        data=(IMAGES, None),
        batch_size=8,
        # float32: DCGAN's default precision is "auto" (bfloat16 on CPUs with
        # AVX512_BF16/AMX), whose rounding the 1e-5 comparison of one replica
        # with two does not allow for.
        mirrored_overrides={"prior": _zero_prior(4), "precision": "float32"},
        bad_inputs=[
            ("8-bit pixels", lambda m: m.fit(np.full((8, 8, 8, 1), 255, "uint8")), r"\[-1, 1\]"),
            ("no channel axis", lambda m: m.fit(np.zeros((8, 8, 8), "float32")), "channel axis"),
            ("unbatched dataset",
             lambda m: m.fit(tf.data.Dataset.from_tensor_slices(IMAGES)), "batched"),
        ],
    ),
    family_testing.FamilySpec(
        name="conditional_gan",
        build=_conditional,
        compile=_adam,
        data=(IMAGES, LABELS),
        batch_size=8,
        mirrored_overrides={"prior": _zero_prior(4)},
        bad_inputs=[
            ("labels out of range", lambda m: m.fit(IMAGES, LABELS + 1), "num_classes=3"),
            ("labels out of range in a dataset",
             lambda m: m.fit(tf.data.Dataset.from_tensor_slices((IMAGES, LABELS + 5)).batch(8)),
             "num_classes=3"),
            ("float labels", lambda m: m.fit(IMAGES, LABELS.astype("float32")), "integer"),
            ("no labels", lambda m: m.fit(IMAGES), "no labels"),
        ],
    ),
    family_testing.FamilySpec(
        name="seqgan",
        build=_seqgan,
        compile=lambda m, **kw: _adam(m, 1e-2, **kw),
        data=(TOKENS, None),
        batch_size=8,
        mirrored_overrides=None,  # Sampling tokens is the algorithm: no noise-free step.
        bad_inputs=[
            ("token out of the vocabulary", lambda m: m.fit(TOKENS + 6), "vocab"),
            ("wrong length", lambda m: m.fit(TOKENS[:, :3]), "length"),
            ("labels", lambda m: m.fit(TOKENS, LABELS), "alone"),
        ],
    ),
    family_testing.FamilySpec(
        name="feature_inverter",
        build=_feature_inverter,
        compile=_adam,
        data=(IMAGES, None),
        batch_size=8,
        mirrored_overrides={"feature_noise_std": 0.0},
        bad_inputs=[
            ("8-bit pixels", lambda m: m.fit(np.full((8, 8, 8, 1), 255, "uint8")), r"\[-1, 1\]"),
            ("labels", lambda m: m.fit(IMAGES, LABELS), "unconditional"),
            ("unknown feature layer",
             lambda m: models.FeatureInverter(m.encoder, m.generator, m.discriminator,
                                              feature_layer="nope"), "feature_layer"),
            ("negative weight",
             lambda m: models.FeatureInverter(m.encoder, m.generator, m.discriminator,
                                              feature_layer="features", pixel_weight=-1.0),
             "pixel_weight"),
        ],
    ),
    family_testing.FamilySpec(
        name="acgan",
        build=_acgan,
        compile=_adam,
        data=(IMAGES, LABELS),
        batch_size=8,
        mirrored_overrides={"prior": _zero_prior(4)},
        bad_inputs=[
            ("labels out of range", lambda m: m.fit(IMAGES, LABELS + 1), "num_classes=3"),
            ("no labels", lambda m: m.fit(IMAGES), "no labels"),
            ("negative class_weight", lambda m: _acgan(class_weight=-1.0), "class_weight"),
            ("generate a label out of range",
             lambda m: m.generate(2, labels=[0, 3], seed=0), "num_classes=3"),
            ("classify wrong shape", lambda m: m.classify(np.zeros((2, 8, 8), "float32")),
             "images"),
        ],
    ),
    family_testing.FamilySpec(
        name="infogan",
        build=_infogan,
        compile=_adam,
        data=(IMAGES, None),
        batch_size=8,
        mirrored_overrides=None,  # The codes are drawn in every step: no noise-free step.
        bad_inputs=[
            ("labels", lambda m: m.fit(IMAGES, LABELS), "unconditional"),
            ("categorical code count < 2",
             lambda m: _infogan(categorical_codes=(0,)), "categorical_codes"),
            ("continuous code count < 0",
             lambda m: _infogan(continuous_codes=-1), "continuous_codes"),
            ("no code", lambda m: _infogan(categorical_codes=(), continuous_codes=0),
             "at least one code"),
            ("negative info_weight", lambda m: _infogan(info_weight=-0.5), "info_weight"),
            ("negative shared_units", lambda m: _infogan(shared_units=-1), "shared_units"),
            ("negative generator_hidden_units",
             lambda m: _infogan(generator_hidden_units=-1), "generator_hidden_units"),
            ("fixed code out of range",
             lambda m: m.generate(2, seed=0, codes={"categorical": 3}), "categorical"),
        ],
    ),
    family_testing.FamilySpec(
        name="lapgan",
        build=_lapgan,
        compile=_adam,
        data=(IMAGES, None),
        batch_size=8,
        mirrored_overrides=None,  # Noise planes are drawn in every step.
        bad_inputs=[
            ("side does not halve levels times", lambda m: _lapgan_levels(4), "levels"),
            ("labels for an unconditional LAPGAN", lambda m: m.fit(IMAGES, LABELS),
             "unconditional"),
            ("8-bit pixels", lambda m: m.fit(np.full((8, 8, 8, 1), 255, "uint8")), r"\[-1, 1\]"),
        ],
    ),
    family_testing.FamilySpec(
        name="lapgan_conditional",
        build=_lapgan_conditional,
        compile=_adam,
        data=(IMAGES, LABELS),
        batch_size=8,
        mirrored_overrides=None,
        bad_inputs=[
            ("labels out of range", lambda m: m.fit(IMAGES, LABELS + 1), "num_classes=3"),
            ("generate a label out of range",
             lambda m: m.generate(2, labels=[0, -1], seed=0), "num_classes=3"),
            ("no labels", lambda m: m.fit(IMAGES), "no labels"),
        ],
    ),
    family_testing.FamilySpec(
        name="wgan",
        build=_wgan,
        compile=lambda m, **kw: m.compile(**kw),  # The paper's RMSprop by default.
        data=(RNG.normal(size=(32, 2)).astype("float32"), None),
        batch_size=8,
        mirrored_overrides={"prior": _zero_prior(2)},
        bad_inputs=[
            ("wrong sample shape", lambda m: m.fit(np.zeros((16, 3), "float32")),
             r"sample shape=\(3,\)"),
        ],
    ),
    family_testing.FamilySpec(
        name="wgan_gp",
        build=_wgan_gp,
        compile=_adam,
        data=(RNG.normal(size=(32, 2)).astype("float32"), None),
        batch_size=8,
        # The penalty's ε is drawn per replica: compare without it.
        mirrored_overrides={"prior": _zero_prior(2), "gp_weight": 0.0},
        bad_inputs=[
            ("too little data for d_steps",
             lambda m: m.fit(np.zeros((4, 2), "float32"), batch_size=4), "d_steps"),
        ],
    ),
    family_testing.FamilySpec(
        name="began",
        build=_began,
        compile=_adam,
        data=(IMAGES, None),
        batch_size=8,
        # float32: DCGAN's default precision is "auto" (bfloat16 on CPUs with
        # AVX512_BF16/AMX), whose rounding the 1e-5 comparison of one replica
        # with two does not allow for.
        mirrored_overrides={"prior": _zero_prior(4), "precision": "float32"},
        bad_inputs=[
            ("8-bit pixels", lambda m: m.fit(np.full((8, 8, 8, 1), 255, "uint8")), r"\[-1, 1\]"),
            ("a loss", lambda m: m.compile(
                g_optimizer="adam", d_optimizer="adam", loss="hinge"), "loss="),
        ],
    ),
    family_testing.FamilySpec(
        name="vae",
        build=_vae,
        compile=_one_optimizer,
        data=(np.sign(IMAGES), None),
        batch_size=8,
        mirrored_overrides=None,  # The reparameterised sample is the algorithm.
        bad_inputs=[
            ("8-bit pixels", lambda m: m.fit(np.full((8, 8, 8, 1), 255, "uint8")), r"\[-1, 1\]"),
            ("labels for an unconditional model",
             lambda m: m.fit(IMAGES, LABELS), "unconditional"),
            ("num_samples < 1",
             lambda m: m.log_likelihood(IMAGES[:2], num_samples=0), "num_samples"),
            ("log_likelihood of wrong-shaped images",
             lambda m: m.log_likelihood(IMAGES[:, :4]), r"`x` must be \[n, 8, 8, 1\]"),
            ("encoder output size != 2 * latent_dim",
             lambda m: models.VAE(m.encoder, m.decoder, latent_dim=3), "encoder"),
            ("unknown likelihood",
             lambda m: models.VAE(m.encoder, m.decoder, 4, likelihood="poisson"),
             "likelihood"),
            ("decode latents of the wrong size",
             lambda m: m.decode(np.zeros((2, 3))), "latent_dim=4"),
        ],
    ),
    family_testing.FamilySpec(
        name="conditional_vae",
        build=_conditional_vae,
        compile=_one_optimizer,
        data=(IMAGES, LABELS),
        batch_size=8,
        mirrored_overrides=None,
        bad_inputs=[
            ("labels out of range", lambda m: m.fit(IMAGES, LABELS + 1), "num_classes=3"),
            ("no labels", lambda m: m.fit(IMAGES), "no labels"),
            ("encode without labels", lambda m: m.encode(IMAGES), "labels"),
            ("labels out of range in log_likelihood",
             lambda m: m.log_likelihood(IMAGES[:2], labels=[0, 3]), "num_classes=3"),
            ("a one-input encoder",
             lambda m: models.ConditionalVAE(
                 models.vae_encoder((8, 8, 1), 4, filters=4), m.decoder, 4, 3),
             "two inputs"),
        ],
    ),
    family_testing.FamilySpec(
        name="bigan",
        build=_bigan,
        compile=_adam,
        data=(IMAGES, None),
        batch_size=8,
        # float32: DCGAN's default precision is "auto" (bfloat16 on CPUs with
        # AVX512_BF16/AMX), whose rounding the 1e-5 comparison of one replica
        # with two does not allow for.
        mirrored_overrides={"prior": _zero_prior(4), "precision": "float32"},
        bad_inputs=[
            ("8-bit pixels", lambda m: m.fit(np.full((8, 8, 8, 1), 255, "uint8")), r"\[-1, 1\]"),
            ("labels for an unconditional model",
             lambda m: m.fit(IMAGES, LABELS), "unconditional"),
            ("encoder output size != latent_dim",
             lambda m: models.BiGAN(
                 m.generator, models.bigan_encoder((8, 8, 1), 5, filters=4), m.discriminator),
             r"`encoder` must output \[batch, latent_dim\]"),
            ("a discriminator that does not take (x, z)",
             lambda m: models.BiGAN(m.generator, m.encoder, _one_image_discriminator()),
             r"`discriminator` must take \(x, z\)"),
            ("encode images of the wrong shape",
             lambda m: m.encode(np.zeros((2, 8, 8), "float32")), "`x` must be"),
            ("encode 8-bit images", lambda m: m.encode(np.full((2, 8, 8, 1), 255.0)), "`x`"),
        ],
    ),
    family_testing.FamilySpec(
        name="ali",
        build=_ali,
        compile=_adam,
        data=(IMAGES, None),
        batch_size=8,
        mirrored_overrides=None,  # The reparameterised samples are the algorithm.
        bad_inputs=[
            ("encoder output size != 2 * latent_dim",
             lambda m: models.ALI(
                 m.generator, models.bigan_encoder((8, 8, 1), 4, filters=4), m.discriminator),
             r"`encoder` must output \[batch, 2 \* latent_dim"),
            ("a deterministic generator declared stochastic",
             lambda m: models.ALI(
                 models.dcgan_generator((8, 8, 1), 4, filters=4), m.encoder, m.discriminator,
                 stochastic_generator=True),
             "generator"),
            ("sample not a bool", lambda m: m.encode(IMAGES[:2], sample="yes"), "sample"),
        ],
    ),
]


# ------------------------------------------------------------ image to image

EDGES = np.where(RNG.uniform(size=(32, 8, 8, 1)) > 0.7, 1.0, -1.0).astype("float32")
TARGETS = RNG.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")


def _pix2pix(dropout=0.5, **overrides):
    kwargs = {"seed": 1, **overrides}
    return models.Pix2Pix(
        models.unet_generator((8, 8, 1), 1, filters=4, dropout=dropout),
        models.patchgan_discriminator((8, 8, 2), receptive_field=7, filters=4),
        **kwargs,
    )


FAMILIES.append(
    family_testing.FamilySpec(
        name="pix2pix",
        build=_pix2pix,
        compile=_adam,
        data=(EDGES, TARGETS),
        batch_size=8,
        mirrored_overrides={"dropout": 0.0},
        bad_inputs=[
            ("negative l1_weight", lambda m: _pix2pix(l1_weight=-1.0), "l1_weight"),
            ("no targets", lambda m: m.fit(EDGES), "pairs"),
            ("mismatched image shapes",
             lambda m: m.fit(EDGES, np.zeros((32, 8, 8, 3), "float32")), r"sample shape"),
            ("mismatched counts", lambda m: m.fit(EDGES, TARGETS[:16]), "as many"),
            ("targets out of range", lambda m: m.fit(EDGES, TARGETS * 3), r"\[-1, 1\]"),
            ("discriminator of the wrong width",
             lambda m: models.Pix2Pix(
                 models.unet_generator((8, 8, 1), 1, filters=4),
                 models.patchgan_discriminator((8, 8, 1), receptive_field=7, filters=4)),
             "concatenated"),
        ],
    )
)


def _cyclegan(pool_size=4, **overrides):
    kwargs = {"seed": 1, "pool_size": pool_size, **overrides}

    def g():
        return models.resnet_generator(
            (8, 8, 1), 1, filters=4, downsampling=1, residual_blocks=1
        )

    def d():  # The paper's critic: instance norm (appendix 7.2), 16-pixel patches at 8 px.
        return models.patchgan_discriminator(
            (8, 8, 1), receptive_field=16, filters=4, norm="instance"
        )

    return models.CycleGAN(g(), g(), d(), d(), **kwargs)


FAMILIES.append(
    family_testing.FamilySpec(
        name="cyclegan",
        build=_cyclegan,
        compile=_adam,
        data=(EDGES, TARGETS),
        batch_size=8,
        # The pool's draws are random by nature. With pool_size=0 two replicas
        # match one device to ~3e-5 after the kit's steps (Adam turns the float
        # noise of near-zero gradients into steps of size lr), above its 1e-5.
        mirrored_overrides=None,
        bad_inputs=[
            ("negative pool_size", lambda m: _cyclegan(pool_size=-1), "pool_size"),
            ("negative cycle_weight", lambda m: _cyclegan(cycle_weight=-1.0), "cycle_weight"),
            ("unknown loss", lambda m: _cyclegan(loss="l2"), "loss"),
            ("mismatched domain shapes",
             lambda m: m.fit(EDGES, np.zeros((32, 8, 8, 3), "float32")), r"sample shape"),
            ("one domain only", lambda m: m.fit(EDGES), "pairs"),
            ("generators that do not invert each other",
             lambda m: models.CycleGAN(
                 models.resnet_generator((8, 8, 1), 3, filters=2, residual_blocks=0),
                 models.resnet_generator((8, 8, 1), 1, filters=2, residual_blocks=0),
                 models.patchgan_discriminator((8, 8, 1), 7, filters=2),
                 models.patchgan_discriminator((8, 8, 3), 7, filters=2)),
             "generator_ba"),
        ],
    )
)


def _dcgan_aids(**overrides):
    # The training aids on a family: ADA's adaptive augmentation and the
    # generator's EMA (its state in exact resume, config, strategies, export).
    from keras_gans import augment

    kwargs = {"augment": augment.Adaptive(rate=0.1), "generator_ema": True, **overrides}
    return _dcgan(**kwargs)


FAMILIES.append(
    family_testing.FamilySpec(
        name="dcgan_augment_ema",
        build=_dcgan_aids,
        compile=_adam,
        data=(IMAGES, None),
        batch_size=8,
        mirrored_overrides=None,  # The augmentation's draws differ per replica.
        bad_inputs=[
            ("unknown augmentation", lambda m: _dcgan_aids(augment="color,rotate"), "policy"),
        ],
    )
)


CAPTIONS = np.array(["a small red sneaker in the top left", "a big blue bag", "ünï 漢字", ""]
                    * 8)
RGB_IMAGES = RNG.uniform(-1, 1, (32, 8, 8, 3)).astype("float32")


def _text_to_image(**overrides):
    from keras_gans import text

    kwargs = {"latent_dim": 4, "seed": 1, **overrides}
    encoder = text.CharCNNRNN(embedding_dim=6, max_length=12, char_embedding_dim=4,
                              conv_filters=(4,), rnn_units=4)
    return models.TextToImageGAN(
        models.text_to_image_generator((8, 8, 3), kwargs["latent_dim"], 6, 4, filters=4),
        models.text_to_image_discriminator((8, 8, 3), 6, 4, filters=4),
        encoder,
        **kwargs,
    )


FAMILIES.append(
    family_testing.FamilySpec(
        name="text_to_image_gan",
        build=_text_to_image,
        compile=_adam,
        data=(RGB_IMAGES, CAPTIONS),
        batch_size=8,
        # With the plain method and a fixed z no step draws anything random and
        # no term pairs an example with another (the wrong / interpolated
        # captions are the batch's next example, which differs per replica).
        mirrored_overrides={"prior": _zero_prior(4), "method": "plain"},
        bad_inputs=[
            ("non-string captions", lambda m: m.fit(RGB_IMAGES, LABELS), "captions"),
            ("no captions", lambda m: m.fit(RGB_IMAGES), "captions"),
            ("captions in a dataset that are not strings",
             lambda m: m.fit(tf.data.Dataset.from_tensor_slices((RGB_IMAGES, LABELS)).batch(8)),
             "captions"),
            ("unknown method", lambda m: _text_to_image(method="gan_cls"), "method"),
            ("beta outside [0, 1]", lambda m: _text_to_image(interpolation_beta=1.5),
             "interpolation_beta"),
            ("non-string captions to generate", lambda m: m.generate([1, 2]), "captions"),
            ("grey images", lambda m: m.fit(IMAGES, CAPTIONS), "sample shape"),
        ],
    )
)


BOXES = np.tile(np.array([[0.0, 0.0, 0.5, 0.5], [0.25, 0.5, 1.0, 1.0]], "float32"), (16, 1))
KEYPOINTS = np.tile(np.array([[[0.5, 0.1, 1], [0.5, 0.9, 1], [0.1, 0.5, 0], [0.9, 0.5, 1]]],
                             "float32"), (32, 1, 1))


def _gawwn(location="box", **overrides):
    from keras_gans import text

    kwargs = {"latent_dim": 4, "seed": 1, **overrides}
    encoder = text.CharCNNRNN(embedding_dim=6, max_length=12, char_embedding_dim=4,
                              conv_filters=(4,), rnn_units=4)
    return models.GAWWN(
        models.gawwn_generator((8, 8, 3), kwargs["latent_dim"], 6, location, 4, 4, filters=4),
        models.gawwn_discriminator((8, 8, 3), 6, location, 4, 4, filters=4),
        encoder,
        location=location,
        **kwargs,
    )


FAMILIES.append(
    family_testing.FamilySpec(
        name="gawwn_box",
        build=_gawwn,
        compile=_adam,
        data=(RGB_IMAGES, {"captions": CAPTIONS, "boxes": BOXES}),
        batch_size=8,
        mirrored_overrides={"prior": _zero_prior(4), "method": "plain"},
        bad_inputs=[
            ("a box outside [0, 1]",
             lambda m: m.fit(RGB_IMAGES, {"captions": CAPTIONS, "boxes": BOXES + 0.6}), "boxes"),
            ("a box with y1 > y2",
             lambda m: m.fit(RGB_IMAGES, {"captions": CAPTIONS, "boxes": BOXES[:, [2, 1, 0, 3]]}),
             "y1 <= y2"),
            ("keypoints for a box model",
             lambda m: m.fit(RGB_IMAGES, {"captions": CAPTIONS, "keypoints": KEYPOINTS}), "boxes"),
            ("non-string captions",
             lambda m: m.fit(RGB_IMAGES, {"captions": LABELS, "boxes": BOXES}), "captions"),
            ("unknown location", lambda m: _gawwn(location="mask"), "location"),
            ("generate without boxes", lambda m: m.generate(["a red bag"]), "boxes"),
        ],
    )
)


def _gawwn_keypoints(**overrides):
    return _gawwn(location="keypoints", **overrides)


FAMILIES.append(
    family_testing.FamilySpec(
        name="gawwn_keypoints",
        build=_gawwn_keypoints,
        compile=lambda m, **kw: m.compile(
            optimizers={"generator": keras.optimizers.Adam(1e-3),
                        "discriminator": keras.optimizers.Adam(1e-3),
                        "keypoints": keras.optimizers.Adam(1e-3)}, **kw),
        data=(RGB_IMAGES, {"captions": CAPTIONS, "keypoints": KEYPOINTS}),
        batch_size=8,
        mirrored_overrides=None,  # Hiding keypoints at random is the completer's training.
        bad_inputs=[
            ("keypoints of the wrong shape",
             lambda m: m.fit(RGB_IMAGES, {"captions": CAPTIONS, "keypoints": KEYPOINTS[:, :3]}),
             "keypoints"),
            ("visibility other than 0 / 1",
             lambda m: m.fit(RGB_IMAGES, {"captions": CAPTIONS, "keypoints": KEYPOINTS * 2}),
             "keypoints"),
        ],
    )
)


def _maskgan(**overrides):
    kwargs = {"seed": 4, **overrides}
    shape = {"embedding_dim": 4, "hidden_dim": 4, "num_layers": 1, "sequence_length": 4}
    return sequence.MaskGAN(
        sequence.SequenceToSequenceGenerator(6, **shape),
        sequence.SequenceToSequenceDiscriminator(6, **shape),
        sequence.SequenceToSequenceCritic(6, **shape),
        **kwargs,
    )


FAMILIES.append(
    family_testing.FamilySpec(
        name="maskgan",
        build=_maskgan,
        compile=lambda m, **kw: _adam(m, 1e-2, **kw),
        data=(TOKENS, None),
        batch_size=8,
        mirrored_overrides=None,  # Masks and fills are sampled: no noise-free step.
        bad_inputs=[
            ("token out of the vocabulary", lambda m: m.fit(TOKENS + 6), "vocab"),
            ("wrong length", lambda m: m.fit(TOKENS[:, :3]), "length"),
            ("labels", lambda m: m.fit(TOKENS, LABELS), "alone"),
            ("discount", lambda m: _maskgan(discount=1.5), "discount"),
            ("present_rate", lambda m: _maskgan(present_rate=1.0), "present_rate"),
        ],
    )
)


def _discrete_bgan_tokens(**overrides):
    kwargs = {"num_samples": 3, "seed": 5, **overrides}
    return sequence.DiscreteBGAN(
        sequence.SequenceGenerator(6, 4, 8, sequence_length=4),
        sequence.SequenceDiscriminator(
            6, 4, embedding_dim=4, filter_sizes=(1, 2), num_filters=(4, 4), dropout=0.25
        ),
        **kwargs,
    )


def _discrete_bgan_binary(**overrides):
    kwargs = {"num_samples": 3, "seed": 5, **overrides}
    discriminator = keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3, strides=2, padding="same"),
         keras.layers.LeakyReLU(0.2), keras.layers.Flatten(),
         keras.layers.Dense(1, dtype="float32")],
        name="discriminator",
    )
    # The convolutional network with batch norm (the benchmark's and the
    # example's); tests/sequence/test_bgan.py covers the MLP.
    network = models.dcgan_generator((8, 8, 1), 4, filters=4, output_activation=None)
    return sequence.DiscreteBGAN(
        models.BernoulliGenerator(4, (8, 8, 1), network=network), discriminator, **kwargs
    )


BINARY_IMAGES = (IMAGES > 0).astype("float32")

FAMILIES.append(
    family_testing.FamilySpec(
        name="discrete_bgan_tokens",
        build=_discrete_bgan_tokens,
        compile=lambda m, **kw: _adam(m, 1e-2, **kw),
        data=(TOKENS, None),
        batch_size=8,
        mirrored_overrides=None,  # Sampling is the algorithm: no noise-free step.
        bad_inputs=[
            ("token out of the vocabulary", lambda m: m.fit(TOKENS + 6), "vocab"),
            ("labels", lambda m: m.fit(TOKENS, LABELS), "alone"),
            ("one sample per latent", lambda m: _discrete_bgan_tokens(num_samples=1),
             "num_samples"),
        ],
    )
)
FAMILIES.append(
    family_testing.FamilySpec(
        name="discrete_bgan_binary",
        build=_discrete_bgan_binary,
        compile=_adam,
        data=(BINARY_IMAGES, None),
        batch_size=8,
        mirrored_overrides=None,  # Bernoulli draws differ per replica.
        bad_inputs=[
            ("pixels outside [0, 1]", lambda m: m.fit(IMAGES), r"\[0, 1\]"),
            ("wrong shape", lambda m: m.fit(np.zeros((8, 4, 4, 1), "float32")), "shape"),
        ],
    )
)


@pytest.mark.parametrize("check", list(family_testing.CHECKS))
@pytest.mark.parametrize("spec", FAMILIES, ids=[f.name for f in FAMILIES])
def test_family(spec, check, tmp_path):
    function = family_testing.CHECKS[check]
    if check in ("fit_and_exact_resume", "export"):
        function(spec, str(tmp_path))
    elif check == "mirrored":
        if len(tf.config.list_logical_devices("CPU")) < 2:
            pytest.skip("needs two logical CPU devices (set up in conftest.py)")
        function(spec, family_testing.shared_strategy())
    else:
        function(spec)

