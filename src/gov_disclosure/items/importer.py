"""Import items from CSV or JSON: all rows are validated first; bad rows are listed with their
line numbers and nothing is written, unless ``skip_invalid`` writes the good ones.

Valid rows are inserted in bulk in one transaction (one audit entry for the import, naming the
file's hash and the 索引号 range): items, editions and search entries each go to the driver as
one ``executemany`` of plain tuples, so 100,000 rows take seconds, not minutes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Text, cast, func, select

from .. import audit
from ..collector import collector_paused
from ..errors import ImportRowsError, InvalidInputError, RowProblem
from ..models import EditionDraft, ItemState, Organization
from ..store.bulk import driver_time, insert_tuples
from ..store.engine import utcnow
from ..store.search import index_items
from ..store.sequences import reserve
from ..store.tables import editions, items
from .import_rows import MAX_IMPORT_BYTES, read_rows, validate_rows
from .links import check_interprets, interprets_problems
from .records import as_utc, get_actor, get_organization

__all__ = ["MAX_IMPORT_BYTES", "ImportResult", "import_file", "read_rows", "validate_rows"]

# the items columns an import writes, in the table's order (the driver gets the tuples as they
# are) and in the order of the values in _item_tuples
ITEM_COLUMNS = (
    "org_id",
    "index_no",
    "state",
    "current_edition",
    "live_edition",
    "created_at",
    "published_at",
    "publish_at",
    "withdrawn_reason",
    "notice_ends_on",
    "title",
    "topic",
    "column_name",
    "year",
    "written_on",
    "published_on",
    "responsible_unit",
    "kind",
    "audience",
    "doc_number",
    "interprets",
)
EDITION_COLUMNS = ("item_id", "number", "author", "created_at", "published_on", "data")


@dataclass
class ImportResult:
    written: int = 0
    skipped: list[RowProblem] = field(default_factory=list)
    first_index_no: str | None = None
    last_index_no: str | None = None


def _numbered(
    conn: Connection, org: Organization, drafts: list[EditionDraft]
) -> list[tuple[str, EditionDraft]]:
    """(索引号, draft) pairs: numbers reserved per year, years in order, file order within."""
    by_year: dict[int, list[EditionDraft]] = {}
    for d in drafts:
        by_year.setdefault(d.written_on.year, []).append(d)
    numbered: list[tuple[str, EditionDraft]] = []
    for year, group in sorted(by_year.items()):
        first = reserve(conn, "index_no", f"{org.id}:{year}", len(group))
        prefix = f"{org.credit_code}/{year}-"
        numbered.extend((f"{prefix}{first + k:05d}", d) for k, d in enumerate(group))
    return numbered


def _item_tuples(
    org_id: int, numbered: list[tuple[str, EditionDraft]], now: datetime | str
) -> list[tuple[Any, ...]]:
    state = ItemState.DRAFT.value
    return [
        (
            org_id,
            index_no,
            state,
            1,
            None,
            now,
            None,
            as_utc(d.publish_at) if d.publish_at is not None else None,
            None,
            None,
            d.title,
            d.topic,
            d.column,
            d.written_on.year,
            d.written_on,
            None,
            d.responsible_unit,
            d.kind.value,
            d.audience.value,
            d.doc_number,
            d.interprets,
        )
        for index_no, d in numbered
    ]


def _insert_items(
    conn: Connection, org_id: int, numbered: list[tuple[str, EditionDraft]], now: datetime | str
) -> list[int]:
    """Insert the items; returns their ids in the order of ``numbered``.

    On SQLite the ids are given, following the largest id in the table (the id SQLite itself
    would give): the 索引号 reservation has already written, so the transaction holds the
    database's write lock and no other connection can add an item before it commits. On
    PostgreSQL the sequence assigns them and they are read back by 索引号."""
    rows = _item_tuples(org_id, numbered, now)
    if conn.dialect.name == "sqlite":
        start = (conn.execute(select(func.max(items.c.id))).scalar() or 0) + 1
        ids = list(range(start, start + len(rows)))
        with_ids = [(i, *r) for i, r in zip(ids, rows, strict=True)]
        insert_tuples(conn, items, ("id", *ITEM_COLUMNS), with_ids)
        return ids
    insert_tuples(conn, items, ITEM_COLUMNS, rows)
    by_number: dict[str, int] = {}
    names = [n for n, _ in numbered]
    for start in range(0, len(names), 900):
        chunk = names[start : start + 900]
        by_number.update(
            conn.execute(
                select(items.c.index_no, items.c.id).where(items.c.index_no.in_(chunk))
            ).all()
        )
    return [by_number[n] for n in names]


def _write(
    conn: Connection, org: Organization, author: str, drafts: list[EditionDraft]
) -> list[tuple[str, EditionDraft]]:
    """Items, their first editions and search entries for ``drafts``; the (索引号, draft)
    pairs in the order written."""
    now = driver_time(conn, utcnow())
    numbered = _numbered(conn, org, drafts)
    if org.id is None:
        raise InvalidInputError("org", "the body is not registered")
    ids = _insert_items(conn, org.id, numbered, now)
    to_json = EditionDraft.__pydantic_serializer__.to_json  # what model_dump_json() calls
    insert_tuples(
        conn,
        editions,
        EDITION_COLUMNS,
        [
            (item_id, 1, author, now, None, to_json(d).decode())
            for item_id, (_, d) in zip(ids, numbered, strict=True)
        ],
    )
    index_items(
        conn,
        [(i, d.title, d.summary, d.body) for i, (_, d) in zip(ids, numbered, strict=True)],
        fresh=True,
    )
    return numbered


def import_file(
    conn: Connection,
    path: Path,
    org_id: int,
    author: str,
    *,
    topics: list[str] | None = None,
    columns: list[str] | None = None,
    skip_invalid: bool = False,
) -> ImportResult:
    """Validate every row of ``path``, then write the good ones in the caller's transaction:
    each becomes an item in state draft with edition 1 and a 索引号, with one audit entry."""
    with collector_paused():  # the rows are freed before the collector runs again
        return _import(conn, path, org_id, author, topics, columns, skip_invalid)


def _check_own_files(conn: Connection, org_id: int, drafts: list[EditionDraft]) -> None:
    """An import may attach only files this body attached before (by their SHA-256): the
    file store is shared by every body of the database, and a hash is no permission."""
    for sha in sorted({a.sha256 for d in drafts for a in d.attachments}):
        owned = conn.execute(
            select(editions.c.item_id)
            .join(items, items.c.id == editions.c.item_id)
            .where(items.c.org_id == org_id, cast(editions.c.data, Text).like(f"%{sha}%"))
            .limit(1)
        ).first()
        if owned is None:
            raise InvalidInputError(
                "attachments.sha256",
                "导入只能引用本单位已上传的附件（该文件不属于本单位）",
                sha[:12],
            )


def _interprets_checker(conn: Connection) -> Callable[[EditionDraft], None]:
    """The 政策解读 link of each row checked like :func:`check_interprets`, one query per
    distinct 索引号 named."""
    known: dict[str, str | None] = {}

    def check(draft: EditionDraft) -> None:
        target = draft.interprets
        if target is None:
            return
        check_interprets(conn, draft, known_target=True)  # the rules on the row itself
        if target not in known:
            known[target] = interprets_problems(conn, {target}).get(target)
        problem = known[target]
        if problem is not None:
            raise InvalidInputError("interprets", problem, target)

    return check


def _import(
    conn: Connection,
    path: Path,
    org_id: int,
    author: str,
    topics: list[str] | None,
    columns: list[str] | None,
    skip_invalid: bool,
) -> ImportResult:
    org = get_organization(conn, org_id)
    drafts, problems = validate_rows(
        read_rows(path),
        topics,
        columns,
        defaults={"publisher": org.name},  # 发布机构: the body imported into, unless given
        check=_interprets_checker(conn),
    )
    if problems and not skip_invalid:
        raise ImportRowsError(path.name, problems)
    result = ImportResult(skipped=problems)
    if not drafts:
        return result
    get_actor(conn, author)
    _check_own_files(conn, org_id, drafts)
    numbered = _write(conn, org, author, drafts)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result.written = len(numbered)
    result.first_index_no, result.last_index_no = numbered[0][0], numbered[-1][0]
    audit.append(
        conn,
        author,
        "item.import",
        f"org:{org.id}",
        {
            "file": path.name,
            "sha256": digest,
            "count": result.written,
            "first": result.first_index_no,
            "last": result.last_index_no,
            "skipped": [str(p) for p in problems[:100]],
        },
    )
    return result
