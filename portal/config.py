"""Settings from the environment, with embedded defaults that need no other service.

Embedded default: SQLite and stored files under ``instance/``, e-mails kept in the outbox.
Production sets DATABASE_URL, SECRET_KEY, SMTP_*, REDIS_URL (see README "Configuration").
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _instance_secret(instance_path: Path) -> str:
    """A random secret kept in instance/ so sessions survive a restart on the embedded default."""
    path = instance_path / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url(instance_path: Path) -> str:
    return sqlalchemy_url(os.environ.get("DATABASE_URL", f"sqlite:///{instance_path / 'portal.db'}"))


def sqlalchemy_url(url: str) -> str:
    """A database address as operators write it (``postgres://``, ``postgresql://``) as SQLAlchemy
    takes it, with the driver the lock installs (psycopg 3)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def from_environment(instance_path: Path) -> dict:
    """The configuration of a running portal."""
    instance_path.mkdir(parents=True, exist_ok=True)
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _instance_secret(instance_path),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SERVICE_NAME": os.environ.get("SERVICE_NAME", "Children's social care provider portal"),
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "true").lower() != "false",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "portal_session",
        "PERMANENT_SESSION_LIFETIME": timedelta(minutes=30),
        "SESSION_IDLE_MINUTES": 30,
        # However active, a session ends this long after signing in (portal/accounts/sessions.py).
        "SESSION_ABSOLUTE_HOURS": float(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")),
        # Working days the inspectorate aims to respond to a formal complaint in (R-CMP-3).
        "COMPLAINT_RESPONSE_WORKING_DAYS": int(os.environ.get("COMPLAINT_RESPONSE_WORKING_DAYS", "30")),
        "SESSION_WARNING_MINUTES": 28,
        "SESSION_REFRESH_EACH_REQUEST": True,
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        "WTF_CSRF_TIME_LIMIT": 3600,
        # One document of up to 20 MB and its form; bulk uploads raise the limit for their request.
        "MAX_CONTENT_LENGTH": 21 * 1024 * 1024,
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": os.environ.get("SMTP_STARTTLS", "false").lower() == "true",
        "MAIL_FROM": os.environ.get("MAIL_FROM", "portal@inspectorate.example"),
        # The name shown beside MAIL_FROM in people's inboxes; the service's name when empty.
        "MAIL_FROM_NAME": os.environ.get("MAIL_FROM_NAME", ""),
        # Failed sign-ins slow a client down (portal/accounts/throttle.py, which has the other
        # settings): the longest wait of one client at one address, and where counts are kept
        # (the database; Redis when this is a redis:// URL).
        "SIGN_IN_LOCK_MINUTES": 15,
        "SIGN_IN_THROTTLE_STORAGE_URI": os.environ.get("SIGN_IN_THROTTLE_STORAGE_URI", ""),
        "PASSWORD_RESET_MINUTES": 60,
        # Two-factor sign-in: a remembered browser is asked again after at most 30 days.
        "TRUSTED_DEVICE_DAYS": min(int(os.environ.get("TRUSTED_DEVICE_DAYS", "30")), 30),
        "TOTP_ISSUER": os.environ.get("TOTP_ISSUER", "Provider portal"),
        # How long an invitation to join a provider's team can be accepted.
        "INVITATION_DAYS": int(os.environ.get("INVITATION_DAYS", "7")),
        # Uploads per signed-in user (documents, evidence, recordings, bulk files).
        "UPLOAD_RATE_LIMIT": os.environ.get("UPLOAD_RATE_LIMIT", "60 per minute"),
        # Stored files: "local" (instance/files, or STORAGE_DIR) or "s3" (any S3-compatible store,
        # shared by several app instances; credentials from the usual AWS_* variables).
        "STORAGE_BACKEND": os.environ.get("STORAGE_BACKEND", "local"),
        "STORAGE_DIR": os.environ.get("STORAGE_DIR", ""),
        # Uploads wait here while they arrive and are checked (default instance/spool), never in the store.
        "SPOOL_DIR": os.environ.get("SPOOL_DIR", ""),
        "S3_BUCKET": os.environ.get("S3_BUCKET", ""),
        "S3_ENDPOINT_URL": os.environ.get("S3_ENDPOINT_URL") or None,
        "S3_REGION": os.environ.get("S3_REGION", "eu-west-2"),
        "S3_PREFIX": os.environ.get("S3_PREFIX", "files/"),
        "FROZEN_NOW": None,
    }
