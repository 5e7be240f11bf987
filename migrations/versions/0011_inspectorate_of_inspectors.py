"""inspectorate of inspectors

Revision ID: 0011_inspectorate_of_inspectors
Revises: 0010_sessions_valid_from
Create Date: 2026-12-01 09:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011_inspectorate_of_inspectors"
down_revision = "0010_sessions_valid_from"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inspectorate", sa.String(length=12), nullable=True))
    op.execute("UPDATE users SET inspectorate = 'ofsted' WHERE role IN ('inspector', 'inspectorate_manager')")


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("inspectorate")
