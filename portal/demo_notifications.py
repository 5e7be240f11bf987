"""Demo notifications, through the real use cases: a serious event at Hillside whose child
protection enquiry waits for its outcome, one at Oakfield House already triaged with its outcome
and an update, the RI's notice of Maple Cottage's manager's absence, a changed statement of purpose,
and a family centre's event still waiting for triage."""

from datetime import datetime, timedelta

from sqlalchemy import select

from portal.demo_monitoring import document as demo_document
from portal.extensions import db
from portal.notifications import rules, services
from portal.notifications.models import Notification
from portal.providers.models import Setting


def seed_notifications(settings: dict[str, Setting], users: dict, now: datetime) -> None:
    if any(_sent(setting) for setting in settings.values()):
        return  # seeded already
    hillside, oakfield, maple = settings["SC100002"], settings["SC100001"], settings["SC100004"]
    riverside = settings["SC100003"]
    ri, shah = users["ri@oakfield.example"], users["inspector.shah@inspectorate.example"]
    day = now.date()

    _send(
        users["rm.hillside@oakfield.example"],
        hillside,
        "serious_event",
        {
            "on": day - timedelta(days=2),
            "at": "19:15",
            "what": "A young person made an allegation that a member of night staff pushed them during a restraint.",
            "children": "One young person",
            "told": ["placing_authority", "lado"],
            "action": (
                "The member of staff is suspended pending the LADO's advice; the young person was checked by the nurse."
            ),
            "enquiry": "yes",
        },
        now - timedelta(days=2, hours=-2),
    )
    event = _send(
        users["rm.oakfield@oakfield.example"],
        oakfield,
        "serious_event",
        {
            "on": day - timedelta(days=20),
            "at": "16:40",
            "what": (
                "A child did not return from school and was missing for five hours; the police found them in the "
                "town centre."
            ),
            "children": "One child",
            "told": ["police", "placing_authority"],
            "action": "A return interview was held the next day and the missing-from-care plan was reviewed.",
            "enquiry": "yes",
        },
        now - timedelta(days=20, hours=-3),
    )
    services.triage(
        event,
        1,
        rules.CONTACT_PROVIDER,
        "Spoke to the manager: the plan is reviewed, no pattern yet.",
        shah,
        now - timedelta(days=19),
    )
    _send(
        users["rm.oakfield@oakfield.example"],
        oakfield,
        "enquiry_outcome",
        {
            "on": day - timedelta(days=10),
            "what": "The strategy meeting decided no further action was needed under section 47.",
            "children": "One child",
            "action": "The safety plan stays in place and is reviewed monthly.",
        },
        now - timedelta(days=10),
        follows=event,
    )
    _send(
        ri,
        maple,
        "manager_absence",
        {
            "on": day + timedelta(days=14),
            "until": day + timedelta(days=70),
            "what": "Planned surgery and recovery. The deputy manager will run the home with support from the RI.",
            "acting_manager": "Grace Obi, deputy manager",
        },
        now - timedelta(days=1),
    )
    _send(
        users["rm.oakfield@oakfield.example"],
        oakfield,
        "statement_of_purpose",
        {"on": day - timedelta(days=30), "what": "A new section on how the home supports children's education."},
        now - timedelta(days=29),
        files=[demo_document("Statement of purpose")],
    )
    _send(
        ri,
        riverside,
        "serious_event",
        {
            "on": day - timedelta(days=1),
            "what": "A parent left the centre with their baby against the agreed plan and returned two hours later.",
            "children": "One parent and one baby",
            "told": ["placing_authority"],
            "action": "The placing authority's social worker visited the same evening.",
            "enquiry": "not_known",
        },
        now - timedelta(hours=20),
    )


def _sent(setting: Setting) -> bool:
    return db.session.scalar(select(Notification.id).where(Notification.setting_id == setting.id).limit(1)) is not None


def _send(user, setting, kind, answers, at, follows=None, files=()):
    draft = services.prepare(user, setting, kind, answers, list(files), at, follows=follows)
    return services.send(draft, user, at)
