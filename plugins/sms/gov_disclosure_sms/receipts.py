"""Delivery receipts (状态报告) the gateway posts back: parse, match, store, numbers masked.

Accepted shapes (a JSON list, or an object with a ``reports`` list):

- generic: ``{"ref": "…", "id": "…", "to": "138…", "status": "delivered", "at": "…",
  "error": "…"}``;
- Alibaba Cloud ``SmsReport``: ``{"phone_number": "…", "success": true, "biz_id": "…",
  "err_code": "DELIVERED", "report_time": "2017-08-30 00:00:01", "out_id": "…"}``.

A report is matched on ``ref``, else on (message id, number), else on a message id that names
one recipient. Unmatched reports are stored too (``recipient_id`` empty).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.engine import Connection, Engine

from gov_disclosure.errors import InvalidInputError
from gov_disclosure.identifiers import is_valid_mobile, mask_mobile, validate_mobile

from .keys import Status
from .tables import receipts, recipients

log = logging.getLogger(__name__)

DELIVERED_WORDS = frozenset({"delivered", "delivrd", "success", "ok", "成功", "0"})
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(?:\+?86)?(1[3-9]\d)\d{4}(\d{4})(?!\d)")


@dataclass(frozen=True)
class DeliveryReport:
    """One parsed report."""

    ref: str | None
    message_id: str | None
    number: str | None
    delivered: bool
    status: str
    reported_at: datetime | None
    raw: dict[str, Any]


@dataclass(frozen=True)
class ReceiptSummary:
    """What ``record_receipts`` did."""

    received: int
    matched: int
    delivered: int
    undelivered: int


def mask_text(text: str) -> str:
    """Mask every mobile number inside a text (``138****5678``)."""
    return _MOBILE_IN_TEXT.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)


def parse_receipts(payload: bytes | str | list | dict) -> list[DeliveryReport]:
    """Parse a posted body into reports; raises InvalidInputError naming what is wrong."""
    if isinstance(payload, bytes | str):
        try:
            payload = json.loads(payload)
        except ValueError:
            raise InvalidInputError("receipt body", "must be JSON") from None
    items = payload.get("reports") if isinstance(payload, dict) else payload
    if isinstance(payload, dict) and items is None:
        items = [payload]
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InvalidInputError("receipt body", "a list of report objects (or {'reports': []})")
    return [_one(item) for item in items]


def _one(item: dict[str, Any]) -> DeliveryReport:
    if "biz_id" in item or "phone_number" in item:  # Alibaba Cloud SmsReport
        status = str(item.get("err_code") or ("DELIVERED" if item.get("success") else "FAILED"))
        delivered = bool(item.get("success"))
        number, ref, message_id = item.get("phone_number"), None, item.get("biz_id")
        when = item.get("report_time")
    else:
        status = str(item.get("status", ""))
        delivered = status.strip().lower() in DELIVERED_WORDS
        number, ref = item.get("to"), item.get("ref")
        message_id = item.get("id", item.get("message_id"))
        when = item.get("at", item.get("reported_at"))
    number = validate_mobile(str(number)) if number and is_valid_mobile(str(number)) else None
    return DeliveryReport(
        ref=str(ref) if ref else None,
        message_id=str(message_id) if message_id else None,
        number=number,
        delivered=delivered,
        status=status or ("delivered" if delivered else "failed"),
        reported_at=_when(when),
        raw=json.loads(mask_text(json.dumps(item, ensure_ascii=False))),
    )


def _when(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def record_receipts(
    payload: bytes | str | list | dict,
    *,
    engine: Engine,
    now: Callable[[], datetime] | None = None,
) -> ReceiptSummary:
    """Parse, match and store delivery reports; recipients move to delivered/undelivered."""
    reports = parse_receipts(payload)
    received_at = (now or (lambda: datetime.now(UTC)))()
    matched = delivered = 0
    with engine.begin() as conn:
        for report in reports:
            row_id = _match(conn, report)
            conn.execute(
                receipts.insert().values(
                    recipient_id=row_id,
                    message_id=report.message_id,
                    ref=report.ref,
                    number_masked=mask_mobile(report.number) if report.number else None,
                    status=report.status[:40],
                    delivered=report.delivered,
                    reported_at=report.reported_at,
                    received_at=received_at,
                    raw=report.raw,
                )
            )
            if row_id is None:
                log.info(
                    "sms receipt for unknown message %s (%s)",
                    report.message_id,
                    mask_mobile(report.number) if report.number else "no number",
                )
                continue
            matched += 1
            delivered += report.delivered
            _apply(conn, row_id, report, received_at)
    return ReceiptSummary(len(reports), matched, delivered, matched - delivered)


def _apply(conn: Connection, row_id: int, report: DeliveryReport, received_at: datetime) -> None:
    """The recipient's row moves to delivered / undelivered."""
    conn.execute(
        update(recipients)
        .where(recipients.c.id == row_id)
        .values(
            status=Status.DELIVERED if report.delivered else Status.UNDELIVERED,
            delivered_at=report.reported_at or received_at if report.delivered else None,
            error=None if report.delivered else report.status[:200],
            message_id=func.coalesce(recipients.c.message_id, report.message_id),
            updated_at=received_at,
        )
    )


def rematch(conn: Connection, since: datetime) -> int:
    """Match receipts stored unmatched since ``since`` (they came in before their recipient's
    row was written, while the send was under way); returns how many matched now."""
    query = select(
        receipts.c.id,
        receipts.c.ref,
        receipts.c.message_id,
        receipts.c.status,
        receipts.c.delivered,
        receipts.c.reported_at,
        receipts.c.received_at,
    ).where(receipts.c.recipient_id.is_(None), receipts.c.received_at >= since)
    matched = 0
    for row in conn.execute(query.order_by(receipts.c.id)).all():
        report = DeliveryReport(
            row.ref, row.message_id, None, row.delivered, row.status, row.reported_at, {}
        )
        row_id = _match(conn, report)
        if row_id is None:
            continue
        conn.execute(update(receipts).where(receipts.c.id == row.id).values(recipient_id=row_id))
        _apply(conn, row_id, report, row.received_at)
        matched += 1
    return matched


def _match(conn: Connection, report: DeliveryReport) -> int | None:
    if report.ref:
        found = conn.execute(select(recipients.c.id).where(recipients.c.ref == report.ref)).first()
        if found:
            return found.id
    if report.message_id:
        where = [recipients.c.message_id == report.message_id]
        if report.number:
            where.append(recipients.c.number == report.number)
        rows = conn.execute(select(recipients.c.id).where(and_(*where)).limit(2)).all()
        if len(rows) == 1:
            return rows[0].id
    return None


def receipts_app(engine: Engine) -> Callable[..., Iterable[bytes]]:
    """A tiny WSGI app accepting POSTed receipts (answers as Alibaba Cloud expects)."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            start_response("405 Method Not Allowed", [("Content-Type", "text/plain")])
            return [b"POST only"]
        size = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(size)
        try:
            summary = record_receipts(body, engine=engine)
        except InvalidInputError as exc:
            start_response("400 Bad Request", [("Content-Type", "application/json")])
            return [json.dumps({"code": 1, "msg": str(exc)}).encode()]
        start_response("200 OK", [("Content-Type", "application/json")])
        answer = {"code": 0, "msg": "接收成功", "matched": summary.matched}
        return [json.dumps(answer, ensure_ascii=False).encode()]

    return app
