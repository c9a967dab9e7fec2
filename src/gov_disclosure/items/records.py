"""Reading and writing organisations, actors, items and editions (one connection each call)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, RowMapping, insert, select, update

from .. import audit
from ..bodies.records import add_organization as add_organization  # re-exported
from ..bodies.records import get_organization
from ..bodies.records import list_organizations as list_organizations  # re-exported
from ..errors import ConflictError, InvalidInputError, NotFoundError
from ..lifecycle import Step, next_state
from ..models import Actor, DisclosureItem, Edition, EditionDraft, ItemState
from ..store.engine import inserted_id, utcnow
from ..store.search import index_items
from ..store.sequences import next_value
from ..store.tables import actors, editions, items
from .links import check_interprets

CHINA = ZoneInfo("Asia/Shanghai")
INDEX_NO = re.compile(r"[0-9A-Za-z\-]{1,40}/\d{4,6}-\d{1,8}")


def get_actor(conn: Connection, actor_id: str) -> Actor:
    """An active actor (NotFoundError for an unknown or disabled one)."""
    from ..authority.checks import actor_record

    found = actor_record(conn, actor_id)
    if found is None or not found.active:
        raise NotFoundError("actor", actor_id)
    return found


def list_actors(conn: Connection) -> list[Actor]:
    rows = conn.execute(select(actors.c.id).where(actors.c.active.is_(True)).order_by(actors.c.id))
    return [get_actor(conn, r.id) for r in rows]


def _catalogue_fields(draft: EditionDraft) -> dict[str, Any]:
    return {
        "title": draft.title,
        "topic": draft.topic,
        "column_name": draft.column,
        "year": draft.written_on.year,
        "written_on": draft.written_on,
        "responsible_unit": draft.responsible_unit,
        "kind": draft.kind.value,
        "audience": draft.audience.value,
        "doc_number": draft.doc_number,
        "interprets": draft.interprets,
        "publish_at": as_utc(draft.publish_at),
    }


def as_utc(at: datetime | None) -> datetime | None:
    """Stored timestamps are UTC; a naive time is taken as China time (Asia/Shanghai)."""
    if at is None:
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=CHINA)
    return at.astimezone(UTC)


def check_taxonomy(
    draft: EditionDraft, topics: list[str] | None, columns: list[str] | None
) -> None:
    if topics is not None and draft.topic not in topics:
        raise InvalidInputError(
            "topic", "unknown 主题分类; add it to [taxonomy] extra_topics", draft.topic
        )
    if columns is not None and draft.column not in columns:
        raise InvalidInputError(
            "column", "unknown 栏目; add it to [taxonomy] extra_columns", draft.column
        )


def _insert_edition(
    conn: Connection, item_id: int, number: int, draft: EditionDraft, author: str, now: datetime
) -> None:
    conn.execute(
        insert(editions).values(
            item_id=item_id,
            number=number,
            author=author,
            created_at=now,
            data=draft.model_dump(mode="json"),
        )
    )


def create_item(
    conn: Connection,
    org_id: int,
    draft: EditionDraft,
    author: str,
    *,
    topics: list[str] | None = None,
    columns: list[str] | None = None,
    index_no: str | None = None,
) -> DisclosureItem:
    """A new item in state draft with edition 1; the store assigns its 索引号. The author
    (经办人) must be a registered actor: the record says who is answerable for it."""
    check_taxonomy(draft, topics, columns)
    get_actor(conn, author)
    org = get_organization(conn, org_id)
    if index_no is None:
        seq = next_value(conn, "index_no", f"{org.id}:{draft.written_on.year}")
        index_no = f"{org.credit_code}/{draft.written_on.year}-{seq:05d}"
    elif not INDEX_NO.fullmatch(index_no):
        raise InvalidInputError(
            "index_no", "索引号 looks like <credit or org code>/<year>-<number>", index_no
        )
    elif conn.execute(select(items.c.id).where(items.c.index_no == index_no)).first():
        raise ConflictError("item", index_no, "索引号 already used")
    check_interprets(conn, draft, index_no)
    now = utcnow()
    item_id = inserted_id(
        conn.execute(
            insert(items).values(
                org_id=org.id,
                index_no=index_no,
                state=ItemState.DRAFT.value,
                current_edition=1,
                created_at=now,
                **_catalogue_fields(draft),
            )
        )
    )
    _insert_edition(conn, item_id, 1, draft, author, now)
    index_items(conn, [(item_id, draft.title, draft.summary, draft.body)])
    audit.append(
        conn, author, "item.create", f"item:{item_id}", {"index_no": index_no, "title": draft.title}
    )
    return get_item(conn, item_id)


def revise(
    conn: Connection,
    item_id: int,
    draft: EditionDraft,
    author: str,
    *,
    topics: list[str] | None = None,
    columns: list[str] | None = None,
) -> DisclosureItem:
    """A new edition: a draft is edited in place of its number+1 (an item in review goes
    back to draft, to be submitted and screened again); a published item goes back to review
    while its live edition stays up."""
    check_taxonomy(draft, topics, columns)
    get_actor(conn, author)
    item = get_item(conn, item_id)
    check_interprets(conn, draft, item.index_no)
    step = Step.EDIT if item.state in (ItemState.DRAFT, ItemState.IN_REVIEW) else Step.REVISE
    state = next_state(
        item.state, step, has_live=item.live_edition is not None, subject=f"item {item.index_no}"
    )
    number = item.current_edition + 1
    now = utcnow()
    _insert_edition(conn, item_id, number, draft, author, now)
    index_items(conn, [(item_id, draft.title, draft.summary, draft.body)])
    conn.execute(
        update(items)
        .where(items.c.id == item_id)
        .values(current_edition=number, state=state.value, **_catalogue_fields(draft))
    )
    audit.append(
        conn,
        author,
        f"item.{step.value}",
        f"item:{item_id}",
        {"edition": number, "title": draft.title},
    )
    return get_item(conn, item_id)


def append_edition(
    conn: Connection, item_id: int, draft: EditionDraft, author: str
) -> DisclosureItem:
    """A new newest edition that keeps the item's state (the system's masked copy of an
    approved edition); audited as ``item.edition``."""
    item = get_item(conn, item_id)
    number = item.current_edition + 1
    _insert_edition(conn, item_id, number, draft, author, utcnow())
    index_items(conn, [(item_id, draft.title, draft.summary, draft.body)])
    conn.execute(
        update(items)
        .where(items.c.id == item_id)
        .values(current_edition=number, **_catalogue_fields(draft))
    )
    audit.append(conn, author, "item.edition", f"item:{item_id}", {"edition": number})
    return get_item(conn, item_id)


def move(
    conn: Connection,
    item_id: int,
    step: Step,
    actor: str,
    payload: dict[str, Any] | None = None,
    **values: Any,
) -> DisclosureItem:
    """Apply one lifecycle step (with extra column ``values``) and audit it."""
    item = get_item(conn, item_id)
    state = next_state(
        item.state, step, has_live=item.live_edition is not None, subject=f"item {item.index_no}"
    )
    conn.execute(update(items).where(items.c.id == item_id).values(state=state.value, **values))
    audit.append(
        conn,
        actor,
        f"item.{step.value}",
        f"item:{item_id}",
        {"from": item.state.value, "to": state.value, **(payload or {})},
    )
    return get_item(conn, item_id)


def _item(row: RowMapping) -> DisclosureItem:
    return DisclosureItem(
        id=row["id"],
        org_id=row["org_id"],
        index_no=row["index_no"],
        state=row["state"],
        current_edition=row["current_edition"],
        live_edition=row["live_edition"],
        created_at=row["created_at"],
        published_at=row["published_at"],
        withdrawn_reason=row["withdrawn_reason"],
        notice_ends_on=row["notice_ends_on"],
    )


def get_item(conn: Connection, key: int | str) -> DisclosureItem:
    """By id or 索引号."""
    col = items.c.id if isinstance(key, int) else items.c.index_no
    row = conn.execute(select(items).where(col == key)).mappings().first()
    if row is None and isinstance(key, str) and key.isdigit():
        row = conn.execute(select(items).where(items.c.id == int(key))).mappings().first()
    if row is None:
        raise NotFoundError("item", key)
    return _item(row)


def get_edition(conn: Connection, item_id: int, number: int | None = None) -> Edition:
    """An edition (the newest when ``number`` is None)."""
    if number is None:
        number = get_item(conn, item_id).current_edition
    row = (
        conn.execute(
            select(editions).where(editions.c.item_id == item_id, editions.c.number == number)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError("edition", f"{item_id}#{number}")
    return edition_of(row)


def edition_of(row: RowMapping) -> Edition:
    """The :class:`Edition` an ``editions`` row holds."""
    return Edition(
        **row["data"],
        item_id=row["item_id"],
        number=row["number"],
        author=row["author"],
        created_at=row["created_at"],
        published_on=row["published_on"],
    )
