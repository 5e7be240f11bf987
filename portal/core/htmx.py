"""One URL serves the whole page, or only its fragment to htmx (DESIGN.md convention 8).

The htmx-flask extension (initialised in the app factory) reads htmx's request headers into
``request.htmx``."""

from flask import Response, make_response, render_template
from htmx_flask import request


def is_htmx() -> bool:
    """An htmx request (``HX-Request: true``)."""
    return bool(request.htmx)


def wants_fragment() -> bool:
    """True for an htmx request that is not a history restore (which needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render(page: str, fragment: str, **context: object) -> Response:
    """Render ``page``, or ``fragment`` for htmx; the response varies on HX-Request for caches."""
    response = make_response(render_template(fragment if wants_fragment() else page, **context))
    response.headers.add("Vary", "HX-Request")
    return response
