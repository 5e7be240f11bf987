"""the sent finals are counted and paged from an index of their own on the public search

Revision ID: 0027_sent_finals_index
Revises: 0026_outbox_message_keys
Create Date: 2026-12-02 18:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0027_sent_finals_index"
down_revision = "0026_outbox_message_keys"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_inspection_reports_sent_finals",
        "inspection_reports",
        ["publish_at", "id", "inspection_id"],
        postgresql_where=sa.text("final IS NOT NULL"),
        sqlite_where=sa.text("final IS NOT NULL"),
    )


def downgrade():
    op.drop_index("ix_inspection_reports_sent_finals", table_name="inspection_reports")
