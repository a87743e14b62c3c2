"""Job monitor: recent jobs, one job's items (?job=N), and the runners doing the work."""

import streamlit as st

import settings
from db import jobs, runners
from db.engine import transaction
from db.jobs import TERMINAL_JOB
from db.models import ItemStatus, utcnow
from runner.supervisor import OUTCOMES
from ui import resources
from ui.display import STATUS_LABEL, ago, duration, status_badge, thumb_url
from ui.frame import require_app_frame

require_app_frame()

PAGE_SIZE = 100
REFRESH_S = 2


@st.fragment(run_every=REFRESH_S)
def runner_panel() -> None:
    now = utcnow()
    with transaction(resources.engine(), write=False) as s:
        seen = runners.recent(s, now)
    live = [r for r in seen if runners.is_alive(r, now)]
    with st.expander(f"Runners: {len(live)} alive", expanded=not live, icon=":material/memory:"):
        if not live:
            st.warning("No runner is alive, so queued images are not being analysed.", icon=":material/warning:")
            if st.button("Start a runner", key="start_runner"):
                st.toast(OUTCOMES[resources.check_runner(force=True)])
        if seen:
            st.dataframe([{
                "runner": r.id, "host": r.host, "pid": r.pid, "state": runners.state(r, now),
                "heartbeat": ago(r.heartbeat_at, now), "working on item": r.current_item_id or "—",
                "items done": r.items_done, "items/min": round(runners.items_per_minute(r, now), 1),
            } for r in seen], hide_index=True, width="stretch")
        else:
            st.caption("No runner has started yet.")


def job_list() -> None:
    st.title("Jobs")

    @st.fragment(run_every=REFRESH_S)
    def live_list():
        now = utcnow()
        with transaction(resources.engine(), write=False) as s:
            recent = jobs.recent_jobs(s, limit=50)
        if not recent:
            st.info("No jobs yet. Upload photos to create one.", icon=":material/inbox:")
            st.page_link("pages/upload.py", label="Go to Upload", icon=":material/upload:")
            return
        st.caption(f"Updated {now:%H:%M:%S} UTC · refreshes every {REFRESH_S} s · select a row to open a job")
        table = [{
            "job": j.id, "label": j.label or "—", "status": STATUS_LABEL[j.status],
            "progress": jobs.progress(j),
            "done": j.completed_items, "failed": j.failed_items, "total": j.total_items,
            "created": f"{j.created_at:%Y-%m-%d %H:%M}", "by": j.created_by or "—",
            "duration": duration(((j.finished_at or now) - j.started_at).total_seconds()) if j.started_at else "—",
            "errors": j.error_summary or "",
        } for j in recent]
        event = st.dataframe(
            table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
            key="jobs_table",
            column_config={"progress": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent"),
                           "errors": st.column_config.TextColumn(width="large")},
        )
        if event.selection.rows:
            st.query_params["job"] = str(table[event.selection.rows[0]]["job"])
            st.rerun()

    st.button("Refresh", icon=":material/refresh:")
    live_list()
    runner_panel()


def job_detail(job_id: int) -> None:
    with transaction(resources.engine(), write=False) as s:
        job = jobs.get_job(s, job_id)
    st.page_link("pages/jobs.py", label="All jobs", icon=":material/arrow_back:", query_params={})
    if job is None:
        st.error(f"There is no job #{job_id}. It may have been typed wrongly; pick one from the list.")
        st.stop()
    st.title(f"Job #{job.id}" + (f" — {job.label}" if job.label else ""))
    active = job.status not in TERMINAL_JOB

    @st.fragment(run_every=REFRESH_S if active else None)
    def live_detail():
        now = utcnow()
        with transaction(resources.engine(), write=False) as s:
            j = jobs.get_job(s, job_id)
            counts = jobs.item_counts(s, job_id)
            rate = jobs.throughput(s, job_id, now)
        if (j.status in TERMINAL_JOB) == active:
            st.rerun()  # finished (or restarted): redraw the page once with the right refresh mode
        left = counts.get(ItemStatus.PENDING, 0) + counts.get(ItemStatus.RUNNING, 0)
        st.markdown(f"{status_badge(j.status)} · created {j.created_at:%Y-%m-%d %H:%M} UTC"
                    + (f" by {j.created_by}" if j.created_by else ""))
        analysed = j.completed_items + j.failed_items
        st.progress(jobs.progress(j), text=f"{analysed} of {j.total_items} images analysed"
                    + (f" · {j.cancelled_items} cancelled" if j.cancelled_items else ""))
        m = st.columns(5)
        m[0].metric("Completed", j.completed_items)
        m[1].metric("Failed", j.failed_items)
        m[2].metric("Waiting or running", left)
        m[3].metric("Images per minute", f"{rate:.1f}" if rate else "—")
        m[4].metric("Time left", duration(left / rate * 60) if rate and left else ("—" if left else "done"))
        if j.error_summary:
            st.error(f"Most common errors: {j.error_summary}", icon=":material/error:")
        if active:
            st.caption(f"Updated {now:%H:%M:%S} UTC · refreshes every {REFRESH_S} s")

        filter_col, page_col = st.columns([4, 1], vertical_alignment="bottom")
        with filter_col:
            status = st.segmented_control("Show", ["All", *[s.value for s in ItemStatus]], default="All",
                                          format_func=lambda v: STATUS_LABEL.get(v, v), key="item_filter")
        chosen = None if status in (None, "All") else status
        with transaction(resources.engine(), write=False) as s:
            total = jobs.count_items(s, job_id, status=chosen)
        pages = max(1, -(-total // PAGE_SIZE))
        with page_col:
            page = st.number_input(f"Page of {pages}", 1, pages, 1, key="item_page") if pages > 1 else 1
        with transaction(resources.engine(), write=False) as s:
            items = jobs.job_items(s, job_id, status=chosen, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        if not items:
            st.info("No items with this status.")
            return
        data_dir = settings.data_dir()
        st.dataframe([{
            "item": i.id, "thumbnail": thumb_url(str(data_dir / i.thumb_path)) if i.thumb_path else None,
            "file": i.name, "image": i.image_id, "status": STATUS_LABEL[i.status], "attempts": i.attempts,
            "error": i.error or "", "duration": duration(i.duration_s), "analyzers": ", ".join(i.analyzers),
        } for i in items], hide_index=True, width="stretch", row_height=48,
            column_config={"thumbnail": st.column_config.ImageColumn(width="small"),
                           "error": st.column_config.TextColumn(width="large")})

    live_detail()

    actions = st.columns([1, 1, 1, 3])
    engine = resources.engine()
    if actions[0].button("Retry failed", icon=":material/replay:", disabled=job.failed_items == 0):
        with transaction(engine) as s:
            n = jobs.retry_failed(s, job_id, utcnow())
        st.toast(f"{n} failed images queued again")
        st.rerun()
    if actions[1].button("Cancel job", icon=":material/cancel:", disabled=not active):
        with transaction(engine) as s:
            n = jobs.cancel_job(s, job_id, utcnow())
        st.toast(f"Cancelled {n} waiting images; any running one finishes")
        st.rerun()
    if actions[2].button("Re-run job", icon=":material/restart_alt:"):
        with transaction(engine) as s:
            new = jobs.rerun_job(s, job_id, created_by=None, now=utcnow())
        st.query_params["job"] = str(new.id)
        st.rerun()
    runner_panel()


raw = st.query_params.get("job")
if raw is None:
    job_list()
elif raw.isdigit():
    job_detail(int(raw))
else:
    st.error(f"“{raw}” is not a job number. Open a job from the list.")
    st.page_link("pages/jobs.py", label="All jobs", icon=":material/arrow_back:", query_params={})
