"""Low-dimensional toy distributions (mixtures of Gaussians)."""

import numpy as np


def toy_means(name, mean=4.0, num_modes=8, radius=1.0, **unused):
    """Returns the mode centres of toy dataset `name` as float32 `[modes, dim]`."""
    if name == "gaussian_1d":
        return np.array([[mean]], np.float32)
    if name == "ring":
        angles = 2.0 * np.pi * np.arange(num_modes) / num_modes
        return (radius * np.stack([np.cos(angles), np.sin(angles)], -1)).astype(
            np.float32
        )
    axis = np.arange(-4.0, 5.0, 2.0)
    grid = np.stack(np.meshgrid(axis, axis, indexing="ij"), -1)
    return grid.reshape(-1, 2).astype(np.float32)


def sample_toy(name, split, num_samples, seed, std, **kwargs):
    """Draws `(x float32 [N, dim], mode_index int32 [N])`; "test" uses seed+1."""
    means = toy_means(name, **kwargs).astype(np.float64)
    rng = np.random.default_rng(seed + (split == "test"))
    index = rng.integers(len(means), size=num_samples)
    x = means[index] + std * rng.standard_normal((num_samples, means.shape[1]))
    return x.astype(np.float32), index.astype(np.int32)
