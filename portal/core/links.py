"""Absolute links for e-mails, built from BASE_URL so they work outside a request too."""

from flask import current_app


def absolute_url(endpoint: str, **values) -> str:
    adapter = current_app.url_map.bind("portal")
    return current_app.config["BASE_URL"].rstrip("/") + adapter.build(endpoint, values)
