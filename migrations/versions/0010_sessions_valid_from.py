"""sessions valid from

Revision ID: 0010_sessions_valid_from
Revises: 0009_lateness_indexes
Create Date: 2026-11-24 05:57:51.816784

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010_sessions_valid_from"
down_revision = "0009_lateness_indexes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sessions_valid_from", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("sessions_valid_from")
