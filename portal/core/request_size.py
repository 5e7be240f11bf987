"""Routes that receive several documents at once allow a larger request than the default.

The limit has to be raised before anything reads the body, and Flask-WTF's CSRF check reads it
before the view runs; so a view declares its limit with :func:`accepts_up_to` and a hook that
runs ahead of the CSRF check applies it.
"""

from flask import Flask, request

ATTRIBUTE = "max_request_bytes"


def accepts_up_to(max_bytes: int):
    """Let this view receive a request body of up to ``max_bytes``."""

    def mark(view):
        setattr(view, ATTRIBUTE, max_bytes)
        return view

    return mark


def init_app(app: Flask) -> None:
    """Register the hook; call before CSRFProtect.init_app so it runs first."""

    @app.before_request
    def raise_request_limit():
        view = app.view_functions.get(request.endpoint)
        limit = getattr(view, ATTRIBUTE, None)
        if limit:
            request.max_content_length = limit
