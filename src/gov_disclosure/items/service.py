"""The items service: bodies, people, items and their editions, over the kernel."""

from __future__ import annotations

from typing import Any

from .. import authority
from ..authority import admin as actor_admin
from ..bodies import records as bodies
from ..bodies import resolve
from ..bodies.columns import record_columns
from ..channels import PublishedEdition
from ..errors import NotFoundError
from ..kernel import Kernel
from ..models import Actor, DisclosureItem, Edition, EditionDraft, ItemState, Organization
from ..models.grounds import WithholdingGround
from ..publishing.views import edition_view
from . import lifecycle_ops, records


class ItemsService:
    """Create, revise and read disclosure items; register bodies and people."""

    def __init__(self, kernel: Kernel) -> None:
        self.kernel = kernel

    def register_configured(self, admin: Actor | None = None) -> None:
        """Register the configured body (``[organization]``) and people (``[[actors]]``), and
        ``admin`` as the first administrator (管理员) when there is none yet."""
        config = self.kernel.config
        org = config.organization
        with self.kernel.store.transaction() as conn:
            new = bool(org.credit_code) and not any(
                o.credit_code == org.credit_code.upper()  # type: ignore[union-attr]
                for o in bodies.list_organizations(conn)
            )
            if new:
                bodies.add_organization(
                    conn,
                    Organization(
                        name=org.name,
                        credit_code=org.credit_code,
                        level=org.level,
                        short_name=org.short_name,
                    ),
                    now=self.kernel.utc_now(),
                )
            home = resolve.configured_body(conn, config)
            if home is not None and home.id is not None:  # a column added later: from today
                added = None if new else self.kernel.today()
                record_columns(conn, home.id, config.taxonomy.all_columns(), added)
            actor_admin.register_configured(conn, self.kernel.policy, config.actors, admin)

    # --- bodies and people ----------------------------------------------------------------

    def add_organization(self, org: Organization, actor: str) -> Organization:
        """An administrator registers a body."""
        with self.kernel.action(actor) as conn:
            authority.require(conn, self.kernel.policy, actor, authority.Action.ORG_ADD)
            return bodies.add_organization(conn, org, actor, now=self.kernel.utc_now())

    def edit_organization(self, key: int | str, actor: str, **changes: Any) -> Organization:
        """An administrator changes a body's name, short name, level, parent (``parent_id``),
        复议机关 (``review_body``) or start date (``started_on``); audited as ``org.edit``."""
        with self.kernel.action(actor) as conn:
            authority.require(conn, self.kernel.policy, actor, authority.Action.ORG_EDIT)
            return bodies.edit_organization(conn, key, changes, actor, self.kernel.utc_now())

    def disable_organization(self, key: int | str, actor: str, reason: str) -> Organization:
        """An administrator disables a body: no new records, its history stays."""
        with self.kernel.action(actor) as conn:
            authority.require(conn, self.kernel.policy, actor, authority.Action.ORG_DISABLE)
            return bodies.disable_organization(conn, key, actor, reason, self.kernel.utc_now())

    def organizations(self, level: str | None = None) -> list[Organization]:
        """Every registered body (of one ``level``: 县级政府, 县级部门, 乡镇, 村(居))."""
        with self.kernel.store.engine.connect() as conn:
            return bodies.list_organizations(conn, level)

    def organization(self, key: int | str) -> Organization:
        with self.kernel.store.engine.connect() as conn:
            return bodies.get_organization(conn, key)

    def add_actor(self, person: Actor, by: str, *, different_person: str | None = None) -> Actor:
        """An administrator (``by``) registers an actor; ``different_person`` is the recorded
        reason when someone with the same name and unit is already registered."""
        with self.kernel.action(by) as conn:
            return actor_admin.add_actor(
                conn, self.kernel.policy, person, by, different_person=different_person
            )

    def set_actor_roles(
        self, actor_id: str, by: str, *, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()
    ) -> Actor:
        """An administrator grants (``add``) or takes away (``remove``) roles."""
        with self.kernel.action(by) as conn:
            return actor_admin.set_roles(
                conn, self.kernel.policy, actor_id, by, add=add, remove=remove
            )

    def disable_actor(self, actor_id: str, by: str, reason: str) -> Actor:
        """An administrator disables an actor (kept in the record, refused everywhere)."""
        with self.kernel.action(by) as conn:
            return actor_admin.disable(conn, self.kernel.policy, actor_id, by, reason)

    def actors(self, *, include_disabled: bool = False) -> list[Actor]:
        with self.kernel.store.engine.connect() as conn:
            return actor_admin.all_actors(conn, include_disabled=include_disabled)

    def default_org_id(self, actor: str | None = None) -> int:
        """The default body's id: the actor's unit when it is a registered body, else the
        configured body (or the only one)."""
        with self.kernel.store.engine.connect() as conn:
            found = resolve.default_body(conn, self.kernel.config, actor).id
        assert found is not None
        return found

    # --- items ----------------------------------------------------------------------------

    def taxonomy(self) -> dict[str, list[str]]:
        t = self.kernel.config.taxonomy
        return {"topics": t.all_topics(), "columns": t.all_columns()}

    def create_item(
        self,
        draft: EditionDraft,
        author: str,
        org_id: int | str | None = None,
        index_no: str | None = None,
    ) -> DisclosureItem:
        with self.kernel.action(author) as conn:
            authority.require(conn, self.kernel.policy, author, authority.Action.ITEM_CREATE)
            body_id = resolve.new_record_org_id(conn, self.kernel.config, org_id, author)
            return records.create_item(
                conn, body_id, draft, author, index_no=index_no, **self.taxonomy()
            )

    def revise(self, item: int | str, draft: EditionDraft, author: str) -> DisclosureItem:
        with self.kernel.action(author) as conn:
            authority.require(conn, self.kernel.policy, author, authority.Action.ITEM_EDIT)
            return records.revise(
                conn, records.get_item(conn, item).id, draft, author, **self.taxonomy()
            )

    def edit_item(self, item: int | str, changes: dict[str, Any], author: str) -> DisclosureItem:
        """A new edition with ``changes`` (:func:`gov_disclosure.items.lifecycle_ops.edit`)."""
        with self.kernel.action(author) as conn:
            authority.require(conn, self.kernel.policy, author, authority.Action.ITEM_EDIT)
            return lifecycle_ops.edit(conn, item, changes, author, **self.taxonomy())

    def delete_item(self, item: int | str, actor: str, reason: str = "") -> str:
        """Delete a draft never submitted nor published (audited); returns its 索引号."""
        with self.kernel.action(actor) as conn:
            authority.require(conn, self.kernel.policy, actor, authority.Action.ITEM_DELETE)
            return lifecycle_ops.delete_draft(conn, item, actor, reason)

    def withhold_item(
        self, item: int | str, ground: str | WithholdingGround, reason: str, actor: str
    ) -> DisclosureItem:
        """不予公开 with its statutory ground (条例 Arts 14-16)."""
        with self.kernel.action(actor) as conn:
            authority.require(conn, self.kernel.policy, actor, authority.Action.ITEM_WITHHOLD)
            return lifecycle_ops.withhold(conn, item, ground, reason, actor)

    def item(self, key: int | str) -> DisclosureItem:
        with self.kernel.store.engine.connect() as conn:
            return records.get_item(conn, key)

    def edition(self, key: int | str, number: int | None = None) -> Edition:
        with self.kernel.store.engine.connect() as conn:
            return records.get_edition(conn, records.get_item(conn, key).id, number)

    def published_edition(self, key: int | str) -> PublishedEdition:
        """The live (reviewed, published) edition; NotFoundError when there is none, so no
        caller (a plugin included) can take an unreviewed edition for a published one."""
        with self.kernel.store.engine.connect() as conn:
            item = records.get_item(conn, key)
            if item.live_edition is None or item.state is ItemState.WITHDRAWN:
                raise NotFoundError("published edition of item", item.index_no)
            return edition_view(conn, item.id, item.live_edition, self.kernel.blobs)

    def preview_edition(self, key: int | str) -> PublishedEdition:
        """The newest edition as channels would see it, whatever its state: for previews
        only (``sms preview``); sending goes through ``authorize_send``."""
        with self.kernel.store.engine.connect() as conn:
            item = records.get_item(conn, key)
            return edition_view(conn, item.id, item.current_edition, self.kernel.blobs)

    def catalogue(self, org: resolve.OrgKey | None = None, **filters: Any) -> list[Any]:
        """The 公开目录 query (:func:`gov_disclosure.items.queries.catalogue`); ``org`` (id,
        credit code or name) is the body, as ``org_id`` is."""
        from .queries import catalogue

        with self.kernel.store.engine.connect() as conn:
            if org is not None:
                filters["org_id"] = resolve.org_id_of(conn, org)
            return catalogue(conn, **filters)
