"""Where the benchmarks' data sets live: PostgreSQL when one answers, SQLite files otherwise.

BENCH_DATABASE_URL names the PostgreSQL server, by any database on it the benchmarks may connect
to in order to create their own (default ``postgresql://127.0.0.1:5432/postgres``); when nothing
answers there, or with ``BENCH_DATABASE_URL=sqlite``, the data sets are SQLite files under
/tmp/portal-bench. Each data set is a database of its own, ``portal_bench_<settings>_<mark>``,
built when missing and kept for the next run; the mark changes with the schema and with what
``benchmarks/dataset.py`` writes, so a data set of an older shape is never measured. Nothing
else on the server is touched: the database connected to is only used to create, copy, rename
and drop the benchmarks' own.
"""

import hashlib
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy.engine import make_url

from benchmarks import dataset
from portal.config import sqlalchemy_url
from portal.extensions import db

DATA_DIR = Path("/tmp/portal-bench")
DEFAULT_SERVER = "postgresql://127.0.0.1:5432/postgres"
PREFIX = "portal_bench_"


def schema_mark() -> str:
    """A short digest of every table, column and index and of the data set's version."""
    from portal import models  # noqa: F401  (registers every table)

    shape = sorted((table.name, column.name) for table in db.metadata.tables.values() for column in table.columns)
    shape += sorted((table.name, index.name) for table in db.metadata.tables.values() for index in table.indexes)
    return hashlib.sha256(repr((shape, dataset.VERSION)).encode()).hexdigest()[:10]


@cache
def server_url() -> str | None:
    """The PostgreSQL server to use, or None for SQLite."""
    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SERVER
    if url.startswith("sqlite"):
        return None
    url = "postgresql://" + url.split("://", 1)[1]
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001  (any failure to connect means: use SQLite)
        print(f"No PostgreSQL at {make_url(url).render_as_string()} ({type(error).__name__}): SQLite it is.")
        return None
    return url


def on_postgresql() -> bool:
    return server_url() is not None


def description() -> str:
    """The database and its version, for the report."""
    server = server_url()
    if server is None:
        return f"SQLite {sqlite3.sqlite_version} (files under {DATA_DIR})"
    with _admin() as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    where = make_url(server)
    return f"PostgreSQL {version} at {where.host}:{where.port or 5432}"


def database_name(settings: int) -> str:
    return f"{PREFIX}{settings}_{schema_mark()}"


def dataset_url(settings: int) -> str:
    """The address of the data set of that size (it may not exist yet)."""
    server = server_url()
    if server is None:
        return f"sqlite:///{DATA_DIR / f'{settings}-settings-{schema_mark()}.db'}"
    return _url_of(database_name(settings))


def ensure_dataset(settings: int) -> str:
    """The data set of that size, built when missing (never the demo database)."""
    url = dataset_url(settings)
    if server_url() is None:
        path = Path(url[len("sqlite:///") :])
        if not path.exists():
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".partial")
            print(f"Building the {settings:,}-setting data set in {path} …", flush=True)
            dataset.build(settings, f"sqlite:///{partial}")
            partial.replace(path)  # only a finished build has the name a run looks for
        return url
    name = database_name(settings)
    if not _exists(name):
        partial = f"{name}_partial"
        print(f"Building the {settings:,}-setting data set in the PostgreSQL database {name} …", flush=True)
        _drop(partial)
        _create(partial)
        dataset.build(settings, _url_of(partial))
        with _admin() as connection:
            connection.execute(f'ALTER DATABASE "{partial}" RENAME TO "{name}"')
    return url


@contextmanager
def throwaway_copy(settings: int) -> Iterator[str]:
    """A copy of the data set, for benchmarks that write: dropped afterwards, so the data set
    itself is the same at every run. Nothing may be connected to the data set while it is copied."""
    source = ensure_dataset(settings)
    if server_url() is None:
        copy = DATA_DIR / f"copy-{uuid.uuid4().hex[:8]}.db"
        shutil.copyfile(source[len("sqlite:///") :], copy)
        try:
            yield f"sqlite:///{copy}"
        finally:
            copy.unlink(missing_ok=True)
        return
    name = f"{database_name(settings)}_copy_{uuid.uuid4().hex[:6]}"
    _create(name, template=database_name(settings))
    try:
        yield _url_of(name)
    finally:
        _drop(name)


@contextmanager
def throwaway_database(purpose: str) -> Iterator[str]:
    """An empty database of its own for one benchmark (``purpose`` names it), dropped afterwards."""
    if server_url() is None:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path = DATA_DIR / f"{purpose}-{uuid.uuid4().hex[:8]}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            path.unlink(missing_ok=True)
        return
    name = f"{PREFIX}{purpose}_{uuid.uuid4().hex[:6]}"
    _create(name)
    try:
        yield _url_of(name)
    finally:
        _drop(name)


def _url_of(name: str) -> str:
    """The address of a database on the server, as SQLAlchemy takes it (psycopg 3)."""
    return sqlalchemy_url(make_url(server_url()).set(database=name).render_as_string(hide_password=False))


@contextmanager
def _admin():
    import psycopg

    with psycopg.connect(server_url(), autocommit=True) as connection:
        yield connection


def _exists(name: str) -> bool:
    with _admin() as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def _create(name: str, template: str | None = None) -> None:
    assert name.startswith(PREFIX), name
    statement = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
    import psycopg

    for attempt in range(10):  # a template must have no one connected: a closing pool may take a moment
        try:
            with _admin() as connection:
                connection.execute(statement)
            return
        except psycopg.errors.ObjectInUse:
            if attempt == 9:
                raise
            time.sleep(1)


def _drop(name: str) -> None:
    assert name.startswith(PREFIX), name  # never anything but the benchmarks' own
    import psycopg

    for attempt in range(10):  # a pool closing a moment ago may still be leaving
        try:
            with _admin() as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            return
        except psycopg.errors.ObjectInUse:
            if attempt == 9:
                raise
            time.sleep(1)
