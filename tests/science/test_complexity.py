import numpy as np
import pytest

from science import complexity


def test_shannon_entropy_cases():
    assert complexity.shannon_entropy(np.full((16, 16), 9, np.uint8)) == 0.0
    uniform = np.arange(256, dtype=np.uint8).reshape(16, 16)
    assert complexity.shannon_entropy(uniform) == pytest.approx(8.0)
    two = np.zeros((8, 8), np.uint8)
    two[:4] = 200
    assert complexity.shannon_entropy(two) == pytest.approx(1.0)


def test_edge_density_of_flat_image_is_zero_and_of_a_step_is_a_thin_line():
    assert complexity.edge_density(np.full((64, 64), 100, np.uint8)) == 0.0
    step = np.zeros((64, 64), np.uint8)
    step[:, 32:] = 255
    density = complexity.edge_density(step)
    assert 0 < density <= 2 * 64 / (64 * 64)  # one column, at most two pixels wide


def test_compression_ratio_constant_low_noise_high():
    flat = np.full((256, 256, 3), 120, np.uint8)
    noise = np.random.default_rng(0).integers(0, 256, (256, 256, 3), dtype=np.uint8)
    assert complexity.compression_ratio(flat) < 0.02
    assert complexity.compression_ratio(noise) > 10 * complexity.compression_ratio(flat)
    with pytest.raises(ValueError, match="quality"):
        complexity.compression_ratio(flat, quality=0)


def test_spatial_entropy_even_spread_is_one_concentrated_is_zero():
    even = np.zeros((64, 64), bool)
    even[::8, ::8] = True  # one edge pixel per cell
    assert complexity.spatial_entropy_of_edges(even) == pytest.approx(1.0)
    one_cell = np.zeros((64, 64), bool)
    one_cell[1:5, 1:5] = True
    assert complexity.spatial_entropy_of_edges(one_cell) == 0.0
    assert complexity.spatial_entropy_of_edges(np.zeros((64, 64), bool)) == 0.0
    left_half = np.zeros((64, 64), bool)
    left_half[:, :32:4] = True  # 32 of 64 cells, equally filled: log2(32) / log2(64) = 5/6
    assert complexity.spatial_entropy_of_edges(left_half) == pytest.approx(5 / 6)


def test_spatial_entropy_needs_enough_pixels():
    with pytest.raises(ValueError, match="8×8"):
        complexity.spatial_entropy_of_edges(np.ones((4, 4), bool))
