"""Measuring requests: the SQL statements one sends (each with its parameters, time and the rows
the database returned), the Python function calls it makes, and timing two sides in turn."""

import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event


@dataclass
class Statement:
    text: str
    parameters: object
    seconds: float
    returns_rows: bool
    rows: int = 0


class _CountingCursor:
    """The DB-API cursor SQLAlchemy fetches from, counting the rows it hands over."""

    def __init__(self, cursor, statement: Statement):
        self._cursor, self._statement = cursor, statement

    def fetchone(self):
        row = self._cursor.fetchone()
        self._statement.rows += row is not None
        return row

    def fetchmany(self, *size):
        rows = self._cursor.fetchmany(*size)
        self._statement.rows += len(rows)
        return rows

    def fetchall(self):
        rows = self._cursor.fetchall()
        self._statement.rows += len(rows)
        return rows

    def __iter__(self):
        for row in self._cursor:
            self._statement.rows += 1
            yield row

    def __getattr__(self, name):
        return getattr(self._cursor, name)


@dataclass
class SqlTrace:
    """Every statement an engine sends while the trace is attached.

    Rows returned: psycopg receives the whole result of a statement when it runs, and says how many
    rows that was (``cursor.rowcount``). sqlite3's rowcount is -1 for a SELECT, and SQLite makes
    each row only when it is fetched, so there the rows fetched through the cursor are counted."""

    statements: list[Statement] = field(default_factory=list)

    @property
    def queries(self) -> int:
        return len(self.statements)

    @property
    def rows(self) -> int:
        return sum(statement.rows for statement in self.statements)

    def before(self, connection, _cursor, _statement, _parameters, _context, _executemany):
        connection.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(self, connection, cursor, statement, parameters, context, _executemany):
        seconds = time.perf_counter() - connection.info["bench_started"].pop()
        entry = Statement(statement, parameters, seconds, cursor.description is not None)
        if entry.returns_rows:
            if connection.dialect.name == "sqlite":
                context.cursor = _CountingCursor(cursor, entry)
            else:
                entry.rows = max(cursor.rowcount, 0)
        self.statements.append(entry)

    def slowest(self) -> Statement | None:
        """The statement that took longest, of those that return rows."""
        reading = [statement for statement in self.statements if statement.returns_rows]
        return max(reading, key=lambda statement: statement.seconds, default=None)


@contextmanager
def tracing_sql(engine) -> Iterator[SqlTrace]:
    trace = SqlTrace()
    event.listen(engine, "before_cursor_execute", trace.before)
    event.listen(engine, "after_cursor_execute", trace.after)
    try:
        yield trace
    finally:
        event.remove(engine, "before_cursor_execute", trace.before)
        event.remove(engine, "after_cursor_execute", trace.after)


@contextmanager
def counting_calls() -> Iterator[list[int]]:
    """Python function calls in this thread while inside (frames entered, generators resumed
    included; built-in functions not): ``[count]``."""
    count = [0]

    def profile(_frame, what, _arg):
        if what == "call":
            count[0] += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield count
    finally:
        sys.setprofile(previous)


def interleaved(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Each action ``runs`` times in turn (A B A B …) after one warm-up each, so what else happens
    on the machine meanwhile slows every side alike; the seconds of each run, by action."""
    for action in actions.values():
        action()
    times: dict[str, list[float]] = {key: [] for key in actions}
    for _ in range(runs):
        for key, action in actions.items():
            started = time.perf_counter()
            action()
            times[key].append(time.perf_counter() - started)
    return times


def median_ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000


def percentile_ms(seconds: list[float], share: float) -> float:
    """The ``share`` (0.5, 0.99) percentile, nearest rank."""
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] * 1000 if ordered else 0.0
