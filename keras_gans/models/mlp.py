"""Multilayer-perceptron networks for vector data (the toy experiments)."""

import keras

from keras_gans._validation import check_positive_int


def mlp_generator(
    latent_dim, output_dim, hidden_units=(128, 128), activation="relu", name="generator"
):
    """A multilayer-perceptron generator for vector data (the toy experiments).

    Args:
        latent_dim: the latent size.
        output_dim: the sample size.
        hidden_units: the widths of the hidden layers.
        activation: the hidden layers' activation.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[batch, latent_dim]` to `[batch, output_dim]`.

    Example:

    ```python
    import keras_gans

    g = keras_gans.models.mlp_generator(latent_dim=2, output_dim=2)
    ```
    """
    latent_dim = check_positive_int("latent_dim", latent_dim)
    output_dim = check_positive_int("output_dim", output_dim)
    z = keras.Input((latent_dim,), name="latent")
    h = z
    for i, units in enumerate(hidden_units):
        h = keras.layers.Dense(units, activation=activation, name=f"hidden_{i}")(h)
    x = keras.layers.Dense(output_dim, name="sample", dtype="float32")(h)
    return keras.Model(z, x, name=name)


def mlp_discriminator(
    input_dim, hidden_units=(128, 128), activation="relu", name="discriminator"
):
    """A multilayer-perceptron discriminator returning one logit per example.

    Args:
        input_dim: the sample size.
        hidden_units: the widths of the hidden layers.
        activation: the hidden layers' activation.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[batch, input_dim]` to `[batch, 1]`.

    Example:

    ```python
    import keras_gans

    d = keras_gans.models.mlp_discriminator(input_dim=2)
    ```
    """
    input_dim = check_positive_int("input_dim", input_dim)
    x = keras.Input((input_dim,), name="sample")
    h = x
    for i, units in enumerate(hidden_units):
        h = keras.layers.Dense(units, activation=activation, name=f"hidden_{i}")(h)
    logits = keras.layers.Dense(1, name="logits", dtype="float32")(h)
    return keras.Model(x, logits, name=name)
