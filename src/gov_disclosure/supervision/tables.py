"""Supervision tables, on the core ``metadata`` (created by Alembic revision 0003, branch
``supervision``).

- ``reminders_sent``: one row per (obligation key, level): the unit of "never remind twice";
- ``complaints``: 举报 / 投诉 / 意见建议 with their reply deadline and reply.

Each row belongs to one body (``org_id``, revision ``bodies_0001``).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from ..store.tables import metadata

reminders_sent = Table(
    "reminders_sent",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("obligation_key", String(200), nullable=False),
    Column("org_id", Integer, ForeignKey("organizations.id"), nullable=False),
    Column("level", String(8), nullable=False),
    Column("unit", String(200), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("due", Date, nullable=False),
    Column("workdays_left", Integer, nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("state", String(12), nullable=False),
    Column("error", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("receipts", JSON, nullable=True),
    UniqueConstraint("obligation_key", "level"),
    Index("ix_reminders_sent_unit", "unit", "created_at"),
)

complaints = Table(
    "complaints",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("org_id", Integer, ForeignKey("organizations.id"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("route", String(20), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("office", String(200), nullable=False),
    Column("item_index_no", String(64), nullable=True),
    Column("name", String(100), nullable=True),
    Column("contact", String(200), nullable=True),
    Column("text", Text, nullable=False),
    Column("due", Date, nullable=False),
    Column("reply", Text, nullable=True),
    Column("replied_on", Date, nullable=True),
    Column("replied_by", String(64), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(64), nullable=False),
    Index("ix_complaints_office", "office", "received_on"),
    Index("ix_complaints_org", "org_id", "received_on"),
)
