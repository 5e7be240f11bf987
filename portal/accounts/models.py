"""Users, their memberships of settings, sign-in throttles, password reset tokens, two-factor
codes and remembered devices, and invitations to join a provider's team."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.roles import Role
from portal.extensions import Model

__all__ = [
    "Invitation",
    "PasswordResetToken",
    "RecoveryCode",
    "SettingMembership",
    "SignInThrottle",
    "TrustedDevice",
    "User",
]


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    # Inspectorate side only: which inspectorate the person inspects for (roles.INSPECTORATES).
    inspectorate: Mapped[str | None] = mapped_column(String(12))
    # Inspectors only (DOMAIN.md §1): the region whose settings' visit reports, reviews and
    # notifications they see, besides those of the settings whose inspections they are on.
    region: Mapped[str | None] = mapped_column(String(60))
    # R-DR-2: a registered manager the responsible individual lets send draft-report comments.
    submits_draft_comments: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Two-factor sign-in (TOTP): the base32 secret, when it was confirmed with a first code, and
    # the last 30-second time step accepted, so a code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None]
    deactivated_at: Mapped[datetime | None]
    # Sessions begun before this instant end at their next request: set when the password is
    # reset or two-factor is reset, so a stolen session does not outlive the remedy.
    sessions_valid_from: Mapped[datetime | None]

    provider = relationship("Provider")
    memberships: Mapped[list["SettingMembership"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated user cannot sign in
        return self.active

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_secret is not None and self.totp_confirmed_at is not None


class SettingMembership(Model):
    """A registered manager's or independent person's assignment to one setting."""

    __tablename__ = "setting_memberships"
    __table_args__ = (UniqueConstraint("user_id", "setting_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"), index=True)

    user: Mapped[User] = relationship(back_populates="memberships")
    setting = relationship("Setting")


class SignInThrottle(Model):
    """Failed sign-ins counted for one e-mail address, one client, or one address from one client
    (``scope``), whether or not an account has the address: accounts/throttle.py.

    Keyed by a keyed hash (HMAC with the secret key) of what is counted, so the table names
    neither addresses nor clients. ``last_success_at`` (an address from a client only) marks a
    client that has signed in as that address.
    """

    __tablename__ = "sign_in_throttles"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(10))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]


class PasswordResetToken(Model):
    """A one-time password reset link; only the sha256 of its secret is stored."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class RecoveryCode(Model):
    """A one-time code for signing in without the authenticator app; only its sha256 is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class TrustedDevice(Model):
    """A browser where the user chose not to be asked for a code again, for at most 30 days.

    The browser holds a random token in a cookie; only its sha256 is stored, so a leaked
    database cannot be replayed, and removing the row (or a password reset) forgets the device.
    """

    __tablename__ = "trusted_devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]


class Invitation(Model):
    """A responsible individual's invitation for someone to join the provider's team.

    The link's secret is sent by e-mail and only its sha256 kept; it works once, until
    ``expires_at``, and not after it is withdrawn.
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    setting_ids: Mapped[list] = mapped_column(JSON, default=list)
    submits_draft_comments: Mapped[bool] = mapped_column(default=False, server_default=false())
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    provider = relationship("Provider")
    invited_by: Mapped[User] = relationship(foreign_keys=[invited_by_id])
