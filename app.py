"""Image Tagger: the Streamlit entry point (page config, navigation, shared frame)."""

import streamlit as st

from ui import resources

st.set_page_config(page_title="Image Tagger", page_icon=":material/photo_library:", layout="wide")

resources.engine()  # create or upgrade the database before any page reads it

PAGES = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
]

st.navigation(PAGES).run()
