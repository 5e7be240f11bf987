"""the local authority areas with a published report, kept for the public search's filter lists

Revision ID: 0032_published_areas
Revises: 0031_monitoring_gap_counts
Create Date: 2026-12-04 19:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0032_published_areas"
down_revision = "0031_monitoring_gap_counts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "published_areas",
        sa.Column("local_authority", sa.String(length=120), nullable=False),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("local_authority", "region", name=op.f("pk_published_areas")),
    )
    # As published_areas.recount_all works them out: each area's earliest final report not withheld.
    op.execute(
        "INSERT INTO published_areas (local_authority, region, since) "
        "SELECT settings.local_authority, settings.region, MIN(inspection_reports.publish_at) "
        "FROM settings JOIN inspections ON inspections.setting_id = settings.id "
        "JOIN inspection_reports ON inspection_reports.inspection_id = inspections.id "
        "WHERE inspection_reports.final IS NOT NULL AND inspection_reports.publish_at IS NOT NULL "
        "AND inspection_reports.id NOT IN (SELECT report_id FROM publication_decisions) "
        "GROUP BY settings.local_authority, settings.region"
    )


def downgrade():
    op.drop_table("published_areas")
