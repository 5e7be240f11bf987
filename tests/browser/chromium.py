"""Headless Chromium (Debian's) driven by Playwright, and axe-core: one of each per test run.

The fixtures are registered in tests/conftest.py, so every folder shares the one browser: a
second Playwright started in the same process would fail.
"""

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class AxeReadyBrowser:
    """The browser, whose every context is given axe-core as an init script: sent to Chromium once
    per context, and compiled once from its code cache, instead of sent and parsed again for each
    check (a third of a check's time). Init scripts come in through the DevTools protocol, so a
    page's own Content-Security-Policy is neither weakened nor in the way; a context with
    JavaScript off runs none, and its pages are checked through a checker page (helpers.py)."""

    def __init__(self, browser, source: str):
        self._browser, self._source = browser, source

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.add_init_script(self._source)
        return context

    def new_page(self, **options):
        page = self._browser.new_page(**options)  # in a context of its own, closed with the page
        page.add_init_script(self._source)
        return page

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield AxeReadyBrowser(chromium, AXE.read_text())
        chromium.close()


@pytest.fixture(scope="session")
def axe_source():
    return AXE.read_text()
