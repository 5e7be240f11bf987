"""The provider's team, managed by a responsible individual: invitations, roles, settings,
draft-report delegation (R-DR-2), deactivation and two-factor resets.

DOMAIN.md §1 gives the responsible individual every setting of the provider and names the
registered manager and the independent person as the people who work at settings; nothing lets
one responsible individual appoint another (that is the provider's registration with the
regulator), so invitations and role changes offer those two roles only. What the team page
reads is portal/providers/team_page.py.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import abort, current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portal.accounts import session_records, twofactor
from portal.accounts.models import Invitation, SettingMembership, User
from portal.accounts.passwords import hash_password
from portal.accounts.roles import Role
from portal.accounts.services import find_user_by_email, normalise_email
from portal.core import audit, outbox
from portal.core.clock import as_utc
from portal.core.forms import person_name_problem
from portal.core.links import absolute_url
from portal.core.use_cases import Refusal
from portal.extensions import db
from portal.providers.models import Provider, Setting
from portal.providers.rules import has_independent_person

# Roles a responsible individual may give (see the module docstring).
TEAM_ROLES = {
    Role.REGISTERED_MANAGER.value: Role.REGISTERED_MANAGER.label,
    Role.INDEPENDENT_PERSON.value: Role.INDEPENDENT_PERSON.label,
}

OPEN, EXPIRED, USED, WITHDRAWN = "open", "expired", "used", "withdrawn"
NO_INDEPENDENT_PERSON = "Secure training centres have no independent person: select other settings"


class TeamError(Refusal):
    """A refusal the person can act on; ``field`` names the form field it belongs to."""


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _require_ri(actor: User, provider_id: int) -> None:
    if actor.role != Role.RESPONSIBLE_INDIVIDUAL or actor.provider_id != provider_id or not actor.active:
        raise TeamError("Only a responsible individual of the provider can manage its team")


def provider_settings(provider_id: int) -> list[Setting]:
    return list(db.session.scalars(select(Setting).where(Setting.provider_id == provider_id).order_by(Setting.name)))


def _settings_of(provider_id: int, setting_ids, role: str) -> list[Setting]:
    """The chosen settings, all of this provider's; an id of anything else is refused outright."""
    wanted = {int(i) for i in setting_ids}
    found = [s for s in provider_settings(provider_id) if s.id in wanted]
    if len(found) != len(wanted):
        raise TeamError("Select settings from the list", "settings")
    if role in TEAM_ROLES and not found:
        raise TeamError("Select the settings they work at", "settings")
    if role == Role.INDEPENDENT_PERSON and not all(has_independent_person(s.setting_type) for s in found):
        raise TeamError(NO_INDEPENDENT_PERSON, "settings")  # R-ROLE-2
    return found


def _check_role(role: str) -> None:
    if role not in TEAM_ROLES:
        raise TeamError("Select registered manager or independent person", "role")


def state_of(invitation: Invitation, now: datetime) -> str:
    """Whether the link still works: used, withdrawn and expired (at ``expires_at`` exactly) do not."""
    if invitation.accepted_at is not None:
        return USED
    if invitation.withdrawn_at is not None:
        return WITHDRAWN
    if as_utc(invitation.expires_at) <= now:
        return EXPIRED
    return OPEN


def settings_by_id(provider_id: int) -> dict[int, Setting]:
    return {s.id: s for s in provider_settings(provider_id)}


def member_or_404(actor: User, member_id: int) -> User:
    """A user of the actor's own provider; anyone else's answers 404 (R-ROLE-1)."""
    member = db.session.scalar(select(User).where(User.id == member_id, User.provider_id == actor.provider_id))
    if member is None or actor.provider_id is None:
        abort(404)
    return member


def invitation_or_404(actor: User, invitation_id: int) -> Invitation:
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.id == invitation_id, Invitation.provider_id == actor.provider_id)
    )
    if invitation is None or actor.provider_id is None:
        abort(404)
    return invitation


def invitation_by_secret(secret: str) -> Invitation | None:
    if not secret or len(secret) > 100:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == _sha256(secret)))


def _email_taken(email: str) -> bool:
    return find_user_by_email(email) is not None


def invite(
    actor: User,
    name: str,
    email: str,
    role: str,
    setting_ids,
    submits_draft_comments: bool,
    now: datetime,
    links: list[str] | None = None,
) -> Invitation:
    """Invite someone to the team; the e-mail carries a link that works once, until it expires.
    ``links``, when given, receives that link too: with no mail server (the embedded default)
    the responsible individual passes it on themselves."""
    _require_ri(actor, actor.provider_id)
    _check_role(role)
    name = _person_name(name)
    email = normalise_email(email)
    if _email_taken(email):
        raise TeamError("This e-mail address already has an account: ask its owner, or use another address", "email")
    pending = db.session.scalar(
        select(Invitation).where(
            func.lower(Invitation.email) == email,
            Invitation.accepted_at.is_(None),
            Invitation.withdrawn_at.is_(None),
            Invitation.expires_at > now,
        )
    )
    if pending is not None:
        raise TeamError("This e-mail address already has an open invitation: resend or withdraw it", "email")
    settings = _settings_of(actor.provider_id, setting_ids, role)
    invitation = Invitation(
        provider_id=actor.provider_id,
        email=email,
        name=name,
        role=role,
        setting_ids=sorted(s.id for s in settings),
        invited_by_id=actor.id,
        created_at=now,
        submits_draft_comments=bool(submits_draft_comments) and role == Role.REGISTERED_MANAGER,
        token_hash="",
        expires_at=now,
    )
    db.session.add(invitation)
    secret = _new_secret(invitation, now)
    audit.record(actor, "team_invitation_sent", invitation, now, after=_invitation_facts(invitation))
    _send(invitation, secret, now, links)
    return invitation


def _person_name(name: str) -> str:
    """A person's name as kept: one line with single spaces, refused if it could carry a link
    or a line break into an e-mail (core.forms.person_name_problem; the forms check it first)."""
    problem = person_name_problem(name)
    if problem:
        raise TeamError(problem, "name")
    return " ".join((name or "").split())


def _new_secret(invitation: Invitation, now: datetime) -> str:
    secret = secrets.token_urlsafe(32)
    invitation.token_hash = _sha256(secret)
    invitation.expires_at = now + timedelta(days=current_app.config["INVITATION_DAYS"])
    return secret


def _invitation_facts(invitation: Invitation) -> dict:
    return {
        "email": invitation.email,
        "role": invitation.role,
        "settings": invitation.setting_ids,
        "submits_draft_comments": invitation.submits_draft_comments,
    }


def _send(invitation: Invitation, secret: str, now: datetime, links: list[str] | None) -> None:
    db.session.flush()
    link = absolute_url("providers_invitations.accept", secret=secret)
    message = _queue_invitation(invitation, link, now)
    db.session.commit()
    outbox.deliver_now(message, current_app.config, now)  # people wait for it; the scheduled run retries
    if links is not None:
        links.append(link)


def _queue_invitation(invitation: Invitation, link: str, now: datetime):
    provider = db.session.get(Provider, invitation.provider_id)
    role = TEAM_ROLES.get(invitation.role, invitation.role).lower()
    return outbox.queue(
        invitation.email,
        f"Join {provider.name} on the provider portal",
        f"Dear {outbox.one_line(invitation.name)},\n\n{provider.name} has invited you to the provider portal as "
        f"{'an' if role[0] in 'aeiou' else 'a'} {role}.\n\n"
        f"Use this link to set your password and join:\n\n{link}\n\n"
        f"The link works once, until {as_utc(invitation.expires_at):%d %B %Y %H:%M} UTC. "
        "If you did not expect this e-mail, you can ignore it.\n",
        now,
        related=invitation,
    )


def resend(invitation: Invitation, actor: User, now: datetime, links: list[str] | None = None) -> None:
    """A new link with a new expiry; the old link stops working at once (``links`` as for invite)."""
    _require_ri(actor, invitation.provider_id)
    if state_of(invitation, now) in (USED, WITHDRAWN):
        raise TeamError("This invitation has been accepted or withdrawn, so it cannot be sent again")
    secret = _new_secret(invitation, now)
    audit.record(actor, "team_invitation_resent", invitation, now)
    _send(invitation, secret, now, links)


def withdraw(invitation: Invitation, actor: User, now: datetime) -> None:
    _require_ri(actor, invitation.provider_id)
    if state_of(invitation, now) in (USED, WITHDRAWN):
        raise TeamError("This invitation has already been accepted or withdrawn")
    # Checked again in the statement: accepted meanwhile, it is not reported withdrawn.
    withdrawn = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None), Invitation.withdrawn_at.is_(None))
        .values(withdrawn_at=now)
        .execution_options(synchronize_session=False)
    )
    if withdrawn.rowcount != 1:
        db.session.rollback()
        raise TeamError("This invitation has already been accepted or withdrawn")
    audit.record(actor, "team_invitation_withdrawn", invitation, now)
    db.session.commit()


def accept(invitation: Invitation, name: str, password: str, now: datetime) -> User:
    """Create the account the invitation describes, with its settings and delegation, once."""
    if state_of(invitation, now) != OPEN:
        raise TeamError("This invitation link no longer works")
    name = _person_name(name)
    if _email_taken(invitation.email):
        raise TeamError("This e-mail address already has an account: sign in instead")
    settings = [s for s in provider_settings(invitation.provider_id) if s.id in set(invitation.setting_ids)]
    user = User(
        email=invitation.email,
        name=name,
        role=invitation.role,
        provider_id=invitation.provider_id,
        password_hash=hash_password(password),
        active=True,
        created_at=now,
        submits_draft_comments=invitation.submits_draft_comments,
    )
    user.memberships = [SettingMembership(setting_id=s.id) for s in settings]
    token_hash = invitation.token_hash
    try:
        db.session.add(user)
        db.session.flush()
        # Spent in one statement with its checks: if the link was withdrawn or sent again while
        # this request ran, the account is not made.
        spent = db.session.execute(
            update(Invitation)
            .where(
                Invitation.id == invitation.id,
                Invitation.token_hash == token_hash,
                Invitation.accepted_at.is_(None),
                Invitation.withdrawn_at.is_(None),
                Invitation.expires_at > now,
            )
            .values(accepted_at=now, user_id=user.id)
            .execution_options(synchronize_session=False)
        )
        if spent.rowcount != 1:
            db.session.rollback()
            raise TeamError("This invitation link no longer works")
        audit.record(user, "team_invitation_accepted", invitation, now, after={"user": user.id})
        db.session.commit()
    except IntegrityError:  # the same link posted twice at once: the address is taken by the first
        db.session.rollback()
        raise TeamError("This e-mail address already has an account: sign in instead") from None
    return user


def change(member: User, actor: User, role: str, setting_ids, submits_draft_comments: bool, now: datetime) -> None:
    """Change a registered manager's or independent person's role, settings and delegation."""
    _require_ri(actor, member.provider_id)
    if member.role not in TEAM_ROLES:
        raise TeamError("Only registered managers and independent persons can be changed here")
    _check_role(role)
    settings = _settings_of(member.provider_id, setting_ids, role)
    before = _member_facts(member)
    member.role = role
    member.memberships = [m for m in member.memberships if m.setting_id in {s.id for s in settings}]
    kept = {m.setting_id for m in member.memberships}
    member.memberships += [SettingMembership(setting_id=s.id) for s in settings if s.id not in kept]
    member.submits_draft_comments = bool(submits_draft_comments) and role == Role.REGISTERED_MANAGER
    audit.record(actor, "team_member_changed", member, now, before=before, after=_member_facts(member))
    db.session.commit()


def _member_facts(member: User) -> dict:
    return {
        "role": member.role,
        "settings": sorted(m.setting_id for m in member.memberships),
        "submits_draft_comments": member.submits_draft_comments,
    }


def deactivation_problem(member: User, actor: User) -> str | None:
    """Why ``member`` cannot be deactivated by ``actor``, or None."""
    if member.id == actor.id:
        return "You cannot deactivate your own account"
    if not member.active:
        return f"{member.name} is already deactivated"
    if member.role == Role.RESPONSIBLE_INDIVIDUAL:
        others = db.session.scalar(
            select(func.count(User.id)).where(
                User.provider_id == member.provider_id,
                User.role == Role.RESPONSIBLE_INDIVIDUAL.value,
                User.active.is_(True),
                User.id != member.id,
            )
        )
        if not others:
            return "The provider's last active responsible individual cannot be deactivated"
    return None


def deactivate(member: User, actor: User, now: datetime) -> None:
    """Sign-in stops and every open session ends for good (its record on the server, so a
    reactivation brings none back). Their drafts stay with the setting for colleagues to finish."""
    _require_ri(actor, member.provider_id)
    problem = deactivation_problem(member, actor)
    if problem:
        raise TeamError(problem)
    # Two responsible individuals deactivating each other at once: the provider's row is locked
    # (PostgreSQL) and the active ones are counted again after the write (SQLite), so one stays.
    db.session.execute(select(Provider.id).where(Provider.id == member.provider_id).with_for_update())
    member.active, member.deactivated_at, member.submits_draft_comments = False, now, False
    db.session.flush()
    if member.role == Role.RESPONSIBLE_INDIVIDUAL and not db.session.scalar(
        select(func.count(User.id)).where(
            User.provider_id == member.provider_id,
            User.role == Role.RESPONSIBLE_INDIVIDUAL.value,
            User.active.is_(True),
        )
    ):
        db.session.rollback()
        raise TeamError("The provider's last active responsible individual cannot be deactivated")
    session_records.end_all(member.id, session_records.DEACTIVATED, now)
    audit.record(actor, "team_member_deactivated", member, now)
    db.session.commit()


def reactivate(member: User, actor: User, now: datetime) -> None:
    _require_ri(actor, member.provider_id)
    if member.active:
        raise TeamError(f"{member.name} is already active")
    member.active, member.deactivated_at = True, None
    audit.record(actor, "team_member_reactivated", member, now)
    db.session.commit()


def reset_two_factor(member: User, actor: User, now: datetime) -> None:
    """Someone who lost their phone sets two-factor sign-in up again at their next sign-in."""
    _require_ri(actor, member.provider_id)
    if member.id == actor.id:
        raise TeamError("You cannot reset your own two-factor sign-in here: use your recovery codes")
    if not member.two_factor_enabled:
        raise TeamError(f"{member.name} has not set up two-factor sign-in")
    twofactor.reset(member, actor, now)
