"""Decode image bytes into the 8-bit sRGB analysis image.

The resampling path is part of every metric's definition, so it is fixed here and nowhere else:

1. Detect the format from the bytes (never the file name). JPEG, PNG, WebP and TIFF are
   accepted; anything else is rejected with its detected format named.
2. Refuse images above ``max_pixels`` before decoding a single pixel (decompression bombs).
3. JPEG only: ask libjpeg for a DCT-scaled decode (Pillow ``draft``) at the largest of 1/2, 1/4,
   1/8 that is still at least the target size. DCT scaling acts like a box filter.
4. Convert to 8-bit RGB: palette and grey expand; alpha is composited on white; CMYK and YCbCr
   convert with Pillow; 16-bit grey keeps its high byte; 32-bit float is clipped to [0, 1] and
   scaled (or, if already above 1, clipped to [0, 255]).
5. Resize with Pillow's BOX filter so the long side is ``long_side`` (never upsampled).
6. Apply the EXIF orientation tag.

``input_size`` is the image's size after orientation; ``analysis_size`` the array's size.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from science.errors import ImageLoadError

SUPPORTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "TIFF": "TIFF"}
DEFAULT_LONG_SIDE = 1024
DEFAULT_MAX_PIXELS = 100_000_000
RESAMPLING = "pillow-draft+BOX"

_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}
_SIGNATURES = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG", b"II*\x00": "TIFF", b"MM\x00*": "TIFF"}


_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}


def sniff(data: bytes) -> str | None:
    """The format a file's first bytes claim, even when the rest is too broken to open."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "HEIC"
    return next((fmt for magic, fmt in _SIGNATURES.items() if data.startswith(magic)), None)


@dataclass(frozen=True)
class LoadedImage:
    """An analysis image and where it came from."""

    rgb: np.ndarray  # (H, W, 3) uint8, sRGB as encoded
    format: str  # "JPEG", "PNG", "WebP" or "TIFF"
    input_size: tuple[int, int]  # (width, height) of the original, after EXIF orientation
    analysis_size: tuple[int, int]  # (width, height) of ``rgb``
    resampling: str = RESAMPLING


@dataclass(frozen=True)
class ImageInfo:
    """What the header says, checked against the limits, without decoding the pixels."""

    format: str
    width: int  # after EXIF orientation
    height: int
    orientation: int


def _read(source: bytes | str | Path) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    return Path(source).read_bytes()


def _open(data: bytes, max_pixels: int) -> tuple[Image.Image, ImageInfo]:
    if not data:
        raise ImageLoadError("empty", "The file is empty (0 bytes).")
    try:
        with warnings.catch_warnings():
            # bomb warnings (our own max_pixels check follows) and corrupt-metadata chatter
            warnings.simplefilter("ignore")
            im = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise ImageLoadError("too_large", f"The image has too many pixels to open safely ({exc}).") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        claimed = sniff(data)
        if claimed == "HEIC":
            raise ImageLoadError(
                "unsupported_format",
                "HEIC/HEIF photos (the iPhone default) are not supported yet. Export the photo as JPEG "
                "(on an iPhone: Settings › Camera › Formats › Most Compatible) and upload it again.",
            ) from exc
        if claimed:
            raise ImageLoadError(
                "truncated",
                f"The file starts like a {claimed} image but is truncated or corrupt, so it cannot be read. "
                "Export it again from the original and upload the new copy.",
            ) from exc
        raise ImageLoadError(
            "not_an_image",
            "This file is not an image we can read (its content is not JPEG, PNG, WebP or TIFF).",
        ) from exc
    fmt = SUPPORTED_FORMATS.get(im.format or "")
    if fmt is None:
        raise ImageLoadError(
            "unsupported_format",
            f"{im.format} images are not supported; convert it to JPEG or PNG and upload again.",
        )
    width, height = im.size
    if width * height > max_pixels:
        raise ImageLoadError(
            "too_large",
            f"The image is {width}×{height} = {width * height / 1e6:.0f} megapixels, above the limit of "
            f"{max_pixels / 1e6:.0f} megapixels. Resize it and upload again.",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about corrupt EXIF; we only need one tag
            orientation = int(im.getexif().get(0x0112, 1))
    except Exception:  # a broken EXIF block must not reject an otherwise good image
        orientation = 1
    if orientation not in _ORIENTATION:
        orientation = 1
    if orientation >= 5:
        width, height = height, width
    return im, ImageInfo(fmt, width, height, orientation)


def probe(source: bytes | str | Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageInfo:
    """Read the header only: format, oriented size, EXIF orientation. Raises ImageLoadError."""
    return _open(_read(source), max_pixels)[1]


def target_size(size: tuple[int, int], long_side: int | None) -> tuple[int, int]:
    """Size with the long side reduced to ``long_side`` (aspect kept; never enlarged)."""
    w, h = size
    if long_side is None or max(w, h) <= long_side:
        return w, h
    scale = long_side / max(w, h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def _to_rgb(im: Image.Image) -> Image.Image:
    mode = im.mode
    if mode == "RGB":
        return im
    if mode == "P":
        im = im.convert("RGBA") if "transparency" in im.info else im.convert("RGB")
        mode = im.mode
        if mode == "RGB":
            return im
    if mode in _ALPHA_MODES:
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if mode.startswith("I;16") or mode == "I":
        arr = np.asarray(im, dtype=np.uint32)
        if mode == "I" and arr.max(initial=0) <= 255:
            arr8 = arr.astype(np.uint8)
        else:
            arr8 = (np.minimum(arr, 65535) >> 8).astype(np.uint8)
        return Image.fromarray(arr8, "L").convert("RGB")
    if mode == "F":
        arr = np.asarray(im, dtype=np.float32)
        arr = np.nan_to_num(arr, nan=0.0, posinf=255.0, neginf=0.0)
        scale = 255.0 if arr.max(initial=0.0) <= 1.0 else 1.0
        return Image.fromarray(np.clip(arr * scale, 0, 255).round().astype(np.uint8), "L").convert("RGB")
    return im.convert("RGB")  # L, 1, CMYK, YCbCr, LAB, HSV


def load_image(
    source: bytes | str | Path,
    *,
    long_side: int | None = DEFAULT_LONG_SIDE,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> LoadedImage:
    """Decode ``source`` (bytes or a path) to the analysis image.

    Parameters
    ----------
    source : bytes, str or Path
        The encoded file.
    long_side : int or None
        Long side of the analysis image in pixels (default 1024). ``None`` keeps full size.
    max_pixels : int
        Refuse images with more pixels than this before decoding (default 100 megapixels).

    Returns
    -------
    LoadedImage

    Raises
    ------
    ImageLoadError
        Empty, not an image, unsupported format, too large, truncated or corrupt. The message
        says which, in words a user understands.
    """
    if long_side is not None and long_side < 1:
        raise ValueError(f"long_side must be a positive number of pixels, got {long_side}")
    data = _read(source)
    im, info = _open(data, max_pixels)
    stored = im.size
    target = target_size(stored, long_side)
    try:
        if info.format == "JPEG" and target != stored:
            im.draft("RGB", target)
        im.load()
        rgb = _to_rgb(im)
        if rgb.size != target:
            rgb = rgb.resize(target, Image.Resampling.BOX)
    except Image.DecompressionBombError as exc:
        raise ImageLoadError("too_large", f"The image has too many pixels to open safely ({exc}).") from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        raise ImageLoadError(
            "truncated",
            f"The {info.format} file is truncated or corrupt and cannot be decoded ({exc}). "
            "Export it again from the original and upload the new copy.",
        ) from exc
    if info.orientation != 1:
        rgb = rgb.transpose(_ORIENTATION[info.orientation])
    arr = np.asarray(rgb, dtype=np.uint8)
    return LoadedImage(
        rgb=arr,
        format=info.format,
        input_size=(info.width, info.height),
        analysis_size=(arr.shape[1], arr.shape[0]),
    )
