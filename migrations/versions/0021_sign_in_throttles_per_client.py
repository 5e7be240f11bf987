"""sign-in throttles per address and client

Revision ID: 0021_sign_in_throttles_per_client
Revises: 0020_user_sessions
Create Date: 2026-12-01 17:00:00

The counters of failed sign-ins are counted per address, per client and per address from a
client instead of per address alone, with no lock of an address by itself. Counts are short-lived
(an hour without failures forgets them), so the old table's rows are dropped, not converted.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021_sign_in_throttles_per_client"
down_revision = "0020_user_sessions"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table("sign_in_throttles")
    op.create_table(
        "sign_in_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_throttles")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_sign_in_throttles_key_hash")),
    )


def downgrade():
    op.drop_table("sign_in_throttles")
    op.create_table(
        "sign_in_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_throttles")),
        sa.UniqueConstraint("email_hash", name=op.f("uq_sign_in_throttles_email_hash")),
    )
