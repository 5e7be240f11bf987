"""Two real portal processes on one database, and signed-in requests to them.

Each process is a gunicorn worker with threads, started with the same DATABASE_URL, SECRET_KEY
and STORAGE_DIR, so races between them go through the database exactly as between two
instances behind a load balancer. Sessions are signed with the shared key through the app's own
serializer, with the contents a completed sign-in leaves.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import requests
from itsdangerous import URLSafeTimedSerializer

from tests.conftest import signed_in_session

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
CSRF_RAW = "multiprocess-csrf-token"
PROBLEM = "There is a problem"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(process, base: str, log: Path) -> None:
    deadline = time.monotonic() + 120  # generous: the machine may be busy, and this is no speed test
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{base} exited: {log.read_text()[-3000:]}")
        try:
            requests.get(base + "/sign-in", timeout=30)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not answer within 120 seconds: {log.read_text()[-3000:]}")


@contextmanager
def two_instances(app, tmp_path):
    """Start two processes sharing ``app``'s database, secret key and stored files; kill them after."""
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.secret_key,
        "STORAGE_DIR": app.config["STORAGE_DIR"],
        "SESSION_COOKIE_SECURE": "false",
        "STORAGE_BACKEND": "local",
    }
    env.pop("REDIS_URL", None)
    processes, bases = [], []
    try:
        for n in range(2):
            port = free_port()
            log = tmp_path / f"instance-{n}.log"
            processes.append(
                subprocess.Popen(
                    [
                        str(GUNICORN),
                        "--workers",
                        "1",
                        "--worker-class",
                        "gthread",
                        "--threads",
                        "6",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--timeout",
                        "60",
                        "wsgi:app",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log.open("w"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
            _wait_until_up(processes[-1], bases[-1], log)
        yield bases
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def server_log(tmp_path) -> str:
    """Both instances' logs, to show with a failure (a 500's traceback is there)."""
    return "\n".join(log.read_text()[-4000:] for log in sorted(tmp_path.glob("instance-*.log")))


def session_contents(user, app) -> dict:
    """What a completed sign-in leaves in the session, as the test client's sign-in makes it, but
    seen now by the real clock (the processes' idle check reads it) and with this CSRF secret."""
    contents = signed_in_session(user, app, at=datetime.now(UTC))
    contents["last_seen"] = datetime.now(UTC).timestamp()
    contents["csrf_token"] = CSRF_RAW
    return contents


class Browser:
    """One signed-in person's requests to either instance, with a valid CSRF token for POSTs."""

    def __init__(self, app, user):
        serializer = app.session_interface.get_signing_serializer(app)
        self.cookie_name = app.config["SESSION_COOKIE_NAME"]
        self.cookie = serializer.dumps(session_contents(user, app))
        self.csrf = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(CSRF_RAW)

    def get(self, url: str) -> requests.Response:
        return requests.get(url, cookies={self.cookie_name: self.cookie}, allow_redirects=False, timeout=60)

    def post(self, url: str, data: dict, files=None) -> requests.Response:
        return requests.post(
            url,
            data={**data, "csrf_token": self.csrf},
            files=files,
            cookies={self.cookie_name: self.cookie},
            allow_redirects=False,
            timeout=60,
        )


def race(jobs: list, timeout: float = 120) -> list:
    """Run every job (a callable) in its own thread, all released together; their results in order."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(n, job):
        try:
            barrier.wait(timeout=30)
            results[n] = job()
        except Exception as error:  # noqa: BLE001  (returned to the test, which fails on it)
            results[n] = error

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
