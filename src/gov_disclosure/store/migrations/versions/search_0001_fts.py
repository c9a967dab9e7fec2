"""Full-text search index of items (SQLite FTS5 over character bigrams).

Revision ID: search_0001
Revises: 0001
"""

from alembic import op

revision = "search_0001"
down_revision = "0001"
branch_labels = ("search",)
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE item_search USING fts5(content, tokenize='unicode61')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE item_search")
