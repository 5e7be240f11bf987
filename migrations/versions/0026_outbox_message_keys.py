"""each notification keeps a random key for its Message-ID, unique across rebuilds of the database

Revision ID: 0026_outbox_message_keys
Revises: 0025_current_reviews_and_opinions
Create Date: 2026-12-02 14:00:00

"""

import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026_outbox_message_keys"
down_revision = "0025_current_reviews_and_opinions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("message_key", sa.String(length=64), nullable=True))
    # Messages already stored share one random prefix, made now, with their own id after it: as
    # unique as the new ones, in one statement however large the outbox.
    prefix = uuid.uuid4().hex
    keys = sa.text("UPDATE outbox_messages SET message_key = CAST(:prefix AS VARCHAR) || '.' || CAST(id AS VARCHAR)")
    op.execute(keys.bindparams(prefix=prefix))
    with op.batch_alter_table("outbox_messages") as batch:
        batch.alter_column("message_key", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(batch.f("uq_outbox_messages_message_key"), ["message_key"])


def downgrade():
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_constraint(batch.f("uq_outbox_messages_message_key"), type_="unique")
        batch.drop_column("message_key")
