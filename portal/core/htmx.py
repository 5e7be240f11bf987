"""One URL serves the whole page, or only its fragment to htmx (DESIGN.md convention 8)."""

from flask import make_response, render_template, request


def wants_fragment() -> bool:
    """True for an htmx request that is not a history restore (which needs the whole page)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def render(page: str, fragment: str, **context):
    """Render ``page``, or ``fragment`` for htmx; the response varies on HX-Request for caches."""
    response = make_response(render_template(fragment if wants_fragment() else page, **context))
    response.headers.add("Vary", "HX-Request")
    return response
