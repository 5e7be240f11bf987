"""partner inspectorates' views on deferrals and requests to adapt summaries

Revision ID: 0014_deferral_views_and_adaptation
Revises: 0013_publication_decisions
Create Date: 2026-12-01 09:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_deferral_views_and_adaptation'
down_revision = '0013_publication_decisions'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
