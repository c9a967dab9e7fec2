"""sms: subscribers, sends, recipients, receipts

Revision ID: sms_0001
Revises: 0001
Create Date: 2025-01-01
"""

import sqlalchemy as sa
from alembic import op

revision = "sms_0001"
down_revision = "0001"
branch_labels = ("sms",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_subscribers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(11), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("areas", sa.JSON(), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("consent_method", sa.String(40), nullable=False),
        sa.Column("consent_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opt_out_via", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sms_subscribers"),
        sa.UniqueConstraint("number", name="uq_sms_subscribers_number"),
    )
    op.create_table(
        "sms_sends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idem_key", sa.String(200), nullable=False),
        sa.Column("index_no", sa.String(100), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("parts", sa.Integer(), nullable=False),
        sa.Column("transport", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sms_sends"),
        sa.UniqueConstraint("idem_key", name="uq_sms_sends_idem_key"),
    )
    op.create_index("ix_sms_sends_index_no", "sms_sends", ["index_no"])
    op.create_table(
        "sms_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("send_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(11), nullable=False),
        sa.Column("ref", sa.String(40), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message_id", sa.String(100), nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["send_id"], ["sms_sends.id"], name="fk_sms_recipients_send_id_sms_sends"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sms_recipients"),
        sa.UniqueConstraint("ref", name="uq_sms_recipients_ref"),
        sa.UniqueConstraint("send_id", "number", name="uq_sms_recipients_send_number"),
    )
    op.create_index("ix_sms_recipients_message_id", "sms_recipients", ["message_id"])
    op.create_table(
        "sms_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.String(100), nullable=True),
        sa.Column("ref", sa.String(40), nullable=True),
        sa.Column("number_masked", sa.String(11), nullable=True),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("delivered", sa.Boolean(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipient_id"], ["sms_recipients.id"],
            name="fk_sms_receipts_recipient_id_sms_recipients",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sms_receipts"),
    )


def downgrade() -> None:
    op.drop_table("sms_receipts")
    op.drop_index("ix_sms_recipients_message_id", table_name="sms_recipients")
    op.drop_table("sms_recipients")
    op.drop_index("ix_sms_sends_index_no", table_name="sms_sends")
    op.drop_table("sms_sends")
    op.drop_table("sms_subscribers")
