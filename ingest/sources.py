"""Expand what a user hands in (files, folders, zips) into named candidate files.

Every candidate is either readable bytes or a rejection with a reason; nothing here decodes
images. Zip members are read with a bounded read, so a lying header cannot exhaust memory.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from ingest.limits import MAX_ZIP_RATIO, Limits

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Candidate:
    name: str  # cleaned display name
    data: bytes | None  # None when rejected before reading
    reason: str | None = None  # why it was rejected before any decoding


def _too_large(limits: Limits) -> str:
    return f"Larger than the {limits.max_file_bytes / 2**20:.0f} MB limit per image."


def clean_name(raw: str) -> str:
    """The file's own name: path components and control characters removed, dots kept.

    ``"../../etc/passwd"`` -> ``"passwd"``; ``"C:\\\\photos\\\\my.photo.v2.jpg"`` -> ``"my.photo.v2.jpg"``.
    """
    name = PureWindowsPath(PurePosixPath(raw.replace("\\", "/")).name).name
    name = _CONTROL.sub("", unicodedata.normalize("NFC", name)).strip().strip(".").strip()
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 250 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else name[:255]
    return name or "unnamed"


def is_zip(data_head: bytes) -> bool:
    return data_head[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def _unsafe_member(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


def expand_zip(path_or_file, zip_name: str, limits: Limits) -> Iterator[Candidate]:
    """Candidates from a zip archive; hostile members are rejected with a reason, never extracted."""
    try:
        archive = zipfile.ZipFile(path_or_file)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Candidate(clean_name(zip_name), None, f"The zip file is damaged and cannot be opened ({exc}).")
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir() or info.filename.startswith("__MACOSX/") or clean_name(info.filename).startswith("._"):
                continue
            shown = f"{clean_name(zip_name)}/{clean_name(info.filename)}"
            if _unsafe_member(info.filename):
                yield Candidate(shown, None, f"Unsafe path inside the zip ({info.filename!r}); skipped.")
                continue
            if info.flag_bits & 0x1:
                yield Candidate(shown, None, "This zip member is encrypted; unzip it yourself and upload the images.")
                continue
            if info.file_size > limits.max_file_bytes:
                yield Candidate(shown, None, _too_large(limits))
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO:
                yield Candidate(shown, None, "This zip member expands suspiciously much (a zip bomb?); skipped.")
                continue
            try:
                with archive.open(info) as fh:
                    data = fh.read(limits.max_file_bytes + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
                yield Candidate(shown, None, f"Could not read this file from the zip ({exc}).")
                continue
            if len(data) > limits.max_file_bytes:
                yield Candidate(shown, None, _too_large(limits))
                continue
            if is_zip(data[:4]):
                yield Candidate(shown, None, "A zip inside a zip is not unpacked; upload the inner zip itself.")
                continue
            yield Candidate(shown, data)


def expand_bytes(name: str, data: bytes, limits: Limits) -> Iterator[Candidate]:
    """One uploaded file: itself, or its members if it is a zip."""
    if is_zip(data[:4]):
        import io

        yield from expand_zip(io.BytesIO(data), name, limits)
    elif len(data) > limits.max_file_bytes:
        yield Candidate(clean_name(name), None, _too_large(limits))
    else:
        yield Candidate(clean_name(name), data)


def expand_paths(paths: list[Path], limits: Limits, *, recursive: bool = False) -> Iterator[Candidate]:
    """Files, folders (their files; subfolders with ``recursive``) and zips from the file system."""
    for path in paths:
        if path.is_dir():
            children = sorted(p for p in (path.rglob("*") if recursive else path.iterdir()) if p.is_file())
            children = [p for p in children if not p.name.startswith(".")]
            yield from expand_paths(children, limits)
            continue
        if not path.is_file():
            yield Candidate(clean_name(path.name), None, "No such file.")
            continue
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4)
        if is_zip(head):
            yield from expand_zip(path, path.name, limits)
        elif size > limits.max_file_bytes:
            yield Candidate(clean_name(path.name), None, _too_large(limits))
        else:
            yield Candidate(clean_name(path.name), path.read_bytes())
