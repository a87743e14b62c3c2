import numpy as np
import pytest

from science import derived, naturalness, symmetry


def test_symmetric_antisymmetric_noise():
    rng = np.random.default_rng(0)
    half = rng.integers(0, 256, (40, 20)).astype(np.float64)
    sym = np.concatenate([half, half[:, ::-1]], axis=1)
    assert symmetry.mirror_correlation(sym) == pytest.approx(1.0)
    centred = half - 127.5
    anti = np.concatenate([centred, -centred[:, ::-1]], axis=1) + 127.5
    assert symmetry.mirror_correlation(anti) == pytest.approx(-1.0, abs=1e-3)
    noise = rng.integers(0, 256, (200, 200)).astype(np.uint8)
    scores = symmetry.symmetry_scores(noise)
    assert abs(scores["vertical_score"]) < 0.05 and abs(scores["horizontal_score"]) < 0.05
    assert symmetry.symmetry_scores(np.full((8, 8), 5, np.uint8))["mean_score"] == 1.0


def test_horizontal_axis_and_difference_map():
    top = np.random.default_rng(1).integers(0, 256, (10, 30)).astype(np.uint8)
    img = np.concatenate([top, top[::-1]], axis=0)
    assert symmetry.mirror_correlation(img, axis="horizontal") == pytest.approx(1.0)
    assert symmetry.mirror_difference(img, axis="horizontal").max() == 0
    with pytest.raises(ValueError, match="axis"):
        symmetry.mirror_correlation(img, axis="diagonal")


def test_colour_bands():
    def solid(rgb):
        return np.tile(np.array(rgb, np.uint8), (4, 4, 1))

    assert naturalness.colour_band_ratios(solid((40, 160, 40)))["green_ratio"] == 1.0
    assert naturalness.colour_band_ratios(solid((40, 90, 200)))["blue_ratio"] == 1.0
    earth = naturalness.colour_band_ratios(solid((150, 120, 100)))  # muted brown
    assert earth["earth_ratio"] == 1.0 and earth["green_ratio"] == 0.0
    assert sum(naturalness.colour_band_ratios(solid((128, 128, 128))).values()) == 0.0


def test_derived_formulas():
    assert derived.naturalness_score(1, 0, 0) == pytest.approx(0.55)
    assert derived.naturalness_score(0.2, 0.1, 0.4) == pytest.approx(0.55 * 0.2 + 0.3 * 0.1 + 0.15 * 0.4)
    assert derived.fluency_score(0, 4, 0) == pytest.approx(1.0)
    assert derived.fluency_score(0.5, 8, 50) == pytest.approx(0.0)
    assert derived.biophilia_index(0, 0, 0, 1.0) == 0.0
    assert derived.biophilia_index(1, 1, 1, 2.0) == pytest.approx(1.0)
    assert derived.visual_richness(109, np.log2(36), 0.25, 8) == pytest.approx(1.0)
    assert derived.organized_complexity(0.25, 2.0, 1.0) == pytest.approx(1.0)
    assert derived.organized_complexity(0.25, 2.0, -1.0) == 0.0
