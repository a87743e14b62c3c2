"""Make sure every page runs inside app.py's frame (navigation, page config, runner check).

Streamlit 1.67 decides once per server process whether ``pages/`` beside the entry script is a
legacy "pages folder" app. Until ``app.py`` has called ``st.navigation``, a visitor whose first
request is a deep link (``/jobs?job=3``) gets the page script run on its own, outside app.py.
``require_app_frame()`` at the top of each page detects that, switches the process to
``st.navigation`` mode, and reruns, so app.py routes the same URL.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def require_app_frame() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
