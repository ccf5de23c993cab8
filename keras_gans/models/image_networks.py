"""Image-to-image networks: U-Net and ResNet generators, the PatchGAN critic."""

import keras

from keras_gans._validation import check_image_shape
from keras_gans._validation import check_positive_int
from keras_gans.layers.seeded_dropout import SeededDropout
from keras_gans.models.dcgan import _batch_norm

# Isola et al. (appendix 6.1.2): a 4x4 convolution per layer; k stride-2
# layers, a stride-1 layer and the stride-1 output layer see 9 * 2**k - 2
# pixels: 7, 16, 34, 70 (the paper's default at 256 px), 142.
RECEPTIVE_FIELDS = {9 * 2**k - 2: k for k in range(5)}


def _init():
    return keras.initializers.RandomNormal(stddev=0.02)


def _instance_norm(name):
    return keras.layers.GroupNormalization(groups=-1, epsilon=1e-5, name=name)


def _conv(filters, strides, name, transpose=False, use_bias=False):
    layer = keras.layers.Conv2DTranspose if transpose else keras.layers.Conv2D
    return layer(
        filters, 4, strides=strides, padding="same", use_bias=use_bias,
        kernel_initializer=_init(), name=name,
    )


def unet_generator(
    input_shape, output_channels, filters=64, depth=None, dropout=0.5, name="generator"
):
    """The pix2pix U-Net: an encoder-decoder with skips between mirrored layers.

    Encoder: `depth` 4x4 stride-2 convolutions (LeakyReLU 0.2, batch norm but
    on the first), channels doubling from `filters` up to `8 * filters`.
    Decoder: 4x4 stride-2 transposed convolutions (batch norm, ReLU), each
    concatenated with the encoder layer of the same size; dropout on the
    three innermost decoder layers (the paper's noise, in training only;
    a `SeededDropout`, so that training resumes exactly);
    a tanh output in [-1, 1].

    Args:
        input_shape: `(height, width, channels)` of the input images; the
            sides must be divisible by `2**depth`.
        output_channels: channels of the output images.
        filters: channels of the first encoder layer.
        depth: the number of halvings; default: as many as keep the sides
            even and at least 2 (28 px: 2, giving 7x7; 32 px: 4, giving 2x2).
        dropout: the decoder's dropout rate (0.5 in the paper).
        name: the model's name.

    Returns:
        A built `keras.Model` from images to images `[batch, H, W, output_channels]`.

    Example:

    ```python
    import keras_gans

    g = keras_gans.models.unet_generator((32, 32, 1), 1, filters=8)
    ```

    Reference:
        [Isola et al., 2017. Image-to-Image Translation with Conditional
        Adversarial Networks](https://arxiv.org/abs/1611.07004), section 3.2.1.
    """
    input_shape = check_image_shape("input_shape", input_shape)
    output_channels = check_positive_int("output_channels", output_channels)
    filters = check_positive_int("filters", filters)
    height, width, _ = input_shape
    if depth is None:
        depth = 0
        while height % 2 ** (depth + 1) == 0 and width % 2 ** (depth + 1) == 0 and min(
            height, width
        ) // 2 ** (depth + 1) >= 2:
            depth += 1
    depth = check_positive_int("depth", depth)
    if height % 2**depth or width % 2**depth:
        raise ValueError(
            f"The sides of `input_shape` must be divisible by 2**depth={2**depth}. "
            f"Received: input_shape={input_shape}, depth={depth}"
        )
    if not (isinstance(dropout, (int, float)) and 0 <= dropout < 1):
        raise ValueError(f"`dropout` must be in [0, 1). Received: dropout={dropout!r}")
    x = keras.Input(input_shape, name="images")
    h, skips = x, []
    for i in range(depth):
        h = _conv(min(filters * 2**i, filters * 8), 2, f"down_{i}", use_bias=i == 0)(h)
        if i > 0:
            h = _batch_norm(f"down_{i}_bn")(h)
        h = keras.layers.LeakyReLU(0.2)(h)
        skips.append(h)
    for i in reversed(range(depth - 1)):
        h = _conv(min(filters * 2**i, filters * 8), 2, f"up_{i}", transpose=True)(h)
        h = _batch_norm(f"up_{i}_bn")(h)
        if dropout and i >= depth - 4:
            h = SeededDropout(dropout, name=f"up_{i}_dropout")(h)
        h = keras.layers.ReLU()(h)
        h = keras.layers.Concatenate(name=f"skip_{i}")([h, skips[i]])
    h = _conv(output_channels, 2, "output", transpose=True, use_bias=True)(h)
    y = keras.layers.Activation("tanh", dtype="float32", name="tanh")(h)
    return keras.Model(x, y, name=name)


def patchgan_discriminator(
    input_shape, receptive_field=16, filters=64, norm="batch", name="discriminator"
):
    """The PatchGAN discriminator: one logit per overlapping image patch.

    `k` 4x4 stride-2 convolutions (LeakyReLU 0.2, normalization but on the
    first), a 4x4 stride-1 convolution and a 4x4 stride-1 output
    convolution to one channel; each logit sees `receptive_field = 9 * 2**k
    - 2` pixels. The paper's default is 70x70 at 256x256 (k = 3); at 28 or 32
    px we use 16x16 (k = 1), the paper's smaller PatchGAN: about half the
    image, the fraction its 70x70 to 142x142 patches cover at 256 px.
    Padding is "same", so the logit map is `side / 2**k` (14x14 at 28 px).

    Args:
        input_shape: `(height, width, channels)` of what D sees (for pix2pix
            the input and the output image concatenated on channels).
        receptive_field: 7, 16, 34, 70 or 142 pixels.
        filters: channels of the first convolution (doubling, up to 8x).
        norm: `"batch"` (pix2pix) or `"instance"` (CycleGAN, appendix 7.2:
            `keras.layers.GroupNormalization(groups=-1)`, one group per
            channel). Batch norm computes its statistics over each call's
            batch, so a critic called on a real batch and on a fake batch
            separately (as CycleGAN's is) sees each normalised on its own
            statistics; instance norm judges every image by itself (each
            logit then also depends, through the statistics, on the whole
            image, beyond its receptive field).
        name: the model's name.

    Returns:
        A built `keras.Model` from images to logits `[batch, h, w, 1]`.

    Example:

    ```python
    import keras_gans

    d = keras_gans.models.patchgan_discriminator((28, 28, 2), receptive_field=16)
    ```

    Reference:
        [Isola et al., 2017](https://arxiv.org/abs/1611.07004), section 3.2.2
        and appendix 6.1.2.
    """
    input_shape = check_image_shape("input_shape", input_shape)
    filters = check_positive_int("filters", filters)
    if receptive_field not in RECEPTIVE_FIELDS:
        raise ValueError(
            f"`receptive_field` must be one of {sorted(RECEPTIVE_FIELDS)}. "
            f"Received: receptive_field={receptive_field!r}"
        )
    if norm not in ("batch", "instance"):
        raise ValueError(f'`norm` must be "batch" or "instance". Received: norm={norm!r}')
    steps = RECEPTIVE_FIELDS[receptive_field]
    if input_shape[0] % 2**steps or input_shape[1] % 2**steps:
        raise ValueError(
            f"`input_shape` sides must be divisible by {2**steps} for "
            f"receptive_field={receptive_field}. Received: input_shape={input_shape}"
        )
    x = keras.Input(input_shape, name="images")
    h = x
    for i in range(steps + 1):
        h = _conv(min(filters * 2**i, filters * 8), 2 if i < steps else 1, f"conv_{i}",
                  use_bias=i == 0)(h)
        if i > 0 and norm == "batch":
            h = _batch_norm(f"conv_{i}_bn")(h)
        elif i > 0:
            h = _instance_norm(f"conv_{i}_in")(h)
        h = keras.layers.LeakyReLU(0.2)(h)
    logits = keras.layers.Conv2D(
        1, 4, padding="same", kernel_initializer=_init(), dtype="float32", name="logits"
    )(h)
    return keras.Model(x, logits, name=name)


def resnet_generator(
    input_shape, output_channels, filters=64, downsampling=2, residual_blocks=6,
    name="generator",
):
    """The CycleGAN generator: downsample, residual blocks, upsample.

    A 7x7 convolution, `downsampling` 3x3 stride-2 convolutions (channels
    doubling), `residual_blocks` residual blocks of two 3x3 convolutions,
    `downsampling` 3x3 stride-2 transposed convolutions, and a 7x7
    convolution to `output_channels` with tanh. Johnson et al.'s network
    with reflection padding replaced by "same" zero padding and instance
    normalization by `keras.layers.GroupNormalization(groups=-1)` (one
    group per channel, i.e. instance normalization).

    Args:
        input_shape: `(height, width, channels)`; sides divisible by
            `2**downsampling`.
        output_channels: channels of the output images.
        filters: channels of the first convolution.
        downsampling: the number of stride-2 convolutions (2 in the paper).
        residual_blocks: 6 (128 px) or 9 (256 px) in the paper.
        name: the model's name.

    Returns:
        A built `keras.Model` from images to images in [-1, 1].

    Example:

    ```python
    import keras_gans

    g = keras_gans.models.resnet_generator((28, 28, 1), 1, filters=8,
                                           residual_blocks=2)
    ```

    Reference:
        [Zhu et al., 2017. Unpaired Image-to-Image Translation using
        Cycle-Consistent Adversarial Networks](https://arxiv.org/abs/1703.10593),
        appendix 7.2.
    """
    input_shape = check_image_shape("input_shape", input_shape)
    output_channels = check_positive_int("output_channels", output_channels)
    filters = check_positive_int("filters", filters)
    downsampling = check_positive_int("downsampling", downsampling, minimum=0)
    residual_blocks = check_positive_int("residual_blocks", residual_blocks, minimum=0)
    if input_shape[0] % 2**downsampling or input_shape[1] % 2**downsampling:
        raise ValueError(
            f"The sides of `input_shape` must be divisible by 2**downsampling="
            f"{2**downsampling}. Received: input_shape={input_shape}"
        )

    norm = _instance_norm

    def conv(width, kernel, strides, name, transpose=False):
        layer = keras.layers.Conv2DTranspose if transpose else keras.layers.Conv2D
        return layer(width, kernel, strides=strides, padding="same",
                     kernel_initializer=_init(), name=name)

    x = keras.Input(input_shape, name="images")
    h = keras.layers.ReLU()(norm("stem_norm")(conv(filters, 7, 1, "stem")(x)))
    for i in range(downsampling):
        width = filters * 2 ** (i + 1)
        h = keras.layers.ReLU()(norm(f"down_{i}_norm")(conv(width, 3, 2, f"down_{i}")(h)))
    width = filters * 2**downsampling
    for b in range(residual_blocks):
        r = keras.layers.ReLU()(norm(f"res_{b}_norm_a")(conv(width, 3, 1, f"res_{b}_a")(h)))
        r = norm(f"res_{b}_norm_b")(conv(width, 3, 1, f"res_{b}_b")(r))
        h = keras.layers.Add(name=f"res_{b}")([h, r])
    for i in reversed(range(downsampling)):
        h = conv(filters * 2**i, 3, 2, f"up_{i}", transpose=True)(h)
        h = keras.layers.ReLU()(norm(f"up_{i}_norm")(h))
    h = conv(output_channels, 7, 1, "output")(h)
    y = keras.layers.Activation("tanh", dtype="float32", name="tanh")(h)
    return keras.Model(x, y, name=name)
