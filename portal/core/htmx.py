"""One URL serves the whole page, or only its fragment to htmx (DESIGN.md convention 8)."""

from flask import make_response, render_template, request


def wants_fragment() -> bool:
    """True for an htmx request that is not a history restore (which needs the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(page: str, fragment: str, status: int = 200, **context):
    """Render ``page``, or ``fragment`` for htmx; both vary on the HX-Request header."""
    template = fragment if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.headers.add("Vary", "HX-Request")
    return response
