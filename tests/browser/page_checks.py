"""Every page the browser tests reach, checked by tools nobody here wrote (issue 18):

- the W3C Nu HTML checker (npm ``vnu-jar``), run once per test session as a local HTTP service,
  over each HTML answer the live portal gives, htmx fragments too (inside a minimal document);
- the page's width at 320 CSS px (WCAG 1.4.10): drawn as served, scripts aside, in a 320 px wide
  browser page; the page itself must not scroll sideways (a table may, inside its own region).

The live portal records each answer (``Recorder``); after each browser test the answers it served
during that test are checked, so the test that reached a faulty page is the one that fails. An
answer already checked (the same markup, its nonces and tokens aside) is not checked again.
"""

import hashlib
import json
import re
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
NARROW = 320
# What differs between two renderings of one page: nonces, CSRF tokens, the timeout's clock.
_VOLATILE = re.compile(r'(nonce|value|content|data-[a-z-]*seconds)="[^"]*"')
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


class Recorder:
    """Kept by the live portal's ``after_request``: each HTML answer, with its URL."""

    def __init__(self):
        self._lock = threading.Lock()
        self._answers: list[tuple[str, str, bool]] = []

    def after_request(self, response):
        from flask import request

        redirect = 300 <= response.status_code < 400
        if response.mimetype == "text/html" and not response.direct_passthrough and not redirect:
            fragment = request.headers.get("HX-Request") == "true"
            with self._lock:
                self._answers.append((request.url, response.get_data(as_text=True), fragment))
        return response

    def take(self) -> list[tuple[str, str, bool]]:
        with self._lock:
            answers, self._answers = self._answers, []
        return answers


class NuChecker:
    """The Nu checker's web service on a loopback port of its own, started when first needed."""

    def __init__(self):
        self._process = None
        self._url = None

    def _start(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self._process = subprocess.Popen(
            [
                "java",
                "-Xss8m",  # its schema is deeply recursive
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU),
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._url = f"http://127.0.0.1:{port}/?out=json"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self._post("<!DOCTYPE html><html lang=en><title>t</title>")
                return
            except OSError as error:
                if self._process.poll() is not None:
                    stopped = f"the Nu checker stopped (exit {self._process.returncode}); is Java installed?"
                    raise RuntimeError(stopped) from error
                time.sleep(0.25)
        raise RuntimeError("the Nu checker did not answer within 60 s")

    def _post(self, html: str) -> list[dict]:
        request = urllib.request.Request(
            self._url, data=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"}
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.load(answer)["messages"]

    def errors(self, html: str) -> list[str]:
        if self._process is None:
            self._start()
        return [
            f"line {m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '').strip()[:80]}]"
            for m in self._post(html)
            if m["type"] == "error" or m.get("subType") == "fatal"
        ]

    def stop(self):
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)


def as_document(html: str) -> str:
    """An htmx fragment inside the least document the checker accepts."""
    return f'<!DOCTYPE html><html lang="en"><head><title>Fragment</title></head><body>{html}</body></html>'


def sideways_scroll(narrow_page, url: str, html: str) -> int | None:
    """How much wider than 320 px the page ``html`` is when drawn at ``url`` (its stylesheets
    load as usual), or None when it fits."""
    static = _SCRIPT.sub("", html)
    narrow_page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=static))
    try:
        narrow_page.goto(url)
        width = narrow_page.evaluate("document.documentElement.scrollWidth")
    finally:
        narrow_page.unroute(url)
    return width - NARROW if width > NARROW else None


class PageChecks:
    """What one test session has checked, and how."""

    def __init__(self, nu: NuChecker, narrow_page):
        self.nu, self.narrow_page = nu, narrow_page
        self._seen: set[str] = set()

    def problems(self, answers: list[tuple[str, str, bool]]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for url, html, fragment in answers:
            digest = hashlib.sha256(_VOLATILE.sub("", html).encode()).hexdigest()
            if digest in self._seen:
                continue
            self._seen.add(digest)
            problems = self.nu.errors(as_document(html) if fragment else html)
            if not fragment:
                wider = sideways_scroll(self.narrow_page, url.split("#")[0], html)
                if wider:
                    problems.append(f"scrolls sideways at {NARROW} px: {wider} px too wide")
            if problems:
                found.setdefault(url, []).extend(problems)
        return found
