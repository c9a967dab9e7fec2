"""The kernel: the office every domain service works in.

One object per database and config holding what all services share: the store, the config,
China's clock, the working-day calendar, the file store, the plugin manager, the channels
(built lazily, each on its own) and the audited transaction. It knows no domain: the services
(items, review, publishing, applications, supervision, reports) sit above it, and nothing in
it reaches up to them or to :class:`gov_disclosure.app.App`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy
from sqlalchemy import Connection

from . import anchoring, audit
from .authority.table import Policy
from .channels import Channel, ChannelContext
from .config import Config, load_config
from .errors import (
    GovDisclosureError,
    IllegalTransitionError,
    PermissionDeniedError,
    ReviewBlockedError,
)
from .plugins import build_channels, make_plugin_manager, migration_dirs
from .publishing.views import CatalogueCache
from .store.blobs import BlobStore
from .store.channel_state import StoredChannelState
from .store.engine import Store
from .workdays.clock import office_clock, zone

if TYPE_CHECKING:
    from .workdays import WorkdayCalendar

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware (China's time unless a test injects another)."""


class Kernel:
    """The office: ``Kernel("sqlite:///office.db", config)``; services take it."""

    def __init__(
        self,
        db_url: str,
        config: Config | None = None,
        *,
        pm: pluggy.PluginManager | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.config = config or load_config({})
        self._pm = pm
        # plugins are loaded when first needed (a listing needs none of them)
        self.store = Store(db_url, migration_dirs=lambda: migration_dirs(self.pm))
        anchoring.use_config(self.store.engine, self.config)  # a keyed audit chain, if set
        self.blobs = BlobStore(self.config.resolve(self.config.storage.files_dir))
        self.clock: Clock = office_clock(clock, zone(self.config.calendar.get("time_zone")))
        self._channels: dict[str, Channel] | None = None
        self._broken: dict[str, Exception] = {}

    # --- the office's parts ---------------------------------------------------------------

    @property
    def pm(self) -> pluggy.PluginManager:
        """The plugin manager (built on first use, honouring ``[plugins] blocked``)."""
        if self._pm is None:
            self._pm = make_plugin_manager(blocked=self.config.plugins.blocked)
        return self._pm

    @functools.cached_property
    def policy(self) -> Policy:
        """Who may do what (:mod:`gov_disclosure.authority`), from the config."""
        return Policy.from_config(self.config)

    @functools.cached_property
    def calendar(self) -> WorkdayCalendar:
        """The working-day calendar built from ``[calendar]``."""
        from .workdays import WorkdayCalendar

        return WorkdayCalendar.from_config(self.config.calendar, self.config.base_dir)

    def today(self) -> date:
        """The office's date (China's, whatever the host's zone)."""
        return self.clock().date()

    def utc_now(self) -> datetime:
        """The clock in UTC, as every timestamp is stored."""
        return self.clock().astimezone(UTC)

    def files_dir(self) -> Path:
        return self.blobs.root

    # --- the audited transaction ----------------------------------------------------------

    @contextmanager
    def action(self, actor: str) -> Iterator[Connection]:
        """A transaction; a refused attempt (no authority, a blocked review, an illegal
        transition) is logged as ``refused`` in a transaction of its own."""
        try:
            with self.store.transaction() as conn:
                yield conn
        except (PermissionDeniedError, IllegalTransitionError, ReviewBlockedError) as exc:
            with self.store.transaction() as conn:
                audit.append(conn, actor, "refused", f"actor:{actor}", refusal_payload(exc))
            raise

    # --- the audit log --------------------------------------------------------------------

    def audit_entries(self, subject: str | None = None, limit: int = 100) -> list[Any]:
        """Newest audit-log entries, optionally of one subject (``item:12``)."""
        with self.store.engine.connect() as conn:
            return audit.entries(conn, subject, limit)

    def verify_audit(self, anchor: Any = None) -> Any:
        """Check the audit log's hash chain against the anchor journal (and ``anchor``)
        (:func:`gov_disclosure.anchoring.verify_all`)."""
        with self.store.engine.connect() as conn:
            return anchoring.verify_all(conn, self.config, anchor)

    def anchor_audit(self) -> Any:
        """Append the audit log's head to the anchor journal (``run`` and ``worker`` do)."""
        with self.store.engine.connect() as conn:
            return anchoring.anchor_now(self.config, conn)

    # --- channels -------------------------------------------------------------------------

    @property
    def channels(self) -> dict[str, Channel]:
        """Every enabled channel, built; the first one that cannot be built raises."""
        built, broken = self.channel_set()
        if broken:
            raise next(iter(broken.values()))
        return built

    def channel_set(self) -> tuple[dict[str, Channel], dict[str, Exception]]:
        """The enabled channels that could be built, and why each other one could not.

        A channel that cannot be built (a bad setting, missing credentials) does not stop the
        others; the publishing runner fails that channel's deliveries with the reason.
        """
        if self._channels is None:
            enabled = self.config.channels.get("enabled")
            settings = {k: v for k, v in self.config.channels.items() if k != "enabled"}
            broken: dict[str, Exception] = {}
            self._channels = build_channels(
                self.pm,
                settings,
                self.channel_context(),
                enabled=enabled,  # type: ignore[arg-type]
                state_factory=lambda name: StoredChannelState(self.store.engine, name),
                errors=broken,
            )
            self._broken = broken
        return self._channels, self._broken

    def channel_context(self) -> ChannelContext:
        """What a channel is built with: data folder, catalogue, organization, state, clock."""
        cache = CatalogueCache(self.store.engine, self.blobs)
        data_dir = self.config.resolve(self.config.storage.data_dir)
        org = self.config.organization.model_dump()
        return ChannelContext(
            data_dir=data_dir,
            catalogue=cache,
            batches=cache.batches,
            withdrawn=cache.withdrawn,
            organization=org,
            site=self.config.site.model_dump(),
            state=StoredChannelState(self.store.engine, "_shared"),
            engine=self.store.engine,
            now=self.clock,
            private_dir=self.config.resolve(self.config.storage.private_dir),
            taxonomy={
                "topics": self.config.taxonomy.all_topics(),
                "columns": self.config.taxonomy.all_columns(),
            },
        )

    # --- schema ---------------------------------------------------------------------------

    def check_schema(self) -> None:
        """Raise when the database is missing or older than the code."""
        from sqlalchemy.exc import SQLAlchemyError

        from .errors import DatabaseError
        from .i18n import N_
        from .store.migrate import pending

        try:
            behind = pending(self.store.engine, self.store.migration_dirs)
        except SQLAlchemyError as exc:
            raise DatabaseError(
                self.store.engine.url.render_as_string(hide_password=True),
                N_("cannot be opened as a database"),
                type(getattr(exc, "orig", None) or exc).__name__,
            ) from None
        if behind:
            raise DatabaseError(
                self.store.engine.url.render_as_string(hide_password=True),
                N_("is not initialised or older than this version"),
                N_("run 'gov-disclosure init'"),
            )


def refusal_payload(exc: GovDisclosureError) -> dict[str, Any]:
    """What a ``refused`` audit entry records: the action, the reason and its kind."""
    if isinstance(exc, PermissionDeniedError):
        return {"action": exc.action, "reason": exc.reason, "kind": exc.kind}
    if isinstance(exc, ReviewBlockedError):
        return {"action": "review.approve", "reason": str(exc), "kind": "blocked_review"}
    assert isinstance(exc, IllegalTransitionError)
    return {"action": exc.action, "reason": str(exc), "kind": "illegal_transition"}
