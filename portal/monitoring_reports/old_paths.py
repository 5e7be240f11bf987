"""Monitoring reports moved from ``/reports/...`` (which reads as inspection reports) to
``/visit-reports/...``. Bookmarks, links in old e-mails and forms on pages opened before the move
still use the old paths, so each old path answers 308 (the method and body are kept, so a form
posted to it still lands) to the same path under the new prefix, with the query string kept.

The redirect only redirects: it reads nothing, so it is open to everyone and shows no one more than
before, and the new URL makes every check (who may see the report, CSRF). Remove these rules once
old links have had time to go.
"""

from urllib.parse import quote

from flask import Flask, redirect, request, url_for
from werkzeug.routing import Rule

from portal.core.access import public
from portal.extensions import csrf

BLUEPRINTS = ("monitoring_reports_provider", "monitoring_reports_inspectorate")
# New prefix: old prefix.
MOVED_PREFIXES = {"/visit-reports/": "/reports/", "/inspectorate/visit-reports/": "/inspectorate/reports/"}
OLD_PATH_SUFFIX = "_at_old_path"
# The attribute of a redirect view naming the endpoint it sends to (tests find the redirects by it).
REDIRECTS_TO = "redirects_to"
# Characters a query string may hold as they are; anything else (a space, a raw byte) is escaped.
QUERY_SAFE = "/?:@!$&'()*+,;=%~"


def old_path_of(rule: Rule) -> str | None:
    """Where ``rule`` was before the move, or None if it did not move."""
    if rule.endpoint.split(".")[0] not in BLUEPRINTS:
        return None
    for new, old in MOVED_PREFIXES.items():
        if rule.rule.startswith(new):
            return old + rule.rule.removeprefix(new)
    return None


def _redirect_view(endpoint: str):
    @public
    def moved(**values):
        location = url_for(endpoint, **values)
        if request.query_string:
            location += "?" + quote(request.query_string, safe=QUERY_SAFE)
        return redirect(location, 308)

    setattr(moved, REDIRECTS_TO, endpoint)
    return moved


def keep_old_paths(app: Flask) -> None:
    """Add, for every moved rule, its old path redirecting to it; call once the blueprints are registered."""
    for rule in list(app.url_map.iter_rules()):
        old = old_path_of(rule)
        if old is None:
            continue
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        app.add_url_rule(old, rule.endpoint + OLD_PATH_SUFFIX, _redirect_view(rule.endpoint), methods=methods)
    # The redirect changes nothing and reads no form; the new URL checks the token.
    csrf.exempt(f"{__name__}.moved")
