"""What every part of the benchmark data set shares: the instant it is built at, and bulk inserts."""

from datetime import UTC, datetime

from sqlalchemy import insert

from portal.extensions import db

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # the instant the benchmarks freeze time at
CHUNK = 5000


def bulk(model, rows: list[dict]) -> None:
    """Insert ``rows`` into ``model``'s table with core executemany, in chunks."""
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model.__table__), rows[start : start + CHUNK])
