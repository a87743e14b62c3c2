import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot, wait_idle

pytestmark = pytest.mark.e2e


def test_home_page_says_what_the_tool_is_and_where_to_start(app_server, page):
    page.goto(app_server.url + "/", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Image Tagger")).to_be_visible()
    wait_idle(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("interiors")
    for who in ("Teaching assistants", "Students", "Lab deployers"):
        expect(main).to_contain_text(who)
    expect(main).to_contain_text("What gets measured")
    expect(main).to_contain_text("fractal.D")
    expect(page.get_by_role("link", name="Start here: upload photos")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert (app_server.data_dir / "image_tagger.db").exists()  # the app created its database
    assert shot(page, "home").stat().st_size > 10_000


def test_unreachable_database_gives_a_clear_message_not_a_traceback(tmp_path, page):
    from tests.e2e.conftest import AppServer

    server = AppServer(tmp_path / "data", env={"IMAGE_TAGGER_DB": "postgresql+psycopg://ta:secret@127.0.0.1:9/nowhere"})
    server.data_dir.mkdir()
    server.start()
    try:
        page.goto(server.url + "/jobs?job=3", wait_until="domcontentloaded")
        alert = page.locator('[data-testid="stAlertContentError"]').first
        expect(alert).to_contain_text("cannot reach its database", timeout=60_000)
        expect(alert).to_contain_text("127.0.0.1:9/nowhere")
        assert "secret" not in page.content()
        assert page.locator('[data-testid="stException"]').count() == 0
        shot(page, "database_unreachable")
    finally:
        server.stop()
