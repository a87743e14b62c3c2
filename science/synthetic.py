"""Synthetic images with known answers, for tests, benchmarks and the metric lab.

Nothing is downloaded: every image is computed from a formula and a seed.
"""

from __future__ import annotations

import numpy as np


def sierpinski(n: int) -> np.ndarray:
    """Grid-aligned Sierpinski triangle on an n × n grid (n a power of two): dimension log 3 / log 2."""
    if n < 2 or n & (n - 1):
        raise ValueError(f"n must be a power of two >= 2, got {n}")
    i, j = np.ogrid[:n, :n]
    return (i & j) == 0


def power_law_noise(n: int, alpha: float, *, seed: int = 0) -> np.ndarray:
    """Periodic n × n noise whose power spectrum is exactly f^-alpha (float64, zero mean).

    The phases are those of real white noise, so the spectrum is exactly Hermitian (drawing
    phases for the half-plane directly lets ``irfft2`` symmetrise the f_x = 0 column and lose
    power there, which biases measured slopes by about +0.01).
    """
    rng = np.random.default_rng(seed)
    white = np.fft.rfft2(rng.standard_normal((n, n)))
    fy = np.fft.fftfreq(n)[:, None]
    fx = np.fft.rfftfreq(n)[None, :]
    f = np.hypot(fx, fy)
    f[0, 0] = 1.0
    spec = white / np.maximum(np.abs(white), 1e-300) * f ** (-alpha / 2)
    spec[0, 0] = 0
    return np.fft.irfft2(spec, s=(n, n))


def to_uint8(image: np.ndarray) -> np.ndarray:
    """Min-max scale any real array to uint8 0-255."""
    lo, hi = float(image.min()), float(image.max())
    scale = 255.0 / (hi - lo) if hi > lo else 0.0
    return np.rint((image - lo) * scale).astype(np.uint8)


def camera_like(width: int = 4000, height: int = 3000, *, seed: int = 0) -> np.ndarray:
    """A camera-like RGB photo: smooth colour gradients, a room-like layout, 1/f² texture, sensor noise.

    Built at reduced size and upsampled so that a 12 MP version takes well under a second.
    """
    import cv2

    rng = np.random.default_rng(seed)
    small_w, small_h = max(8, width // 4), max(8, height // 4)
    y, x = np.mgrid[0:small_h, 0:small_w].astype(np.float32)
    base = np.empty((small_h, small_w, 3), np.float32)
    base[..., 0] = 150 + 60 * np.sin(x / small_w * 3.1) * np.cos(y / small_h * 2.3)
    base[..., 1] = 120 + 50 * np.cos(x / small_w * 2.0 + 1.0)
    base[..., 2] = 100 + 70 * (y / small_h)
    # "walls", a "window" and "furniture" blocks give hard edges
    base[: small_h // 3, :, :] *= 1.15
    base[small_h // 5: small_h // 2, small_w // 6: small_w // 3, :] = (210, 225, 240)
    base[2 * small_h // 3:, small_w // 2: 4 * small_w // 5, :] = (110, 70, 40)
    side = 1 << int(np.ceil(np.log2(max(small_w, small_h))))
    texture = power_law_noise(side, 2.0, seed=seed)[:small_h, :small_w]
    base += (40 * texture / (texture.std() + 1e-9))[..., None].astype(np.float32)
    big = cv2.resize(base, (width, height), interpolation=cv2.INTER_LINEAR)
    big += rng.normal(0, 4, big.shape).astype(np.float32)
    return np.clip(big, 0, 255).astype(np.uint8)
