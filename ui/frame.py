"""The frame every page runs in: app.py's navigation and one error boundary.

Streamlit 1.67 decides once per server process whether ``pages/`` beside the entry script is a
legacy "pages folder" app. Until ``app.py`` has called ``st.navigation``, a visitor whose first
request is a deep link (``/jobs?job=3``) gets the page script run on its own, outside app.py.
``require_app_frame()`` at the top of each page detects that, switches the process to
``st.navigation`` mode, and reruns, so app.py routes the same URL.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from streamlit.runtime.pages_manager import PagesManager

import settings

log = logging.getLogger("image_tagger.app")


def require_app_frame() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@contextmanager
def error_boundary() -> Iterator[None]:
    """The one place page errors become messages: no traceback reaches a user (it goes to the log)."""
    try:
        yield
    except OperationalError as exc:
        log.exception("database error")
        where = make_url(settings.database_url()).render_as_string(hide_password=True)
        st.error(f"Image Tagger cannot reach its database ({where}), or it is too busy to answer. Try again in a "
                 "moment. If this keeps happening, check that the database server is running and that "
                 "IMAGE_TAGGER_DB is right.", icon=":material/database:")
        st.caption(f"Details: {type(exc.orig).__name__}: {str(exc.orig).splitlines()[0] if exc.orig else exc}")
    except Exception as exc:  # noqa: BLE001 - Streamlit's own rerun/stop signals are BaseExceptions
        log.exception("page error")
        st.error(f"Something went wrong on this page: {type(exc).__name__}: {exc}. Reload the page; if it happens "
                 "again, the server log has the details.", icon=":material/error:")
