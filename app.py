"""Image Tagger: the Streamlit entry point (page config, navigation, runner check)."""

import streamlit as st

from ui import resources
from ui.frame import error_boundary

st.set_page_config(page_title="Image Tagger", page_icon=":material/photo_library:", layout="wide")

PAGES = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/upload.py", title="Upload", icon=":material/upload:", url_path="upload"),
    st.Page("pages/jobs.py", title="Jobs", icon=":material/monitoring:", url_path="jobs"),
]

page = st.navigation(PAGES)
with error_boundary():
    resources.engine()  # create or upgrade the database before any page reads it
    if resources.autostart_enabled():
        resources.check_runner()  # the app never runs the pipeline itself; a detached runner does
    page.run()
