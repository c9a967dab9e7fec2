"""The store: SQLAlchemy tables on SQLite or PostgreSQL, Alembic migrations, bulk writes.

>>> from gov_disclosure.store import Store
>>> store = Store("sqlite:///office.db")   # doctest: +SKIP
>>> store.migrate()                          # doctest: +SKIP
"""

from types import ModuleType

from . import tables
from .blobs import BlobStore
from .bulk import bulk_insert, insert_tuples
from .channel_state import StoredChannelState
from .engine import Store, make_store_engine, utcnow


def __getattr__(name: str) -> ModuleType:
    """``gov_disclosure.store.migrate`` (Alembic) is imported on first use only."""
    if name == "migrate":
        from . import migrate

        return migrate
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
