"""Home: what the tool is, who it is for, where to start."""

import streamlit as st

from science.registry import LEVELS, registry
from ui.frame import require_app_frame

require_app_frame()

st.title("Image Tagger")
st.markdown(
    "Measure what is in photos of building interiors. Image Tagger computes image metrics "
    "(colour, complexity, texture, fractal dimension, spectral slope, symmetry, naturalness) "
    "for each photo you upload, so a class or a lab can explore how pictures of spaces differ "
    "and where every number comes from."
)

who = st.columns(3)
with who[0], st.container(border=True):
    st.subheader(":material/upload: Teaching assistants")
    st.write("Upload a batch of interior photos (files or a zip); each upload becomes a job that "
             "a background runner works through, even if the app restarts.")
    st.page_link("pages/upload.py", label="Start here: upload photos", icon=":material/arrow_forward:")
    st.page_link("pages/jobs.py", label="Watch jobs", icon=":material/monitoring:")
with who[1], st.container(border=True):
    st.subheader(":material/query_stats: Students")
    st.write("Coming next: an explorer to filter, plot one metric against another and open an image "
             "to see how each value was computed. Until then, every metric and its definition is listed "
             "below and in `docs/metrics.md`.")
with who[2], st.container(border=True):
    st.subheader(":material/terminal: Lab deployers")
    st.write("`make run` starts the app on SQLite. `python manage.py analyze PHOTO.jpg` prints every "
             "metric of a file from the command line.")

attrs = [a for a in registry().values() if a.status == "implemented"]
st.header("What gets measured")
st.caption(f"{len(attrs)} metrics today. " + " ".join(f"**{k}** = {v}." for k, v in LEVELS.items() if k in {"L0", "L1"}))
families: dict[str, list[str]] = {}
for a in attrs:
    families.setdefault(a.family, []).append(f"`{a.key}`")
st.markdown("\n".join(f"- **{fam}** ({len(keys)}): {', '.join(keys)}" for fam, keys in families.items()))
st.info("Every metric's definition, range, algorithm and references are in `docs/metrics.md`.", icon=":material/menu_book:")
