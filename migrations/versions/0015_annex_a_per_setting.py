"""Annex A per setting type

Revision ID: 0015_annex_a_per_setting
Revises: 0014_deferral_views_and_adaptation
Create Date: 2026-12-01 09:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_annex_a_per_setting'
down_revision = '0014_deferral_views_and_adaptation'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
