"""Actors: the natural person behind each actor, and when and why an actor was disabled.

Revision ID: authz_0001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "authz_0001"
down_revision = "0001"
branch_labels = ("authz",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actors") as batch:
        batch.add_column(sa.Column("person", sa.String(64), nullable=True))
        batch.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("disabled_reason", sa.Text(), nullable=True))
    op.execute("UPDATE actors SET person = id WHERE person IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("actors") as batch:
        batch.drop_column("disabled_reason")
        batch.drop_column("disabled_at")
        batch.drop_column("person")
