"""Template globals and filters shared by every page."""

import json
from collections import ChainMap
from collections.abc import KeysView, MutableMapping
from pathlib import Path
from typing import Any

from flask import Flask, url_for
from flask.templating import Environment

from portal.core import formatting
from portal.core.clock import UK, as_utc
from portal.core.forms import error_summary
from portal.core.workdays import last_day


def asset_names(static_folder: str | None) -> dict[str, str]:
    """The fingerprinted name of each stylesheet and script ``npm run build`` wrote
    (static/dist/manifest.json); none when the assets were not built."""
    manifest = Path(static_folder or "") / "dist" / "manifest.json"
    try:
        names = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(key): str(value) for key, value in names.items()} if isinstance(names, dict) else {}


class _TemplateGlobals(ChainMap[str, Any]):
    """A template's globals over the environment's, as Jinja makes them, whose keys are read from
    the environment's dict directly while the template has none of its own."""

    def keys(self) -> KeysView[str]:
        own, *rest = self.maps
        return rest[0].keys() if not own and len(rest) == 1 else super().keys()


class PortalEnvironment(Environment):
    """Flask's Jinja environment, with a faster key look-up in each template's globals.

    Every ``{% from ... import %}`` checks which globals the importing template has that the
    imported one lacks (``globals_keys - template.globals.keys()``); over Jinja's ``ChainMap`` that
    set difference runs key by key in Python, and the layout's imports (the GOV.UK template and
    its macros import others on every call) made it about a tenth of a page with no data. With the
    environment's own ``dict_keys`` it runs in C. Everything else is Jinja's ``ChainMap``: globals
    given to one template are written to its own map and never reach the environment."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return _TemplateGlobals({} if d is None else d, self.globals)


EXPOSED = "template_constants"


def expose(app: Flask, name: str, constants: Any) -> None:
    """Give templates a capability's status, role or kind constants under one global name, so a
    page compares ``report.status == report_rules.FINAL_SENT`` with the value the Python side
    uses rather than a copy of the string. The kernel knows no capability: the factory registers
    each, once; a second holder under the same name would silently shadow the first."""
    exposed = app.extensions.setdefault(EXPOSED, {})
    if exposed.get(name, constants) is not constants:
        raise ValueError(f"{name} is already exposed to templates")
    exposed[name] = constants
    app.jinja_env.globals[name] = constants


def exposed(app: Flask) -> dict[str, Any]:
    """Every holder of constants templates were given, by the name they use."""
    return dict(app.extensions.get(EXPOSED, {}))


def init_app(app: Flask) -> None:
    fingerprinted = asset_names(app.static_folder)

    def asset_url(name: str) -> str:
        """A static file's address under its fingerprinted name, which browsers may keep for a
        year (deploy/nginx/portal.conf), or under its own name when it has none."""
        return url_for("static", filename=fingerprinted.get(name, name))

    app.jinja_env.globals["asset_url"] = asset_url
    app.jinja_env.filters["uk_date"] = formatting.uk_date
    app.jinja_env.filters["short_date"] = formatting.short_date
    app.jinja_env.filters["uk_datetime"] = formatting.uk_datetime
    app.jinja_env.filters["deadline"] = formatting.deadline
    app.jinja_env.filters["uk_day"] = lambda instant: as_utc(instant).astimezone(UK).date()
    app.jinja_env.filters["deadline_day"] = lambda instant: last_day(as_utc(instant))
    app.jinja_env.globals["in_working_days"] = formatting.in_working_days

    app.jinja_env.globals["error_summary"] = error_summary
    app.jinja_env.filters["extract_label"] = lambda value, labels: labels.get(value, value)

    @app.context_processor
    def service_details() -> dict[str, str]:
        return {"service_name": app.config["SERVICE_NAME"]}
