import io
import zipfile

import numpy as np
import pytest
from PIL import Image

from db.engine import transaction
from db.models import Image as ImageRow
from ingest.limits import Limits
from ingest.sources import clean_name, expand_bytes, expand_paths
from ingest.store import ACCEPTED, DUPLICATE, REJECTED, job_image_ids, stage
from science.synthetic import camera_like
from tests.science.images import encode, gradient_rgb, with_orientation

LIMITS = Limits(max_file_bytes=5 * 2**20, max_files=50, max_pixels=20_000_000)


@pytest.mark.parametrize("raw,clean", [
    ("photo.jpg", "photo.jpg"), ("my.photo.v2.final.JPG", "my.photo.v2.final.JPG"),
    ("../../etc/passwd", "passwd"), ("C:\\Users\\ta\\room 1.png", "room 1.png"), ("bad\x00\x1bname.jpg", "badname.jpg"),
    ("", "unnamed"), ("..", "unnamed"), ("/abs/path/x.tif", "x.tif")
])
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


def test_long_names_are_cut_keeping_the_extension():
    name = clean_name("a" * 300 + ".jpeg")
    assert len(name) <= 255 and name.endswith(".jpeg")


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_members_hostile_paths_bombs_and_nesting_are_rejected_with_reasons():
    good = encode(gradient_rgb(), "PNG")
    data = zip_bytes({"../evil.png": good, "/abs.png": good, "room/ok.png": good, "bomb.png": b"\0" * 3_000_000,
                      "inner.zip": zip_bytes({"x.png": good}), "__MACOSX/._ok.png": b"junk", "dir/": b""})
    got = {c.name: c.reason for c in expand_bytes("set.zip", data, LIMITS)}
    assert got["set.zip/ok.png"] is None
    assert "Unsafe path" in got["set.zip/evil.png"] and "Unsafe path" in got["set.zip/abs.png"]
    assert "zip bomb" in got["set.zip/bomb.png"]
    assert "zip inside a zip" in got["set.zip/inner.zip"]
    assert len(got) == 5  # the folder entry and macOS metadata are skipped silently


def test_damaged_zip_and_oversized_files():
    assert "damaged" in next(expand_bytes("x.zip", b"PK\x03\x04 truncated", LIMITS)).reason
    big = next(expand_bytes("big.jpg", b"x" * (LIMITS.max_file_bytes + 1), LIMITS))
    assert big.data is None and "MB limit" in big.reason


def test_folders_recursive_and_hidden_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.png").write_bytes(encode(gradient_rgb(), "PNG"))
    (tmp_path / "sub" / "b.png").write_bytes(encode(gradient_rgb(30, 20), "PNG"))
    (tmp_path / ".DS_Store").write_bytes(b"junk")
    assert [c.name for c in expand_paths([tmp_path], LIMITS)] == ["a.png"]
    assert sorted(c.name for c in expand_paths([tmp_path], LIMITS, recursive=True)) == ["a.png", "b.png"]
    assert next(expand_paths([tmp_path / "missing.jpg"], LIMITS)).reason == "No such file."


def animated_gif() -> bytes:
    frames = [Image.fromarray(np.full((8, 8), v, np.uint8)) for v in (0, 255)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:])
    return buf.getvalue()


def stage_all(engine, data_dir, files: dict[str, bytes], limits=LIMITS, already=None):
    cands = [c for name, data in files.items() for c in expand_bytes(name, data, limits)]
    return {r.name: r for r in stage(engine, cands, limits=limits, data_dir=data_dir, already=already)}


def test_every_kind_of_file_gets_the_right_verdict(sqlite_engine, data_dir):
    photo = encode(camera_like(400, 300, seed=1), "JPEG", quality=90)
    rgba = np.zeros((20, 30, 4), np.uint8)
    rgba[..., 3] = 128
    files = {
        "photo.jpg": photo,
        "cmyk.jpg": encode(Image.fromarray(gradient_rgb()).convert("CMYK"), "JPEG"),
        "deep16.png": encode(Image.fromarray(np.full((20, 30), 40000, np.uint16)), "PNG"),
        "alpha.png": encode(Image.fromarray(rgba, "RGBA"), "PNG"),
        "palette.png": encode(Image.fromarray(gradient_rgb()).convert("P"), "PNG"),
        "rotated.jpg": with_orientation(gradient_rgb(64, 48), 6),
        "really_a_png.jpg": encode(gradient_rgb(50, 40), "PNG"),
        "truncated.jpg": photo[: len(photo) // 2],
        "empty.jpg": b"",
        "notes.jpg": b"this is a text file\n" * 20,
        "animated.gif": animated_gif(),
        "bomb.png": encode(np.zeros((5000, 5000), np.uint8), "PNG"),  # 25 MP > the 20 MP limit, tiny file
    }
    rows = stage_all(sqlite_engine, data_dir, files)
    accepted = {"photo.jpg", "cmyk.jpg", "deep16.png", "alpha.png", "palette.png", "rotated.jpg", "really_a_png.jpg"}
    assert {n for n, r in rows.items() if r.status == ACCEPTED} == accepted
    assert rows["rotated.jpg"].width == 48 and rows["rotated.jpg"].height == 64  # EXIF orientation applied
    assert rows["really_a_png.jpg"].format == "PNG"
    reasons = {n: r.reason for n, r in rows.items() if r.status == REJECTED}
    assert "truncated or corrupt" in reasons["truncated.jpg"]
    assert "empty" in reasons["empty.jpg"]
    assert "not an image" in reasons["notes.jpg"]
    assert "GIF images are not supported" in reasons["animated.gif"]
    assert "megapixels" in reasons["bomb.png"]
    for r in rows.values():
        assert "Traceback" not in r.reason
    with transaction(sqlite_engine, write=False) as s:
        stored = s.query(ImageRow).all()
    assert len(stored) == len(accepted)
    for img in stored:
        assert (data_dir / img.stored_path).is_file() and (data_dir / img.thumb_path).is_file()
        assert img.stored_path.endswith({"JPEG": ".jpg", "PNG": ".png"}[img.format])
    assert not list(data_dir.rglob(".incoming-*"))  # nothing half-written


def test_duplicates_are_reused_and_added_once_per_batch(sqlite_engine, data_dir):
    photo = encode(camera_like(200, 150, seed=2), "JPEG")
    first = stage_all(sqlite_engine, data_dir, {"a.jpg": photo})
    image_id = first["a.jpg"].image_id
    again = stage_all(sqlite_engine, data_dir, {"b.jpg": photo, "copy of b.jpg": photo})
    assert again["b.jpg"].status == DUPLICATE and f"image #{image_id}" in again["b.jpg"].reason
    assert "already in this batch" in again["copy of b.jpg"].reason
    assert job_image_ids(again.values()) == [image_id]


def test_batch_limit_counts_images_already_staged(sqlite_engine, data_dir):
    limits = Limits(max_file_bytes=LIMITS.max_file_bytes, max_files=3, max_pixels=LIMITS.max_pixels)
    files = {f"{i}.png": encode(gradient_rgb(20 + i, 20), "PNG") for i in range(5)}
    rows = list(stage_all(sqlite_engine, data_dir, files, limits=limits).values())
    assert [r.status for r in rows] == [ACCEPTED] * 3 + [REJECTED] * 2
    assert "Batch limit of 3" in rows[-1].reason
    more = stage_all(sqlite_engine, data_dir, {"x.png": encode(gradient_rgb(40, 41), "PNG")}, limits=limits,
                     already=rows)
    assert more["x.png"].status == REJECTED
