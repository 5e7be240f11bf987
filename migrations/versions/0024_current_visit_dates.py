"""each report keeps its current version's visit date, indexed with what the month counts need

Revision ID: 0024_current_visit_dates
Revises: 0023_inspection_report_targets
Create Date: 2026-12-02 06:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024_current_visit_dates"
down_revision = "0023_inspection_report_targets"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("monitoring_reports") as batch:
        batch.add_column(sa.Column("current_visit_date", sa.Date(), nullable=True))
    op.execute(
        "UPDATE monitoring_reports SET current_visit_date = ("
        "SELECT report_versions.visit_date FROM report_versions "
        "WHERE report_versions.report_id = monitoring_reports.id "
        "AND report_versions.number = monitoring_reports.latest_version)"
    )
    op.create_index(
        "ix_monitoring_reports_visits",
        "monitoring_reports",
        ["kind", "current_visit_date", "setting_id", "received_at"],
    )


def downgrade():
    op.drop_index("ix_monitoring_reports_visits", table_name="monitoring_reports")
    with op.batch_alter_table("monitoring_reports") as batch:
        batch.drop_column("current_visit_date")
