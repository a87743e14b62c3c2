"""Process-wide resources, created once per server process."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from db.engine import make_engine
from db.migrations import migrate


@st.cache_resource(show_spinner="Opening the database…")
def engine() -> Engine:
    """The shared engine (thread-safe); the schema is created or upgraded on first use."""
    eng = make_engine()
    migrate(eng)
    return eng
