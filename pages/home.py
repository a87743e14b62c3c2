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
with who[1], st.container(border=True):
    st.subheader(":material/query_stats: Students")
    st.write("Explore the results: filter, plot one metric against another, open an image and see "
             "how each value was computed.")
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
st.dataframe(
    [{"family": fam, "metrics": len(keys), "keys": ", ".join(k.strip("`") for k in keys)} for fam, keys in families.items()],
    hide_index=True,
    width="stretch",
)
st.info("Every metric's definition, range, algorithm and references are in `docs/metrics.md`.", icon=":material/menu_book:")
