"""Bodies: the day each body's column (栏目) was created, from which a blank column is owed
(none: the column came with the body, owed from the body's start date).

Revision ID: bodies_0002
Revises: bodies_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "bodies_0002"
down_revision = "bodies_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "body_columns",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("column_name", sa.String(100), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name="fk_body_columns_org_id_organizations"
        ),
        sa.PrimaryKeyConstraint("org_id", "column_name", name="pk_body_columns"),
    )


def downgrade() -> None:
    op.drop_table("body_columns")
