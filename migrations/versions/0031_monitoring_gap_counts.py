"""each setting's late and missing report counts, kept for the list across England

Revision ID: 0031_monitoring_gap_counts
Revises: 0030_next_steps
Create Date: 2026-12-04 19:05:00

Every setting gets its row, not yet counted: until ``flask portal recount-monitoring-gaps`` runs
(nightly, docs/PRODUCTION.md) the list works its counts out from the reports, as before.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0031_monitoring_gap_counts"
down_revision = "0030_next_steps"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "monitoring_gap_counts",
        sa.Column("setting_id", sa.Integer(), nullable=False),
        sa.Column("counted_on", sa.Date(), nullable=True),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("late", sa.Integer(), nullable=False),
        sa.Column("review_overdue", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["setting_id"], ["settings.id"], name=op.f("fk_monitoring_gap_counts_setting_id_settings")
        ),
        sa.PrimaryKeyConstraint("setting_id", name=op.f("pk_monitoring_gap_counts")),
    )
    op.create_index(op.f("ix_monitoring_gap_counts_counted_on"), "monitoring_gap_counts", ["counted_on"], unique=False)
    op.execute(
        "INSERT INTO monitoring_gap_counts (setting_id, counted_on, missing, late, review_overdue) "
        "SELECT id, NULL, 0, 0, false FROM settings"
    )
    op.create_index(
        "ix_monitoring_reports_setting_visits",
        "monitoring_reports",
        ["setting_id", "kind", "current_visit_date", "received_at"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_monitoring_reports_setting_visits", table_name="monitoring_reports")
    op.drop_index(op.f("ix_monitoring_gap_counts_counted_on"), table_name="monitoring_gap_counts")
    op.drop_table("monitoring_gap_counts")
