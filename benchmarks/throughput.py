"""Requests per second of every list page under gunicorn, from loopback, at 3,000 settings.

Each page is driven by concurrent clients for a fixed time, and compared with the accessibility
statement opened by the same signed-in user (anonymous for a public page): the same base template
(header, navigation, footer, session checks), with no data behind it, served by the same server
in the same run. The ratio is how much the page's own work costs; it holds on other machines
better than the rate. The accessibility statement is compared in turn with a bare Flask route
(benchmarks/bare_app.py) served by the same gunicorn settings, at the start and at the end: how
much the portal's layout, session and security checks cost over the framework and server alone.
"""

import http.client
import os
import statistics
import threading
import time
import urllib.request
from datetime import UTC, datetime
from urllib.parse import urlsplit

from benchmarks import databases
from benchmarks.common import MINIMAL_PAGE, ensure_dataset, forget_sign_ins, make_app, pages, places
from benchmarks.server import gunicorn, session_cookies
from portal.extensions import db
from portal.monitoring_reports import gaps

CLIENTS = 4


def workers() -> int:
    """BENCH_WORKERS, or gunicorn.conf.py's default of two per core."""
    return int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1)))


def drive(base: str, path: str, cookie: str | None, seconds: float) -> tuple[float, int]:
    """(requests per second, failures) with CLIENTS threads fetching ``path`` for ``seconds``."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    done, failures, lock = [0], [0], threading.Lock()
    problems = []
    stop_at = time.monotonic() + seconds
    headers = {"Cookie": cookie} if cookie else {}

    def client():
        connection = http.client.HTTPConnection(host, port, timeout=60)
        while time.monotonic() < stop_at:
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if not ok:
                    problems.append(f"HTTP {response.status} {response.getheader('Location', '')}")
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


def _targets(url: str) -> tuple[list[tuple[str, str, str | None]], str]:
    """(what, path, cookie) of every page, and the cookie of the inspectorate manager."""
    app = make_app(url)
    with app.app_context():
        gaps.recount_all(datetime.now(UTC))  # the server runs on the real clock: as the nightly command leaves them
        where = places()
        found = pages(where)
        users = {user.id: user for _, user, _ in found if user is not None} | {where.manager.id: where.manager}
        db.session.remove()
    cookies = session_cookies(url, list(users.values()))
    targets = [(what, path, cookies[user.id] if user is not None else None) for what, user, path in found]
    return targets, cookies[where.manager.id]


def run(quick: bool = False) -> dict:
    url = ensure_dataset(3000)
    seconds = 1.5 if quick else 10
    targets, manager_cookie = _targets(url)
    results = {
        "workers": workers(),
        "clients": CLIENTS,
        "seconds": seconds,
        "database": databases.description(),
        "pages": {},
        "bare": [],
        "minimal": [],
    }
    with gunicorn(url, results["workers"]) as (base, _pid):
        request = urllib.request.Request(base + MINIMAL_PAGE[1], headers={"Cookie": manager_cookie})
        size = len(urllib.request.urlopen(request, timeout=30).read())
        bare_env = {"BARE_PAGE_BYTES": str(size)}
        with gunicorn(url, results["workers"], extra_env=bare_env, application="benchmarks.bare_app:app") as (bare, _):
            results["bare_bytes"] = size

            def minimal_against_bare() -> None:
                drive(bare, "/", None, 0.5)
                results["bare"].append(drive(bare, "/", None, seconds)[0])
                results["minimal"].append(drive(base, MINIMAL_PAGE[1], manager_cookie, seconds)[0])

            minimal_against_bare()
            for what, path, cookie in targets:
                drive(base, path, cookie, 0.5)  # warm every worker
                baseline_rate, baseline_failures = drive(base, MINIMAL_PAGE[1], cookie, seconds)
                rate, failures = drive(base, path, cookie, seconds)
                results["pages"][what] = {
                    "path": path,
                    "rate": rate,
                    "baseline": baseline_rate,
                    "failures": failures + baseline_failures,
                }
                print(f"  {what}: {rate:.1f}/s against {baseline_rate:.1f}/s", flush=True)
            minimal_against_bare()
    forget_sign_ins(url)
    return results


def _rate(rate: float) -> str:
    return f"{rate:.0f}" if rate >= 10 else f"{rate:.2f}"


def report(results: dict) -> str:
    bare, minimal = statistics.median(results["bare"]), statistics.median(results["minimal"])
    lines = [
        "## Throughput under gunicorn at 3,000 settings\n",
        f"`gunicorn -c gunicorn.conf.py wsgi:app` with {results['workers']} workers (sync), on loopback, on "
        f"{results['database']}; {results['clients']} clients on the same machine for {results['seconds']} s per "
        "page, each page right after the accessibility statement opened with the same session cookie (same base "
        "template, no data; no cookie for a public page), so the ratio compares the two under the same load. The "
        "server runs on the real clock, not the data set's frozen day, and the late and missing counts are made for "
        "that day first, as the nightly `recount-monitoring-gaps` leaves them.\n",
        "| page | requests/s | accessibility statement, requests/s | ratio page / statement | failed |",
        "|---|---|---|---|---|",
    ]
    for what, result in results["pages"].items():
        lines.append(
            f"| {what} | {_rate(result['rate'])} | {_rate(result['baseline'])} | "
            f"**{result['rate'] / result['baseline']:.3f}** | {result['failures']} |"
        )
    lines += [
        "",
        "The accessibility statement against a bare Flask route (`benchmarks/bare_app.py`: one route answering a "
        f"fixed {results['bare_bytes']:,}-byte page, the statement's size, no session, database or template) served "
        "by the same gunicorn settings, each measured at the start and at the end of the run (medians):\n",
        "| | requests/s |",
        "|---|---|",
        f"| bare Flask route | {_rate(bare)} |",
        f"| accessibility statement, signed in (inspectorate manager) | {_rate(minimal)} |",
        "",
        f"Ratio minimal page / bare Flask: **{minimal / bare:.3f}**: the share of a bare route's throughput the "
        "portal keeps on a page with no data (its layout, session, CSRF and security headers).",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(report(run(quick=True)))
