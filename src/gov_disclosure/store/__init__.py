"""The store: SQLAlchemy tables on SQLite or PostgreSQL, Alembic migrations, bulk writes.

>>> from gov_disclosure.store import Store
>>> store = Store("sqlite:///office.db")   # doctest: +SKIP
>>> store.migrate()                          # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import tables
from .bulk import bulk_insert, insert_tuples
from .engine import Store, make_store_engine, utcnow

if TYPE_CHECKING:
    from . import migrate
    from .blobs import BlobStore
    from .channel_state import StoredChannelState

# imported on first use: Alembic, and the parts that need the domain model (a listing reads
# the tables without them)
_LAZY = {"BlobStore": ".blobs", "StoredChannelState": ".channel_state"}


def __getattr__(name: str) -> Any:
    """``migrate`` (Alembic), ``BlobStore`` and ``StoredChannelState`` load on first use."""
    if name == "migrate":
        return importlib.import_module(".migrate", __name__)
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BlobStore",
    "Store",
    "StoredChannelState",
    "bulk_insert",
    "insert_tuples",
    "make_store_engine",
    "migrate",
    "tables",
    "utcnow",
]
