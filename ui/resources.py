"""Process-wide resources, created once per server process."""

from __future__ import annotations

import os
import threading
import time

import streamlit as st
from sqlalchemy import Engine

import settings
from db.engine import make_engine
from db.migrations import migrate
from runner.supervisor import ensure_runner

RUNNER_CHECK_EVERY_S = 15.0
_last_check = {"t": 0.0, "result": "unknown"}
_check_lock = threading.Lock()


@st.cache_resource(show_spinner="Opening the database…")
def engine() -> Engine:
    """The shared engine (thread-safe); the schema is created or upgraded on first use."""
    eng = make_engine()
    migrate(eng)
    return eng


def autostart_enabled() -> bool:
    return os.environ.get("IMAGE_TAGGER_AUTOSTART_RUNNER", "1") != "0"


def check_runner(*, force: bool = False) -> str:
    """Start a detached runner if none is alive; at most every 15 s per server process."""
    with _check_lock:
        if force or time.monotonic() - _last_check["t"] > RUNNER_CHECK_EVERY_S:
            _last_check["result"] = ensure_runner(engine(), settings.data_dir(), root=settings.ROOT)
            _last_check["t"] = time.monotonic()
        return _last_check["result"]
