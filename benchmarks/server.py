"""A real gunicorn serving the portal on a free loopback port, for the throughput, write and memory
benchmarks, with signed session cookies made by the app's own serializer."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime

from benchmarks.common import ROOT, SECRET_KEY, make_app, session_values


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(
    database_url: str, workers: int, threads: int = 1, extra_env: dict | None = None, application: str = "wsgi:app"
):
    """Start gunicorn with the portal's gunicorn.conf.py serving ``application`` (the portal unless
    told); yield (base URL, master pid)."""
    port = free_port()
    env = (
        os.environ
        | {
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET_KEY,
            "SESSION_COOKIE_SECURE": "false",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
            "GUNICORN_MAX_REQUESTS": "0",
        }
        | (extra_env or {})
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), application], cwd=ROOT, env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def worker_pids(master_pid: int) -> list[int]:
    with open(f"/proc/{master_pid}/task/{master_pid}/children") as children:
        return [int(pid) for pid in children.read().split()]


def session_cookies(database_url: str, users: list) -> dict[int, str]:
    """The cookie a completed sign-in would set for each of ``users``, by id, signed with the
    server's key. Signed in now by the real clock, which the server runs on (its idle and absolute
    session limits read it), each with its session record on the server."""
    app = make_app(database_url)
    cookies = {}
    with app.app_context():
        serializer = app.session_interface.get_signing_serializer(app)
        for user in users:
            values = session_values(user, app, at=datetime.now(UTC)) | {"_permanent": True}
            cookies[user.id] = f"{app.config['SESSION_COOKIE_NAME']}={serializer.dumps(values)}"
    return cookies


def session_cookie(database_url: str, user) -> str:
    return session_cookies(database_url, [user])[user.id]
