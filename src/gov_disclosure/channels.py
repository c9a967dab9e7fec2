"""The channel contract (发布渠道): what a publishing plugin implements and what it receives.

A channel is a class with a ``name``, a pydantic ``Settings`` model (read from the config file's
``[channels.<name>]`` table) and three actions, each returning a :class:`Receipt`. The core
never imports a channel: plugins hand classes to it through the ``register_channels`` hook.

Channels receive :class:`PublishedEdition` views (plain data, no database handles) and a
:class:`ChannelContext` that can list the whole live catalogue, for listing pages and indexes.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from .models import (
    Audience,
    DataTable,
    DisclosureMode,
    DocumentKind,
    ItemState,
    Level,
    NoticePeriod,
    WithholdingGround,
)
from .workdays.clock import now_in_china


class Action(StrEnum):
    """What a delivery asks a channel to do."""

    PUBLISH = "publish"
    UPDATE = "update"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"
    REMIND = "remind"
    """A supervision reminder to a responsible office (the ``notify_responsible`` hook)."""


class AttachmentView(BaseModel):
    """An attachment as a channel sees it: ``path`` is the stored file to copy or link."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str
    media_type: str
    size: int
    sha256: str
    path: Path


class PublisherView(BaseModel):
    """The body that publishes, with the facts pages and SMS signatures need."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: int
    name: str
    credit_code: str
    level: Level
    short_name: str | None = None


def validity_of(state: ItemState) -> str:
    """有效性 of an item in ``state`` as catalogues show it."""
    return {
        ItemState.EXPIRED: "已过公示期",
        ItemState.REPEALED: "已废止",
        ItemState.WITHDRAWN: "已撤回",
    }.get(state, "有效")


class PublishedEdition(BaseModel):
    """Everything a channel may show of one item's live edition (the public 公开目录 record)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    item_id: int
    edition: int
    index_no: str
    state: ItemState
    org: PublisherView
    title: str
    summary: str
    body: str
    publisher: str
    doc_number: str | None
    written_on: date
    published_on: date
    topic: str
    column: str
    mode: DisclosureMode
    ground: WithholdingGround | None
    audience: Audience
    responsible_unit: str
    kind: DocumentKind
    urgent: bool
    schedule_kind: str | None = None
    notice_period: NoticePeriod | None = None
    notice_ends_on: date | None = None
    objection_contact: str | None = None
    attachments: tuple[AttachmentView, ...] = ()
    tables: tuple[DataTable, ...] = ()
    interprets: str | None = Field(None, description="索引号 of the policy this explains")
    interpreted_by: tuple[str, ...] = Field((), description="索引号 of its 政策解读")
    replaces_edition: int | None = Field(None, description="set on an update: the edition before")
    withdrawn_reason: str | None = None

    @property
    def slug(self) -> str:
        """A path-safe name derived from the 索引号 (no slashes, no dots at the start)."""
        return safe_slug(self.index_no)

    @property
    def validity(self) -> str:
        """有效性 as catalogues show it."""
        return validity_of(self.state)

    @property
    def is_public(self) -> bool:
        return self.audience is Audience.PUBLIC

    @property
    def notice_starts_on(self) -> date | None:
        """First day of the 公示期: the day after publication (民法典 Art. 201), so "公示期7日"
        published on 3月5日 runs 3月6日至3月12日."""
        if self.notice_ends_on is None:
            return None
        return self.published_on + timedelta(days=1)


_SLUG_BAD = re.compile(r"[^0-9A-Za-z\-_]+")


def safe_slug(text: str) -> str:
    """Reduce any string to ``[0-9A-Za-z_-]`` so it can never name a path outside a folder."""
    slug = _SLUG_BAD.sub("-", text).strip("-_")
    return slug or "item"


class Receipt(BaseModel):
    """What a channel did: where the item went (URL, file, message ids) and any details."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    channel: str
    action: Action
    location: str | None = None
    message_ids: tuple[str, ...] = ()
    details: dict[str, Any] = Field(default_factory=dict)


class ChannelState(ABC):
    """A channel's small key-value store in the database (issue counters, sync marks).

    Values are JSON-serialisable. Several processes may write at once (runs, workers), so
    state they share is kept one row per key: ``add`` stores a key only if it is new (atomic),
    ``items`` lists the keys under a prefix and ``delete`` removes one; ``set`` overwrites a
    whole value (last writer wins: use it only for what one writer owns). ``next_number`` is
    atomic across processes: a number handed out is never handed out again, even if the
    caller later fails.
    """

    @abstractmethod
    def get(self, key: str, default: Any = None) -> Any: ...

    @abstractmethod
    def set(self, key: str, value: Any) -> None: ...

    @abstractmethod
    def add(self, key: str, value: Any) -> bool:
        """Store ``value`` under ``key`` unless the key exists; True when it was added."""

    @abstractmethod
    def items(self, prefix: str) -> dict[str, Any]:
        """Every key starting with ``prefix`` with its value, in key order."""

    @abstractmethod
    def delete(self, key: str) -> None: ...

    @abstractmethod
    def next_number(self, key: str) -> int: ...


class MemoryChannelState(ChannelState):
    """An in-memory :class:`ChannelState` for tests and dry runs."""

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self._data[key] = value

    def add(self, key: str, value: Any) -> bool:
        if key in self._data:
            return False
        self._data[key] = value
        return True

    def items(self, prefix: str) -> dict[str, Any]:
        return {k: self._data[k] for k in sorted(self._data) if k.startswith(prefix)}

    def delete(self, key: str) -> None:
        self._data.pop(key, None)

    def next_number(self, key: str) -> int:
        value = int(self._data.get(key, 0)) + 1
        self._data[key] = value
        return value


def _default_taxonomy() -> dict[str, list[str]]:
    from .taxonomy import DEFAULT_COLUMNS, DEFAULT_TOPICS

    return {"topics": list(DEFAULT_TOPICS), "columns": list(DEFAULT_COLUMNS)}


@dataclass
class ChannelContext:
    """What the core hands a channel at construction.

    ``catalogue()`` returns every live edition (published, expired or repealed; never withdrawn
    or internal unless the channel is internal) for listing pages; ``withdrawn()`` the index
    numbers withdrawn with their reasons; ``state`` is a small key-value store kept in the
    database for this channel (issue counters, sync marks); ``organization`` is the body's
    config table (name, 公开指南 facts: address, hours, phone …) and ``site`` the site-wide
    settings (``base_url`` of the website, used for links from other channels).
    """

    data_dir: Path
    catalogue: Callable[[], Sequence[PublishedEdition]]
    withdrawn: Callable[[], Sequence[tuple[str, str]]] = lambda: ()
    organization: dict[str, Any] = field(default_factory=dict)
    site: dict[str, Any] = field(default_factory=dict)
    state: ChannelState = field(default_factory=MemoryChannelState)
    engine: Any = None
    """The store's SQLAlchemy engine, for channels with tables of their own (SMS subscribers)."""
    now: Callable[[], datetime] = now_in_china
    """The office's clock: aware, in China's zone (``context.now().date()`` is China's date)."""
    taxonomy: dict[str, list[str]] = field(default_factory=_default_taxonomy)
    """The configured ``topics`` (主题分类) and ``columns`` (栏目), in order: catalogues
    list them in this order (default: the core's standard lists)."""
    private_dir: Path | None = None
    """A folder never served to the public, for files holding personal data (the SMS
    outbox); default :meth:`private_folder`."""
    batches: Callable[[int], Iterable[Sequence[PublishedEdition]]] | None = None
    """``batches(size)`` streams the same editions as ``catalogue()``, in the same order,
    ``size`` at a time, without holding them all (the core reads them from the store in
    batches); channels call :meth:`catalogue_batches`, which falls back to ``catalogue()``."""

    def catalogue_batches(self, size: int) -> Iterator[Sequence[PublishedEdition]]:
        """The catalogue ``size`` editions at a time: a full build of a big site walks it
        without having every edition in memory at once."""
        if size < 1:
            raise ValueError(f"batch size must be at least 1, not {size}")
        if self.batches is not None:
            yield from self.batches(size)
            return
        editions = self.catalogue()
        for start in range(0, len(editions), size):
            yield editions[start : start + size]

    def private_folder(self) -> Path:
        """``private_dir``, or ``<data_dir>-private`` beside the output folder."""
        return self.private_dir or self.data_dir.with_name(f"{self.data_dir.name}-private")


class Channel(ABC):
    """Base class of publishing channels. Subclasses set ``name`` and ``Settings``.

    - ``public``: a public channel never receives internal (内部公开) items;
    - ``notice_board``: the item leaves this channel when its 公示期 ends (kiosk, 公开栏),
      whereas the website keeps it marked as expired.
    """

    name: ClassVar[str]
    Settings: ClassVar[type[BaseModel]]
    public: ClassVar[bool] = True
    notice_board: ClassVar[bool] = False
    description: ClassVar[str] = ""

    def __init__(self, settings: BaseModel, context: ChannelContext) -> None:
        self.settings = settings
        self.context = context

    def accepts(self, edition: PublishedEdition) -> bool:
        """Whether this channel takes the edition; internal items never go to public channels."""
        if edition.mode is not DisclosureMode.PROACTIVE:
            return False
        return edition.is_public or not self.public

    @abstractmethod
    def publish(self, edition: PublishedEdition) -> Receipt:
        """Put a newly published edition on the channel."""

    def update(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        """Replace the edition the channel shows with ``edition`` (default: publish again)."""
        return self.publish(edition)

    @abstractmethod
    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        """Take the item off the channel, giving ``reason``."""

    def expire(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        """The 公示期 ended: notice boards take the item down, others mark it expired."""
        if self.notice_board:
            return self.withdraw(edition, "公示期满", previous)
        return self.update(edition, previous)

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (connections, files) after a run."""
