"""The monitor's buttons in Chromium: cancel a waiting job, then re-run it as a new job."""

import pytest
from playwright.sync_api import expect

from db.engine import make_engine
from db.migrations import migrate
from tests.e2e.conftest import AppServer, shot, wait_idle
from tests.runner.conftest import ingest_job

pytestmark = pytest.mark.e2e


@pytest.fixture
def idle_server(tmp_path):
    """An app with no runner, so a job stays waiting until the test acts on it."""
    server = AppServer(tmp_path / "data", env={"IMAGE_TAGGER_AUTOSTART_RUNNER": "0"})
    server.data_dir.mkdir()
    engine = make_engine(f"sqlite:///{server.data_dir / 'image_tagger.db'}")
    migrate(engine)
    job_id = ingest_job(engine, server.data_dir, 4, size=(160, 120))
    engine.dispose()
    server.start()
    yield server, job_id
    server.stop()


def test_cancel_then_rerun(idle_server, page):
    server, job_id = idle_server
    page.goto(f"{server.url}/jobs?job={job_id}", wait_until="domcontentloaded")
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("0 of 4 images analysed", timeout=30_000)
    expect(main).to_contain_text("No runner is alive")  # and the panel says why nothing moves
    wait_idle(page)
    page.get_by_role("button", name="Cancel job").click()
    expect(main).to_contain_text("0 of 4 images analysed · 4 cancelled", timeout=30_000)
    expect(main.get_by_text("cancelled", exact=True).first).to_be_visible()
    expect(page.get_by_role("button", name="Cancel job")).to_be_disabled()
    shot(page, "job_cancelled")
    wait_idle(page)
    page.get_by_role("button", name="Re-run job").click()
    expect(page.get_by_role("heading", name=f"Job #{job_id + 1} — Re-run of #{job_id} t")).to_be_visible(timeout=30_000)
    expect(main).to_contain_text("0 of 4 images analysed")
