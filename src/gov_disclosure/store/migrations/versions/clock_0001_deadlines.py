"""application deadlines as facts with history (the calendar data each rests on)

Revision ID: clock_0001
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "clock_0001"
down_revision = "0002"
branch_labels = ("clock",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "application_deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("late_by", sa.Integer(), nullable=True),
        sa.Column("previous_due", sa.Date(), nullable=True),
        sa.Column("previous_provisional", sa.Boolean(), nullable=True),
        sa.Column("basis", sa.String(length=32), nullable=False),
        sa.Column("sources", sa.String(length=500), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_deadlines_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_deadlines")),
    )
    op.create_index(
        op.f("ix_application_deadlines_application_id"),
        "application_deadlines",
        ["application_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_application_deadlines_application_id"), table_name="application_deadlines"
    )
    op.drop_table("application_deadlines")
