"""gov_disclosure: 政务公开 / 政府信息公开 in code.

The public API is re-exported here; plugins import only from ``gov_disclosure``.
"""

from .errors import (
    AuditIntegrityError,
    CalendarNotCoveredError,
    ChannelError,
    ConfigError,
    ConflictError,
    EncodingError,
    GovDisclosureError,
    IdentifierError,
    IllegalTransitionError,
    ImportRowsError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    PluginError,
    ReviewBlockedError,
)
from .hookspecs import hookimpl

__version__ = "0.1.0"

__all__ = [
    "AuditIntegrityError",
    "CalendarNotCoveredError",
    "ChannelError",
    "ConfigError",
    "ConflictError",
    "EncodingError",
    "GovDisclosureError",
    "IdentifierError",
    "IllegalTransitionError",
    "ImportRowsError",
    "InvalidInputError",
    "NotFoundError",
    "PermissionDeniedError",
    "PluginError",
    "ReviewBlockedError",
    "__version__",
    "hookimpl",
]
