"""Costs every test would otherwise pay again, paid once per run instead (installed by
tests/conftest.py before any app is built).

- werkzeug compiles a Python function per URL rule (twice) each time an app is built, and nearly
  every test builds one: the functions of an identical rule are compiled once and shared. They
  depend only on the rule's text, parts, defaults and converters, all part of the key, and
  receive the rule itself as their first argument, so each app's rules still build their own URLs.
- argon2 at its production cost takes about half a second per hash or check: tests sign in and
  set passwords hundreds of times, so they hash with argon2's cheapest parameters. The
  production parameters are checked by tests/test_password_hashing.py, through
  ``real_password_hashing``.
- Each commit waits for the disk (70 ms here on SQLite, where a ``world`` alone commits 17
  times): the tests' own connections do not wait (SQLite ``synchronous=OFF``, PostgreSQL
  ``synchronous_commit=off``). What a transaction sees, locks and rolls back is unchanged; only
  surviving a crash of the machine itself is given up. Portals started as processes (the
  multiprocess and fault tests) keep their defaults.
"""

import sqlite3

from argon2 import PasswordHasher, profiles
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import Rule

from portal.accounts import passwords

PRODUCTION_HASHER = passwords._hasher
PRODUCTION_DUMMY_HASH = passwords._DUMMY_HASH
TEST_HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)

_compile_builder = Rule._compile_builder
_builders = {}


def _shared_builder(rule, append_unknown=True):
    key = (
        rule.rule,
        rule.subdomain,
        rule.host,
        rule.merge_slashes,
        tuple(rule._trace),
        repr(sorted((rule.defaults or {}).items())),
        append_unknown,
        tuple(sorted(rule.map.converters.items())),
    )
    if key not in _builders:
        _builders[key] = _compile_builder(rule, append_unknown)
    return _builders[key]


def use_hasher(hasher: PasswordHasher, dummy_hash: str | None = None) -> None:
    passwords._hasher = hasher
    passwords._DUMMY_HASH = dummy_hash or hasher.hash("not a real password: equalises timing")


def _commit_without_waiting_for_the_disk(dbapi_connection, _record):
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous=OFF")
    elif type(dbapi_connection).__module__.startswith("psycopg"):
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
        dbapi_connection.commit()


def install() -> None:
    Rule._compile_builder = _shared_builder
    use_hasher(TEST_HASHER)
    if not event.contains(Engine, "connect", _commit_without_waiting_for_the_disk):
        event.listen(Engine, "connect", _commit_without_waiting_for_the_disk)
