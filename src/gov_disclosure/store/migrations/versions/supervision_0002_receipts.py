"""Reminders keep the receipts of the channels that sent them.

Revision ID: supervision_0002
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "supervision_0002"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("reminders_sent", sa.Column("receipts", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reminders_sent") as batch:
        batch.drop_column("receipts")
