"""Every form and upload, posted generated input as every role, signed out and as another provider.

Whatever is posted, the portal answers without a 500 and without an exception, and an answer
that is an error (4xx, a GOV.UK error summary, a fragment saying nothing was saved, or a
redirect to sign in) leaves every table exactly as it was. Another provider's responsible
individual is answered 404 for every object in the address, whatever the form holds (R-ROLE-1).
The routes and the ids in them come from app.url_map and the ``objects`` of tests/test_access.py,
so a new form is fuzzed unasked.
"""

import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from sqlalchemy import literal_column, select
from werkzeug.datastructures import MultiDict

from portal import create_app
from portal.extensions import db as _db
from portal.monitoring_reports.old_paths import REDIRECTS_TO
from tests.conftest import CSRF_RAW, FROZEN
from tests.fuzz import strategies
from tests.fuzz.forms import fields_of
from tests.inspection_reports.conftest import reports  # noqa: F401  (fixture used by objects)
from tests.test_access import ALL_IDS, ROLE_USERS, objects, url_for_rule  # noqa: F401  (objects is a fixture)

pytestmark = pytest.mark.fuzz
SIGNED_OUT = "signed out"
ROLES = [SIGNED_OUT, *ROLE_USERS.values()]
# Another provider's responsible individual, who must find none of these objects (R-ROLE-1).
RIVAL = "rival_ri"
# Tables a refused attempt rightly writes to. A failed sign-in is counted against the address and
# the client (hashes, account or not) so that further guesses wait longer: that count is the point
# of the refusal.
# The two-factor set-up page, shown again with its error, starts the set-up the first time it is
# shown to a user (a new secret held on the user, and an audit event), as a GET of it does.
CHANGED_ON_FAILURE = {"accounts.sign_in": {"sign_in_throttles"}, "accounts.account_set_up": {"audit_events"}}


def _post_routes() -> dict[str, list[str]]:
    """Every POST route's endpoint, by blueprint in groups of three, each group on one seeded database
    (seeding is the slow part, and three routes keep an example within Hypothesis's budget)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "routes", "TESTING": True})
    blueprints: dict[str, list[str]] = {}
    for rule in app.url_map.iter_rules():
        # An old path only redirects to its form's own rule, which is fuzzed (tests/test_access.py checks them).
        if "POST" in rule.methods and not hasattr(app.view_functions[rule.endpoint], REDIRECTS_TO):
            blueprints.setdefault(rule.endpoint.split(".")[0], []).append(rule.endpoint)
    return {
        f"{name}-{n // 3 + 1}": endpoints[n : n + 3]
        for name, endpoints in blueprints.items()
        for n in range(0, len(endpoints), 3)
    }


GROUPS = _post_routes()


def row_counts() -> dict[str, int]:
    """Every table's row count, in one query."""
    tables = _db.metadata.sorted_tables
    columns = [
        select(literal_column("count(*)")).select_from(table).scalar_subquery().label(table.name) for table in tables
    ]
    row = _db.session.execute(select(*columns)).one()
    _db.session.rollback()
    return dict(zip((table.name for table in tables), row, strict=False))


def is_error(response) -> bool:
    if response.status_code >= 400:
        return True
    if response.status_code in (301, 302, 303, 307, 308):
        return "/sign-in" in response.location
    body = response.get_data(as_text=True)
    return "There is a problem" in body or "Not saved" in body


@pytest.fixture
def stages(objects, world, reports, make):
    """The ids of ``objects`` (everything sent, answered and final), and the same with the
    inspection at earlier stages, so forms closed by then are open somewhere: on site, the report
    being written, and the draft open for comments with one comment."""
    on_site = make.inspection(world.home, world.inspector)
    writing = reports.written(reports.ended())
    commenting = reports.issued(reports.ended())
    comment = reports.comment(commenting, now=FROZEN)
    return [
        objects,
        objects | {"inspection_id": on_site.id},
        objects | {"inspection_id": writing.inspection_id},
        objects | {"inspection_id": commenting.inspection_id, "comment_id": comment.id},
    ]


@pytest.fixture
def pages():
    """The fields of each page as each role saw it, kept across one test's examples."""
    return {}


@pytest.mark.parametrize("group", sorted(GROUPS))
# derandomize=True: the same examples on every run, so CI is reproducible and a failure reruns as it
# was. No shrinking: an example is dozens of requests, and shrinking one takes many minutes; the failing
# example is reported as generated, each draw labelled with its route. Fixtures are built once per
# group, not per example, on purpose (hence the suppressed health check): the examples share one
# seeded database, and each request compares the row counts just before and after itself.
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_generated_posts_never_fail_and_errors_store_nothing(group, data, app, client, login_as, world, stages, pages):
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules() if rule.endpoint in GROUPS[group]}
    for endpoint in GROUPS[group]:
        rule = rules[endpoint]
        for url in dict.fromkeys(url_for_rule(rule, ids) for ids in stages):
            fields = form_fields(pages, app, client, login_as, world, rule, url)
            body = data.draw(bodies(fields), label=url)
            for role in [*ROLES, RIVAL]:
                post_as(role, body, app, client, login_as, world, rule, url)


def form_fields(pages, app, client, login_as, world, rule, url) -> list:
    """The fields of the form posting to ``url`` as any role's page shows it, read once per test."""
    if url not in pages:
        found = {}
        for role in ROLES if "GET" in rule.methods else ():
            getter = app.test_client() if role == SIGNED_OUT else login_as(getattr(world, role))
            response = getter.get(url)
            if response.status_code == 200:
                for field in fields_of(response.get_data(as_text=True), url):
                    found.setdefault(field.name, field)
        pages[url] = list(found.values())
    return pages[url]


@st.composite
def bodies(draw, fields):
    """A form body: the page's fields with generated values, extra keys, a CSRF token or none."""
    body = MultiDict()
    for field in fields:
        for value in draw(strategies.values_for(field)):
            body.add(field.name, value)
    for key, values in draw(strategies.EXTRA_KEYS).items():
        for value in values:
            body.add(key, value)
    csrf = draw(st.sampled_from(["valid", "valid", "valid", "missing", "wrong"]))
    if csrf != "missing":
        body.setlist("csrf_token", [csrf])
    return body, draw(st.booleans())


def post_as(role, drawn, app, client, login_as, world, rule, url):
    """Post the body as ``role``; a 500 or an exception fails, and so does an error that stored anything."""
    body, htmx = drawn
    body = body.deepcopy()  # file streams are read by each post: give each its own
    poster = app.test_client() if role == SIGNED_OUT else login_as(getattr(world, role))
    valid_csrf = body.get("csrf_token") == "valid"
    if valid_csrf:
        body.setlist("csrf_token", [app.config["_TEST_CSRF"]])
        with poster.session_transaction() as session:
            session["csrf_token"] = CSRF_RAW
    headers = {"HX-Request": "true"} if htmx else {}
    has_files = any(isinstance(value, tuple) for value in body.values())
    before = row_counts()
    response = poster.post(
        url, data=body, headers=headers, csrf=False, content_type="multipart/form-data" if has_files else None
    )
    after = row_counts()
    assert response.status_code < 500, (url, role, response.status_code)
    if role == RIVAL and valid_csrf and ALL_IDS & set(rule.arguments):
        # As if it did not exist; a body over the size limit is refused before anything is looked up.
        assert response.status_code in (404, 413), (url, response.status_code)
    if is_error(response):
        exempt = CHANGED_ON_FAILURE.get(rule.endpoint, set())
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t] and t not in exempt}
        assert changed == {}, (url, role, response.status_code, changed)
