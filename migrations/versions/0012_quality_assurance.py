"""quality assurance, sign-off and copies of reports

Revision ID: 0012_quality_assurance
Revises: 0011_inspectorate_of_inspectors
Create Date: 2026-12-01 09:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_quality_assurance'
down_revision = '0011_inspectorate_of_inspectors'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
