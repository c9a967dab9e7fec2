"""The facade government software uses: one object per database + config.

``App`` assembles the domain services over one :class:`~gov_disclosure.kernel.Kernel` and
keeps the methods the Python API has always had, each delegating to its service. Each method
that changes something is one user action and one transaction (with its audit entries); a
refused attempt (wrong role, own edition) raises and is itself written to the audit log.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy
from sqlalchemy import Connection

from .authority.table import Policy
from .channels import Channel, ChannelContext, PublishedEdition
from .config import Config
from .items.service import ItemsService
from .kernel import Clock, Kernel, refusal_payload
from .models import Actor, DisclosureItem, Edition, EditionDraft, Organization
from .publishing.runner import Runner
from .publishing.sends import SendPermit
from .publishing.service import PublishingService
from .review import approval
from .review.service import ReviewService
from .store.blobs import BlobStore
from .store.engine import Store

if TYPE_CHECKING:
    from .applications import ApplicationService
    from .reports.service import ReportsService
    from .review.mask_edition import MaskedEdition
    from .review.screener import Screener
    from .supervision.service import SupervisionService
    from .workdays import WorkdayCalendar


class App:
    """gov_disclosure's entry point: ``App("sqlite:///office.db", config)``.

    The services: ``items``, ``review``, ``publishing``, ``applications``, ``supervision``,
    ``reports``; the office they share: ``kernel``.
    """

    def __init__(
        self,
        db_url: str,
        config: Config | None = None,
        *,
        pm: pluggy.PluginManager | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.kernel = Kernel(db_url, config, pm=pm, clock=clock)
        self.items = ItemsService(self.kernel)
        self.publishing = PublishingService(self.kernel)
        self.review = ReviewService(self.kernel, self.publishing, self.items)

    @functools.cached_property
    def applications(self) -> ApplicationService:
        """The 依申请公开 service (:class:`gov_disclosure.applications.ApplicationService`)."""
        from .applications import ApplicationService

        return ApplicationService(self.kernel)

    @functools.cached_property
    def supervision(self) -> SupervisionService:
        """The 监督考核 service (obligations, reminders, complaints, scorecard)."""
        from .supervision.service import SupervisionService

        return SupervisionService(self.kernel)

    @functools.cached_property
    def reports(self) -> ReportsService:
        """The 年度报告 service (annual report, its publication, the archive)."""
        from .reports.service import ReportsService

        return ReportsService(self.kernel, self.items)

    # --- the office (the kernel's parts) --------------------------------------------------

    @property
    def config(self) -> Config:
        return self.kernel.config

    @property
    def store(self) -> Store:
        return self.kernel.store

    @property
    def blobs(self) -> BlobStore:
        return self.kernel.blobs

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.kernel.clock

    @property
    def pm(self) -> pluggy.PluginManager:
        return self.kernel.pm

    @property
    def calendar(self) -> WorkdayCalendar:
        return self.kernel.calendar

    @property
    def policy(self) -> Policy:
        """Who may do what (:mod:`gov_disclosure.authority`), from the config."""
        return self.kernel.policy

    @property
    def channels(self) -> dict[str, Channel]:
        return self.kernel.channels

    def channel_set(self) -> tuple[dict[str, Channel], dict[str, Exception]]:
        """The channels that could be built, and why each other one could not."""
        return self.kernel.channel_set()

    def channel_context(self) -> ChannelContext:
        return self.kernel.channel_context()

    def action(self, actor: str) -> AbstractContextManager[Connection]:
        """A transaction; a refused attempt (no authority, a blocked review, an illegal
        transition) is logged as ``refused`` in a transaction of its own."""
        return self.kernel.action(actor)

    def today(self) -> date:
        return self.kernel.today()

    def utc_now(self) -> datetime:
        """The app's clock in UTC, as every timestamp is stored."""
        return self.kernel.utc_now()

    def files_dir(self) -> Path:
        return self.kernel.files_dir()

    def init(self, admin: Actor | None = None) -> None:
        """Create or upgrade the schema; register the configured body and actors, and
        ``admin`` as the first administrator (管理员) when there is none yet."""
        self.store.migrate(self.config.organization.model_dump(mode="json"))
        self.items.register_configured(admin)

    # --- records --------------------------------------------------------------------------

    def add_organization(self, org: Organization, actor: str) -> Organization:
        """An administrator registers a body."""
        return self.items.add_organization(org, actor)

    def edit_organization(self, key: int | str, actor: str, **changes: Any) -> Organization:
        """An administrator edits a body (audited ``org.edit``)."""
        return self.items.edit_organization(key, actor, **changes)

    def disable_organization(self, key: int | str, actor: str, reason: str) -> Organization:
        """An administrator disables a body: no new records, its history stays."""
        return self.items.disable_organization(key, actor, reason)

    def organizations(self, level: str | None = None) -> list[Organization]:
        return self.items.organizations(level)

    def organization(self, key: int | str) -> Organization:
        return self.items.organization(key)

    def add_actor(self, person: Actor, by: str, *, different_person: str | None = None) -> Actor:
        """An administrator (``by``) registers an actor; ``different_person`` is the recorded
        reason when someone with the same name and unit is already registered."""
        return self.items.add_actor(person, by, different_person=different_person)

    def set_actor_roles(
        self, actor_id: str, by: str, *, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()
    ) -> Actor:
        """An administrator grants (``add``) or takes away (``remove``) roles."""
        return self.items.set_actor_roles(actor_id, by, add=add, remove=remove)

    def disable_actor(self, actor_id: str, by: str, reason: str) -> Actor:
        """An administrator disables an actor (kept in the record, refused everywhere)."""
        return self.items.disable_actor(actor_id, by, reason)

    def actors(self, *, include_disabled: bool = False) -> list[Actor]:
        return self.items.actors(include_disabled=include_disabled)

    def default_org_id(self, actor: str | None = None) -> int:
        return self.items.default_org_id(actor)

    def create_item(
        self,
        draft: EditionDraft,
        author: str,
        org_id: int | str | None = None,
        index_no: str | None = None,
    ) -> DisclosureItem:
        return self.items.create_item(draft, author, org_id, index_no)

    def revise(self, item: int | str, draft: EditionDraft, author: str) -> DisclosureItem:
        return self.items.revise(item, draft, author)

    def item(self, key: int | str) -> DisclosureItem:
        return self.items.item(key)

    def edition(self, key: int | str, number: int | None = None) -> Edition:
        return self.items.edition(key, number)

    def published_edition(self, key: int | str) -> PublishedEdition:
        """The live (reviewed, published) edition; NotFoundError when there is none."""
        return self.items.published_edition(key)

    def preview_edition(self, key: int | str) -> PublishedEdition:
        """The newest edition as channels would see it, whatever its state (previews only)."""
        return self.items.preview_edition(key)

    # --- review ---------------------------------------------------------------------------

    @property
    def screener(self) -> Screener:
        return self.review.screener

    def screen_findings(self, key: int | str) -> list[dict[str, Any]]:
        return self.review.screen_findings(key)

    def submit(self, key: int | str, actor: str) -> DisclosureItem:
        return self.review.submit(key, actor)

    def approve(self, key: int | str, actor: str) -> DisclosureItem:
        """Approve the next stage; after the last one the item is published (or scheduled)."""
        return self.review.approve(key, actor)

    def approve_clear(self, key: int | str, actor: str, finding: int, reason: str) -> None:
        """A second 保密审查员 approves publishing an overridden personal-data finding in clear
        (without it, the edition is published masked)."""
        self.review.approve_clear(key, actor, finding, reason)

    def mask_item(self, key: int | str, actor: str) -> MaskedEdition:
        """A new edition with personal data masked in every text and attachment."""
        return self.review.mask_item(key, actor)

    def reject(self, key: int | str, actor: str, reason: str) -> DisclosureItem:
        return self.review.reject(key, actor, reason)

    def override(self, key: int | str, actor: str, finding: int, reason: str) -> None:
        self.review.override(key, actor, finding, reason)

    def review_status(self, key: int | str) -> approval.ReviewStatus:
        return self.review.status(key)

    def review_queue(self, actor: str) -> list[approval.ReviewStatus]:
        return self.review.queue(actor)

    # --- publishing -----------------------------------------------------------------------

    def withdraw(self, key: int | str, actor: str, reason: str) -> DisclosureItem:
        """撤回 from every channel that has the item."""
        return self.publishing.withdraw(key, actor, reason)

    def repeal(self, key: int | str, actor: str, reason: str) -> DisclosureItem:
        """已废止: kept in the catalogue, marked, on every channel that has it."""
        return self.publishing.repeal(key, actor, reason)

    def authorize_send(
        self,
        channel: str,
        actor: str,
        item: int | str | None = None,
        *,
        emergency: str | None = None,
        quiet_hours: Any = None,
    ) -> SendPermit:
        """Check (role, live edition, quiet hours) and audit a send outside the pipeline
        (:func:`gov_disclosure.publishing.sends.authorize_send`)."""
        return self.publishing.authorize_send(
            channel, actor, item, emergency=emergency, quiet_hours=quiet_hours
        )

    def record_send(self, permit: SendPermit, outcome: dict[str, Any]) -> None:
        """Audit the outcome of an authorised send."""
        self.publishing.record_send(permit, outcome)

    def runner(self, worker: str = "local") -> Runner:
        return self.publishing.runner(worker)

    def run(self, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
        """All due work once (:func:`gov_disclosure.publishing.cycle.run_due_work`)."""
        return self.publishing.run(progress)

    # --- reads for the doors (CLI, HTTP) ----------------------------------------------------

    def catalogue(self, **filters: Any) -> list[Any]:
        """The 公开目录 query (:func:`gov_disclosure.items.queries.catalogue`)."""
        return self.items.catalogue(**filters)

    def deliveries(self, **filters: Any) -> list[dict[str, Any]]:
        """Outbox rows (:func:`gov_disclosure.publishing.listing.list_deliveries`)."""
        return self.publishing.deliveries(**filters)

    def audit_entries(self, subject: str | None = None, limit: int = 100) -> list[Any]:
        """Newest audit-log entries, optionally of one subject (``item:12``)."""
        return self.kernel.audit_entries(subject, limit)

    def verify_audit(self, anchor: Any = None) -> Any:
        """Check the audit log's hash chain against the anchor journal (and ``anchor``)."""
        return self.kernel.verify_audit(anchor)

    def anchor_audit(self) -> Any:
        """Append the audit log's head to the anchor journal (``run`` and ``worker`` do)."""
        return self.kernel.anchor_audit()


__all__ = ["App", "refusal_payload"]
