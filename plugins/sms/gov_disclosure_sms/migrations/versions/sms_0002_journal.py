"""sms: the send journal (one row per gateway request) and the sender's fencing token

Revision ID: sms_0002
Revises: sms_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "sms_0002"
down_revision = "sms_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sms_sends") as batch:
        batch.add_column(sa.Column("runner", sa.String(64), nullable=True))
    op.create_table(
        "sms_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("send_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("numbers", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["send_id"], ["sms_sends.id"], name="fk_sms_batches_send_id_sms_sends"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sms_batches"),
    )
    op.create_index("ix_sms_batches_send_id", "sms_batches", ["send_id"])
    op.create_index("ix_sms_receipts_received_at", "sms_receipts", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_sms_receipts_received_at", table_name="sms_receipts")
    op.drop_index("ix_sms_batches_send_id", table_name="sms_batches")
    op.drop_table("sms_batches")
    with op.batch_alter_table("sms_sends") as batch:
        batch.drop_column("runner")
