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

_LAZY = {
    "App": ("app", "App"),
    "WorkdayCalendar": ("workdays", "WorkdayCalendar"),
    "Deadline": ("workdays", "Deadline"),
    "default_calendar": ("workdays", "default_calendar"),
    "today_in_china": ("workdays", "today_in_china"),
    "Channel": ("channels", "Channel"),
    "ChannelContext": ("channels", "ChannelContext"),
    "PublishedEdition": ("channels", "PublishedEdition"),
    "Receipt": ("channels", "Receipt"),
    "screen": ("review", "screen"),
    "mask": ("review", "mask"),
}


def __getattr__(name: str) -> object:
    """Heavier parts of the API are imported on first use (``gov_disclosure.App`` …)."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'gov_disclosure' has no attribute {name!r}")


__all__ = [
    "App",
    "AuditIntegrityError",
    "CalendarNotCoveredError",
    "Channel",
    "ChannelContext",
    "ChannelError",
    "ConfigError",
    "ConflictError",
    "Deadline",
    "EncodingError",
    "GovDisclosureError",
    "IdentifierError",
    "IllegalTransitionError",
    "ImportRowsError",
    "InvalidInputError",
    "NotFoundError",
    "PermissionDeniedError",
    "PluginError",
    "PublishedEdition",
    "Receipt",
    "ReviewBlockedError",
    "WorkdayCalendar",
    "__version__",
    "default_calendar",
    "hookimpl",
    "mask",
    "screen",
    "today_in_china",
]
