"""Small display helpers shared by pages: thumbnails, ages, durations, status labels."""

from __future__ import annotations

import base64
import io
from datetime import datetime

import streamlit as st
from PIL import Image

from db.models import JobStatus

STATUS_LABEL = {  # plain words: emoji need a colour font that lab machines (and headless Chromium) lack
    JobStatus.PENDING: "waiting", JobStatus.RUNNING: "running", JobStatus.COMPLETED: "completed",
    JobStatus.COMPLETED_WITH_ERRORS: "completed with errors", JobStatus.FAILED: "failed",
    JobStatus.CANCELLED: "cancelled",
}
STATUS_COLOR = {"waiting": "gray", "running": "blue", "completed": "green", "completed with errors": "orange",
                "failed": "red", "cancelled": "gray"}


def status_badge(status: str) -> str:
    """Markdown for a coloured status word."""
    label = STATUS_LABEL[status]
    return f":{STATUS_COLOR[label]}-badge[{label}]"


@st.cache_data(max_entries=20_000, show_spinner=False)
def thumb_url(path: str, size: int = 64) -> str | None:
    """A small JPEG data URL of a stored thumbnail (st.column_config.ImageColumn needs URLs)."""
    try:
        with Image.open(path) as im:
            im.thumbnail((size, size))
            buf = io.BytesIO()
            im.convert("RGB").save(buf, "JPEG", quality=70)
    except OSError:
        return None
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode()


def ago(then: datetime | None, now: datetime) -> str:
    if then is None:
        return "—"
    return f"{duration((now - then).total_seconds())} ago"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    seconds = max(0.0, seconds)
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
