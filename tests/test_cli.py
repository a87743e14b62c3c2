import json
import subprocess
import sys

from science.synthetic import camera_like
from settings import ROOT
from tests.science.images import encode


def run(*args, env_dir):
    env = {"PATH": "/usr/bin:/bin", "IMAGE_TAGGER_DATA": str(env_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, env=env,
                          timeout=120)


def test_analyze_prints_every_metric_and_json_parses(tmp_path):
    img = tmp_path / "room.final.v2.JPG"
    img.write_bytes(encode(camera_like(800, 600), "JPEG"))
    out = run("analyze", str(img), env_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "fractal.D" in out.stdout and "color.colorfulness" in out.stdout and "800×600" in out.stdout
    as_json = run("analyze", "--json", str(img), env_dir=tmp_path)
    report = json.loads(as_json.stdout)
    assert report["format"] == "JPEG" and len(report["values"]) >= 39


def test_analyze_bad_file_exits_1_with_a_message_and_still_reports_the_good_one(tmp_path):
    good = tmp_path / "good.png"
    good.write_bytes(encode(camera_like(120, 90), "PNG"))
    bad = tmp_path / "notes.jpg"
    bad.write_text("not a photo")
    out = run("analyze", str(bad), str(good), env_dir=tmp_path)
    assert out.returncode == 1
    assert "notes.jpg: ERROR" in out.stderr and "not an image" in out.stderr
    assert "good.png" in out.stdout and "Traceback" not in out.stderr


def test_migrate_creates_the_database(tmp_path):
    out = run("migrate", env_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "schema version 1" in out.stdout
    assert (tmp_path / "image_tagger.db").exists()
    again = run("migrate", env_dir=tmp_path)
    assert "up to date" in again.stdout


def test_runner_detach_starts_one_background_runner_and_not_two(tmp_path):
    import os
    import signal
    import time

    first = run("runner", "--detach", env_dir=tmp_path)
    assert first.returncode == 0 and "Started a runner" in first.stdout, first.stderr
    pid = int((tmp_path / "runner.spawned").read_text())
    try:
        second = run("runner", "--detach", env_dir=tmp_path).stdout
        assert "Started" not in second and ("starting" in second or "already alive" in second)
        deadline = time.monotonic() + 30
        log = tmp_path / "logs" / "runner.log"
        while time.monotonic() < deadline and "started" not in (log.read_text() if log.exists() else ""):
            time.sleep(0.2)
        assert "started" in log.read_text()
    finally:
        os.killpg(pid, signal.SIGTERM)
