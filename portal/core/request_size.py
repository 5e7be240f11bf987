"""Routes that receive several documents at once allow a larger request than the default.

The limit has to be raised before anything reads the body, and Flask-WTF's CSRF check reads it
before the view runs; so a view declares its limit with :func:`accepts_up_to` and a hook that
runs ahead of the CSRF check applies it.
"""

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, request

View = TypeVar("View", bound=Callable[..., object])

ATTRIBUTE = "max_request_bytes"


def accepts_up_to(max_bytes: int) -> Callable[[View], View]:
    """Let this view receive a request body of up to ``max_bytes``."""

    def mark(view: View) -> View:
        setattr(view, ATTRIBUTE, max_bytes)
        return view

    return mark


def init_app(app: Flask) -> None:
    """Register the hook; call before CSRFProtect.init_app so it runs first."""

    @app.before_request
    def raise_request_limit() -> None:
        view = app.view_functions.get(request.endpoint or "")
        limit = getattr(view, ATTRIBUTE, None)
        if limit:
            request.max_content_length = limit
