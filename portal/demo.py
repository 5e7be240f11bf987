"""Demo data: two providers, settings of every type, users of every role, and inspections at
every stage of the timeline, dated relative to today so that windows are really open."""

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from portal.accounts import twofactor
from portal.accounts.models import SettingMembership, User
from portal.accounts.passwords import hash_password
from portal.accounts.roles import CQC, HMIP, OFSTED, OFSTED_FES, Role
from portal.core.clock import UK
from portal.core.workdays import add_working_days, working_days_before
from portal.demo_annex_a import seed_annex_a
from portal.demo_complaints import seed_complaints
from portal.demo_follow_up import seed_follow_up
from portal.demo_monitoring import seed_monitoring
from portal.demo_notifications import seed_notifications
from portal.demo_reports import seed_reports
from portal.extensions import db
from portal.inspections import rules
from portal.inspections.models import Inspection, InspectionTeamMember, ProvisionalJudgement
from portal.providers.models import Provider, Setting

DEMO_PASSWORD = "demo-portal-2026"
# The roles that must use two-factor sign-in share this authenticator secret in the demo, so
# anyone trying it can add it to an app (or compute a code with pyotp) and sign in.
DEMO_TOTP_SECRET = "DEMOPORTALTOTPSECRETFORTRYINGOUT"

PROVIDERS = {
    "Oakfield Care Group": [
        ("SC100001", "Oakfield House", "CH", "Leeds", "Yorkshire and the Humber", 4),
        ("SC100002", "Hillside Secure Children's Home", "SCH", "Sheffield", "Yorkshire and the Humber", 12),
        ("SC100003", "Riverside Family Centre", "RFC", "York", "Yorkshire and the Humber", 6),
        ("SC100004", "Maple Cottage", "CH", "Bradford", "Yorkshire and the Humber", 3),
    ],
    "Northgate Youth Services": [
        ("SC200001", "Northgate Secure Training Centre", "STC", "Durham", "North East", 40),
        ("SC200002", "Elm Lodge", "CH", "Newcastle upon Tyne", "North East", 5),
    ],
}

# (e-mail, name, role, provider, settings they are assigned to)
USERS = [
    ("ri@oakfield.example", "Rachel Ingram", Role.RESPONSIBLE_INDIVIDUAL, "Oakfield Care Group", []),
    (
        "rm.oakfield@oakfield.example",
        "Marcus Reid",
        Role.REGISTERED_MANAGER,
        "Oakfield Care Group",
        ["SC100001", "SC100003"],
    ),
    ("rm.hillside@oakfield.example", "Aisha Khan", Role.REGISTERED_MANAGER, "Oakfield Care Group", ["SC100002"]),
    ("rm.maple@oakfield.example", "Owen Price", Role.REGISTERED_MANAGER, "Oakfield Care Group", ["SC100004"]),
    (
        "visitor@oakfield.example",
        "Irene Patel",
        Role.INDEPENDENT_PERSON,
        "Oakfield Care Group",
        ["SC100001", "SC100004"],
    ),
    ("ri@northgate.example", "Nathan Gould", Role.RESPONSIBLE_INDIVIDUAL, "Northgate Youth Services", []),
    (
        "rm@northgate.example",
        "Grace Obi",
        Role.REGISTERED_MANAGER,
        "Northgate Youth Services",
        ["SC200001", "SC200002"],
    ),
    ("inspector.shah@inspectorate.example", "Priya Shah", Role.INSPECTOR, None, []),
    ("inspector.baker@inspectorate.example", "Tom Baker", Role.INSPECTOR, None, []),
    ("manager@inspectorate.example", "Helen Carter", Role.INSPECTORATE_MANAGER, None, []),
    ("inspector.quinn@cqc.example", "Chris Quinn", Role.INSPECTOR, None, []),
    ("inspector.ellis@inspectorate.example", "Farah Ellis", Role.INSPECTOR, None, []),
    ("inspector.hughes@hmip.example", "Sam Hughes", Role.INSPECTOR, None, []),
]
# DOMAIN.md §1: the regions whose visit reports and reviews the two Ofsted inspectors read
# (besides those of their inspections); partner inspectors read only those of their inspections.
REGION_OF = {
    "inspector.shah@inspectorate.example": "Yorkshire and the Humber",
    "inspector.baker@inspectorate.example": "North East",
}
# Partner inspectors of the joint STC framework and the secure children's homes (R-RPT-2, R-QA-2);
# everyone else on the inspectorate side is an Ofsted social care inspector.
INSPECTORATE_OF = {
    "inspector.quinn@cqc.example": CQC,
    "inspector.ellis@inspectorate.example": OFSTED_FES,
    "inspector.hughes@hmip.example": HMIP,
}


@dataclass(frozen=True)
class DemoAccounts:
    password: str
    rows: list[tuple[str, str, str]]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UK)


def seed_demo(now: datetime) -> DemoAccounts:
    today = now.astimezone(UK).date()
    settings = _providers_and_settings(today)
    users = _users(settings, now)
    if db.session.scalar(select(Inspection.id).limit(1)) is None:
        _inspections(settings, users, today, now)
    db.session.commit()
    seed_monitoring(settings, users, now)
    seed_annex_a(settings, users, now)
    seed_notifications(settings, users, now)
    seed_follow_up(settings, users, now)
    rows = []
    for email, _name, role, provider, urns in USERS:
        scope = ", ".join(settings[urn].name for urn in urns) or provider or "the inspectorate"
        rows.append((role.label, email, scope))
    return DemoAccounts(DEMO_PASSWORD, rows)


def _providers_and_settings(today: date) -> dict[str, Setting]:
    settings = {}
    for provider_name, places in PROVIDERS.items():
        provider = db.session.scalar(select(Provider).where(Provider.name == provider_name))
        if provider is None:
            provider = Provider(name=provider_name)
            db.session.add(provider)
            db.session.flush()
        for urn, name, kind, authority, region, capacity in places:
            setting = db.session.scalar(select(Setting).where(Setting.urn == urn))
            if setting is None:
                setting = Setting(
                    provider_id=provider.id,
                    urn=urn,
                    name=name,
                    setting_type=kind,
                    local_authority=authority,
                    region=region,
                    capacity=capacity,
                    registered_on=today.replace(year=today.year - 6),
                )
                db.session.add(setting)
            settings[urn] = setting
    db.session.flush()
    return settings


def _users(settings: dict[str, Setting], now: datetime) -> dict[str, User]:
    providers = {p.name: p for p in db.session.scalars(select(Provider))}
    password_hash = None
    users = {}
    for email, name, role, provider_name, urns in USERS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            password_hash = password_hash or hash_password(DEMO_PASSWORD)
            user = User(
                email=email,
                name=name,
                role=role.value,
                password_hash=password_hash,
                active=True,
                provider_id=providers[provider_name].id if provider_name else None,
                created_at=now,
                inspectorate=INSPECTORATE_OF.get(email, OFSTED) if role.is_inspectorate else None,
                region=REGION_OF.get(email),
            )
            user.memberships = [SettingMembership(setting_id=settings[urn].id) for urn in urns]
            db.session.add(user)
        if twofactor.is_required(user) and user.totp_secret is None:
            user.totp_secret, user.totp_confirmed_at = DEMO_TOTP_SECRET, now
        users[email] = user
    db.session.flush()
    return users


def _inspection(setting, kind, status, start, lead, team=(), end=None, judgements=None, announced=False, created=None):
    inspection = Inspection(
        setting_id=setting.id,
        inspection_type=kind,
        status=status,
        announced=announced,
        announced_at=created if announced else None,
        start_date=start,
        end_date=end,
        lead_inspector_id=lead.id,
        created_at=created,
    )
    inspection.team = [InspectionTeamMember(user_id=member.id) for member in team]
    inspection.provisional_judgements = [ProvisionalJudgement(area=a, grade=g) for a, g in (judgements or {}).items()]
    db.session.add(inspection)
    return inspection


def _full(overall, protected=None, leaders=None, **extra):
    return {rules.OVERALL: overall, rules.PROTECTED: protected or overall, rules.LEADERS: leaders or overall} | extra


def _inspections(settings, users, today: date, now: datetime) -> None:
    shah = users["inspector.shah@inspectorate.example"]
    baker = users["inspector.baker@inspectorate.example"]
    back = lambda n: working_days_before(today, n)  # noqa: E731

    quinn, ellis, hughes = (
        users["inspector.quinn@cqc.example"],
        users["inspector.ellis@inspectorate.example"],
        users["inspector.hughes@hmip.example"],
    )
    # Announced: a secure training centre's full inspection is announced in advance, with HMIP, CQC
    # and the further education and skills HMI on the team (S0 ¶22).
    _inspection(
        settings["SC200001"],
        rules.FULL,
        rules.ANNOUNCED,
        add_working_days(today, 3),
        shah,
        [baker, hughes, quinn, ellis],
        announced=True,
        created=now,
    )
    # On site: an unannounced full inspection of the secure children's home.
    on_site = _inspection(settings["SC100002"], rules.FULL, rules.ON_SITE, back(1), baker, [shah], created=now)
    # Ended, awaiting the draft report.
    awaiting = _inspection(
        settings["SC100001"],
        rules.FULL,
        rules.ENDED,
        back(5),
        shah,
        end=back(3),
        judgements=_full(rules.GOOD),
        created=now,
    )
    # Draft sent two working days ago: the comment window is open.
    draft = _inspection(
        settings["SC100004"],
        rules.FULL,
        rules.ENDED,
        back(22),
        shah,
        [baker],
        end=back(20),
        judgements=_full(rules.REQUIRES_IMPROVEMENT),
        created=now,
    )
    # Final report sent two working days ago: under embargo until publication.
    embargoed = _inspection(
        settings["SC100003"],
        rules.FULL,
        rules.ENDED,
        back(32),
        baker,
        end=back(30),
        judgements=_full(rules.GOOD),
        created=now,
    )
    # Published: the final report was sent long enough ago.
    published = _inspection(
        settings["SC200002"],
        rules.FULL,
        rules.ENDED,
        back(62),
        shah,
        end=back(60),
        judgements=_full(rules.OUTSTANDING),
        created=now,
    )
    # An earlier, published inspection of Oakfield House gives it a latest judgement.
    earlier = _inspection(
        settings["SC100001"],
        rules.FULL,
        rules.ENDED,
        back(260),
        baker,
        end=back(258),
        judgements=_full(rules.GOOD),
        created=now,
    )
    # Each setting type's own reports, published: the STC's last full inspection (joint, with partner
    # contributions), the secure children's home's full and later assurance inspections, and the
    # family centre's full inspection followed by a monitoring visit that improved its judgement.
    stc_full = _inspection(
        settings["SC200001"],
        rules.FULL,
        rules.ENDED,
        back(150),
        shah,
        [hughes, quinn, ellis],
        end=back(146),
        announced=True,
        created=now,
        judgements=_full(rules.GOOD, education=rules.GOOD, health=rules.GOOD, resettlement=rules.REQUIRES_IMPROVEMENT),
    )
    sch_full = _inspection(
        settings["SC100002"],
        rules.FULL,
        rules.ENDED,
        back(230),
        baker,
        [ellis, quinn],
        end=back(227),
        created=now,
        judgements=_full(rules.GOOD, education=rules.GOOD, health=rules.OUTSTANDING),
    )
    sch_assurance = _inspection(
        settings["SC100002"],
        rules.ASSURANCE,
        rules.ENDED,
        back(110),
        baker,
        end=back(109),
        created=now,
        judgements={rules.ASSURANCE_AREA: rules.NO_SERIOUS},
    )
    rfc_full = _inspection(
        settings["SC100003"],
        rules.FULL,
        rules.ENDED,
        back(300),
        shah,
        end=back(298),
        created=now,
        judgements=_full(rules.REQUIRES_IMPROVEMENT),
    )
    rfc_monitoring = _inspection(
        settings["SC100003"],
        rules.MONITORING,
        rules.ENDED,
        back(200),
        shah,
        end=back(200),
        created=now,
        judgements=_full(rules.GOOD),
    )
    db.session.commit()
    seed_reports(
        {
            "awaiting_draft": awaiting,
            "draft_sent": draft,
            "embargoed": embargoed,
            "published": published,
            "earlier": earlier,
            "stc_published": stc_full,
            "sch_earlier_full": sch_full,
            "sch_assurance": sch_assurance,
            "rfc_earlier_full": rfc_full,
            "rfc_monitoring": rfc_monitoring,
        },
        users,
        {
            "now": now,
            "draft_sent": _at(back(2), 10),
            "embargoed_draft": _at(back(16), 11),
            "embargoed_returned": _at(back(12), 15),
            "embargoed_final": _at(back(2), 9),
            "published_draft": _at(back(45), 10),
            "published_returned": _at(back(41), 16),
            "published_final": _at(back(35), 12),
            "earlier_draft": _at(back(245), 10),
            "earlier_final": _at(back(232), 10),
            "stc_draft": _at(back(130), 10),
            "stc_final": _at(back(120), 10),
            "sch_full_draft": _at(back(212), 10),
            "sch_full_final": _at(back(200), 10),
            "sch_assurance_draft": _at(back(95), 10),
            "sch_assurance_final": _at(back(85), 10),
            "rfc_full_draft": _at(back(282), 10),
            "rfc_full_final": _at(back(272), 10),
            "rfc_monitoring_draft": _at(back(185), 10),
            "rfc_monitoring_final": _at(back(175), 10),
        },
    )
    seed_complaints(
        {"on_site": on_site, "draft_sent": draft, "published": published},
        users,
        {"now": now, "draft_sent": _at(back(2), 11), "published_complaint": _at(back(33), 14)},
    )
