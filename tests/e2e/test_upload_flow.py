"""A TA's path in Chromium: upload photos (one bad), read the verdicts, create the job, follow the
link to the monitor and watch the job finish without reloading the page."""

import pytest
from playwright.sync_api import expect

from science.synthetic import camera_like
from tests.e2e.conftest import shot, wait_idle
from tests.science.images import encode

pytestmark = pytest.mark.e2e


def test_upload_reject_create_and_watch_the_job_complete(app_server, page, tmp_path):
    files = []
    for i in range(3):
        path = tmp_path / f"reading.room.{i}.jpg"
        path.write_bytes(encode(camera_like(900, 600, seed=i), "JPEG", quality=88))
        files.append(path)
    bad = tmp_path / "notes.jpg"
    bad.write_text("this is not a photo")
    files.append(bad)

    page.goto(app_server.url + "/upload", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Upload images")).to_be_visible()
    wait_idle(page)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("megapixels per image")  # limits are said
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(f) for f in files])

    table = page.locator('[data-testid="stDataFrame"]')
    expect(table).to_be_visible(timeout=60_000)
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator('[data-testid="stMetricValue"]').first).to_have_text("3")  # new images
    wait_idle(page)
    shot(page, "upload_checked")
    expect(main).to_contain_text("notes.jpg: This file is not an image we can read")

    page.get_by_label("Label").fill("Week 3 reading rooms")
    page.get_by_role("button", name="Create job").click()
    success = page.locator('[data-testid="stAlertContentSuccess"]')
    expect(success).to_contain_text("Job #1 created with 3 images", timeout=30_000)
    shot(page, "upload_created")

    page.get_by_role("link", name="Open job #1 in the job monitor").click()
    expect(page.get_by_role("heading", name="Job #1 — Week 3 reading rooms")).to_be_visible(timeout=30_000)
    assert "job=1" in page.url
    # no reload from here on: the fragment refreshes itself while the detached runner works
    expect(main).to_contain_text("3 of 3 images analysed", timeout=90_000)
    expect(main.get_by_text("completed", exact=True).first).to_be_visible()
    shot(page, "job_completed")

    page.get_by_role("link", name="All jobs").click()
    expect(page.get_by_role("heading", name="Jobs", exact=True)).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=30_000)
    expect(main).to_contain_text("Runners: 1 alive")
    shot(page, "jobs_list")
    # open the job again by selecting its row (the grid is a canvas: click the row's checkbox cell)
    grid = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    page.mouse.click(grid["x"] + 16, grid["y"] + 35 + 17)
    expect(page.get_by_role("heading", name="Job #1 — Week 3 reading rooms")).to_be_visible(timeout=30_000)


def test_empty_monitor_points_to_upload_and_bad_job_ids_explain_themselves(app_server, page):
    page.goto(app_server.url + "/jobs", wait_until="domcontentloaded")
    expect(page.get_by_text("No jobs yet. Upload photos to create one.")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("link", name="Go to Upload")).to_be_visible()
    shot(page, "jobs_empty")
    page.goto(app_server.url + "/jobs?job=99", wait_until="domcontentloaded")
    expect(page.get_by_text("There is no job #99")).to_be_visible(timeout=30_000)
    page.goto(app_server.url + "/jobs?job=abc", wait_until="domcontentloaded")
    expect(page.get_by_text("is not a job number")).to_be_visible(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
