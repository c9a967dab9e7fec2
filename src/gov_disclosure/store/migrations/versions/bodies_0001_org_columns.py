"""Bodies: every application, complaint and reminder belongs to one body (``org_id``); a body
has a 复议机关, a start date (``started_on``: its columns are owed from then; the day of this
migration for bodies already registered) and can be disabled. Existing records go to the configured body (registered now if missing).

Revision ID: bodies_0001
Revises: 0002 (applications); needs supervision_0002 (complaints, reminders_sent)
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import context, op

from gov_disclosure.bodies.migration import assign_to
from gov_disclosure.workdays.clock import local_date

revision = "bodies_0001"
down_revision = "0002"
branch_labels = ("bodies",)
depends_on = ("supervision_0002",)

OWNED = (
    ("applications", "ix_applications_org", ("org_id", "received_on")),
    ("complaints", "ix_complaints_org", ("org_id", "received_on")),
    ("reminders_sent", None, ()),
)


def _default_body() -> dict | None:
    return context.config.attributes.get("default_body")


def _start_dates() -> None:
    """A body already registered starts on the day of this migration: its columns were not
    watched per body before, so none is owed from an earlier day (``org edit --started-on``
    sets an earlier one)."""
    orgs = sa.table("organizations", sa.column("started_on", sa.Date))
    today = local_date(datetime.now(UTC))
    op.get_bind().execute(sa.update(orgs).where(orgs.c.started_on.is_(None)).values(started_on=today))


def upgrade() -> None:
    with op.batch_alter_table("organizations") as batch:
        batch.add_column(sa.Column("review_body", sa.String(200), nullable=True))
        batch.add_column(sa.Column("started_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("disabled_reason", sa.Text(), nullable=True))
    _start_dates()
    for table, index, columns in OWNED:
        op.add_column(table, sa.Column("org_id", sa.Integer(), nullable=True))
        assign_to(op.get_bind(), table, _default_body())
        with op.batch_alter_table(table) as batch:
            batch.alter_column("org_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                f"fk_{table}_org_id_organizations", "organizations", ["org_id"], ["id"]
            )
            if index:
                batch.create_index(index, list(columns))


def downgrade() -> None:
    for table, index, _columns in reversed(OWNED):
        with op.batch_alter_table(table) as batch:
            if index:
                batch.drop_index(index)
            batch.drop_constraint(f"fk_{table}_org_id_organizations", type_="foreignkey")
            batch.drop_column("org_id")
    with op.batch_alter_table("organizations") as batch:
        for column in ("disabled_reason", "disabled_at", "started_on", "review_body"):
            batch.drop_column(column)
