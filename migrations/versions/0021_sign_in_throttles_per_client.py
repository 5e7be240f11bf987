"""sign-in throttles per address and client

Revision ID: 0021_sign_in_throttles_per_client
Revises: 0020_user_sessions
Create Date: 2026-12-01 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_sign_in_throttles_per_client'
down_revision = '0020_user_sessions'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
