"""Absolute links for e-mails, built from BASE_URL so they work outside a request too, and the
check that a page to return to (``next=``) is one of the portal's own."""

import unicodedata

from flask import current_app


def absolute_url(endpoint: str, **values: object) -> str:
    adapter = current_app.url_map.bind("portal")
    base: str = current_app.config["BASE_URL"]
    return base.rstrip("/") + adapter.build(endpoint, values)


def local_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (the caller goes to the dashboard).

    Never a redirect to another site (OWASP ASVS 5.1.5, DESIGN.md convention 9): only a path
    starting with one ``/``; nothing with a scheme, a host, a backslash (browsers read ``/\\evil``
    as ``//evil``) or a control or format character (browsers drop tabs and line breaks, so
    ``/<TAB>/evil`` becomes ``//evil``; CR/LF would also split the Location header).
    """
    if not target or len(target) > 2000:
        return None
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in target):
        return None
    if "\\" in target or not target.startswith("/") or target.startswith("//"):
        return None
    return target
