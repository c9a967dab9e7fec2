"""Reading and writing application rows and events (inside the caller's transaction)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pydantic import SecretStr
from sqlalchemy import Connection, RowMapping, and_, func, insert, or_, select, update

from ..errors import NotFoundError
from ..identifiers import to_halfwidth
from ..store.engine import inserted_id
from ..store.sequences import next_value
from .models import (
    Applicant,
    ApplicationEvent,
    ApplicationForm,
    ApplicationRecord,
    ApplicationState,
    Arrival,
    Contact,
    EventKind,
    InformationRequest,
)
from .replies import Reply, ReplyType
from .tables import application_events, applications


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def insert_application(
    conn: Connection,
    form: ApplicationForm,
    *,
    office: str,
    actor: str,
    now: datetime,
    repeat_of: int | None,
    org_id: int,
) -> int:
    """A new row (state open) of body ``org_id``; returns the id."""
    received = form.arrival.received_on
    seq = next_value(conn, "application_no", str(received.year))
    applicant = form.applicant
    new_id = inserted_id(
        conn.execute(
            insert(applications).values(
                number=f"{received.year}-{seq:04d}",
                org_id=org_id,
                state=ApplicationState.OPEN.value,
                applicant_kind=applicant.kind.value,
                applicant_name=applicant.name,
                applicant_key=applicant.key,
                id_number=applicant.id_number.get_secret_value() if applicant.id_number else None,
                applicant=applicant.public_dict(),
                contact=form.contact.model_dump(mode="json"),
                request=form.request.model_dump(mode="json"),
                arrival=form.arrival.model_dump(mode="json"),
                received_on=received,
                month=month_key(received),
                office=office,
                repeat_of=repeat_of,
                created_at=now,
                created_by=actor,
            )
        )
    )
    return int(new_id)


def add_event(
    conn: Connection,
    application_id: int,
    kind: EventKind,
    on: date,
    actor: str,
    now: datetime,
    data: dict[str, Any] | None = None,
) -> int:
    result = conn.execute(
        insert(application_events).values(
            application_id=application_id,
            kind=kind.value,
            happened_on=on,
            actor=actor,
            at=now,
            data=data or {},
        )
    )
    return inserted_id(result)


def set_values(conn: Connection, application_id: int, **values: Any) -> None:
    conn.execute(update(applications).where(applications.c.id == application_id).values(**values))


def close(conn: Connection, application_id: int, reply: Reply) -> None:
    set_values(
        conn,
        application_id,
        state=ApplicationState.CLOSED.value,
        reply=reply.model_dump(mode="json"),
        closed_on=reply.replied_on,
    )


def _applicant(row: RowMapping) -> Applicant:
    data = {k: v for k, v in row["applicant"].items() if k != "id_masked"}
    if row["id_number"]:
        data["id_number"] = SecretStr(row["id_number"])
    return Applicant.model_validate(data)


def _record(row: RowMapping, events: list[ApplicationEvent]) -> ApplicationRecord:
    return ApplicationRecord(
        id=row["id"],
        number=row["number"],
        org_id=row["org_id"],
        state=row["state"],
        applicant=_applicant(row),
        contact=Contact.model_validate(row["contact"]),
        request=InformationRequest.model_validate(row["request"]),
        arrival=Arrival.model_validate(row["arrival"]),
        office=row["office"],
        received_on=row["received_on"],
        repeat_of=row["repeat_of"],
        fee_method=row["fee_method"],
        reply=Reply.model_validate(row["reply"]) if row["reply"] else None,
        closed_on=row["closed_on"],
        events=tuple(events),
    )


def _events(conn: Connection, ids: list[int]) -> dict[int, list[ApplicationEvent]]:
    out: dict[int, list[ApplicationEvent]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = conn.execute(
        select(application_events)
        .where(application_events.c.application_id.in_(ids))
        .order_by(application_events.c.id)
    ).mappings()
    for r in rows:
        out[r["application_id"]].append(
            ApplicationEvent(
                id=r["id"],
                kind=r["kind"],
                on=r["happened_on"],
                actor=r["actor"],
                at=r["at"],
                data=r["data"],
            )
        )
    return out


def get_application(conn: Connection, key: int | str) -> ApplicationRecord:
    """By id or number (``2026-0003``)."""
    text = str(key).strip()
    cond = applications.c.number == text
    if text.isdigit():
        cond = or_(cond, applications.c.id == int(text))
    row = conn.execute(select(applications).where(cond)).mappings().first()
    if row is None:
        raise NotFoundError("application", key)
    return _record(row, _events(conn, [row["id"]])[row["id"]])


def list_applications(
    conn: Connection, *, open_only: bool = True, org_id: int | None = None
) -> list[ApplicationRecord]:
    """Oldest first; ``org_id`` keeps one body's."""
    q = select(applications).order_by(applications.c.received_on, applications.c.id)
    if org_id is not None:
        q = q.where(applications.c.org_id == org_id)
    if open_only:
        q = q.where(applications.c.state != ApplicationState.CLOSED.value)
    rows = list(conn.execute(q).mappings())
    events = _events(conn, [r["id"] for r in rows])
    return [_record(r, events[r["id"]]) for r in rows]


def monthly_count(conn: Connection, applicant_key: str, month: str) -> int:
    """The applicant's applications received in one natural month (``2026-03``)."""
    q = select(func.count()).where(
        applications.c.applicant_key == applicant_key, applications.c.month == month
    )
    return int(conn.execute(q).scalar_one())


def monthly_rank(conn: Connection, record: ApplicationRecord) -> int:
    """Which of the applicant's applications of that month this one is (1 = first)."""
    q = select(func.count()).where(
        applications.c.applicant_key == record.applicant.key,
        applications.c.month == month_key(record.received_on),
        or_(
            applications.c.received_on < record.received_on,
            and_(
                applications.c.received_on == record.received_on,
                applications.c.id <= record.id,
            ),
        ),
    )
    return int(conn.execute(q).scalar_one())


def _norm(text: str | None) -> str:
    return re.sub(r"[\W_]+", "", to_halfwidth(text or "")).lower()


def find_repeat(conn: Connection, applicant_key: str, request: InformationRequest) -> int | None:
    """The earliest answered application of the same applicant asking for the same information
    (same 文号, or same 名称, or the same description once spaces and punctuation are removed)."""
    wanted = {
        ("doc", _norm(request.doc_number)),
        ("title", _norm(request.title)),
        ("text", _norm(request.description)),
    }
    wanted = {w for w in wanted if w[1]}
    rows = conn.execute(
        select(applications.c.id, applications.c.request, applications.c.reply)
        .where(
            applications.c.applicant_key == applicant_key,
            applications.c.state == ApplicationState.CLOSED.value,
        )
        .order_by(applications.c.id)
    ).mappings()
    for r in rows:
        if not r["reply"] or r["reply"]["type"] == ReplyType.OTHER.value:
            continue
        req = r["request"]
        seen = {
            ("doc", _norm(req.get("doc_number"))),
            ("title", _norm(req.get("title"))),
            ("text", _norm(req.get("description"))),
        }
        if wanted & seen:
            return int(r["id"])
    return None
