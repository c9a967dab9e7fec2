"""letternum: the 文号 given to application letters

Revision ID: letternum_0001
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "letternum_0001"
down_revision = "0002"
branch_labels = ("letternum",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_numbers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("letter", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("doc_number", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_letter_numbers_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_numbers")),
        sa.UniqueConstraint("doc_number", name=op.f("uq_letter_numbers_doc_number")),
        sa.UniqueConstraint(
            "application_id", "letter", name=op.f("uq_letter_numbers_application_id_letter")
        ),
    )


def downgrade() -> None:
    op.drop_table("letter_numbers")
