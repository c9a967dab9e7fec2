"""The HTTP service's own tables, on the core ``metadata`` (created by Alembic revision
``http_0001``, branch ``http``).

- ``api_tokens``: bearer tokens bound to actors; only the SHA-256 of the secret is kept;
- ``idempotency_keys``: the first response to a POST sent with an ``Idempotency-Key``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from ..store.tables import metadata

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_id", String(64), ForeignKey("actors.id"), nullable=False),
    Column("secret_sha256", String(64), nullable=False, unique=True),
    Column("hint", String(16), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("revoked_by", String(64), nullable=True),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_id", String(64), nullable=False),
    Column("key", String(200), nullable=False),
    Column("request_sha256", String(64), nullable=False),
    Column("status", Integer, nullable=True),
    Column("response", JSON, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("actor_id", "key"),
)
