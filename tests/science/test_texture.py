import numpy as np
import pytest

from science import texture


def test_constant_image_glcm():
    feats = texture.texture_features(np.full((32, 32), 77, np.uint8))
    for scale in ("micro", "macro"):
        assert feats[f"{scale}.contrast"] == 0
        assert feats[f"{scale}.energy"] == pytest.approx(1)
        assert feats[f"{scale}.homogeneity"] == pytest.approx(1)
        assert feats[f"{scale}.correlation"] == 1  # scikit-image's convention for σ = 0
        assert feats[f"{scale}.entropy"] == 0


def test_checkerboard_contrast_by_angle():
    i, j = np.mgrid[0:16, 0:16]
    board = np.where((i + j) % 2, 255, 0).astype(np.uint8)  # levels 0 and 7 at 8 levels
    feats = texture.glcm_features(texture.glcm(board, levels=8, distances=[1]))
    contrast = feats["contrast"][0]
    assert contrast[0] == pytest.approx(49)  # angle 0: neighbours always differ by 7
    assert contrast[1] == pytest.approx(0)  # 45°: diagonal neighbours equal
    assert contrast[2] == pytest.approx(49)  # 90°
    assert feats["correlation"][0][0] == pytest.approx(-1)


def test_vertical_stripes_differ_only_horizontally():
    stripes = np.zeros((16, 16), np.uint8)
    stripes[:, ::2] = 255
    contrast = texture.glcm_features(texture.glcm(stripes, levels=8, distances=[1]))["contrast"][0]
    assert contrast[2] == pytest.approx(0)  # angle 90° compares with the pixel above: same column
    assert contrast[0] == pytest.approx(49)


def test_matches_scikit_image_graycoprops():
    from skimage.feature import graycoprops

    rng = np.random.default_rng(3)
    img = rng.integers(0, 256, (40, 50), dtype=np.uint8)
    p = texture.glcm(img, levels=32, distances=[1, 8])
    ours = texture.glcm_features(p)
    for prop in ("contrast", "homogeneity", "energy", "correlation"):
        np.testing.assert_allclose(ours[prop], graycoprops(p, prop), rtol=1e-9)
    np.testing.assert_allclose(ours["entropy"], graycoprops(p, "entropy") / np.log(2), rtol=1e-9)  # bits vs nats


def test_bad_parameters():
    img = np.zeros((8, 8), np.uint8)
    with pytest.raises(ValueError, match="levels"):
        texture.glcm(img, levels=1)
    with pytest.raises(ValueError, match="distances"):
        texture.glcm(img, distances=[0])
    with pytest.raises(ValueError, match="distance"):
        texture.glcm(img, distances=[8])
