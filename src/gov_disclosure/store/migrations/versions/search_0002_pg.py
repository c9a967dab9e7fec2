"""Full-text search index on PostgreSQL (tsvector over character bigrams, GIN).

Revision ID: search_0002
Revises: search_0001
"""

from alembic import op

revision = "search_0002"
down_revision = "search_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TABLE item_search (item_id INTEGER PRIMARY KEY, content TSVECTOR)")
        op.execute("CREATE INDEX ix_item_search_content ON item_search USING GIN (content)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE item_search")
