"""The `keras-gans` recipes of the families trained with `fit`: gan, dcgan, conditional_gan.

Each family is registered here once; `keras_gans/cli/seqgan.py` registers
seqgan. Builders and writers import Keras and the models inside, so that
importing this module stays cheap.
"""


from keras_gans.cli.registry import FamilyRecipe
from keras_gans.cli.registry import register_family

IMAGE_DATASETS = ("fashion_mnist", "digits")
TOY_DATASETS = ("ring", "grid", "gaussian_1d")


def adam_optimizers(settings):
    """The `compile` keyword arguments: two Adam optimizers of `settings`."""
    import keras

    return {
        name: keras.optimizers.Adam(settings["learning_rate"], beta_1=settings["beta_1"])
        for name in ("g_optimizer", "d_optimizer")
    }


def _image_shape(settings):
    from keras_gans import datasets

    shape = datasets.DATASETS[settings["dataset"]]["shape"]
    side = settings["image_size"] or shape[0]
    return (side, side, shape[-1])


def build_gan(settings):
    """The multilayer-perceptron `GAN` of a toy vector dataset, compiled."""
    from keras_gans import datasets
    from keras_gans import models

    dim = datasets.DATASETS[settings["dataset"]]["shape"][-1]
    model = models.GAN(
        models.mlp_generator(settings["latent_dim"], dim),
        models.mlp_discriminator(dim),
        seed=settings["seed"],
    )
    model.compile(**adam_optimizers(settings))
    return model


def build_dcgan(settings):
    """The `DCGAN` of an image dataset, compiled."""
    from keras_gans import models

    model = models.DCGAN(
        _image_shape(settings), latent_dim=settings["latent_dim"], seed=settings["seed"]
    )
    model.compile(**adam_optimizers(settings))
    return model


def build_conditional_gan(settings):
    """The class-conditional `ConditionalGAN` of an image dataset, compiled."""
    from keras_gans import datasets
    from keras_gans import models

    model = models.ConditionalGAN(
        _image_shape(settings),
        settings["latent_dim"],
        datasets.DATASETS[settings["dataset"]]["num_classes"],
        seed=settings["seed"],
    )
    model.compile(**adam_optimizers(settings))
    return model


# ------------------------------------------------------------------ sample writers


def write_image_grid(model, args, stem):
    """`keras-gans sample` for images: one grid PNG, upscaled for display.

    The grid is upscaled by `keras_gans.callbacks.display_scale` (28-pixel
    images twice, the 8-pixel digits seven times), as the run's per-epoch
    pictures are. A conditional model draws classes `0, 1, ...` in turn.
    """
    from keras_gans.callbacks import display_scale
    from keras_gans.callbacks import save_image_grid

    images = model.generate(args.count, seed=args.seed)
    path = stem + ".png"
    save_image_grid(images, path, scale=display_scale(images.shape[1]))
    return [path]


def write_vectors(model, args, stem):
    """`keras-gans sample` for toy vectors: the samples (`.npy`) and their plot (`.png`).

    2-D samples are drawn as a scatter plot, 1-D samples as a histogram.
    """
    import numpy as np
    from PIL import Image

    from keras_gans.callbacks.grids import vector_plot
    from keras_gans.saving import atomic_path

    samples = model.generate(args.count, seed=args.seed)
    with atomic_path(stem + ".npy") as tmp:
        np.save(tmp, samples)
    title = f"{len(samples)} samples, seed {args.seed}"
    with atomic_path(stem + ".png") as tmp:
        Image.fromarray(vector_plot(samples, title=title)).save(tmp, format="PNG")
    return [stem + ".npy", stem + ".png"]


def _image_recipe(**fields):
    """The recipe of a DCGAN-style image family: `fields` over the shared defaults.

    The defaults are the DCGAN paper's (Adam 2e-4, beta_1 0.5, batch 128,
    z of 100) on the image datasets, 5 epochs, and a grid of samples.
    """
    defaults = {
        "datasets": IMAGE_DATASETS,
        "default_dataset": "fashion_mnist",
        "fallback_dataset": "digits",
        "learning_rate": 2e-4,
        "beta_1": 0.5,
        "batch_size": 128,
        "epochs": 5,
        "latent_dim": 100,
        "sample_writer": write_image_grid,
    }
    return FamilyRecipe(**{**defaults, **fields})


# ------------------------------------------------------------------ registrations

register_family(
    "gan",
    FamilyRecipe(
        description="multilayer-perceptron GAN (Goodfellow et al.) for the toy vector datasets",
        datasets=TOY_DATASETS,
        default_dataset="ring",
        build=build_gan,
        learning_rate=1e-3,
        beta_1=0.5,
        batch_size=128,
        epochs=5,
        latent_dim=2,
        grid_samples=512,
        sample_writer=write_vectors,
    ),
)
register_family(
    "dcgan",
    _image_recipe(
        description="DCGAN (Radford et al.) for image datasets",
        build=build_dcgan,
    ),
)
register_family(
    "conditional_gan",
    _image_recipe(
        description="class-conditional DCGAN (Mirza & Osindero) for image datasets",
        build=build_conditional_gan,
        with_labels=True,
        grid_samples=100,
    ),
)
