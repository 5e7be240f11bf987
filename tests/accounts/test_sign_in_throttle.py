"""Sign-in throttling slows guessing down rather than locking anyone out (OWASP ASVS 2.2.1;
DESIGN.md convention 9; accounts/throttle.py): a stranger's wrong passwords from one client hold
that client back, with growing waits, and never stop the real person at their own computer; the
waits start again after a success; and no answer says whether the address has an account. The
counts work the same kept in the database or in Redis."""

import os
import re
import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.accounts import services, throttle
from portal.accounts.models import SignInThrottle
from portal.accounts.views.sign_in import BAD_CREDENTIALS
from tests.conftest import PASSWORD

STRANGER, HOME, CAFE = "203.0.113.7", "198.51.100.20", "192.0.2.99"
WRONG = "not the password at all"


@pytest.fixture(params=["database", "redis"])
def store(request, app):
    """Each test runs with the counts in the database and, when TEST_REDIS_URL is set, in Redis."""
    if request.param == "redis":
        if not os.environ.get("TEST_REDIS_URL"):
            pytest.skip("TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/15)")
        prefix = f"test-{uuid.uuid4().hex}"
        app.config.update(SIGN_IN_THROTTLE_STORAGE_URI=os.environ["TEST_REDIS_URL"], RATELIMIT_KEY_PREFIX=prefix)
        yield request.param
        import redis

        server = redis.Redis.from_url(os.environ["TEST_REDIS_URL"])
        stored = server.keys(f"{prefix}:*")
        if stored:
            server.delete(*stored)
        return
    yield request.param


def browser(app, ip):
    """A browser of its own at the client address ``ip``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def attempt(client, email, password=WRONG):
    return client.post("/sign-in", data={"email": email, "password": password})


def answer(response) -> str:
    """The error the sign-in page gives, or "signed in"."""
    if response.status_code == 302:
        return "signed in"
    page = response.get_data(as_text=True)
    if BAD_CREDENTIALS in page:
        return "wrong"
    wait = re.search(r"You have tried to sign in too many times\. Wait ([^.]+) before trying again\.", page)
    assert wait, page
    return f"wait {wait.group(1)}"


def later(app, seconds):
    app.config["FROZEN_NOW"] += timedelta(seconds=seconds)


def guess(app, client, email, times, ip):
    """``times`` wrong passwords, each once its wait is over; returns the wait after each."""
    waits = []
    for _ in range(times):
        later(app, services.wait_seconds(email, app.config["FROZEN_NOW"], ip))
        assert answer(attempt(client, email)) in (
            "wrong",
            *(f"wait {n} second{'s' * (n != 1)}" for n in range(1, 120)),
            *(f"wait {n} minutes" for n in range(2, 16)),
        )
        waits.append(services.wait_seconds(email, app.config["FROZEN_NOW"], ip))
    return waits


def test_twenty_wrong_passwords_from_a_stranger_do_not_stop_the_inspector_at_their_own_computer(app, world, db, store):
    from tests.accounts.test_two_factor import enable, enter_code

    totp, _ = enable(db, world.inspector, app.config["FROZEN_NOW"] - timedelta(minutes=5))
    home = browser(app, HOME)  # the inspector's own computer: they have signed in there before
    assert attempt(home, world.inspector.email, PASSWORD).location == "/sign-in/code"
    assert enter_code(home, totp.at(app.config["FROZEN_NOW"])).location == "/"
    home.post("/sign-out")
    later(app, 60)
    waits = guess(app, browser(app, STRANGER), world.inspector.email, 20, STRANGER)
    assert waits[:4] == [0, 0, 1, 2] and waits[-1] == 900
    assert answer(attempt(browser(app, STRANGER), world.inspector.email, PASSWORD)).startswith("wait ")
    # At once, without waiting: the password, then the code.
    assert attempt(home, world.inspector.email, PASSWORD).location == "/sign-in/code"
    assert enter_code(home, totp.at(app.config["FROZEN_NOW"])).location == "/"


def test_twenty_wrong_passwords_from_a_stranger_do_not_stop_a_manager_at_their_own_computer(app, world, store):
    home = browser(app, HOME)
    assert answer(attempt(home, world.rm.email, PASSWORD)) == "signed in"
    home.post("/sign-out")
    guess(app, browser(app, STRANGER), world.rm.email, 20, STRANGER)
    assert answer(attempt(home, world.rm.email, PASSWORD)) == "signed in"


def test_from_a_new_computer_the_person_is_slowed_for_at_most_5_minutes_not_locked(app, world, store):
    guess(app, browser(app, STRANGER), world.ri.email, 20, STRANGER)
    cafe = browser(app, CAFE)
    wait = services.wait_seconds(world.ri.email, app.config["FROZEN_NOW"], CAFE)
    assert 0 < wait <= 300
    assert answer(attempt(cafe, world.ri.email, PASSWORD)) == f"wait {-(-wait // 60)} minutes"
    later(app, wait)
    assert answer(attempt(cafe, world.ri.email, PASSWORD)) == "signed in"


def test_the_stranger_is_slowed_with_growing_waits_up_to_a_15_minute_lock_of_their_own(app, world, store):
    waits = guess(app, browser(app, STRANGER), world.ri.email, 16, STRANGER)
    assert waits == [0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900]
    assert waits == sorted(waits)


def test_a_try_during_a_wait_is_refused_without_looking_at_the_password_and_not_counted(app, world, store, monkeypatch):
    stranger = browser(app, STRANGER)
    guess(app, stranger, world.rm.email, 5, STRANGER)
    checked = []
    monkeypatch.setattr(services, "verify_password", lambda *args: checked.append(args) or True)
    before = services.wait_seconds(world.rm.email, app.config["FROZEN_NOW"], STRANGER)
    assert answer(attempt(stranger, world.rm.email, PASSWORD)) == f"wait {before} seconds"
    assert checked == []
    assert services.wait_seconds(world.rm.email, app.config["FROZEN_NOW"], STRANGER) == before


def test_the_waits_start_again_after_a_success(app, world, store):
    home = browser(app, HOME)
    guess(app, home, world.rm.email, 6, HOME)
    later(app, services.wait_seconds(world.rm.email, app.config["FROZEN_NOW"], HOME))
    assert answer(attempt(home, world.rm.email, PASSWORD)) == "signed in"
    home.post("/sign-out")
    assert guess(app, home, world.rm.email, 3, HOME) == [0, 0, 1]


def test_no_answer_says_whether_the_address_has_an_account(app, world, store):
    answers = {}
    for email, ip in ((world.rm.email, STRANGER), ("ghost@example.com", CAFE)):
        client = browser(app, ip)
        answers[email] = [answer(attempt(client, email)) for _ in range(6)]
        later(app, 2)
        answers[email] += [answer(attempt(client, email))]
        later(app, 3600 * 2)
    assert answers[world.rm.email] == answers["ghost@example.com"]
    assert answers["ghost@example.com"] == [
        "wrong",
        "wrong",
        "wait 1 second",
        "wait 1 second",
        "wait 1 second",
        "wait 1 second",
        "wait 2 seconds",
    ]


def test_one_client_trying_many_addresses_is_slowed(app, world, store):
    stranger = browser(app, STRANGER)
    for number in range(20):
        assert answer(attempt(stranger, f"person{number}@example.com")) == ("wrong" if number < 19 else "wait 1 second")
    assert answer(attempt(stranger, world.rm.email, PASSWORD)) == "wait 1 second"
    assert answer(attempt(browser(app, HOME), world.rm.email, PASSWORD)) == "signed in"  # other clients are not


def test_wrong_codes_count_like_wrong_passwords(app, world, db, store):
    from portal.accounts.views.two_factor import WRONG_CODE
    from tests.accounts.test_two_factor import enable, enter_code

    totp, _ = enable(db, world.inspector, app.config["FROZEN_NOW"] - timedelta(minutes=5))
    home = browser(app, HOME)
    assert answer(attempt(home, world.inspector.email)) == "wrong"
    assert attempt(home, world.inspector.email, PASSWORD).location == "/sign-in/code"
    assert WRONG_CODE in enter_code(home, "000000").get_data(as_text=True)
    assert "Wait 1 second before trying again" in enter_code(home, "000000").get_data(as_text=True)
    refused = enter_code(home, totp.at(app.config["FROZEN_NOW"]))  # the right code, too soon: not used up
    assert "Wait 1 second before trying again" in refused.get_data(as_text=True)
    later(app, 1)
    assert enter_code(home, totp.at(app.config["FROZEN_NOW"])).location == "/"


def test_counts_are_kept_as_keyed_hashes_naming_no_address_or_client(app, world, db):
    guess(app, browser(app, STRANGER), world.rm.email, 2, STRANGER)
    rows = db.session.scalars(select(SignInThrottle)).all()
    assert sorted(row.scope for row in rows) == ["address", "client", "pair"]
    stored = " ".join(f"{row.key_hash} {row.scope}" for row in rows)
    assert world.rm.email not in stored and STRANGER not in stored


def test_without_redis_the_database_keeps_the_counts(app, world, db, caplog):
    app.config.update(SIGN_IN_THROTTLE_STORAGE_URI="redis://127.0.0.1:1/0")
    assert guess(app, browser(app, STRANGER), world.rm.email, 3, STRANGER) == [0, 0, 1]
    assert db.session.scalar(select(func.count()).select_from(SignInThrottle)) == 3
    assert caplog.text.count("Redis cannot be reached") == 1  # then left alone for a while


@pytest.mark.parametrize(
    "remote, client",
    [
        ("203.0.113.7", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
        ("", "unknown"),
    ],
)
def test_an_ipv6_client_is_its_64_network(remote, client):
    assert throttle.client_of(remote) == client


@pytest.mark.parametrize(
    "seconds, words",
    [
        (1, "1 second"),
        (59, "59 seconds"),
        (119, "119 seconds"),
        (120, "2 minutes"),
        (300, "5 minutes"),
        (899, "15 minutes"),
    ],
)
def test_the_wait_is_said_plainly(seconds, words):
    assert (
        throttle.wait_message(seconds) == f"You have tried to sign in too many times. Wait {words} before trying again."
    )


@pytest.mark.skipif(
    not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/15)"
)
def test_with_redis_the_counts_are_kept_there_and_expire(app, world, db):
    import redis

    prefix = f"test-{uuid.uuid4().hex}"
    app.config.update(SIGN_IN_THROTTLE_STORAGE_URI=os.environ["TEST_REDIS_URL"], RATELIMIT_KEY_PREFIX=prefix)
    assert guess(app, browser(app, STRANGER), world.rm.email, 3, STRANGER) == [0, 0, 1]
    assert db.session.scalar(select(func.count()).select_from(SignInThrottle)) == 0
    server = redis.Redis.from_url(os.environ["TEST_REDIS_URL"])
    stored = server.keys(f"{prefix}:sign-in:*")
    assert len(stored) == 3 and all(0 < server.ttl(key) <= 3600 for key in stored)
    server.delete(*stored)


def test_old_counts_are_purged_but_known_clients_kept(app, world, db):
    home = browser(app, HOME)
    assert answer(attempt(home, world.rm.email, PASSWORD)) == "signed in"
    guess(app, browser(app, STRANGER), world.rm.email, 2, STRANGER)
    later(app, 3600 + 1)
    result = app.test_cli_runner().invoke(args=["portal", "purge-sign-in-counts"])
    assert result.exit_code == 0 and "Forgot 3 sign-in counts." in result.output  # the stranger's three
    assert db.session.scalars(select(SignInThrottle.scope)).all() == ["pair"]  # home is still known
    assert answer(attempt(home, world.rm.email, PASSWORD)) == "signed in"


def test_failures_at_the_same_moment_all_count(app, db, store):
    """Four wrong passwords at once for an address nobody has tried: one row per count, each
    failure counted (no lost update, no error from the rows being made twice)."""
    db.session.remove()
    errors, now = [], app.config["FROZEN_NOW"]
    barrier = threading.Barrier(4)

    def fail():
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                throttle.failed("racing@example.com", STRANGER, now)
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=fail) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    k = throttle.keys("racing@example.com", STRANGER)
    counts = throttle.store().read([k.pair, k.address, k.client])
    assert [counts[key].failures for key in (k.pair, k.address, k.client)] == [4, 4, 4]
