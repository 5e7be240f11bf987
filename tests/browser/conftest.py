"""A live portal on loopback with demo data, and headless Chromium (Debian's) driven by Playwright."""

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portal import create_app
from portal.demo import seed_demo
from portal.core import clock
from portal.extensions import db

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from tests.conftest import database_url

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory.mktemp("live")),
                      "SECRET_KEY": "browser-tests", "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo(clock.now())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _LIVE["app"] = app
    yield app.config["BASE_URL"]
    server.shutdown()
    with app.app_context():
        db.drop_all()


@pytest.fixture(scope="session")
def live_app(live_server):
    """The app behind ``live_server``, for tests that change a setting for a moment."""
    return _LIVE["app"]


_LIVE = {}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source():
    return AXE.read_text()
