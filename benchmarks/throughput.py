"""Requests per second of the busiest pages under gunicorn, from loopback, at 3,000 settings.

Each page is driven by concurrent clients for a fixed time, and compared with the accessibility
statement opened by the same signed-in user: the same base template (header, navigation,
footer, session checks), with no data behind it, served by the same server in the same run. The
ratio is how much the page's own work costs; it holds on other machines better than the rate.
"""

import http.client
import os
import threading
import time
from urllib.parse import urlsplit

from benchmarks.common import ensure_dataset, make_app, pages, places
from benchmarks.server import gunicorn, session_cookie
from portal.extensions import db

CLIENTS = 4
BASELINE = ("Accessibility statement (same layout, no data)", "/accessibility")


def workers() -> int:
    """BENCH_WORKERS, or gunicorn.conf.py's default of two per core."""
    return int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1)))


def drive(base: str, path: str, cookie: str, seconds: float) -> tuple[float, int]:
    """(requests per second, failures) with CLIENTS threads fetching ``path`` for ``seconds``."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    done, failures, lock = [0], [0], threading.Lock()
    problems = []
    stop_at = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection(host, port, timeout=60)
        while time.monotonic() < stop_at:
            try:
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if not ok:
                    problems.append(f"HTTP {response.status}")
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                problems.append(repr(error))
                ok = False
            with lock:
                done[0] += ok
                failures[0] += not ok

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if problems:
        print(f"{path}: {len(problems)} failed, the first: {problems[0]}")
    return done[0] / (time.monotonic() - started), failures[0]


def run(quick: bool = False) -> dict:
    url = ensure_dataset(3000)
    seconds = 2 if quick else 10
    app = make_app(url)
    with app.app_context():
        targets = [(what, path, session_cookie(url, user)) for what, user, path in pages(places())]
        db.session.remove()
    results = {"workers": workers(), "clients": CLIENTS, "seconds": seconds, "pages": {}}
    with gunicorn(url, results["workers"]) as (base, _pid):
        for what, path, cookie in targets:
            drive(base, path, cookie, 0.5)  # warm every worker
            baseline_rate, baseline_failures = drive(base, BASELINE[1], cookie, seconds)
            rate, failures = drive(base, path, cookie, seconds)
            results["pages"][what] = {
                "path": path,
                "rate": rate,
                "baseline": baseline_rate,
                "failures": failures + baseline_failures,
            }
    return results


def _rate(rate: float) -> str:
    return f"{rate:.0f}" if rate >= 10 else f"{rate:.2f}"


def report(results: dict) -> str:
    lines = [
        "## Throughput under gunicorn at 3,000 settings\n",
        f"`gunicorn -c gunicorn.conf.py wsgi:app` with {results['workers']} workers (sync), on loopback; "
        f"{results['clients']} clients on the same machine for {results['seconds']} s per page, each page "
        "right after the accessibility statement opened with the same session cookie (same base template, no "
        "data), so the ratio compares the two under the same load. SQLite.\n",
        "| page | requests/s | accessibility statement, requests/s | ratio page / statement | failed |",
        "|---|---|---|---|---|",
    ]
    for what, result in results["pages"].items():
        lines.append(
            f"| {what} | {_rate(result['rate'])} | {_rate(result['baseline'])} | "
            f"**{result['rate'] / result['baseline']:.3f}** | {result['failures']} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(report(run(quick=True)))
