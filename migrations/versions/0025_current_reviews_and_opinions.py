"""each report keeps its current version's review completion date and safeguarding opinion, indexed
for the lists across England

Revision ID: 0025_current_reviews_and_opinions
Revises: 0024_current_visit_dates
Create Date: 2026-12-02 08:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025_current_reviews_and_opinions"
down_revision = "0024_current_visit_dates"
branch_labels = None
depends_on = None

CURRENT = (
    "FROM report_versions WHERE report_versions.report_id = monitoring_reports.id "
    "AND report_versions.number = monitoring_reports.latest_version"
)


def upgrade():
    with op.batch_alter_table("monitoring_reports") as batch:
        batch.add_column(sa.Column("current_completed_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("current_safeguarding_effective", sa.Boolean(), nullable=True))
    op.execute(
        "UPDATE monitoring_reports SET "
        f"current_completed_on = (SELECT report_versions.completed_on {CURRENT}), "
        f"current_safeguarding_effective = (SELECT report_versions.safeguarding_effective {CURRENT})"
    )
    op.create_index(
        "ix_monitoring_reports_reviews",
        "monitoring_reports",
        ["kind", "current_completed_on", "setting_id", "received_at"],
    )
    op.create_index(
        "ix_monitoring_reports_not_safeguarded",
        "monitoring_reports",
        ["setting_id"],
        postgresql_where=sa.text("current_safeguarding_effective IS false"),
        sqlite_where=sa.text("current_safeguarding_effective IS false"),
    )


def downgrade():
    op.drop_index("ix_monitoring_reports_not_safeguarded", table_name="monitoring_reports")
    op.drop_index("ix_monitoring_reports_reviews", table_name="monitoring_reports")
    with op.batch_alter_table("monitoring_reports") as batch:
        batch.drop_column("current_safeguarding_effective")
        batch.drop_column("current_completed_on")
