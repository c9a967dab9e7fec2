"""Build the :class:`PublishedEdition` views channels receive, straight from the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, select

from ..channels import AttachmentView, PublishedEdition, PublisherView
from ..items.records import get_edition
from ..models import Audience, ItemState, Level
from ..store.blobs import BlobStore
from ..store.tables import audit_head, items, organizations
from ..workdays.clock import today_in_china

LIVE_STATES = (ItemState.PUBLISHED, ItemState.EXPIRED, ItemState.REPEALED)


def edition_view(
    conn: Connection,
    item_id: int,
    number: int | None,
    blobs: BlobStore,
    *,
    replaces: int | None = None,
) -> PublishedEdition:
    """The view of edition ``number`` (the live one when None) of an item."""
    row = conn.execute(select(items).where(items.c.id == item_id)).mappings().one()
    number = number or row["live_edition"] or row["current_edition"]
    ed = get_edition(conn, item_id, number)
    org = (
        conn.execute(select(organizations).where(organizations.c.id == row["org_id"]))
        .mappings()
        .one()
    )
    state = ItemState(row["state"])
    if state in (ItemState.DRAFT, ItemState.IN_REVIEW, ItemState.APPROVED) and row["live_edition"]:
        state = ItemState.PUBLISHED
    interpreted_by = tuple(
        r.index_no
        for r in conn.execute(
            select(items.c.index_no).where(
                items.c.interprets == row["index_no"],
                items.c.live_edition.is_not(None),
                items.c.state != ItemState.WITHDRAWN.value,
            )
        )
    )
    return PublishedEdition(
        item_id=item_id,
        edition=number,
        index_no=row["index_no"],
        state=state,
        org=PublisherView(
            id=org["id"],
            name=org["name"],
            credit_code=org["credit_code"],
            level=Level(org["level"]),
            short_name=org["short_name"],
        ),
        title=ed.title,
        summary=ed.summary,
        body=ed.body,
        publisher=ed.publisher,
        doc_number=ed.doc_number,
        written_on=ed.written_on,
        published_on=ed.published_on or row["published_on"] or today_in_china(),
        topic=ed.topic,
        column=ed.column,
        mode=ed.mode,
        ground=ed.ground,
        audience=ed.audience,
        responsible_unit=ed.responsible_unit,
        kind=ed.kind,
        urgent=ed.urgent,
        schedule_kind=ed.schedule.kind if ed.schedule else None,
        notice_period=ed.notice_period,
        notice_ends_on=row["notice_ends_on"],
        objection_contact=ed.objection_contact,
        attachments=tuple(
            AttachmentView(
                name=a.name,
                media_type=a.media_type,
                size=a.size,
                sha256=a.sha256,
                path=blobs.path(a.sha256),
            )
            for a in ed.attachments
        ),
        tables=ed.tables,
        interprets=ed.interprets,
        interpreted_by=interpreted_by,
        replaces_edition=replaces,
        withdrawn_reason=row["withdrawn_reason"],
    )


def live_item_ids(conn: Connection, *, public_only: bool = True) -> list[int]:
    q = select(items.c.id).where(
        items.c.live_edition.is_not(None), items.c.state != ItemState.WITHDRAWN.value
    )
    if public_only:
        q = q.where(items.c.audience == Audience.PUBLIC.value)
    return [r.id for r in conn.execute(q.order_by(items.c.published_on.desc(), items.c.id.desc()))]


def withdrawn_pairs(conn: Connection) -> list[tuple[str, str]]:
    q = select(items.c.index_no, items.c.withdrawn_reason).where(
        items.c.state == ItemState.WITHDRAWN.value, items.c.live_edition.is_not(None)
    )
    return [(r.index_no, r.withdrawn_reason or "") for r in conn.execute(q)]


class CatalogueCache:
    """``catalogue()`` for channel contexts.

    Nothing is read again while the audit head stays put; when it moves, one query lists the
    live items with what their views depend on (live edition, state, notice end, withdrawal,
    the 解读 pointing at them), and only the items whose signature changed are rebuilt. So a
    run of n deliveries costs O(n) small reads, not n full rebuilds.
    """

    def __init__(self, engine: Engine, blobs: BlobStore) -> None:
        self.engine = engine
        self.blobs = blobs
        self._mark: int | None = -1
        self._views: list[PublishedEdition] = []
        self._by_id: dict[int, tuple[tuple[Any, ...], PublishedEdition]] = {}

    def _head(self, conn: Connection) -> int | None:
        return conn.execute(select(audit_head.c.seq)).scalar()

    def __call__(self) -> list[PublishedEdition]:
        with self.engine.connect() as conn:
            mark = self._head(conn)
            if mark != self._mark:
                self._refresh(conn)
                self._mark = mark
        return self._views

    def _refresh(self, conn: Connection) -> None:
        live = (items.c.live_edition.is_not(None), items.c.state != ItemState.WITHDRAWN.value)
        interpreters: dict[str, list[str]] = {}
        for r in conn.execute(
            select(items.c.index_no, items.c.interprets).where(
                items.c.interprets.is_not(None), *live
            )
        ):
            interpreters.setdefault(r.interprets, []).append(r.index_no)
        rows = conn.execute(
            select(
                items.c.id,
                items.c.index_no,
                items.c.live_edition,
                items.c.state,
                items.c.notice_ends_on,
                items.c.withdrawn_reason,
            )
            .where(*live, items.c.audience == Audience.PUBLIC.value)
            .order_by(items.c.published_on.desc(), items.c.id.desc())
        ).all()
        fresh: dict[int, tuple[tuple[Any, ...], PublishedEdition]] = {}
        views = []
        for r in rows:
            sig = (
                r.live_edition,
                r.state,
                r.notice_ends_on,
                r.withdrawn_reason,
                tuple(sorted(interpreters.get(r.index_no, ()))),
            )
            cached = self._by_id.get(r.id)
            view = (
                cached[1]
                if cached and cached[0] == sig
                else edition_view(conn, r.id, None, self.blobs)
            )
            fresh[r.id] = (sig, view)
            views.append(view)
        self._by_id, self._views = fresh, views

    def withdrawn(self) -> list[tuple[str, str]]:
        with self.engine.connect() as conn:
            return withdrawn_pairs(conn)


CatalogueFn = Callable[[], list[PublishedEdition]]
