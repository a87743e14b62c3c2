"""Metamorphic and range properties: how metrics must respond to changes of the input."""

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from science import complexity
from science.pipeline import analyze_array
from science.registry import registry
from science.synthetic import camera_like

PHOTO = camera_like(640, 480, seed=5)


def test_more_blur_gives_lower_edge_density():
    densities = [complexity.edge_density(cv2.GaussianBlur(PHOTO, (0, 0), s) if s else PHOTO) for s in (0, 1, 2, 4)]
    assert densities == sorted(densities, reverse=True)
    assert densities[-1] < 0.5 * densities[0]


def test_grey_rgb_gives_the_same_metrics_as_its_greyscale():
    grey = cv2.cvtColor(PHOTO, cv2.COLOR_RGB2GRAY)
    as_rgb = np.stack([grey] * 3, -1)
    rgb_values = analyze_array(as_rgb).values
    grey_only = {"complexity", "texture", "fractal", "spectral", "symmetry"}
    from science.analyzers import BY_NAME
    from science.frame import Frame
    frame = Frame(as_rgb)
    frame.gray  # noqa: B018 - the grey channel equals the input exactly
    np.testing.assert_array_equal(frame.gray, grey)
    for name in grey_only:
        direct = BY_NAME[name].run(frame, {})
        for key, value in direct.items():
            assert rgb_values[key] == pytest.approx(value, abs=1e-12), key
    assert rgb_values["color.colorfulness"] == pytest.approx(0, abs=1e-9)
    assert rgb_values["color.saturation_mean"] == pytest.approx(0, abs=1e-6)
    assert rgb_values["color.hue_entropy"] == 0


# 90° rotation: which keys must stay put, and how tightly (edge maps and GLCM angles are
# computed on a pixel grid, so rotation-invariant quantities agree to a tolerance, not exactly).
ROTATION_INVARIANT = {
    "color.perceptual_lightness": 1e-9, "color.lightness_contrast": 1e-9, "color.colorfulness": 1e-6,
    "color.hue_entropy": 1e-12, "color.saturation_mean": 1e-9, "color.warmth": 1e-6, "color.warmth_ratio": 1e-12,
    "color.lab_volume": 1e-12, "complexity.shannon_entropy": 1e-12, "naturalness.green_ratio": 1e-12,
    "complexity.edge_density": 0.02, "texture.micro.contrast": 0.02, "texture.micro.homogeneity": 0.02,
    "texture.micro.energy": 0.02, "texture.micro.entropy": 0.02, "fractal.D": 0.02, "spectral.slope": 0.02,
}


def test_rotation_by_90_degrees_leaves_rotation_invariant_metrics_unchanged():
    square = camera_like(512, 512, seed=9)
    before = analyze_array(square).values
    after = analyze_array(np.ascontiguousarray(np.rot90(square))).values
    for key, rel in ROTATION_INVARIANT.items():
        assert after[key] == pytest.approx(before[key], rel=rel, abs=1e-9), key
    assert after["symmetry.vertical_score"] == pytest.approx(before["symmetry.horizontal_score"], abs=1e-6)


image_sizes = st.tuples(st.integers(64, 160), st.integers(64, 160))


@st.composite
def random_images(draw):
    h, w = draw(image_sizes)
    kind = draw(st.sampled_from(["noise", "flat", "blocks", "gradient"]))
    if kind == "noise":
        return draw(arrays(np.uint8, (h, w, 3)))
    if kind == "flat":
        return np.full((h, w, 3), draw(st.integers(0, 255)), np.uint8)
    if kind == "blocks":
        small = draw(arrays(np.uint8, (4, 4, 3)))
        return cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([x * 255 // w, y * 255 // h, (x + y) * 127 // (w + h)], -1).astype(np.uint8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_images())
def test_every_value_lies_in_its_registered_range(img):
    result = analyze_array(img)
    attrs = registry()
    assert not result.errors
    for key, value in result.values.items():
        lo, hi = attrs[key].range
        assert lo - 1e-9 <= value <= hi + 1e-9, (key, value)
    assert set(result.values) | set(result.undefined) == {k for k, a in attrs.items() if a.status == "implemented"}
