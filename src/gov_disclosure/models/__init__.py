"""The domain model: small modules, one subject each."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .enums import (
    Audience,
    DisclosureMode,
    DocumentKind,
    ItemClass,
    ItemState,
    Level,
    Retention,
)
from .grounds import WithholdingGround

if TYPE_CHECKING:
    from .item import Attachment, DataTable, DisclosureItem, Edition, EditionDraft
    from .organization import Actor, Organization
    from .schedule import (
        ImmediateSchedule,
        NoticePeriod,
        Period,
        PeriodicSchedule,
        Schedule,
        StandingSchedule,
    )

# the pydantic models are built on first use: a command that only lists (or a module that
# only needs the enums) does not pay for pydantic's model machinery
_LAZY = {
    **dict.fromkeys(
        ("Attachment", "DataTable", "DisclosureItem", "Edition", "EditionDraft"), "item"
    ),
    **dict.fromkeys(("Actor", "Organization"), "organization"),
    **dict.fromkeys(
        (
            "ImmediateSchedule",
            "NoticePeriod",
            "Period",
            "PeriodicSchedule",
            "Schedule",
            "StandingSchedule",
        ),
        "schedule",
    ),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Actor",
    "Attachment",
    "Audience",
    "DataTable",
    "DisclosureItem",
    "DisclosureMode",
    "DocumentKind",
    "Edition",
    "EditionDraft",
    "ImmediateSchedule",
    "ItemClass",
    "ItemState",
    "Level",
    "NoticePeriod",
    "Organization",
    "Period",
    "PeriodicSchedule",
    "Retention",
    "Schedule",
    "StandingSchedule",
    "WithholdingGround",
]
