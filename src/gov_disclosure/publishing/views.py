"""Build the :class:`PublishedEdition` views channels receive, straight from the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Select, select

from ..channels import AttachmentView, PublishedEdition, PublisherView
from ..items.records import edition_of, get_edition
from ..models import Audience, Edition, ItemState, Level
from ..store.blobs import BlobStore
from ..store.tables import audit_head, editions, items, organizations
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
    interpreted_by = tuple(r.index_no for r in conn.execute(_interpreting([row["index_no"]])))
    return _view(row, ed, org, interpreted_by, blobs, replaces)


def edition_views(
    conn: Connection, wanted: Sequence[tuple[int, int]], blobs: BlobStore
) -> dict[tuple[int, int], PublishedEdition]:
    """The views of several (item id, edition number) pairs in four queries, whatever their
    number (a delivery batch). A pair whose item or edition is missing is left out; the
    caller builds it with :func:`edition_view`, which says what is wrong."""
    ids = sorted({item_id for item_id, _ in wanted})
    if not ids:
        return {}
    rows = {r["id"]: r for r in conn.execute(select(items).where(items.c.id.in_(ids))).mappings()}
    numbers = set(wanted)
    eds = {
        (r["item_id"], r["number"]): r
        for r in conn.execute(select(editions).where(editions.c.item_id.in_(ids))).mappings()
        if (r["item_id"], r["number"]) in numbers
    }
    org_ids = sorted({r["org_id"] for r in rows.values()})
    orgs = {
        r["id"]: r
        for r in conn.execute(
            select(organizations).where(organizations.c.id.in_(org_ids))
        ).mappings()
    }
    interpreted: dict[str, list[str]] = {}
    for r in conn.execute(_interpreting([row["index_no"] for row in rows.values()])):
        interpreted.setdefault(r.interprets, []).append(r.index_no)
    views = {}
    for item_id, number in numbers:
        row, ed_row = rows.get(item_id), eds.get((item_id, number))
        if row is None or ed_row is None or row["org_id"] not in orgs:
            continue
        ed = edition_of(ed_row)
        by = tuple(interpreted.get(row["index_no"], ()))
        views[(item_id, number)] = _view(row, ed, orgs[row["org_id"]], by, blobs, None)
    return views


def _interpreting(index_nos: list[str]) -> Select[Any]:
    """The live 解读 items pointing at any of ``index_nos`` (their own and the target's 索引号)."""
    return (
        select(items.c.index_no, items.c.interprets)
        .where(
            items.c.interprets.in_(index_nos),
            items.c.live_edition.is_not(None),
            items.c.state != ItemState.WITHDRAWN.value,
        )
        .order_by(items.c.id)
    )


def _view(
    row: Any,
    ed: Edition,
    org: Any,
    interpreted_by: tuple[str, ...],
    blobs: BlobStore,
    replaces: int | None,
) -> PublishedEdition:
    state = ItemState(row["state"])
    if state in (ItemState.DRAFT, ItemState.IN_REVIEW, ItemState.APPROVED) and row["live_edition"]:
        state = ItemState.PUBLISHED
    return PublishedEdition(
        item_id=row["id"],
        edition=ed.number,
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
        for item_row in rows:
            sig = (
                item_row.live_edition,
                item_row.state,
                item_row.notice_ends_on,
                item_row.withdrawn_reason,
                tuple(sorted(interpreters.get(item_row.index_no, ()))),
            )
            cached = self._by_id.get(item_row.id)
            view = (
                cached[1]
                if cached and cached[0] == sig
                else edition_view(conn, item_row.id, None, self.blobs)
            )
            fresh[item_row.id] = (sig, view)
            views.append(view)
        self._by_id, self._views = fresh, views

    def batches(self, size: int) -> Iterator[list[PublishedEdition]]:
        """The catalogue ``size`` editions at a time, in :meth:`__call__`'s order, read from
        the store batch by batch (a few queries each) unless the cached views are current;
        nothing read here is cached, so a full build's memory does not grow with the store."""
        with self.engine.connect() as conn:
            if self._head(conn) == self._mark:
                views = self._views
                for start in range(0, len(views), size):
                    yield views[start : start + size]
                return
            ids = live_item_ids(conn)
            for start in range(0, len(ids), size):
                chunk = ids[start : start + size]
                live = dict(
                    conn.execute(
                        select(items.c.id, items.c.live_edition).where(items.c.id.in_(chunk))
                    ).all()
                )
                wanted = [(i, live[i]) for i in chunk if live.get(i)]
                found = edition_views(conn, wanted, self.blobs)
                yield [
                    found[w] if w in found else edition_view(conn, *w, self.blobs) for w in wanted
                ]

    def withdrawn(self) -> list[tuple[str, str]]:
        with self.engine.connect() as conn:
            return withdrawn_pairs(conn)


CatalogueFn = Callable[[], list[PublishedEdition]]
