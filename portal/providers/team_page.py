"""What the team page reads (issue 17): a page of the provider's people, the oldest invitations
not yet accepted, and the settings those name, each counted and cut in SQL. Changes to the team
are portal/providers/team.py."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.models import Invitation, User
from portal.core import paging
from portal.extensions import db
from portal.providers.models import Setting


@dataclass(frozen=True)
class Team:
    """A page of the people, active first, each by name; on the first, the oldest invitations not
    yet accepted (one page of them: the total counts all, withdrawing old ones brings the others in)."""

    people: paging.Page
    invitations: paging.Page | None

    @property
    def active(self) -> list[User]:
        return [person for person in self.people.items if person.active]

    @property
    def deactivated(self) -> list[User]:
        return [person for person in self.people.items if not person.active]


def team_of(provider_id: int, page: int = 1) -> Team:
    """Counted, ordered and cut in SQL; everyone's settings in one more statement, not one a person."""
    people = select(User).where(User.provider_id == provider_id).options(selectinload(User.memberships))
    invitations = select(Invitation).where(
        Invitation.provider_id == provider_id, Invitation.accepted_at.is_(None), Invitation.withdrawn_at.is_(None)
    )
    people_page = paging.paged(people.order_by(User.active.desc(), User.name, User.id), page)
    oldest = invitations.order_by(Invitation.created_at, Invitation.id)
    return Team(people_page, paging.paged(oldest, 1) if people_page.page == 1 else None)


def settings_named(provider_id: int, shown: Team) -> dict[int, Setting]:
    """The provider's settings that the page's people and invitations name, in one statement: a
    provider of a hundred homes does not load them all to draw fifty names."""
    ids = {membership.setting_id for person in shown.people.items for membership in person.memberships}
    if shown.invitations is not None:
        ids |= {setting_id for invitation in shown.invitations.items for setting_id in invitation.setting_ids}
    if not ids:
        return {}
    named = select(Setting).where(Setting.provider_id == provider_id, Setting.id.in_(sorted(ids)))
    return {setting.id: setting for setting in db.session.scalars(named)}
