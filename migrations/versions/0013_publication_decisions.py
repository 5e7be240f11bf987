"""decisions not to publish a monitoring report

Revision ID: 0013_publication_decisions
Revises: 0012_quality_assurance
Create Date: 2026-12-01 09:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013_publication_decisions"
down_revision = "0012_quality_assurance"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "publication_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("moj_agreed_by", sa.String(length=200), nullable=True),
        sa.Column("moj_agreed_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_publication_decisions_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["inspection_reports.id"], name=op.f("fk_publication_decisions_report_id_inspection_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_decisions")),
        sa.UniqueConstraint("report_id", name=op.f("uq_publication_decisions_report_id")),
    )


def downgrade():
    op.drop_table("publication_decisions")
