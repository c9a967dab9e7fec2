"""sms: each body has its own subscriber list (``org_id``); a number may be on several lists.

Existing subscribers go to the configured body (``gov_disclosure.bodies.migration``).

Revision ID: sms_0004
Revises: sms_0003
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import context, op

from gov_disclosure.bodies.migration import assign_to

revision = "sms_0004"
down_revision = "sms_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sms_subscribers", sa.Column("org_id", sa.Integer(), nullable=True))
    assign_to(op.get_bind(), "sms_subscribers", context.config.attributes.get("default_body"))
    with op.batch_alter_table("sms_subscribers") as batch:
        batch.alter_column("org_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint("uq_sms_subscribers_number", type_="unique")
        batch.create_unique_constraint("uq_sms_subscribers_org_id", ["org_id", "number"])


def downgrade() -> None:
    with op.batch_alter_table("sms_subscribers") as batch:
        batch.drop_constraint("uq_sms_subscribers_org_id", type_="unique")
        batch.create_unique_constraint("uq_sms_subscribers_number", ["number"])
        batch.drop_column("org_id")
