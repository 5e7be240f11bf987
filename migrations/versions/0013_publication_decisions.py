"""decisions not to publish a monitoring report

Revision ID: 0013_publication_decisions
Revises: 0012_quality_assurance
Create Date: 2026-12-01 09:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_publication_decisions'
down_revision = '0012_quality_assurance'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
