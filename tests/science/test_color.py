import math

import numpy as np
import pytest

from science import color


def solid(rgb, w=8, h=6):
    return np.tile(np.array(rgb, np.uint8), (h, w, 1))


def test_colorfulness_of_any_grey_image_is_zero():
    rng = np.random.default_rng(0)
    g = rng.integers(0, 256, (40, 50), dtype=np.uint8)
    assert color.colorfulness(np.stack([g, g, g], -1)) == pytest.approx(0, abs=1e-9)


def test_colorfulness_constant_colour_is_point_three_times_mean_norm():
    expected = 0.3 * math.hypot(170, 85)  # rg = 170, yb = 115 - 30 = 85
    assert color.colorfulness(solid((200, 30, 30))) == pytest.approx(expected, rel=1e-6)


def test_colorfulness_primaries_use_population_std_and_signed_opponents():
    img = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255]]] * 2, np.uint8)
    assert color.colorfulness(img) == pytest.approx(275.4315, abs=1e-3)


def test_ou_warmth_reference_colours():
    expected = {(0, 0, 255): -1.393, (255, 0, 0): 2.351, (0, 255, 0): -0.267, (255, 255, 255): -0.5, (0, 0, 0): -0.5}
    for rgb, wc in expected.items():
        assert color.warmth(solid(rgb)) == pytest.approx(wc, abs=2e-3), rgb
    assert color.warmth_ratio(solid((255, 0, 0))) == 1.0
    assert color.warmth_ratio(solid((0, 0, 255))) == 0.0


def test_hue_entropy_cases():
    assert color.hue_entropy(solid((200, 30, 30))) == 0.0
    two = np.concatenate([solid((200, 30, 30)), solid((30, 30, 200))], axis=1)
    assert color.hue_entropy(two) == pytest.approx(1.0, abs=1e-12)
    grey = solid((128, 128, 128))
    assert color.hue_entropy(grey) == 0.0  # masked out entirely: empty histogram handled


def test_lightness_and_contrast():
    assert color.perceptual_lightness(solid((255, 255, 255))) == pytest.approx(100, abs=0.01)
    assert color.perceptual_lightness(solid((0, 0, 0))) == pytest.approx(0, abs=0.01)
    half = np.concatenate([solid((0, 0, 0)), solid((255, 255, 255))], axis=1)
    assert color.lightness_contrast(half) == pytest.approx(50, abs=0.01)
    assert color.lightness_contrast(solid((10, 200, 30))) == pytest.approx(0, abs=1e-6)


def test_saturation_and_lab_volume():
    assert color.saturation_mean(solid((255, 0, 0))) == pytest.approx(1.0)
    assert color.saturation_mean(solid((90, 90, 90))) == pytest.approx(0.0)
    assert color.lab_volume(solid((90, 40, 200))) == 1
    rng = np.random.default_rng(1)
    noisy = rng.integers(0, 256, (200, 200, 3), dtype=np.uint8)
    first = color.lab_volume(noisy)
    assert first == color.lab_volume(noisy)  # deterministic (the original was random)
    assert 100 < first <= 1302


@pytest.mark.parametrize("bad,match", [
    (np.zeros((4, 4)), "shape"),
    (np.zeros((4, 4, 4)), "shape"),
    (np.full((4, 4, 3), np.nan), "NaN"),
    (np.full((4, 4, 3), 300.0), r"\[0, 255\]"),
    (np.zeros((1, 4, 3)), "2×2"),
    (np.zeros((4, 4, 3), dtype=object), "numeric"),
])
def test_colour_functions_reject_bad_input(bad, match):
    with pytest.raises(ValueError, match=match):
        color.colorfulness(bad)
