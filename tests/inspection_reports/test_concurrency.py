"""Submissions racing the end of the window (R-DR-3) and each other (R-DR-2): none after the end is
accepted, none before it is lost, each return is made once, and no comment slips in after it.

Meant for PostgreSQL (``TEST_DATABASE_URL``), where the row locks are real; CI runs it there."""

import threading
from datetime import timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.core import audit
from portal.core.audit import AuditEvent
from portal.extensions import db as _db
from portal.inspection_reports import rules
from portal.inspection_reports.comments import save_comment, submit_return
from portal.inspection_reports.models import CommentReturn, DraftComment, InspectionReport
from portal.inspection_reports.services import ReportError

REPORTS = 4  # three threads each: within the connection pool (5 + 10 overflow)
JUST = timedelta(microseconds=1)


def test_many_returns_race_the_end_of_the_window(app, db, world, reports):
    issued = [reports.issued() for _ in range(REPORTS)]
    for report in issued:
        reports.comment(report, paragraph=1)
    closes = issued[0].inspection.comment_window_ends_at
    # Even-numbered reports are sent just before the end, odd ones just after; each is sent from
    # two places at once, and a late comment is typed on each while it is being sent.
    plan = {report.id: (closes - JUST if n % 2 == 0 else closes) for n, report in enumerate(issued)}
    ri_id, rm_id = world.ri.id, world.rm.id
    db.session.remove()
    outcomes, errors = [], []
    barrier = threading.Barrier(REPORTS * 3)

    def run(report_id, action):
        with app.app_context():
            try:
                report = _db.session.get(InspectionReport, report_id)
                now = plan[report_id]
                if action == "send":
                    actor = _db.session.get(User, ri_id)
                    barrier.wait(timeout=20)
                    outcomes.append((report_id, "sent", submit_return(report, False, actor, now).reference))
                else:
                    actor = _db.session.get(User, rm_id)
                    barrier.wait(timeout=20)
                    save_comment(
                        report, f"late-{report_id}", 2, rules.MISSING, "Typed while it was sent.", None, [], actor, now
                    )
                    outcomes.append((report_id, "comment", None))
            except ReportError as refused:
                outcomes.append((report_id, "refused", refused.message))
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(repr(error))
            finally:
                _db.session.remove()

    threads = [
        threading.Thread(target=run, args=(report_id, action))
        for report_id in plan
        for action in ("send", "send", "comment")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(outcomes) == REPORTS * 3

    for report_id, at in plan.items():
        ret = db.session.scalar(select(CommentReturn).where(CommentReturn.report_id == report_id))
        sends = [o for o in outcomes if o[0] == report_id and o[1] in ("sent", "refused") and o[2] != "comment"]
        stored = list(db.session.scalars(select(DraftComment).where(DraftComment.report_id == report_id)))
        if at < closes:
            # In time: received exactly once, and both senders were shown the same receipt.
            assert ret.status == rules.SUBMITTED and ret.reference
            assert sorted(o[2] for o in outcomes if o[0] == report_id and o[1] == "sent") == [ret.reference] * 2
            # The late comment went in before the return, or was refused; never stored after it.
            event = db.session.scalar(
                select(AuditEvent).where(AuditEvent.action == "draft_comments_sent", AuditEvent.entity_id == ret.id)
            )
            assert sorted(c.id for c in stored) == sorted(event.after["comments"])
        else:
            # After the end: nothing accepted, nothing added.
            assert ret.status == rules.OPEN and ret.reference is None
            assert [c.paragraph_number for c in stored] == [1]
            assert all(o[1] == "refused" and "ended at" in o[2] for o in outcomes if o[0] == report_id)
        assert sends
    # Events recorded by racing transactions still form one unbroken chain.
    assert audit.verify().reason is None
