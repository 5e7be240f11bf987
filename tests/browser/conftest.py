"""A live portal on loopback with demo data (Chromium and axe-core: tests/browser/chromium.py)."""

import threading

import pytest
from werkzeug.serving import make_server

from portal import create_app
from portal.core import clock
from portal.demo import seed_demo
from portal.extensions import db
from tests.browser.page_checks import NARROW, NuChecker, PageChecks, Recorder


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from tests.conftest import own_database_url

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": own_database_url(tmp_path_factory.mktemp("live"), "live"),
            "SECRET_KEY": "browser-tests",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo(clock.now())
    app.after_request(_RECORDER.after_request)
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
_RECORDER = Recorder()


@pytest.fixture(scope="session")
def page_checks(browser):
    """The Nu checker and a 320 px wide page, for every answer of the live portal (page_checks.py)."""
    nu = NuChecker()
    context = browser.new_context(viewport={"width": NARROW, "height": 640})
    yield PageChecks(nu, context.new_page())
    context.close()
    nu.stop()


@pytest.fixture(autouse=True)
def every_page_checked(request):
    """After each test that used the live portal: no page it was given has an HTML error, and
    none scrolls sideways at 320 px."""
    checks = request.getfixturevalue("page_checks") if "live_server" in request.fixturenames else None
    _RECORDER.take()
    yield
    if checks is None:
        return
    problems = checks.problems(_RECORDER.take())
    assert not problems, "\n".join(f"{url}: {problem}" for url, found in problems.items() for problem in found)


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def js(request):
    """Every journey that asks for it runs twice: with JavaScript on, and off."""
    return request.param


@pytest.fixture
def contexts(browser, js):
    """Opens one browser context per person (``options`` as for ``new_context``, a viewport say);
    with JavaScript off, a checker page for axe-core."""
    opened = []

    def open_page(javascript=js, **options):
        context = browser.new_context(java_script_enabled=javascript, **options)
        opened.append(context)
        return context.new_page()

    checker = None if js else open_page(True)
    yield open_page, checker
    for context in opened:
        context.close()


@pytest.fixture
def pages(browser, js):
    """One page at 320 px and, with JavaScript off, a checker page for axe-core (None with it on)."""
    contexts = [browser.new_context(java_script_enabled=js, viewport={"width": 320, "height": 900})]
    if not js:
        contexts.append(browser.new_context(viewport={"width": 320, "height": 900}))
    yield contexts[0].new_page(), (contexts[1].new_page() if not js else None)
    for context in contexts:
        context.close()
