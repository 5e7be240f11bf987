"""A real gunicorn serving the portal on a free loopback port, for the throughput and memory
benchmarks, with signed session cookies made by the app's own serializer."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

from benchmarks.common import ROOT, SECRET_KEY, make_app, session_values


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, workers: int, threads: int = 1, extra_env: dict | None = None):
    """Start gunicorn with the portal's gunicorn.conf.py; yield (base URL, master pid)."""
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
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "wsgi:app"], cwd=ROOT, env=env
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


def session_cookie(database_url: str, user) -> str:
    """The cookie a completed sign-in would set for ``user``, signed with the server's key."""
    app = make_app(database_url)
    with app.app_context():
        values = session_values(user, app) | {"last_seen": time.time(), "_permanent": True}
        serializer = app.session_interface.get_signing_serializer(app)
        return f"{app.config['SESSION_COOKIE_NAME']}={serializer.dumps(values)}"
