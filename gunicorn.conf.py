"""gunicorn settings for the portal: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Every value can be set from the environment, so one image serves every environment; see
docs/PRODUCTION.md. The defaults suit a small container with two cores.
"""

import multiprocessing
import os
import re

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# Only the reverse proxy may reach this address (see docs/PRODUCTION.md): a client that reaches
# gunicorn directly can hold its threads with a slow request.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Requests spend most of their time in Python (templates, rules), so processes, not threads,
# make use of the cores: two per core by default, a few threads each for requests that wait on
# the database or the object store.
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count())
threads = _int("GUNICORN_THREADS", 2)
worker_class = "gthread" if threads > 1 else "sync"
# Not a bound on slow clients: a gthread worker's main loop keeps telling the arbiter it is alive
# while its threads wait on a client sending a byte a second, for as long as the client likes, so
# eight such clients can hold every thread. The buffering reverse proxy in front (deploy/nginx/
# portal.conf, its client_header_timeout and client_body_timeout) ends slow clients and hands
# gunicorn whole requests only. This restarts a worker whose main loop itself is stuck (with sync
# workers, one stuck in a request); keep it at or above the proxy's proxy_read_timeout (120 s).
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Restart each worker now and then so no slow growth of memory lasts.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Which addresses may set X-Forwarded-Proto/-For for gunicorn itself (the portal's client
# address comes from TRUSTED_PROXY_COUNT). "*" only when nothing but the load balancer can connect.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client's address as the load balancer saw it, then the balancer's; the path without its
# query string; the status, size and time taken in milliseconds.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


# Invitation and password reset links carry their one-time secret in the path: whoever read it in
# a log could join a provider's team or take over an account, so the log shows "[hidden]" instead.
# Only at the start of a path (after a space, or after the host of a full address).
_ONE_TIME_LINK = re.compile(r"((?:^|\s|//[^/\s]+)(?:/invitations/|/password-reset/))(?!sent(?:[/?#\s]|$))[^/?#\s]+")


def hide_one_time_links(text):
    return _ONE_TIME_LINK.sub(r"\1[hidden]", text) if isinstance(text, str) else text


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: hide_one_time_links(value) for key, value in atoms.items()}


logger_class = AccessLogger


def when_ready(server):
    """Rate limits in memory are counted by each worker alone: say so where operators look."""
    if not os.environ.get("REDIS_URL") and server.cfg.workers > 1:
        server.log.warning(
            "REDIS_URL is not set: each of the %s workers counts sign-in and upload rate limits on its own, "
            "so a client gets up to %s times each limit. Set REDIS_URL in production (docs/PRODUCTION.md).",
            server.cfg.workers,
            server.cfg.workers,
        )
