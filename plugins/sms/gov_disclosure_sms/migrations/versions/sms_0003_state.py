"""sms: the channel's own state table (fan-out registry, shared rate schedule)

Rows the channel kept in the core's ``channel_state`` (channel ``sms``) move here.

Revision ID: sms_0003
Revises: sms_0002
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "sms_0003"
down_revision = "sms_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_state",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_sms_state"),
    )
    if sa.inspect(op.get_bind()).has_table("channel_state"):  # the core's, when it is there
        op.execute(
            "INSERT INTO sms_state (key, value) "
            "SELECT key, value FROM channel_state WHERE channel = 'sms'"
        )
        op.execute("DELETE FROM channel_state WHERE channel = 'sms'")


def downgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("channel_state"):
        op.execute(
            "INSERT INTO channel_state (channel, key, value) "
            "SELECT 'sms', key, value FROM sms_state"
        )
    op.drop_table("sms_state")
