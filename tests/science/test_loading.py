import io

import numpy as np
import pytest
from PIL import Image

from science.errors import ImageLoadError
from science.loading import load_image, probe, target_size
from tests.science.images import encode, gradient_rgb, with_orientation


@pytest.mark.parametrize("fmt,params", [("JPEG", {"quality": 95}), ("PNG", {}), ("WEBP", {"lossless": True}),
                                        ("TIFF", {})])
def test_formats_are_detected_by_content(fmt, params):
    arr = gradient_rgb()
    loaded = load_image(encode(arr, fmt, **params))
    assert loaded.format == {"WEBP": "WebP"}.get(fmt, fmt)
    assert loaded.rgb.shape == (48, 64, 3) and loaded.rgb.dtype == np.uint8
    assert loaded.input_size == (64, 48) == loaded.analysis_size
    if fmt != "JPEG":  # lossless formats round-trip exactly
        np.testing.assert_array_equal(loaded.rgb, arr)


def test_misnamed_file_loads_by_content(tmp_path):
    path = tmp_path / "photo.jpg"  # really a PNG
    path.write_bytes(encode(gradient_rgb(), "PNG"))
    assert load_image(path).format == "PNG"


def test_long_side_is_reduced_with_aspect_kept_and_never_enlarged():
    big = np.zeros((1500, 2000, 3), np.uint8)
    assert load_image(encode(big, "JPEG"), long_side=1024).analysis_size == (1024, 768)
    assert load_image(encode(big, "PNG"), long_side=1024).analysis_size == (1024, 768)
    small = gradient_rgb(300, 200)
    assert load_image(encode(small, "PNG"), long_side=1024).analysis_size == (300, 200)
    assert target_size((4000, 3000), 1024) == (1024, 768)
    assert target_size((10, 4000), 1024) == (3, 1024)


def test_jpeg_draft_path_matches_full_decode_plus_box_within_a_few_levels():
    from science.synthetic import camera_like

    data = encode(camera_like(2400, 1800, seed=1), "JPEG", quality=90)
    fast = load_image(data, long_side=600).rgb.astype(int)
    full = np.asarray(Image.open(io.BytesIO(data)).convert("RGB").resize((600, 450), Image.Resampling.BOX)).astype(int)
    assert np.abs(fast - full).mean() < 2.0


@pytest.mark.parametrize("orientation,expect_shape", [(1, (48, 64)), (3, (48, 64)), (6, (64, 48)), (8, (64, 48))])
def test_exif_orientation_is_applied(orientation, expect_shape):
    arr = np.zeros((48, 64, 3), np.uint8)
    arr[:8, :8] = 255  # a white mark in the stored top-left corner
    loaded = load_image(with_orientation(arr, orientation))
    assert loaded.rgb.shape[:2] == expect_shape
    assert loaded.input_size == (expect_shape[1], expect_shape[0])
    corner = {1: (0, 0), 3: (-1, -1), 6: (0, -1), 8: (-1, 0)}[orientation]  # where the mark ends up
    r = slice(0, 6) if corner[0] == 0 else slice(-6, None)
    c = slice(0, 6) if corner[1] == 0 else slice(-6, None)
    assert loaded.rgb[r, c].mean() > 200


def test_palette_and_alpha_are_composited_on_white():
    rgba = np.zeros((20, 20, 4), np.uint8)
    rgba[..., 0] = 255
    rgba[:, :10, 3] = 0  # left half transparent
    rgba[:, 10:, 3] = 255
    loaded = load_image(encode(Image.fromarray(rgba, "RGBA"), "PNG"))
    assert tuple(loaded.rgb[5, 2]) == (255, 255, 255)
    assert tuple(loaded.rgb[5, 15]) == (255, 0, 0)
    pal = Image.fromarray(gradient_rgb()).convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    assert load_image(encode(pal, "PNG")).rgb.shape == (48, 64, 3)
    la = Image.fromarray(np.full((10, 10, 2), (0, 0), np.uint8), "LA")
    assert load_image(encode(la, "PNG")).rgb.min() == 255  # fully transparent black is white paper


def test_cmyk_and_grey_and_16_bit():
    cmyk = Image.fromarray(gradient_rgb()).convert("CMYK")
    assert load_image(encode(cmyk, "JPEG")).rgb.shape == (48, 64, 3)
    grey = load_image(encode(np.full((10, 12), 77, np.uint8), "PNG")).rgb
    assert (grey == 77).all()
    deep = np.full((10, 12), 40000, np.uint16)
    loaded = load_image(encode(Image.fromarray(deep), "PNG")).rgb
    assert (loaded == 40000 >> 8).all()  # high byte kept, not clipped to 255
    f32 = Image.fromarray(np.full((10, 12), 0.5, np.float32), "F")
    assert (load_image(encode(f32, "TIFF")).rgb == 128).all()


@pytest.mark.parametrize("ext", [".png", ".tif"])
def test_16_bit_colour_keeps_the_high_byte(ext):
    import cv2

    arr = (np.random.default_rng(0).random((30, 40, 3)) * 65535).astype(np.uint16)
    ok, buf = cv2.imencode(ext, arr[..., ::-1])  # a 48-bit file as scanners and raw converters write
    assert ok
    np.testing.assert_array_equal(load_image(buf.tobytes()).rgb, (arr >> 8).astype(np.uint8))


def test_bad_inputs_raise_clear_errors(tmp_path):
    cases = {
        "empty": b"",
        "not_an_image": b"hello, this is text pretending to be a JPEG\n" * 10,
    }
    for reason, data in cases.items():
        with pytest.raises(ImageLoadError) as err:
            load_image(data)
        assert err.value.reason == reason
        assert "Traceback" not in str(err.value)


def test_truncated_files_raise_truncated():
    from science.synthetic import camera_like

    for fmt in ("JPEG", "PNG"):
        data = encode(camera_like(400, 300), fmt)
        with pytest.raises(ImageLoadError) as err:
            load_image(data[: len(data) // 2])
        assert err.value.reason == "truncated", fmt
        assert "truncated or corrupt" in str(err.value)


def test_files_cut_inside_the_header_are_reported_as_truncated_not_as_non_images():
    from science.synthetic import camera_like

    for fmt in ("JPEG", "PNG", "WEBP", "TIFF"):
        data = encode(camera_like(200, 150), fmt)
        with pytest.raises(ImageLoadError) as err:
            load_image(data[:20])
        assert err.value.reason == "truncated", fmt


def test_decompression_bomb_is_refused_before_decoding():
    bomb = encode(np.zeros((2000, 2000), np.uint8), "PNG")  # tiny file, 4 MP
    with pytest.raises(ImageLoadError) as err:
        load_image(bomb, max_pixels=1_000_000)
    assert err.value.reason == "too_large" and "megapixels" in str(err.value)
    import zlib

    huge = bytearray(encode(np.zeros((8, 8), np.uint8), "PNG"))
    huge[16:24] = (100_000).to_bytes(4, "big") * 2  # IHDR claims 100k × 100k: 10 gigapixels
    huge[29:33] = zlib.crc32(bytes(huge[12:29])).to_bytes(4, "big")  # with a valid chunk CRC
    with pytest.raises(ImageLoadError) as err:
        load_image(bytes(huge))
    assert err.value.reason == "too_large"


def test_gif_is_rejected_as_unsupported():
    frames = [Image.fromarray(np.full((8, 8), v, np.uint8)) for v in (0, 255)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(ImageLoadError) as err:
        load_image(buf.getvalue())
    assert err.value.reason == "unsupported_format" and "GIF" in str(err.value)


def test_iphone_heic_gets_an_actionable_message():
    heic_header = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
    with pytest.raises(ImageLoadError) as err:
        load_image(heic_header)
    assert err.value.reason == "unsupported_format" and "Export the photo as JPEG" in str(err.value)


def test_probe_reads_header_only():
    info = probe(with_orientation(np.zeros((48, 64, 3), np.uint8), 6))
    assert (info.format, info.width, info.height, info.orientation) == ("JPEG", 48, 64, 6)


def test_invalid_long_side():
    with pytest.raises(ValueError, match="long_side"):
        load_image(encode(gradient_rgb(), "PNG"), long_side=0)
