"""Uploads per signed-in user (UPLOAD_RATE_LIMIT), counted on every route that receives files.

Any POST carrying at least one file counts once against its user, whichever form it comes from,
so no upload route can be missed. Each app keeps its counters where Flask-Limiter keeps the
sign-in limits (RATELIMIT_STORAGE_URI): in memory by default, in Redis when REDIS_URL is set, so
instances behind one load balancer share each user's limit.
"""

import math
import time

from flask import Flask, current_app, request
from flask_login import current_user
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

SCOPE = "uploads"


class TooManyUploads(TooManyRequests):
    """A 429 that knows when the user may upload again."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after=retry_after)
        self.seconds = retry_after


def init_app(app: Flask) -> None:
    app.extensions["upload_limiter"] = FixedWindowRateLimiter(
        storage_from_string(app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    )
    app.before_request(count_upload)


def carries_files() -> bool:
    return (
        request.method == "POST"
        and request.mimetype == "multipart/form-data"
        and any(upload.filename for _, upload in request.files.items(multi=True))
    )


def count_upload() -> None:
    config = current_app.config
    if not config.get("RATELIMIT_ENABLED", True) or not carries_files() or not current_user.is_authenticated:
        return
    limit = parse(config["UPLOAD_RATE_LIMIT"])
    identity = (config.get("RATELIMIT_KEY_PREFIX") or "portal", SCOPE, f"user-{current_user.get_id()}")
    limiter = current_app.extensions["upload_limiter"]
    try:
        allowed = limiter.hit(limit, *identity)
        reset_at = None if allowed else limiter.get_window_stats(limit, *identity).reset_time
    except Exception:  # the counters' store is down: uploads go on rather than fail
        current_app.logger.warning("upload limit not applied: its store cannot be reached", exc_info=True)
        return
    if reset_at is not None:
        raise TooManyUploads(max(1, math.ceil(reset_at - time.time())))
