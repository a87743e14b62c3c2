"""Upload: add photos (files or zips), see each file's verdict, create a job."""

import streamlit as st

import settings
from db import jobs
from db.engine import transaction
from db.models import utcnow
from ingest.sources import expand_bytes
from ingest.store import ACCEPTED, DUPLICATE, REJECTED, job_image_ids, stage
from ui import resources, uploads
from ui.frame import require_app_frame

require_app_frame()

st.title("Upload images")
limits = settings.upload_limits()
st.caption(f"Add photos of interiors: {limits.describe()}. Each file is checked by decoding it; bad files "
           "are skipped with the reason and never stop the batch.")

rows = st.session_state.setdefault("upload_rows", [])
upload_round = st.session_state.setdefault("upload_round", 0)

created = st.session_state.pop("upload_created", None)
if created:
    job_id, n_images = created
    st.success(f"Job #{job_id} created with {n_images} images. A runner is analysing them now.",
               icon=":material/check_circle:")
    st.page_link("pages/jobs.py", label=f"Open job #{job_id} in the job monitor", icon=":material/monitoring:",
                 query_params={"job": str(job_id)})

files = st.file_uploader("Photos, or zip files of photos", type=["jpg", "jpeg", "png", "webp", "tif", "tiff", "zip", "heic", "heif"],
                         accept_multiple_files=True, key=f"uploader-{upload_round}")
if files:
    progress = st.progress(0.0, text=f"Checking {len(files)} files…")
    for n, upload in enumerate(files, start=1):
        candidates = expand_bytes(upload.name, upload.getvalue(), limits)
        rows.extend(stage(resources.engine(), candidates, limits=limits, data_dir=settings.data_dir(),
                          already=rows))
        uploads.release(upload)  # on disk now: free the server's in-memory copy
        progress.progress(n / len(files), text=f"Checked {n} of {len(files)} files")
    st.session_state.upload_round = upload_round + 1  # a fresh, empty uploader
    st.rerun()

if not rows:
    if not created:
        st.info("Choose or drop files above to start. Zip files are unpacked and each image inside is checked.",
                icon=":material/upload_file:")
    st.stop()

image_ids = job_image_ids(rows)
counts = {s: sum(r.status == s for r in rows) for s in (ACCEPTED, DUPLICATE, REJECTED)}
st.subheader("Files in this batch")
cols = st.columns(3)
cols[0].metric("New images", counts[ACCEPTED])
cols[1].metric("Already stored", counts[DUPLICATE])
cols[2].metric("Rejected", counts[REJECTED])
verdict = {ACCEPTED: "accepted", DUPLICATE: "duplicate", REJECTED: "rejected"}
st.dataframe(
    [{"file": r.name, "result": verdict[r.status], "reason": r.reason,
      "size": f"{r.width}×{r.height}" if r.width else "", "format": r.format or "",
      "image": f"#{r.image_id}" if r.image_id else ""} for r in rows],
    hide_index=True, width="stretch",
    column_config={"reason": st.column_config.TextColumn(width="large")},
)
rejected = [r for r in rows if r.status == REJECTED]
if rejected:
    with st.expander(f"Why {len(rejected)} file(s) were rejected", expanded=len(rejected) <= 10,
                     icon=":material/report:"):
        for r in rejected[:200]:
            st.markdown(f"- **{r.name}**: {r.reason}")
        if len(rejected) > 200:
            st.caption(f"…and {len(rejected) - 200} more; see the table.")

with st.form("create_job", border=True):
    st.markdown(f"**Create a job** for the {len(image_ids)} usable images above.")
    label = st.text_input("Label", placeholder="e.g. Week 3 — reading rooms", max_chars=200)
    st.checkbox("Image metrics (colour, complexity, texture, fractal, spectral, symmetry, naturalness)", value=True,
                disabled=True, help="Always computed.")
    st.checkbox("VLM ratings and tags", value=False, disabled=True,
                help="Not available yet: no vision-language model is configured.")
    left, right = st.columns([1, 1])
    submit = left.form_submit_button("Create job", type="primary", disabled=not image_ids)
    clear = right.form_submit_button("Clear the list")

if clear:
    st.session_state.upload_rows = []
    st.rerun()
if submit:
    with transaction(resources.engine()) as session:
        job = jobs.create_job(session, label=label, created_by=None, options=jobs.METRICS_ONLY,
                              image_ids=image_ids, now=utcnow())
    st.session_state.upload_rows = []
    st.session_state.upload_created = (job.id, len(image_ids))
    if resources.autostart_enabled():
        resources.check_runner(force=True)
    st.rerun()
