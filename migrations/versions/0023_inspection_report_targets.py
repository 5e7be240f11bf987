"""report targets kept on inspections, and the worklists' indexes

Revision ID: 0023_inspection_report_targets
Revises: 0022_inspectorate_regions
Create Date: 2026-12-02 05:00:00

"""

from datetime import date

import sqlalchemy as sa
from alembic import op

from portal.core.workdays import add_working_days

# revision identifiers, used by Alembic.
revision = "0023_inspection_report_targets"
down_revision = "0022_inspectorate_regions"
branch_labels = None
depends_on = None

# R-TL-1 and R-TL-4 as they stand at this revision (inspections.timeline keeps them from now on):
# working days after the end for the draft, the final and, for STC monitoring visits, publication.
STANDARD = (18, 30, None)
STC_MONITORING = (17, 23, 28)


def upgrade():
    with op.batch_alter_table("inspections") as batch:
        batch.add_column(sa.Column("draft_due_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("final_due_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("publication_due_on", sa.Date(), nullable=True))
    op.create_index("ix_inspections_start_date", "inspections", ["start_date"])
    op.create_index("ix_inspections_end_date", "inspections", ["end_date"])
    op.create_index(
        "ix_inspections_final_outstanding",
        "inspections",
        ["draft_due_on"],
        postgresql_where=sa.text("final_sent_at IS NULL"),
        sqlite_where=sa.text("final_sent_at IS NULL"),
    )
    connection = op.get_bind()
    ended = connection.execute(
        sa.text(
            "SELECT inspections.id, inspections.inspection_type, inspections.end_date, settings.setting_type "
            "FROM inspections JOIN settings ON settings.id = inspections.setting_id "
            "WHERE inspections.end_date IS NOT NULL"
        )
    ).all()
    update = sa.text(
        "UPDATE inspections SET draft_due_on = :draft, final_due_on = :final, "
        "publication_due_on = :publication WHERE id = :id"
    ).bindparams(*(sa.bindparam(name, type_=sa.Date()) for name in ("draft", "final", "publication")))
    for inspection_id, kind, end_date, setting_type in ended:
        if kind not in ("full", "assurance", "monitoring"):
            continue
        if isinstance(end_date, str):  # SQLite hands dates back as text
            end_date = date.fromisoformat(end_date)
        days = STC_MONITORING if (setting_type, kind) == ("STC", "monitoring") else STANDARD
        draft, final, publication = (add_working_days(end_date, n) if n else None for n in days)
        connection.execute(
            update,
            {"draft": draft, "final": final, "publication": publication, "id": inspection_id},
        )


def downgrade():
    op.drop_index("ix_inspections_final_outstanding", table_name="inspections")
    op.drop_index("ix_inspections_end_date", table_name="inspections")
    op.drop_index("ix_inspections_start_date", table_name="inspections")
    with op.batch_alter_table("inspections") as batch:
        batch.drop_column("publication_due_on")
        batch.drop_column("final_due_on")
        batch.drop_column("draft_due_on")
