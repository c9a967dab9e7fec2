"""The year's records packaged for the archive (建档，有史可查), and checking a package.

``build_archive`` writes every edition published in the year, grouped by 保管期限::

    <out>/
      目录.csv, 目录.xlsx            the index: 保管期限, 件号, 索引号, 名称, 文号, 版本 …
      待鉴定销毁清单.csv             editions past their 保管期限: for a person to appraise
      manifest-sha256.txt          SHA-256 of every other file (``sha256sum -c`` reads it too)
      永久/ 定期30年/ 定期10年/
        0001-<索引号>-v<版本>/
          元数据.json  正文.txt  审核记录.json  日志.json  附件/<file>

Nothing is ever deleted: editions past their dispose-after date are only listed. The package
is built in a temporary folder and renamed into place, so a failure leaves nothing behind.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from ..channels import safe_slug
from ..errors import ConflictError, InvalidInputError
from ..files import PRIVATE, SafeDir
from ..items.records import get_edition
from ..models import Retention
from ..schedules import dispose_after
from ..store.tables import audit_log, editions, items, review_decisions
from .catalogue_export import xlsx_sheet

MANIFEST = "manifest-sha256.txt"
INDEX_HEADER = (
    "保管期限",
    "件号",
    "索引号",
    "名称",
    "文号",
    "版本",
    "成文日期",
    "发布日期",
    "责任单位",
    "保管到期",
    "路径",
)
DISPOSAL_HEADER = ("保管期限", "件号", "索引号", "名称", "发布日期", "保管到期", "路径")


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n").encode()


def _file_name(name: str, taken: set[str]) -> str:
    clean = re.sub(r'[\x00-\x1f/\\:*?"<>|]', "_", name).lstrip(".") or "file"
    candidate, n = clean, 1
    while candidate in taken:
        n += 1
        candidate = f"{n}-{clean}"
    taken.add(candidate)
    return candidate


def _published_editions(conn: Connection, year: int, org_id: int | None) -> list[Any]:
    q = (
        select(
            editions.c.item_id,
            editions.c.number,
            editions.c.published_on,
            items.c.index_no,
            items.c.state,
        )
        .join(items, items.c.id == editions.c.item_id)
        .where(
            editions.c.published_on >= date(year, 1, 1),
            editions.c.published_on <= date(year, 12, 31),
        )
        .order_by(editions.c.published_on, editions.c.item_id, editions.c.number)
    )
    if org_id is not None:
        q = q.where(items.c.org_id == org_id)
    return list(conn.execute(q))


def _audit(conn: Connection, item_id: int) -> list[dict[str, Any]]:
    q = select(audit_log).where(audit_log.c.subject == f"item:{item_id}").order_by(audit_log.c.seq)
    return [
        {
            "seq": r.seq,
            "at": r.at,
            "actor": r.actor,
            "action": r.action,
            "payload": json.loads(r.payload),
            "hash": r.hash,
        }
        for r in conn.execute(q)
    ]


def _reviews(conn: Connection, item_id: int, number: int) -> list[dict[str, Any]]:
    q = (
        select(review_decisions)
        .where(review_decisions.c.item_id == item_id, review_decisions.c.edition == number)
        .order_by(review_decisions.c.id)
    )
    return [
        {k: r[k] for k in ("stage", "actor", "decision", "reason", "finding", "findings", "at")}
        for r in conn.execute(q).mappings()
    ]


@dataclass
class ArchiveSummary:
    path: Path
    editions: dict[str, int]
    to_appraise: list[str] = field(default_factory=list)


def _csv(header: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def build_archive(app: Any, year: int, out: Path, *, org_id: int | None = None) -> ArchiveSummary:
    """Write the archive package of ``year`` to ``out`` (which must not exist or be empty)."""
    if out.exists() and any(out.iterdir()):
        raise ConflictError("archive folder", str(out), "exists and is not empty")
    today = app.today()
    files: dict[str, bytes | Path] = {}
    index_rows: list[list[Any]] = []
    disposal_rows: list[list[Any]] = []
    counters = {r.value: 0 for r in Retention}
    with app.store.engine.connect() as conn:
        for row in _published_editions(conn, year, org_id):
            ed = get_edition(conn, row.item_id, row.number)
            retention = ed.retention.value
            counters[retention] += 1
            number = f"{counters[retention]:04d}"
            folder = f"{retention}/{number}-{safe_slug(row.index_no)}-v{row.number}"
            until = dispose_after(row.published_on, ed.retention)
            meta = ed.model_dump(mode="json", exclude={"body", "attachments"})
            meta.update(
                index_no=row.index_no, item_state=row.state, archived_on=today, dispose_after=until
            )
            taken: set[str] = set()
            meta["attachments"] = []
            for att in ed.attachments:
                name = _file_name(att.name, taken)
                files[f"{folder}/附件/{name}"] = app.blobs.open_path(att.sha256)
                meta["attachments"].append({**att.model_dump(), "file": f"附件/{name}"})
            files[f"{folder}/元数据.json"] = _json(meta)
            files[f"{folder}/正文.txt"] = (ed.body.rstrip("\n") + "\n").encode()
            files[f"{folder}/审核记录.json"] = _json(_reviews(conn, row.item_id, row.number))
            files[f"{folder}/日志.json"] = _json(_audit(conn, row.item_id))
            index_rows.append(
                [
                    retention,
                    number,
                    row.index_no,
                    ed.title,
                    ed.doc_number or "",
                    row.number,
                    ed.written_on.isoformat(),
                    row.published_on.isoformat(),
                    ed.responsible_unit,
                    until.isoformat() if until else "永久",
                    folder,
                ]
            )
            if until is not None and until < today:
                disposal_rows.append(
                    [
                        retention,
                        number,
                        row.index_no,
                        ed.title,
                        row.published_on.isoformat(),
                        until.isoformat(),
                        folder,
                    ]
                )
    if not index_rows:
        raise InvalidInputError("year", "no edition was published in that year", year)
    files["目录.csv"] = _csv(INDEX_HEADER, index_rows)
    files["目录.xlsx"] = xlsx_sheet(f"{year}年归档目录", INDEX_HEADER, index_rows)
    files["待鉴定销毁清单.csv"] = _csv(DISPOSAL_HEADER, disposal_rows)
    _write_package(files, out, _anchor_line(app))
    return ArchiveSummary(
        out, {k: v for k, v in counters.items() if v}, [r[-1] for r in disposal_rows]
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _anchor_line(app: Any) -> str:
    """The manifest's first line: the audit log's head when the package was made."""
    if not hasattr(app, "anchor_audit"):
        return ""
    kept = app.anchor_audit()
    return f"# audit-anchor {kept.anchor} at {kept.at} entries {kept.entries}\n"


def _write_package(files: dict[str, bytes | Path], out: Path, header: str = "") -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-"))  # 0700
    try:
        with SafeDir(tmp, mode=PRIVATE) as folder:  # personal data: owner only
            for rel, content in files.items():
                if isinstance(content, Path):
                    folder.copy_in(content, rel)
                else:
                    folder.write(rel, content)
            lines = [f"{_sha256(tmp / rel)}  {rel}\n" for rel in sorted(files)]
            folder.write(MANIFEST, header + "".join(lines))
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@dataclass(frozen=True)
class ArchiveCheck:
    """Result of :func:`verify_archive`: files checked and what does not match."""

    checked: int
    modified: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not (self.modified or self.missing or self.extra)


def verify_archive(folder: Path) -> ArchiveCheck:
    """Recompute every file's SHA-256 against the manifest; list changed, missing, extra."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise InvalidInputError("archive", f"no {MANIFEST} in the folder", str(folder))
    expected: dict[str, str] = {}
    for n, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("# "):  # the audit anchor line
            continue
        digest, sep, rel = line.partition("  ")
        if not sep or not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise InvalidInputError(f"{MANIFEST} line {n}", "expected '<sha256>  <path>'", line)
        expected[rel] = digest
    present = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }
    modified = [r for r in sorted(expected) if r in present and _sha256(folder / r) != expected[r]]
    return ArchiveCheck(
        checked=len(expected),
        modified=tuple(modified),
        missing=tuple(sorted(set(expected) - present)),
        extra=tuple(sorted(present - set(expected))),
    )
