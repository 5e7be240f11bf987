"""Rate limits: uploads per signed-in user across every route that receives files, sign-in and
password reset per client; kept in memory, or in Redis shared by every instance."""

import os
import uuid

import pytest
from sqlalchemy import func, select

from portal import create_app
from portal.core.storage import StoredFile
from portal.monitoring_reports.models import PendingSubmission
from tests.conftest import CheckedClient, signed_in_session
from tests.files import field, pdf_bytes
from tests.monitoring_reports.test_bulk import post as post_bulk
from tests.monitoring_reports.test_submission import visit_data


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def post_visit(client, world):
    return client.post(
        f"/settings/{world.home.id}/visit-reports/new", content_type="multipart/form-data", data=visit_data()
    )


def limit_uploads(app, limit="2 per minute"):
    app.config.update(
        {"RATELIMIT_ENABLED": True, "UPLOAD_RATE_LIMIT": limit, "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    )


def assert_too_many(response):
    page = response.get_data(as_text=True)
    seconds = int(response.headers["Retry-After"])
    assert response.status_code == 429 and 0 < seconds <= 60
    assert '<h1 class="govuk-heading-l">Too many attempts</h1>' in page
    assert "Try again in 1 minute." in page or f"Try again in {seconds} second" in page
    return page


def test_uploads_are_limited_per_user_across_every_route_that_receives_files(app, client, login_as, world, db):
    limit_uploads(app)
    login_as(world.rm)
    assert post_visit(client, world).status_code == 302
    annex_a = client.post(
        f"/settings/{world.home.id}/annex-a/upload",
        content_type="multipart/form-data",
        data={"workbook": field(b"not a workbook", "annex-a.xlsx")},
    )
    assert annex_a.status_code == 200  # refused by content, but counted as an upload
    stored = count(db, StoredFile)
    assert_too_many(post_bulk(client, [field(pdf_bytes("a"), f"{world.home.urn}_2026-09-10.pdf")]))
    assert_too_many(post_visit(client, world))
    assert count(db, StoredFile) == stored and count(db, PendingSubmission) == 1  # nothing kept once limited
    login_as(world.ri)  # each user has their own limit
    assert post_visit(client, world).status_code == 302


def test_posts_without_files_are_not_counted(app, client, login_as, world):
    limit_uploads(app, "1 per minute")
    login_as(world.rm)
    for _ in range(3):
        data = visit_data()
        del data["document"]
        response = client.post(
            f"/settings/{world.home.id}/visit-reports/new", data=data, content_type="multipart/form-data"
        )
        assert response.status_code == 200 and "Select the report document" in response.get_data(as_text=True)
    assert post_visit(client, world).status_code == 302


def test_password_reset_is_limited_per_client_with_a_page_saying_when_to_try_again(app):
    limited = create_app(
        {
            key: app.config[key]
            for key in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "FROZEN_NOW", "_TEST_CSRF")
        }
        | {"RATELIMIT_ENABLED": True}
    )
    limited.test_client_class = CheckedClient
    client = limited.test_client()
    statuses = [client.post("/password-reset", data={"email": "ghost@example.com"}).status_code for _ in range(10)]
    assert 429 not in statuses
    assert_too_many(client.post("/password-reset", data={"email": "ghost@example.com"}))


def instance(app, **settings):
    """Another app instance on the same database, like a second process behind a load balancer."""
    other = create_app(
        {
            key: app.config[key]
            for key in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "FROZEN_NOW", "_TEST_CSRF", "STORAGE_DIR")
        }
        | {"RATELIMIT_ENABLED": False}
        | settings
    )
    other.config["RATELIMIT_ENABLED"] = True  # the upload limit only: Flask-Limiter itself stays as the suite set it
    other.test_client_class = CheckedClient
    return other


def signed_in(other, user, app):
    client = other.test_client()
    with client.session_transaction() as session:
        session.update(signed_in_session(user, app))
    return client


def test_two_instances_in_memory_keep_separate_counts(app, world):
    settings = {
        "RATELIMIT_STORAGE_URI": "memory://",
        "UPLOAD_RATE_LIMIT": "1 per minute",
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    first, second = instance(app, **settings), instance(app, **settings)
    assert post_visit(signed_in(first, world.rm, app), world).status_code == 302
    assert post_visit(signed_in(second, world.rm, app), world).status_code == 302
    assert post_visit(signed_in(first, world.rm, app), world).status_code == 429


@pytest.mark.skipif(
    not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/15)"
)
def test_two_instances_on_one_redis_share_each_users_upload_limit(app, world):
    settings = {
        "RATELIMIT_STORAGE_URI": os.environ["TEST_REDIS_URL"],
        "UPLOAD_RATE_LIMIT": "2 per minute",
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    first, second = instance(app, **settings), instance(app, **settings)
    assert post_visit(signed_in(first, world.rm, app), world).status_code == 302
    assert post_visit(signed_in(second, world.rm, app), world).status_code == 302
    assert_too_many(post_visit(signed_in(first, world.rm, app), world))
    assert_too_many(post_visit(signed_in(second, world.rm, app), world))
    assert post_visit(signed_in(second, world.ri, app), world).status_code == 302


def test_uploads_go_on_when_the_limits_store_is_down(app, world):
    """A Redis that does not answer must not stop people sending reports: the limit is skipped."""
    down = instance(
        app,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
        UPLOAD_RATE_LIMIT="1 per minute",
        RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
    )
    for _ in range(2):
        assert post_visit(signed_in(down, world.rm, app), world).status_code == 302


def test_sign_in_is_still_limited_in_memory_when_redis_is_down(app):
    limited = create_app(
        {
            key: app.config[key]
            for key in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "FROZEN_NOW", "_TEST_CSRF")
        }
        | {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"}
    )
    limited.test_client_class = CheckedClient
    client = limited.test_client()
    statuses = [
        client.post("/sign-in", data={"email": "ghost@example.com", "password": "x"}).status_code for _ in range(21)
    ]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429
