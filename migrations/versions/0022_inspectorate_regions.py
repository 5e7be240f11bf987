"""regions of inspectorate users

Revision ID: 0022_inspectorate_regions
Revises: 0021_sign_in_throttles_per_client
Create Date: 2026-12-01 17:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022_inspectorate_regions"
down_revision = "0021_sign_in_throttles_per_client"
branch_labels = None
depends_on = None


def upgrade():
    # DOMAIN.md §1: an inspector sees the visit reports of settings in their region.
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("region", sa.String(length=60), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("region")
