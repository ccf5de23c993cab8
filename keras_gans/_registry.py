"""The package's one serialization decorator, and lazy registration.

`register` registers a class with Keras under the `keras_gans` package. Since
subpackages are imported lazily, this module also registers, as soon as Keras
is loaded, a light stand-in for every public class (`LAZY_CLASSES`): the
stand-in imports the class's module the first time Keras deserializes it, so
`keras.saving.load_model` works after a bare `import keras_gans`.
"""

import importlib

import keras

PACKAGE = "keras_gans"

# Every class decorated with `register`, and the module that defines it. A
# test checks that this table matches the decorated classes.
LAZY_CLASSES = {
    "ConditionalGAN": "keras_gans.models.conditional",
    "DCGAN": "keras_gans.models.dcgan",
    "GAN": "keras_gans.models.gan",
    "FusedBatchNormalization": "keras_gans.layers.fused_batch_norm",
    "Highway": "keras_gans.layers.highway",
    "Hinge": "keras_gans.losses.adversarial",
    "LeastSquares": "keras_gans.losses.adversarial",
    "Minimax": "keras_gans.losses.adversarial",
    "NonSaturating": "keras_gans.losses.adversarial",
    "OracleLSTM": "keras_gans.sequence.oracle",
    "SeqGAN": "keras_gans.sequence.seqgan",
    "SequenceDiscriminator": "keras_gans.sequence.discriminator",
    "SequenceGenerator": "keras_gans.sequence.generator",
    "TextTokenizer": "keras_gans.text.tokenizer",
    "Wasserstein": "keras_gans.losses.adversarial",
    "DenoisingAutoencoder": "keras_gans.models.dae",
    "FeatureInverter": "keras_gans.models.feature_inverter",
    "LaplacianPyramid": "keras_gans.layers.pyramid",
    "ACGAN": "keras_gans.models.acgan",
    "InfoGAN": "keras_gans.models.infogan.model",
    "LAPGAN": "keras_gans.models.lapgan.model",
    "FDivergence": "keras_gans.losses.divergences",
    "BoundarySeeking": "keras_gans.losses.divergences",
    "PiWeightedJS": "keras_gans.losses.divergences",
    "WGAN": "keras_gans.models.wgan",
    "WGANGP": "keras_gans.models.wgan",
    "BEGAN": "keras_gans.models.began",
    "PackSamples": "keras_gans.layers.packing",
    "RepeatPacks": "keras_gans.layers.packing",
    "VAE": "keras_gans.models.vae.model",
    "ConditionalVAE": "keras_gans.models.conditional_vae",
    "BiGAN": "keras_gans.models.bigan",
    "ALI": "keras_gans.models.ali",
    "Pix2Pix": "keras_gans.models.pix2pix",
    "SeededDropout": "keras_gans.layers.seeded_dropout",
    "CycleGAN": "keras_gans.models.cyclegan",
    "DiffAugment": "keras_gans.augment.diffaugment",
    "Adaptive": "keras_gans.augment.diffaugment",
    "CharCNNRNN": "keras_gans.text.char_cnn_rnn",
    "JointEmbedding": "keras_gans.text.joint_embedding",
    "TextToImageGAN": "keras_gans.models.text_to_image.model",
    "GAWWN": "keras_gans.models.gawwn.model",
    "LocationMaps": "keras_gans.models.gawwn.networks",
    "MaskGAN": "keras_gans.sequence.maskgan",
    "SequenceToSequenceGenerator": "keras_gans.sequence.seq2seq",
    "SequenceToSequenceDiscriminator": "keras_gans.sequence.seq2seq",
    "SequenceToSequenceCritic": "keras_gans.sequence.seq2seq",
    "DiscreteBGAN": "keras_gans.sequence.bgan",
    "BernoulliGenerator": "keras_gans.models.bernoulli",
    "GarmentIntensityAndTint": "keras_gans.metrics.captioned",
    "GarmentCrop": "keras_gans.metrics.captioned",
}


def register(cls):
    """Registers `cls` with Keras serialization under the `keras_gans` package.

    Every public class of the library goes through this decorator, so that a
    `.keras` file that contains it loads without `custom_objects`.
    """
    return keras.saving.register_keras_serializable(package=PACKAGE)(cls)


class _LazyClass:
    """Stands in for a registered class until Keras first asks for it."""

    def __init__(self, name, module):
        self._name = name
        self._module = module

    def _resolve(self):
        return getattr(importlib.import_module(self._module), self._name)

    def __getattr__(self, attribute):
        return getattr(self._resolve(), attribute)

    def __call__(self, *args, **kwargs):
        return self._resolve()(*args, **kwargs)


def _register_lazy_classes():
    from keras.src.saving import object_registration

    registry = object_registration.GLOBAL_CUSTOM_OBJECTS
    for name, module in LAZY_CLASSES.items():
        registry.setdefault(f"{PACKAGE}>{name}", _LazyClass(name, module))


_register_lazy_classes()
