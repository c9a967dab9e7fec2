"""The core's tables (SQLAlchemy Core). Plugins keep their own tables on their own MetaData.

Catalogue fields of the live (or newest) edition are copied onto ``items`` so that the
catalogue query (body, topic, year, newest first) is one indexed range scan.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

organizations = Table(
    "organizations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("credit_code", String(18), nullable=False, unique=True),
    Column("level", String(8), nullable=False),
    Column("parent_id", Integer, ForeignKey("organizations.id"), nullable=True),
    Column("short_name", String(50), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # revision bodies_0001: the 复议机关 of its replies, the day its columns are owed from,
    # and its disabling (a disabled body keeps its records and gets no new ones)
    Column("review_body", String(200), nullable=True),
    Column("started_on", Date, nullable=True),
    Column("disabled_at", DateTime(timezone=True), nullable=True),
    Column("disabled_reason", Text, nullable=True),
)

# revision bodies_0002: when each body's column (栏目) was added (NULL: it came with the body);
# a blank column is owed from the later of this day and the body's start date
body_columns = Table(
    "body_columns",
    metadata,
    Column("org_id", Integer, ForeignKey("organizations.id"), primary_key=True),
    Column("column_name", String(100), primary_key=True),
    Column("created_on", Date, nullable=True),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("unit", String(200), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("mobile", String(20), nullable=True),
    Column("email", String(200), nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    # one natural person, one actor: a successor of a disabled actor keeps its person
    Column("person", String(64), nullable=True),
    Column("disabled_at", DateTime(timezone=True), nullable=True),
    Column("disabled_reason", Text, nullable=True),
)

items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("org_id", Integer, ForeignKey("organizations.id"), nullable=False),
    Column("index_no", String(64), nullable=False, unique=True),
    Column("state", String(16), nullable=False),
    Column("current_edition", Integer, nullable=False),
    Column("live_edition", Integer, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=True),
    Column("publish_at", DateTime(timezone=True), nullable=True),
    Column("withdrawn_reason", Text, nullable=True),
    Column("notice_ends_on", Date, nullable=True),
    # catalogue copy of the newest edition's fields
    Column("title", String(300), nullable=False),
    Column("topic", String(100), nullable=False),
    Column("column_name", String(100), nullable=False),
    Column("year", Integer, nullable=False),
    Column("written_on", Date, nullable=False),
    Column("published_on", Date, nullable=True),
    Column("responsible_unit", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("audience", String(10), nullable=False),
    Column("doc_number", String(100), nullable=True),
    Column("interprets", String(64), nullable=True),
    Index("ix_items_catalogue", "org_id", "topic", "year", "published_on"),
    Index("ix_items_column", "org_id", "column_name", "published_on"),
    Index("ix_items_state", "state", "publish_at"),
    Index("ix_items_notice", "state", "notice_ends_on"),
    Index("ix_items_unit", "responsible_unit", "state"),
)

editions = Table(
    "editions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("author", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_on", Date, nullable=True),
    Column("data", JSON, nullable=False),
    UniqueConstraint("item_id", "number"),
)

sequences = Table(
    "sequences",
    metadata,
    Column("name", String(50), primary_key=True),
    Column("scope", String(64), primary_key=True),
    Column("value", Integer, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("edition", Integer, nullable=False),
    Column("channel", String(64), nullable=False),
    Column("action", String(16), nullable=False),
    Column("idem_key", String(200), nullable=False, unique=True),
    Column("reason", Text, nullable=True),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("lease_until", DateTime(timezone=True), nullable=True),
    Column("claimed_by", String(100), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("receipt", JSON, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("done_at", DateTime(timezone=True), nullable=True),
    Index("ix_deliveries_due", "state", "next_attempt_at"),
    Index("ix_deliveries_item", "item_id", "channel"),
)

channel_state = Table(
    "channel_state",
    metadata,
    Column("channel", String(64), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("value", JSON, nullable=True),
)

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

review_decisions = Table(
    "review_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False, index=True),
    Column("edition", Integer, nullable=False),
    Column("stage", String(50), nullable=True),
    Column("actor", String(64), nullable=False),
    Column("decision", String(16), nullable=False),
    Column("reason", Text, nullable=True),
    Column("finding", Integer, nullable=True),
    Column("findings", JSON, nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
)
