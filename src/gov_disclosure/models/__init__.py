"""The domain model: small modules, one subject each."""

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
