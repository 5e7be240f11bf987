"""'Your account' lists where you are signed in and ends any of those sessions, never somebody
else's (R-ROLE-1: an unknown or foreign session answers 404)."""

from bs4 import BeautifulSoup

from portal.accounts import session_records
from portal.accounts.session_records import UserSession
from portal.core.audit import AuditEvent
from tests.accounts.test_server_sessions import CHROME, IPHONE, assert_refused, at, sign_in


def session_cards(page: str) -> list[str]:
    soup = BeautifulSoup(page, "html.parser")
    return [" ".join(card.get_text(" ").split()) for card in soup.select(".govuk-summary-card")]


def test_the_account_page_lists_each_live_session(app, world):
    browser = sign_in(app, world.rm, CHROME)
    at(app, minutes=5)
    sign_in(app, world.rm, IPHONE)
    sign_in(app, world.rm_other)  # somebody else's: not listed
    ended = sign_in(app, world.rm)
    ended.post("/sign-out")
    at(app, minutes=10)
    cards = session_cards(browser.get("/account").get_data(as_text=True))
    assert len(cards) == 2
    assert cards[0].startswith("Chrome on Windows This browser")
    assert "Signed in 10:00am on Wednesday 18 November 2026" in cards[0] and "Last seen Now" in cards[0]
    assert "End this session" not in cards[0]
    assert cards[1].startswith("Safari on iPhone")
    assert "Last seen 10:05am on Wednesday 18 November 2026" in cards[1] and "End this session" in cards[1]


def test_a_session_past_its_lifetime_is_not_listed(app, world):
    sign_in(app, world.rm, IPHONE)
    at(app, minutes=32)  # the iPhone is idle now (its record is written at most once a minute)
    browser = sign_in(app, world.rm)
    page = browser.get("/account").get_data(as_text=True)
    assert len(session_cards(page)) == 1 and "You are not signed in anywhere else" in page
    assert "Sign out of all other browsers" not in page


def test_ending_another_browsers_session_signs_it_out_at_once(app, world, db):
    browser, phone = sign_in(app, world.rm), sign_in(app, world.rm, IPHONE)
    record = UserSession.query.filter_by(label="Safari on iPhone").one()
    response = browser.post("/account/sessions/end", data={"session_id": str(record.id)})
    assert response.location == "/account"
    page = browser.get("/account").get_data(as_text=True)
    assert "Safari on iPhone, signed in at 10:00am on Wednesday 18 November 2026, is signed out." in page
    assert "govuk-notification-banner--success" in page and len(session_cards(page)) == 1
    assert_refused(phone, "This session was ended from another browser")
    assert browser.get("/dashboard").status_code == 200
    assert db.session.get(UserSession, record.id).ended_reason == session_records.ENDED_ELSEWHERE


def test_signing_out_of_all_other_browsers(app, world):
    browser = sign_in(app, world.rm)
    others = [sign_in(app, world.rm, IPHONE), sign_in(app, world.rm)]
    colleague = sign_in(app, world.rm_other)
    assert browser.post("/account/sessions/end-others").location == "/account"
    assert "Every other browser is signed out" in browser.get("/account").get_data(as_text=True)
    for other in others:
        assert_refused(other, "This session was ended from another browser")
    assert browser.get("/dashboard").status_code == 200 and colleague.get("/dashboard").status_code == 200
    assert AuditEvent.query.filter_by(action="other_sessions_ended").one().after == {"sessions": 2}


def test_ending_this_browsers_session_signs_out(app, world):
    browser = sign_in(app, world.rm)
    record = UserSession.query.one()
    response = browser.post("/account/sessions/end", data={"session_id": str(record.id)})
    assert response.location == "/sign-in"
    assert_refused(browser, "")


def test_nobody_can_end_another_users_session(app, world, db):
    mine, theirs = sign_in(app, world.rm), sign_in(app, world.rm_other)
    their_record = UserSession.query.filter_by(user_id=world.rm_other.id).one()
    for session_id in (str(their_record.id), "999999", "abc", "-1", "1" * 40, "1.5"):
        assert mine.post("/account/sessions/end", data={"session_id": session_id}).status_code == 404, session_id
    assert theirs.get("/dashboard").status_code == 200
    assert db.session.get(UserSession, their_record.id).ended_at is None


def test_a_post_without_its_csrf_token_or_session_ends_nothing(app, world):
    browser, phone = sign_in(app, world.rm), sign_in(app, world.rm, IPHONE)
    record = UserSession.query.filter_by(label="Safari on iPhone").one()
    assert browser.post("/account/sessions/end", data={"session_id": str(record.id)}, csrf=False).status_code == 400
    assert browser.post("/account/sessions/end-others", csrf=False).status_code == 400
    assert browser.post("/account/sessions/end", data={}).location == "/account"
    assert phone.get("/dashboard").status_code == 200


def test_an_already_ended_session_of_ones_own_is_just_confirmed(app, world, db):
    browser, phone = sign_in(app, world.rm), sign_in(app, world.rm, IPHONE)
    record = UserSession.query.filter_by(label="Safari on iPhone").one()
    phone.post("/sign-out")
    assert browser.post("/account/sessions/end", data={"session_id": str(record.id)}).location == "/account"
    assert db.session.get(UserSession, record.id).ended_reason == session_records.SIGNED_OUT
    assert not AuditEvent.query.filter_by(action="session_ended").all()


def test_the_account_page_of_a_test_sign_in_lists_its_session(client, login_as, world):
    """The suite's own sign-in helper makes a real session record."""
    login_as(world.inspector)
    cards = session_cards(client.get("/account").get_data(as_text=True))
    assert len(cards) == 1 and "This browser" in cards[0]
