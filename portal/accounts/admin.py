"""Creating accounts from the command line and for demo data. The command line finds the
provider by name (providers are built on accounts, not the other way round)."""

from datetime import datetime

from portal.accounts.models import User
from portal.accounts.passwords import hash_password, password_problem
from portal.accounts.roles import Role
from portal.accounts.services import find_user_by_email, normalise_email
from portal.core import audit
from portal.core.use_cases import Refusal
from portal.extensions import db


class AccountError(Refusal):
    """A command-line account change refused; the command prints the message."""


def create_user(
    email: str,
    name: str,
    role: str,
    provider_id: int | None,
    password: str,
    now: datetime,
    inspectorate: str = "ofsted",
    region: str | None = None,
) -> User:
    role = Role(role)
    if region and role != Role.INSPECTOR:
        raise AccountError("Only inspectors have a region: leave out --region")
    if find_user_by_email(email):
        raise AccountError(f"An account for {email} already exists")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    if role.is_provider_side and provider_id is None:
        raise AccountError("Give the name of an existing provider with --provider")
    user = User(
        email=normalise_email(email),
        name=name,
        role=role.value,
        provider_id=provider_id if role.is_provider_side else None,
        password_hash=hash_password(password),
        active=True,
        created_at=now,
        inspectorate=inspectorate if role.is_inspectorate else None,
        region=region,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(None, "user_created", user, now, after={"email": user.email, "role": user.role, "region": region})
    db.session.commit()
    return user


def set_region(email: str, region: str | None, now: datetime) -> User:
    """DOMAIN.md §1: the region whose settings' visit reports an inspector reads; audited."""
    user = find_user_by_email(email)
    if user is None or user.role != Role.INSPECTOR:
        raise AccountError(f"No inspector has the e-mail address {email}")
    before = user.region
    user.region = region
    audit.record(None, "inspector_region_changed", user, now, before={"region": before}, after={"region": region})
    db.session.commit()
    return user
