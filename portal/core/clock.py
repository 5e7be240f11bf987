"""The only place that reads the wall clock.

Services take ``now`` as an argument; views and commands call :func:`now` once at the start of
a use case. Tests freeze time by setting ``app.config["FROZEN_NOW"]``.
"""

from datetime import UTC, date, datetime
from typing import overload
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

UK = ZoneInfo("Europe/London")


def now() -> datetime:
    """The current instant, aware and in UTC."""
    if has_app_context():
        frozen: datetime | None = current_app.config.get("FROZEN_NOW")
        if frozen is not None:
            return frozen.astimezone(UTC)
    return datetime.now(UTC)


def today_uk(instant: datetime | None = None) -> date:
    """The calendar day in England at ``instant`` (default: now)."""
    return (instant or now()).astimezone(UK).date()


@overload
def as_utc(instant: datetime) -> datetime: ...
@overload
def as_utc(instant: None) -> None: ...
@overload
def as_utc(instant: datetime | None) -> datetime | None: ...
def as_utc(instant: datetime | None) -> datetime | None:
    """Treat a naive datetime read back from the database as UTC (SQLite drops the zone)."""
    if instant is None:
        return None
    if instant.tzinfo is None:
        return instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)
