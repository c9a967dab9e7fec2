"""The facade government software uses: one object per database + config.

Each method is one user action and one transaction (with its audit entries); a refused
attempt (wrong role, own edition) raises and is itself written to the audit log.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy
from sqlalchemy import Connection

from . import anchoring, audit, authority
from .authority import admin as actor_admin
from .channels import Channel, ChannelContext, PublishedEdition
from .config import Config, load_config
from .errors import (
    GovDisclosureError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ReviewBlockedError,
)
from .items import records
from .models import Actor, DisclosureItem, EditionDraft, ItemState, Organization
from .plugins import build_channels, make_plugin_manager, migration_dirs
from .publishing import cycle, outbox, sends
from .publishing.runner import Runner
from .publishing.views import CatalogueCache, edition_view
from .review import approval
from .store.blobs import BlobStore
from .store.channel_state import StoredChannelState
from .store.engine import Store
from .workdays.clock import office_clock, zone

if TYPE_CHECKING:
    from .cli.context import Env


class App:
    """gov_disclosure's entry point: ``App("sqlite:///office.db", config)``."""

    def __init__(
        self,
        db_url: str,
        config: Config | None = None,
        *,
        pm: pluggy.PluginManager | None = None,
        clock: Any = None,
    ) -> None:
        self.config = config or load_config({})
        self._pm = pm
        self.store = Store(db_url, migration_dirs=migration_dirs(self.pm))
        anchoring.use_config(self.store.engine, self.config)  # a keyed audit chain, if set
        self.blobs = BlobStore(self.config.resolve(self.config.storage.files_dir))
        self.clock = office_clock(clock, zone(self.config.calendar.get("time_zone")))
        self._channels: dict[str, Channel] | None = None

    @classmethod
    def from_env(cls, env: Env, *, check_schema: bool = True) -> App:
        """The App of a CLI command; a database that is missing or behind the code is an
        error telling the user to run ``gov-disclosure init``."""
        cfg = load_config(env.config, env.config_file.resolve().parent)
        app = cls(env.db_url, cfg)
        if check_schema:
            from .store.migrate import pending

            if pending(app.store.engine, app.store.migration_dirs):
                raise GovDisclosureError(
                    f"database {env.db_url} is not initialised or older than this version: "
                    "run 'gov-disclosure init'"
                )
        return app

    # --- infrastructure -------------------------------------------------------------------

    @property
    def pm(self) -> pluggy.PluginManager:
        if self._pm is None:
            self._pm = make_plugin_manager(blocked=self.config.plugins.blocked)
        return self._pm

    @functools.cached_property
    def calendar(self) -> Any:
        from .workdays import WorkdayCalendar

        return WorkdayCalendar.from_config(self.config.calendar, self.config.base_dir)

    @functools.cached_property
    def policy(self) -> authority.Policy:
        """Who may do what (:mod:`gov_disclosure.authority`), from the config."""
        return authority.Policy.from_config(self.config)

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

    def init(self, admin: Actor | None = None) -> None:
        """Create or upgrade the schema; register the configured body and actors, and
        ``admin`` as the first administrator (管理员) when there is none yet."""
        self.store.migrate()
        org = self.config.organization
        with self.store.transaction() as conn:
            if org.credit_code and not any(
                o.credit_code == org.credit_code for o in records.list_organizations(conn)
            ):
                records.add_organization(
                    conn,
                    Organization(
                        name=org.name,
                        credit_code=org.credit_code,
                        level=org.level,
                        short_name=org.short_name,
                    ),
                )
            actor_admin.register_configured(conn, self.policy, self.config.actors, admin)

    def today(self) -> date:
        """The office's date (China's, whatever the host's zone)."""
        return self.clock().date()

    @property
    def channels(self) -> dict[str, Channel]:
        if self._channels is None:
            enabled = self.config.channels.get("enabled")
            settings = {k: v for k, v in self.config.channels.items() if k != "enabled"}
            self._channels = build_channels(
                self.pm,
                settings,
                self.channel_context(),
                enabled=enabled,  # type: ignore[arg-type]
                state_factory=lambda name: StoredChannelState(self.store.engine, name),
            )
        return self._channels

    def channel_context(self) -> ChannelContext:
        cache = CatalogueCache(self.store.engine, self.blobs)
        data_dir = self.config.resolve(self.config.storage.data_dir)
        org = self.config.organization.model_dump()
        return ChannelContext(
            data_dir=data_dir,
            catalogue=cache,
            withdrawn=cache.withdrawn,
            organization=org,
            site=self.config.site.model_dump(),
            state=StoredChannelState(self.store.engine, "_shared"),
            engine=self.store.engine,
            now=self.clock,
            private_dir=self.config.resolve(self.config.storage.private_dir),
        )

    # --- records --------------------------------------------------------------------------

    def add_organization(self, org: Organization, actor: str) -> Organization:
        """An administrator registers a body."""
        with self.action(actor) as conn:
            authority.require(conn, self.policy, actor, authority.Action.ORG_ADD)
            return records.add_organization(conn, org, actor)

    def organizations(self) -> list[Organization]:
        with self.store.engine.connect() as conn:
            return records.list_organizations(conn)

    def organization(self, key: int | str) -> Organization:
        with self.store.engine.connect() as conn:
            return records.get_organization(conn, key)

    def add_actor(self, person: Actor, by: str, *, different_person: str | None = None) -> Actor:
        """An administrator (``by``) registers an actor; ``different_person`` is the recorded
        reason when someone with the same name and unit is already registered."""
        with self.action(by) as conn:
            return actor_admin.add_actor(
                conn, self.policy, person, by, different_person=different_person
            )

    def set_actor_roles(
        self, actor_id: str, by: str, *, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()
    ) -> Actor:
        """An administrator grants (``add``) or takes away (``remove``) roles."""
        with self.action(by) as conn:
            return actor_admin.set_roles(conn, self.policy, actor_id, by, add=add, remove=remove)

    def disable_actor(self, actor_id: str, by: str, reason: str) -> Actor:
        """An administrator disables an actor (kept in the record, refused everywhere)."""
        with self.action(by) as conn:
            return actor_admin.disable(conn, self.policy, actor_id, by, reason)

    def actors(self, *, include_disabled: bool = False) -> list[Actor]:
        with self.store.engine.connect() as conn:
            return actor_admin.all_actors(conn, include_disabled=include_disabled)

    def _taxonomy(self) -> dict[str, list[str]]:
        t = self.config.taxonomy
        return {"topics": t.all_topics(), "columns": t.all_columns()}

    def default_org_id(self) -> int:
        orgs = self.organizations()
        code = self.config.organization.credit_code
        for o in orgs:
            if o.credit_code == code:
                return o.id  # type: ignore[return-value]
        if len(orgs) == 1:
            return orgs[0].id  # type: ignore[return-value]
        raise GovDisclosureError("no default body: set [organization] credit_code or pass --org")

    def create_item(
        self,
        draft: EditionDraft,
        author: str,
        org_id: int | None = None,
        index_no: str | None = None,
    ) -> DisclosureItem:
        org_id = org_id or self.default_org_id()
        with self.action(author) as conn:
            authority.require(conn, self.policy, author, authority.Action.ITEM_CREATE)
            return records.create_item(
                conn, org_id, draft, author, index_no=index_no, **self._taxonomy()
            )

    def revise(self, item: int | str, draft: EditionDraft, author: str) -> DisclosureItem:
        with self.action(author) as conn:
            authority.require(conn, self.policy, author, authority.Action.ITEM_EDIT)
            return records.revise(
                conn, records.get_item(conn, item).id, draft, author, **self._taxonomy()
            )

    def item(self, key: int | str) -> DisclosureItem:
        with self.store.engine.connect() as conn:
            return records.get_item(conn, key)

    def edition(self, key: int | str, number: int | None = None) -> Any:
        with self.store.engine.connect() as conn:
            return records.get_edition(conn, records.get_item(conn, key).id, number)

    def published_edition(self, key: int | str) -> PublishedEdition:
        """The live (reviewed, published) edition; NotFoundError when there is none, so no
        caller (a plugin included) can take an unreviewed edition for a published one."""
        with self.store.engine.connect() as conn:
            item = records.get_item(conn, key)
            if item.live_edition is None or item.state is ItemState.WITHDRAWN:
                raise NotFoundError("published edition of item", item.index_no)
            return edition_view(conn, item.id, item.live_edition, self.blobs)

    def preview_edition(self, key: int | str) -> PublishedEdition:
        """The newest edition as channels would see it, whatever its state: for previews
        only (``sms preview``); sending goes through :meth:`authorize_send`."""
        with self.store.engine.connect() as conn:
            item = records.get_item(conn, key)
            return edition_view(conn, item.id, item.current_edition, self.blobs)

    def authorize_send(
        self,
        channel: str,
        actor: str,
        item: int | str | None = None,
        *,
        emergency: str | None = None,
        quiet_hours: Any = None,
    ) -> sends.SendPermit:
        """Check (role, live edition, quiet hours) and audit a send outside the pipeline
        (:func:`gov_disclosure.publishing.sends.authorize_send`)."""
        return sends.authorize_send(
            self, channel, actor, item, emergency=emergency, quiet_hours=quiet_hours
        )

    def record_send(self, permit: sends.SendPermit, outcome: dict[str, Any]) -> None:
        """Audit the outcome of an authorised send."""
        sends.record_send(self, permit, outcome)

    @functools.cached_property
    def applications(self) -> Any:
        """The 依申请公开 service (:class:`gov_disclosure.applications.ApplicationService`)."""
        from .applications import ApplicationService

        return ApplicationService(self)

    # --- review ---------------------------------------------------------------------------

    @functools.cached_property
    def screener(self) -> Any:
        """The screener: built-in rules, configured dictionaries and plugin rules (cached)."""
        from .review import Screener, keep_numbers_of

        dicts = [self.config.resolve(p) for p in self.config.review.dictionaries]
        keep = keep_numbers_of(self.config)
        return Screener.from_plugins(self.pm, dictionaries=dicts, keep_numbers=keep)

    def screen_findings(self, key: int | str) -> list[dict[str, Any]]:
        """Screen the newest edition (title, summary, body, tables, every attachment)."""
        from .review import screen_edition

        screening = screen_edition(self.screener, self.edition(key), self.blobs.open_path)
        return [f.to_dict() for f in screening.findings]

    def submit(self, key: int | str, actor: str) -> DisclosureItem:
        findings = self.screen_findings(key)
        with self.action(actor) as conn:
            authority.require(conn, self.policy, actor, authority.Action.REVIEW_SUBMIT)
            return approval.submit(conn, records.get_item(conn, key).id, actor, findings)

    def approve(self, key: int | str, actor: str) -> DisclosureItem:
        """Approve the next stage; after the last one the item is published (or scheduled)."""
        with self.action(actor) as conn:
            item_id = records.get_item(conn, key).id
            item, last = approval.approve(
                conn, item_id, actor, self.config.review.stages, policy=self.policy
            )
            if last:
                item = self._masked_if_overridden(conn, item)
                item = self._publish_if_due(conn, item, actor)
            return item

    def _masked_if_overridden(self, conn: Connection, item: DisclosureItem) -> DisclosureItem:
        from .review import keep_numbers_of
        from .review.publication import mask_overridden

        keep = keep_numbers_of(self.config)
        stages = self.config.review.stages
        return mask_overridden(conn, item, blobs=self.blobs, keep=keep, stages=stages)

    def approve_clear(self, key: int | str, actor: str, finding: int, reason: str) -> None:
        """A second 保密审查员 approves publishing an overridden personal-data finding in clear
        (without it, the edition is published masked)."""
        from .review.publication import approve_clear

        review = self.config.review
        with self.action(actor) as conn:
            item_id = records.get_item(conn, key).id
            approve_clear(
                conn, item_id, actor, finding, reason, review.override_role, review.stages
            )

    def mask_item(self, key: int | str, actor: str) -> DisclosureItem:
        """A new edition with personal data masked in every text and attachment (masked
        copies in their own formats; the originals stay in the file store)."""
        from .review import keep_numbers_of
        from .review.mask_edition import masked_draft

        masked = masked_draft(self.edition(key), self.blobs, keep_numbers_of(self.config))
        if not masked.masked:
            raise InvalidInputError("item", "没有需要遮盖的个人信息 (nothing to mask)", key)
        return self.revise(key, masked.draft, actor)

    def reject(self, key: int | str, actor: str, reason: str) -> DisclosureItem:
        with self.action(actor) as conn:
            return approval.reject(
                conn,
                records.get_item(conn, key).id,
                actor,
                reason,
                self.config.review.stages,
                policy=self.policy,
            )

    def override(self, key: int | str, actor: str, finding: int, reason: str) -> None:
        with self.action(actor) as conn:
            approval.override(
                conn,
                records.get_item(conn, key).id,
                actor,
                finding,
                reason,
                self.config.review.override_role,
                self.config.review.stages,
                policy=self.policy,
            )

    def review_status(self, key: int | str) -> approval.ReviewStatus:
        with self.store.engine.connect() as conn:
            return approval.status(conn, records.get_item(conn, key).id, self.config.review.stages)

    def review_queue(self, actor: str) -> list[approval.ReviewStatus]:
        with self.store.engine.connect() as conn:
            return approval.queue(conn, actor, self.config.review.stages)

    # --- publishing -----------------------------------------------------------------------

    def _publish_if_due(self, conn: Connection, item: DisclosureItem, actor: str) -> DisclosureItem:
        return cycle.publish_if_due(self, conn, item, actor)

    def _require_final_stage_role(
        self, conn: Connection, actor: str, action: authority.Action, reason: str
    ) -> None:
        """撤回 and 废止 need the role of a last review stage, and a reason."""
        authority.require(conn, self.policy, actor, action)
        if not reason.strip():
            raise InvalidInputError("reason", f"{action.label}需要理由 a reason is required")

    def withdraw(self, key: int | str, actor: str, reason: str) -> DisclosureItem:
        """撤回 from every channel that has the item."""
        with self.action(actor) as conn:
            self._require_final_stage_role(conn, actor, authority.Action.ITEM_WITHDRAW, reason)
            item_id = records.get_item(conn, key).id
            return outbox.withdraw(conn, item_id, actor, reason, now=self.utc_now())

    def repeal(self, key: int | str, actor: str, reason: str) -> DisclosureItem:
        """已废止: kept in the catalogue, marked, on every channel that has it."""
        with self.action(actor) as conn:
            self._require_final_stage_role(conn, actor, authority.Action.ITEM_REPEAL, reason)
            item_id = records.get_item(conn, key).id
            return outbox.repeal(conn, item_id, actor, reason, now=self.utc_now())

    def runner(self, worker: str = "local") -> Runner:
        return Runner(
            self.store,
            self.channels,
            self.blobs,
            self.config.publishing,
            pm=self.pm,
            worker=worker,
            clock=self.utc_now,
        )

    def utc_now(self) -> datetime:
        """The app's clock in UTC, as every timestamp is stored."""
        return self.clock().astimezone(UTC)

    def run(self, progress: Any = None) -> dict[str, Any]:
        """All due work once (:func:`gov_disclosure.publishing.cycle.run_due_work`)."""
        return cycle.run_due_work(self, progress)

    def files_dir(self) -> Path:
        return self.blobs.root

    # --- reads for the doors (CLI, HTTP) ----------------------------------------------------

    def catalogue(self, **filters: Any) -> list[Any]:
        """The 公开目录 query (:func:`gov_disclosure.items.queries.catalogue`)."""
        from .items.queries import catalogue

        with self.store.engine.connect() as conn:
            return catalogue(conn, **filters)

    def deliveries(self, **filters: Any) -> list[dict[str, Any]]:
        """Outbox rows (:func:`gov_disclosure.publishing.listing.list_deliveries`)."""
        from .publishing.listing import list_deliveries

        with self.store.engine.connect() as conn:
            return list_deliveries(conn, **filters)

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


def refusal_payload(exc: GovDisclosureError) -> dict[str, Any]:
    """What a ``refused`` audit entry records: the action, the reason and its kind."""
    if isinstance(exc, PermissionDeniedError):
        return {"action": exc.action, "reason": exc.reason, "kind": exc.kind}
    if isinstance(exc, ReviewBlockedError):
        return {"action": "review.approve", "reason": str(exc), "kind": "blocked_review"}
    assert isinstance(exc, IllegalTransitionError)
    return {"action": exc.action, "reason": str(exc), "kind": "illegal_transition"}
