import numpy as np
import pytest

from science import spectral
from science.synthetic import power_law_noise, to_uint8


@pytest.mark.parametrize("alpha", [1.0, 1.5, 2.0, 2.5, 3.0])
def test_slope_of_power_law_noise(alpha):
    img = power_law_noise(512, alpha, seed=int(alpha * 10))
    assert spectral.spectral_slope(img) == pytest.approx(-alpha, abs=0.02)


@pytest.mark.parametrize("alpha", [1.0, 2.0, 3.0])
def test_slope_survives_uint8_quantisation_and_non_square_crop(alpha):
    img = to_uint8(power_law_noise(1024, alpha, seed=7))[:600, :900]  # non-periodic crop: the window matters
    assert spectral.spectral_slope(img) == pytest.approx(-alpha, abs=0.03)


def test_white_noise_is_flat_and_bands_sum_to_one():
    rng = np.random.default_rng(0)
    fit = spectral.spectral_fit(rng.normal(size=(256, 256)))
    assert fit.slope == pytest.approx(0.0, abs=0.1)
    assert sum(fit.spectrum.band_fractions) == pytest.approx(1.0)
    low, mid, high = fit.spectrum.band_fractions
    assert high > mid > low  # white noise: power grows with annulus area


def test_steep_spectrum_puts_power_at_low_frequencies():
    low, mid, high = spectral.radial_spectrum(power_law_noise(256, 3.0)).band_fractions
    assert low > 0.9 and high < 0.01


def test_flat_and_bad_inputs():
    for value in (0.0, 1.0, 3.0):  # float rounding must not turn a constant image into a slope
        with pytest.raises(ValueError, match="no variation"):
            spectral.spectral_slope(np.full((115, 115), value))
    with pytest.raises(ValueError, match="32×32"):
        spectral.spectral_slope(np.zeros((16, 64)))
    with pytest.raises(ValueError, match="NaN"):
        spectral.spectral_slope(np.full((64, 64), np.nan))
    with pytest.raises(ValueError, match="f_min"):
        spectral.spectral_slope(power_law_noise(64, 2.0), f_min=20, f_max=10)
