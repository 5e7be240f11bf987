"""Template globals and filters shared by every page."""

from flask import Flask

from portal.core import formatting
from portal.core.forms import error_summary
from portal.core.clock import UK, as_utc
from portal.core.workdays import last_day


def init_app(app: Flask) -> None:
    app.jinja_env.filters["uk_date"] = formatting.uk_date
    app.jinja_env.filters["short_date"] = formatting.short_date
    app.jinja_env.filters["uk_datetime"] = formatting.uk_datetime
    app.jinja_env.filters["deadline"] = formatting.deadline
    app.jinja_env.filters["uk_day"] = lambda instant: as_utc(instant).astimezone(UK).date()
    app.jinja_env.filters["deadline_day"] = lambda instant: last_day(as_utc(instant))
    app.jinja_env.globals["in_working_days"] = formatting.in_working_days

    app.jinja_env.globals["error_summary"] = error_summary
    app.jinja_env.filters["extract_label"] = lambda value, labels: labels.get(value, value)
    app.jinja_env.filters["as_option"] = lambda value, selected: {"value": value, "text": value,
                                                                  "selected": value == selected}

    @app.context_processor
    def service_details():
        return {"service_name": app.config["SERVICE_NAME"]}
