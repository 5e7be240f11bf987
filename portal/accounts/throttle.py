"""Sign-in throttling that slows guessing down without letting a stranger lock anyone out
(OWASP ASVS 2.2.1; DESIGN.md convention 9).

Wrong passwords and wrong two-factor codes are counted three ways, whether or not an account has
the address, so no answer tells which addresses have accounts:

- per address and client (the pair): after ``SIGN_IN_FREE_FAILURES`` (3) failures each further
  try waits 1, 2, 4 … seconds after the last failure, up to ``SIGN_IN_LOCK_MINUTES`` (15). This
  is the only lock that remains, and it holds one client back from one address, nobody else;
- per address, from any client: after ``SIGN_IN_ADDRESS_FREE_FAILURES`` (10), waits up to
  ``SIGN_IN_MAX_WAIT_SECONDS`` (5 minutes), so many clients together still guess slowly. A client
  that has signed in as the address before (in the last ``SIGN_IN_KNOWN_CLIENT_DAYS``) is not
  held back by it: a stranger's guesses never stop the real person at their own computer;
- per client, whatever the address: after ``SIGN_IN_CLIENT_FREE_FAILURES`` (20), waits up to 5
  minutes, against one client trying many addresses.

A try made while a wait runs is refused before the password is looked at and is not counted.
Signing in forgives the pair's and the address's failures (and takes the pair's off the client's
count). A count with no failure for ``SIGN_IN_FORGET_MINUTES`` (60) starts again.

Counts are kept in the database, or in Redis when ``SIGN_IN_THROTTLE_STORAGE_URI`` is a redis://
URL (if Redis cannot be reached, the database keeps them meanwhile). The client is the address
the request came from (request.remote_addr, after core/proxy.py trusted the proxies we run); an
IPv6 client is its /64 network.
"""

import hashlib
import hmac
import ipaddress
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import SignInThrottle
from portal.extensions import db

PAIR, ADDRESS, CLIENT = "pair", "address", "client"
DEFAULTS = {
    "SIGN_IN_FREE_FAILURES": 3,
    "SIGN_IN_ADDRESS_FREE_FAILURES": 10,
    "SIGN_IN_CLIENT_FREE_FAILURES": 20,
    "SIGN_IN_MAX_WAIT_SECONDS": 300,
    "SIGN_IN_LOCK_MINUTES": 15,
    "SIGN_IN_FORGET_MINUTES": 60,
    "SIGN_IN_KNOWN_CLIENT_DAYS": 30,
}


def setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


@dataclass(frozen=True)
class Counts:
    failures: int = 0
    last_failure_at: datetime | None = None
    last_success_at: datetime | None = None


@dataclass(frozen=True)
class Keys:
    pair: str
    address: str
    client: str

    def scoped(self) -> dict[str, str]:
        return {self.pair: PAIR, self.address: ADDRESS, self.client: CLIENT}


def client_of(remote_addr: str | None) -> str:
    """The client a request counts against: its IPv4 address, or its IPv6 /64 network."""
    try:
        ip = ipaddress.ip_address((remote_addr or "").strip())
    except ValueError:
        return remote_addr or "unknown"
    if ip.version == 6 and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(getattr(ip, "ipv4_mapped", None) or ip)


def keys(email: str, client: str) -> Keys:
    secret = str(current_app.config["SECRET_KEY"]).encode()

    def digest(*parts: str) -> str:
        return hmac.new(secret, "\n".join(parts).encode(), hashlib.sha256).hexdigest()

    address = (email or "").strip().lower()
    client = client_of(client)
    return Keys(digest(PAIR, address, client), digest(ADDRESS, address), digest(CLIENT, client))


def _wait(counts: Counts | None, free: int, cap_seconds: int, now: datetime) -> int:
    if counts is None or counts.last_failure_at is None or counts.failures < free:
        return 0
    if counts.last_failure_at < now - timedelta(minutes=setting("SIGN_IN_FORGET_MINUTES")):
        return 0
    delay = min(cap_seconds, 2 ** min(counts.failures - free, 30))
    return max(0, math.ceil((counts.last_failure_at + timedelta(seconds=delay) - now).total_seconds()))


def wait_seconds(email: str, client: str, now: datetime) -> int:
    """How long this client must wait before trying this address again; 0 when it may try now."""
    k = keys(email, client)
    found = store().read(list(k.scoped()))
    pair = found.get(k.pair)
    cap = setting("SIGN_IN_MAX_WAIT_SECONDS")
    waits = [
        _wait(pair, setting("SIGN_IN_FREE_FAILURES"), setting("SIGN_IN_LOCK_MINUTES") * 60, now),
        _wait(found.get(k.client), setting("SIGN_IN_CLIENT_FREE_FAILURES"), cap, now),
    ]
    known = (
        pair is not None
        and pair.last_success_at is not None
        and (pair.last_success_at > now - timedelta(days=setting("SIGN_IN_KNOWN_CLIENT_DAYS")))
    )
    if not known:
        waits.append(_wait(found.get(k.address), setting("SIGN_IN_ADDRESS_FREE_FAILURES"), cap, now))
    return max(waits)


def failed(email: str, client: str, now: datetime) -> int:
    """Count a wrong password or code; returns how long the client must now wait (0: none)."""
    store().fail(keys(email, client).scoped(), now, now - timedelta(minutes=setting("SIGN_IN_FORGET_MINUTES")))
    return wait_seconds(email, client, now)


def succeeded(email: str, client: str, now: datetime) -> None:
    """The address signed in from this client: its failures are forgiven, and the client is known."""
    store().succeed(keys(email, client), now)


def wait_message(seconds: int) -> str:
    """The same words whether or not the address has an account."""
    amount = f"{seconds} second{'s' if seconds != 1 else ''}" if seconds < 120 else f"{math.ceil(seconds / 60)} minutes"
    return f"You have tried to sign in too many times. Wait {amount} before trying again."


def purge(now: datetime) -> int:
    """Forget counts in the database that no longer slow anyone down: no failure for
    ``SIGN_IN_FORGET_MINUTES`` and no success for ``SIGN_IN_KNOWN_CLIENT_DAYS`` (Redis forgets
    its own). Returns how many were forgotten."""
    failure_before = now - timedelta(minutes=setting("SIGN_IN_FORGET_MINUTES"))
    success_before = now - timedelta(days=setting("SIGN_IN_KNOWN_CLIENT_DAYS"))
    forgotten = db.session.execute(
        delete(SignInThrottle).where(
            SignInThrottle.last_failure_at.is_(None) | (SignInThrottle.last_failure_at < failure_before),
            SignInThrottle.last_success_at.is_(None) | (SignInThrottle.last_success_at < success_before),
        )
    )
    db.session.commit()
    return forgotten.rowcount


class DatabaseStore:
    """Counts as rows of sign_in_throttles, changed by single statements so that tries at the
    same moment all count."""

    def read(self, hashes: list[str]) -> dict[str, Counts]:
        rows = db.session.scalars(
            select(SignInThrottle).where(SignInThrottle.key_hash.in_(hashes)).execution_options(populate_existing=True)
        )
        return {row.key_hash: Counts(row.failures, row.last_failure_at, row.last_success_at) for row in rows}

    def _change(self, key_hash: str, scope: str, values: dict) -> None:
        changed = db.session.execute(
            update(SignInThrottle)
            .where(SignInThrottle.key_hash == key_hash)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount:
            return
        try:
            with db.session.begin_nested():
                db.session.add(SignInThrottle(scope=scope, key_hash=key_hash, failures=0))
        except IntegrityError:  # made meanwhile by a try at the same moment
            pass
        db.session.execute(
            update(SignInThrottle)
            .where(SignInThrottle.key_hash == key_hash)
            .values(**values)
            .execution_options(synchronize_session=False)
        )

    def fail(self, scoped: dict[str, str], now: datetime, forget_before: datetime) -> None:
        stale = SignInThrottle.last_failure_at.is_(None) | (SignInThrottle.last_failure_at < forget_before)
        for key_hash, scope in scoped.items():
            self._change(
                key_hash,
                scope,
                {"failures": case((stale, 1), else_=SignInThrottle.failures + 1), "last_failure_at": now},
            )
        db.session.commit()

    def succeed(self, k: Keys, now: datetime) -> None:
        pair = self.read([k.pair]).get(k.pair)
        forgiven = pair.failures if pair else 0
        if forgiven:
            left = SignInThrottle.failures - forgiven
            db.session.execute(
                update(SignInThrottle)
                .where(SignInThrottle.key_hash == k.client)
                .values(failures=case((left < 0, 0), else_=left))
                .execution_options(synchronize_session=False)
            )
        db.session.execute(
            update(SignInThrottle)
            .where(SignInThrottle.key_hash == k.address)
            .values(failures=0)
            .execution_options(synchronize_session=False)
        )
        self._change(k.pair, PAIR, {"failures": 0, "last_success_at": now})
        # committed with the sign-in's audit event by the caller


_FAIL = """
local last = tonumber(redis.call('HGET', KEYS[1], 'lf') or '0')
if last < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], 'f', 1) else redis.call('HINCRBY', KEYS[1], 'f', 1) end
redis.call('HSET', KEYS[1], 'lf', ARGV[1])
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
"""
_SUCCEED = """
local forgiven = tonumber(redis.call('HGET', KEYS[1], 'f') or '0')
if forgiven > 0 and redis.call('EXISTS', KEYS[3]) == 1 then
  local left = tonumber(redis.call('HGET', KEYS[3], 'f') or '0') - forgiven
  if left < 0 then left = 0 end
  redis.call('HSET', KEYS[3], 'f', left)
end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('HSET', KEYS[2], 'f', 0) end
redis.call('HSET', KEYS[1], 'f', 0, 'ls', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
"""


class RedisStore:
    """Counts as Redis hashes (f: failures, lf / ls: last failure / success as Unix times) that
    expire once forgotten; each change is one script, so tries at the same moment all count."""

    def __init__(self, uri: str, prefix: str):
        import redis

        self.client = redis.Redis.from_url(uri, socket_timeout=2, socket_connect_timeout=2)
        self.prefix = prefix
        self._fail = self.client.register_script(_FAIL)
        self._succeed = self.client.register_script(_SUCCEED)

    def _key(self, key_hash: str) -> str:
        return f"{self.prefix}:sign-in:{key_hash}"

    def read(self, hashes: list[str]) -> dict[str, Counts]:
        pipe = self.client.pipeline(transaction=False)
        for key_hash in hashes:
            pipe.hgetall(self._key(key_hash))
        found = {}
        for key_hash, fields in zip(hashes, pipe.execute(), strict=True):
            if fields:
                found[key_hash] = Counts(
                    int(fields.get(b"f", 0)), _instant(fields.get(b"lf")), _instant(fields.get(b"ls"))
                )
        return found

    def fail(self, scoped: dict[str, str], now: datetime, forget_before: datetime) -> None:
        seconds = int((now - forget_before).total_seconds())
        for key_hash in scoped:
            self._fail(keys=[self._key(key_hash)], args=[now.timestamp(), forget_before.timestamp(), seconds])

    def succeed(self, k: Keys, now: datetime) -> None:
        self._succeed(
            keys=[self._key(k.pair), self._key(k.address), self._key(k.client)],
            args=[now.timestamp(), setting("SIGN_IN_KNOWN_CLIENT_DAYS") * 86400],
        )


def _instant(raw: bytes | None) -> datetime | None:
    return datetime.fromtimestamp(float(raw), tz=UTC) if raw else None


class _Fallback:
    """Redis first; the database while Redis cannot be reached, rather than no throttle at all.
    After a failure Redis is left alone for ``RETRY_SECONDS``, so a Redis that does not answer
    costs one timeout, not one per sign-in."""

    RETRY_SECONDS = 30

    def __init__(self, primary: RedisStore):
        self.primary, self.secondary = primary, DatabaseStore()
        self.down_until = 0.0

    def __getattr__(self, name):
        def call(*args):
            if time.monotonic() >= self.down_until:
                try:
                    return getattr(self.primary, name)(*args)
                except Exception:  # redis errors of every kind: the database counts meanwhile
                    self.down_until = time.monotonic() + self.RETRY_SECONDS
                    current_app.logger.warning(
                        "sign-in throttle: Redis cannot be reached, counting in the database for %s s",
                        self.RETRY_SECONDS,
                        exc_info=True,
                    )
            return getattr(self.secondary, name)(*args)

        return call


def store():
    """The store this app keeps its counts in (made once per app)."""
    uri = current_app.config.get("SIGN_IN_THROTTLE_STORAGE_URI") or ""
    made = current_app.extensions.get("sign_in_throttle")
    if made is None or made[0] != uri:
        if uri.startswith(("redis://", "rediss://", "unix://")):
            prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or "portal"
            made = (uri, _Fallback(RedisStore(uri, prefix)))
        else:
            made = (uri, DatabaseStore())
        current_app.extensions["sign_in_throttle"] = made
    return made[1]
