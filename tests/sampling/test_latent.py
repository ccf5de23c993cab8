"""The latent-space tools against closed forms."""

import numpy as np
import pytest

from keras_gans import sampling

RNG = np.random.default_rng(0)


def _unit(v):
    v = np.asarray(v, dtype="float64")
    return v / np.linalg.norm(v)


def test_lerp_shape_endpoints_and_midpoint():
    a, b = RNG.normal(size=(2, 3)), RNG.normal(size=(2, 3))
    path = sampling.lerp(a, b, 5)
    assert path.shape == (5, 2, 3)
    np.testing.assert_allclose(path[0], a)
    np.testing.assert_allclose(path[-1], b)
    np.testing.assert_allclose(path[2], (a + b) / 2)
    np.testing.assert_allclose(np.diff(path, axis=0), np.broadcast_to((b - a) / 4, (4, 2, 3)))


def test_slerp_keeps_unit_norm_for_unit_endpoints():
    a, b = _unit(RNG.normal(size=64)), _unit(RNG.normal(size=64))
    path = sampling.slerp(a, b, 11)
    assert path.shape == (11, 64)
    np.testing.assert_allclose(np.linalg.norm(path, axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(path[0], a)
    np.testing.assert_allclose(path[-1], b)
    # Constant angular speed: equal angles between consecutive points.
    angles = np.arccos(np.clip(np.sum(path[1:] * path[:-1], axis=1), -1, 1))
    np.testing.assert_allclose(angles, angles[0], atol=1e-9)
    np.testing.assert_allclose(angles.sum(), np.arccos(np.dot(a, b)), atol=1e-9)


def test_slerp_midpoint_of_orthogonal_unit_vectors():
    a, b = np.eye(5)[1], np.eye(5)[3]
    middle = sampling.slerp(a, b, 3)[1]
    np.testing.assert_allclose(middle, (a + b) / np.sqrt(2), atol=1e-15)


def test_slerp_of_equal_and_nearly_equal_vectors():
    a = RNG.normal(size=16)
    np.testing.assert_array_equal(sampling.slerp(a, a, 4), np.stack([a] * 4))
    b = a + 1e-12 * RNG.normal(size=16)
    path = sampling.slerp(a, b, 4)
    assert np.all(np.isfinite(path))
    np.testing.assert_allclose(path, sampling.lerp(a, b, 4), atol=1e-10)


def test_slerp_of_opposite_and_nearly_opposite_vectors():
    a = _unit(RNG.normal(size=8))
    for b in (-a, -a + 1e-13 * RNG.normal(size=8)):
        b = _unit(b)
        path = sampling.slerp(a, b, 5)
        assert np.all(np.isfinite(path))
        np.testing.assert_allclose(np.linalg.norm(path, axis=1), 1.0, atol=1e-9)
        # The midpoint is a quarter circle from both ends.
        np.testing.assert_allclose(np.dot(path[2], a), 0.0, atol=1e-6)
        np.testing.assert_allclose(path[-1], b)


def test_slerp_interpolates_norms_and_keeps_dtype_and_shape():
    a = np.array([[2.0, 0.0]], "float32")
    b = np.array([[0.0, 4.0]], "float32")
    path = sampling.slerp(a, b, 3)
    assert path.shape == (3, 1, 2) and path.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(path[1]), 3.0, rtol=1e-6)
    np.testing.assert_allclose(path[1, 0], 3.0 * np.array([1, 1]) / np.sqrt(2), rtol=1e-6)


def test_slerp_and_lerp_refuse_bad_inputs():
    with pytest.raises(ValueError, match=r"`a` and `b` must have the same shape.*\(3,\).*\(4,\)"):
        sampling.slerp(np.ones(3), np.ones(4), 3)
    with pytest.raises(ValueError, match="steps"):
        sampling.lerp(np.ones(3), np.ones(3), 1)
    with pytest.raises(ValueError, match="method"):
        sampling.interpolation_grid(np.eye(4), 3, method="cubic")


def test_analogy_identities():
    a, b, c = RNG.normal(size=(3, 10))
    np.testing.assert_allclose(sampling.analogy(a, a, c), c)
    np.testing.assert_allclose(sampling.analogy(a, b, a), b)
    np.testing.assert_allclose(sampling.analogy(a, b, c) - c, b - a)
    spherical = sampling.analogy(a, b, c, method="slerp")
    np.testing.assert_allclose(
        np.linalg.norm(spherical), np.mean([np.linalg.norm(v) for v in (a, b, c)])
    )
    cosine = np.dot(spherical, b - a + c) / np.linalg.norm(spherical) / np.linalg.norm(b - a + c)
    np.testing.assert_allclose(cosine, 1.0)


def test_interpolation_grid_corners_and_edges():
    corners = RNG.normal(size=(4, 6))
    grid = sampling.interpolation_grid(corners, 4, method="lerp")
    assert grid.shape == (4, 4, 6)
    np.testing.assert_allclose(grid[0, 0], corners[0])
    np.testing.assert_allclose(grid[0, -1], corners[1])
    np.testing.assert_allclose(grid[-1, 0], corners[2])
    np.testing.assert_allclose(grid[-1, -1], corners[3])
    np.testing.assert_allclose(grid[0], sampling.lerp(corners[0], corners[1], 4))
    np.testing.assert_allclose(grid[1:3, 1:3].mean((0, 1)), corners.mean(0))


class _Decoder:
    """A model stand-in: `decode` is a fixed linear map."""

    latent_dim = 3
    sample_shape = (2,)
    matrix = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])

    def decode(self, z):
        return np.asarray(z) @ self.matrix

    def encode(self, x):
        return np.concatenate([x, np.zeros((len(x), 1))], axis=1)


def test_j_diagram_completes_the_analogy():
    corners = RNG.normal(size=(3, 3))
    latents, samples = sampling.j_diagram(_Decoder(), corners, 3, method="lerp")
    assert latents.shape == (3, 3, 3) and samples.shape == (3, 3, 2)
    np.testing.assert_allclose(latents[-1, -1], corners[1] - corners[0] + corners[2], atol=1e-6)
    np.testing.assert_allclose(samples, latents @ _Decoder.matrix, atol=1e-5)
    images = RNG.normal(size=(3, 2))  # Samples are encoded first.
    latents, _ = sampling.j_diagram(_Decoder(), images, 2, method="lerp")
    np.testing.assert_allclose(latents[0, 0], [*images[0], 0.0], atol=1e-6)
    with pytest.raises(ValueError, match="corners"):
        sampling.j_diagram(_Decoder(), RNG.normal(size=(3, 5)), 3)


def test_attribute_vector_is_the_difference_of_means():
    z = RNG.normal(size=(50, 4))
    mask = np.arange(50) % 3 == 0
    np.testing.assert_allclose(
        sampling.attribute_vector(z, mask), z[mask].mean(0) - z[~mask].mean(0), rtol=1e-5
    )
    with pytest.raises(ValueError, match="has_attribute"):
        sampling.attribute_vector(z, np.ones(50, bool))
    with pytest.raises(ValueError, match="has_attribute"):
        sampling.attribute_vector(z, mask[:10])


def test_bias_correction_removes_the_correlated_attribute():
    rng = np.random.default_rng(1)
    n = 2000
    smile = rng.random(n) < 0.5
    female = np.where(smile, rng.random(n) < 0.85, rng.random(n) < 0.15)
    u, v = np.eye(8)[0], np.eye(8)[1]
    z = 2.0 * smile[:, None] * u + 3.0 * female[:, None] * v + rng.normal(0, 0.1, (n, 8))
    naive = sampling.attribute_vector(z, smile)
    corrected = sampling.bias_corrected_attribute_vector(z, smile, female)
    assert abs(np.dot(naive, v)) > 1.0  # The plain vector also changes gender.
    np.testing.assert_allclose(corrected, 2.0 * u, atol=0.05)
    # Exactly linear latents: the coefficient exactly.
    exact = 2.0 * smile[:, None] * u + 3.0 * female[:, None] * v
    np.testing.assert_allclose(
        sampling.bias_corrected_attribute_vector(exact, smile, female), 2.0 * u, atol=1e-5
    )
    # Balanced (uncorrelated) attributes: the plain vector.
    balanced = np.arange(n) % 2 == 0
    other = (np.arange(n) // 2) % 2 == 0
    np.testing.assert_allclose(
        sampling.bias_corrected_attribute_vector(z, balanced, other),
        sampling.attribute_vector(z, balanced),
        atol=1e-5,
    )
    with pytest.raises(ValueError, match="correlated"):
        sampling.bias_corrected_attribute_vector(z, smile, smile)
    with pytest.raises(ValueError, match="correlated"):
        sampling.bias_corrected_attribute_vector(z, smile, female[:5])


def test_vector_arithmetic_averages_the_exemplars():
    groups = [RNG.normal(size=(3, 3)) for _ in range(3)]
    latents, samples = sampling.vector_arithmetic(_Decoder(), groups)
    expected = groups[0].mean(0) - groups[1].mean(0) + groups[2].mean(0)
    np.testing.assert_allclose(latents[0], expected, rtol=1e-5)
    np.testing.assert_allclose(samples, latents @ _Decoder.matrix, rtol=1e-5)
    latents, _ = sampling.vector_arithmetic(
        _Decoder(), groups, num_samples=8, noise_scale=0.25, seed=0
    )
    assert latents.shape == (8, 3)
    assert np.all(np.abs(latents - expected) <= 0.25 + 1e-6)
    with pytest.raises(ValueError, match="signs"):
        sampling.vector_arithmetic(_Decoder(), groups, signs=(1, -1))
