"""Upload limits: one place, said on the page and enforced by the checks."""

from __future__ import annotations

from dataclasses import dataclass

# A member of a zip that inflates more than this many times is treated as a zip bomb; real
# images are already compressed, so they barely shrink in a zip.
MAX_ZIP_RATIO = 100


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024
    max_files: int = 1000
    max_pixels: int = 100_000_000

    def describe(self) -> str:
        return (f"up to {self.max_files} images per batch, {self.max_file_bytes / 2**20:.0f} MB and "
                f"{self.max_pixels / 1e6:.0f} megapixels per image; JPEG, PNG, WebP, TIFF, or zip files of them")
