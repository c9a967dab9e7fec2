"""举报 / 投诉 / 意见建议 about disclosure work: intake, a reply deadline, the reply.

They are **not** disclosure applications (条例 Art. 39): they get no 依申请公开 clock, no reply
letter of Art. 36 and are not counted in the annual report's application tables. Each is
linked to an item (its 索引号; the item's 责任单位 answers) or to an office, and must be
answered within ``[notify] complaint_days`` working days (default 15: a local choice, no
statute sets it). Each operation is one transaction with its audit entry (the complainant's
name and contact never go into the audit log).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, insert, select, update

from .. import audit
from ..authority import Action, require
from ..bodies.resolve import OrgKey, new_record_org_id, org_id_of
from ..errors import ConflictError, InvalidInputError, NotFoundError
from ..items.records import get_item
from ..store.engine import inserted_id
from ..store.sequences import next_value
from ..store.tables import items
from ..validation import build
from .settings import supervision_settings
from .tables import complaints

if TYPE_CHECKING:
    from ..kernel import Kernel

ART39_NOTE = (
    "提示：举报、投诉、意见建议不是政府信息公开申请（《中华人民共和国政府信息公开条例》"
    "第三十九条），不按依申请公开程序办理，由责任单位按举报投诉程序处理并答复。"
)


class ComplaintKind(StrEnum):
    REPORT = "举报"
    COMPLAINT = "投诉"
    SUGGESTION = "意见建议"


class ComplaintRoute(StrEnum):
    """How it came in: the seeds' 举报箱 and 监督电话, and the usual others."""

    BOX = "举报箱"
    PHONE = "监督电话"
    ONLINE = "网上"
    LETTER = "来信"
    VISIT = "来访"


class ComplaintForm(BaseModel):
    """What the office records on intake; ``item`` is the 索引号 it is about, if any."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ComplaintKind
    route: ComplaintRoute = ComplaintRoute.BOX
    text: str = Field(..., min_length=1, max_length=5000)
    received_on: date | None = None
    office: str | None = Field(None, max_length=200)
    item: str | None = Field(None, max_length=64)
    name: str | None = Field(None, max_length=100, description="blank: anonymous")
    contact: str | None = Field(None, max_length=200)


@dataclass(frozen=True)
class Complaint:
    id: int
    number: str
    kind: ComplaintKind
    route: ComplaintRoute
    received_on: date
    office: str
    item_index_no: str | None
    name: str | None
    contact: str | None
    text: str
    due: date
    reply: str | None
    replied_on: date | None
    replied_by: str | None
    org_id: int | None = None  # the body it is addressed to

    @property
    def is_open(self) -> bool:
        return self.replied_on is None

    @property
    def on_time(self) -> bool | None:
        """True / False once answered; None while open."""
        return None if self.replied_on is None else self.replied_on <= self.due

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("received_on", "due", "replied_on"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def _row(r: Any) -> Complaint:
    return Complaint(
        id=r.id,
        number=r.number,
        kind=ComplaintKind(r.kind),
        route=ComplaintRoute(r.route),
        received_on=r.received_on,
        office=r.office,
        item_index_no=r.item_index_no,
        name=r.name,
        contact=r.contact,
        text=r.text,
        due=r.due,
        reply=r.reply,
        replied_on=r.replied_on,
        replied_by=r.replied_by,
        org_id=r.org_id,
    )


def _get(conn: Connection, number: str) -> Complaint:
    row = conn.execute(select(complaints).where(complaints.c.number == number.strip())).first()
    if row is None:
        raise NotFoundError("complaint", number)
    return _row(row)


def _office(conn: Connection, form: ComplaintForm) -> tuple[str, str | None, int | None]:
    """The office that answers, the item's 索引号 and the item's body (when about an item)."""
    index_no = form.item.strip() if form.item and form.item.strip() else None
    if index_no is not None:
        get_item(conn, index_no)
        row = conn.execute(
            select(items.c.responsible_unit, items.c.org_id).where(items.c.index_no == index_no)
        ).one()
        return (form.office or "").strip() or row.responsible_unit, index_no, row.org_id
    if not (form.office or "").strip():
        raise InvalidInputError("office", "name the office or the item (索引号) it is about")
    return form.office.strip(), None, None  # type: ignore[union-attr]


def add_complaint(
    kernel: Kernel,
    form: ComplaintForm | dict[str, Any],
    actor: str,
    org: OrgKey | None = None,
) -> Complaint:
    """Register a 举报 / 投诉 / 意见建议 to body ``org`` (default: the item's body, else the
    actor's or the configured one); its reply is due ``complaint_days`` working days on."""
    if not isinstance(form, ComplaintForm):
        form = build(ComplaintForm, form)
    if not form.text.strip():
        raise InvalidInputError("text", "say what the complaint is about")
    today = kernel.today()
    received = form.received_on or today
    if received > today:
        raise InvalidInputError("received_on", f"cannot be after today ({today})", str(received))
    days = supervision_settings(kernel.config.notify).complaint_days
    due = kernel.calendar.add_workdays(received, days)
    with kernel.action(actor) as conn:
        require(conn, kernel.policy, actor, Action.COMPLAINT_RECORD)
        office, index_no, item_org = _office(conn, form)
        org_id = new_record_org_id(conn, kernel.config, org or item_org, actor)
        seq = next_value(conn, "complaint_no", str(received.year))
        number = f"JD{received.year}-{seq:04d}"
        new_id = inserted_id(
            conn.execute(
                insert(complaints).values(
                    number=number,
                    org_id=org_id,
                    kind=form.kind.value,
                    route=form.route.value,
                    received_on=received,
                    office=office,
                    item_index_no=index_no,
                    name=(form.name or "").strip() or None,
                    contact=(form.contact or "").strip() or None,
                    text=form.text.strip(),
                    due=due,
                    created_at=kernel.utc_now(),
                    created_by=actor,
                )
            )
        )
        payload = {"number": number, "kind": form.kind.value, "office": office, "due": str(due)}
        audit.append(conn, actor, "complaint.add", f"complaint:{new_id}", payload)
        return _get(conn, number)


def reply_complaint(
    kernel: Kernel, number: str, actor: str, reply: str, on: date | None = None
) -> Complaint:
    """Record the reply (once); ``on`` defaults to today."""
    if not reply.strip():
        raise InvalidInputError("reply", "the reply says what was done")
    with kernel.action(actor) as conn:
        require(conn, kernel.policy, actor, Action.COMPLAINT_RECORD)
        found = _get(conn, number)
        if not found.is_open:
            raise ConflictError(
                "complaint", found.number, f"already answered on {found.replied_on}"
            )
        day = on or kernel.today()
        if day > kernel.today():
            raise InvalidInputError("on", f"cannot be after today ({kernel.today()})", str(day))
        if day < found.received_on:
            raise InvalidInputError(
                "on", f"cannot be before receipt ({found.received_on})", str(day)
            )
        conn.execute(
            update(complaints)
            .where(complaints.c.id == found.id)
            .values(reply=reply.strip(), replied_on=day, replied_by=actor)
        )
        payload = {"number": found.number, "on": str(day), "on_time": day <= found.due}
        audit.append(conn, actor, "complaint.reply", f"complaint:{found.id}", payload)
        return _get(conn, found.number)


def get_complaint(kernel: Kernel, number: str) -> Complaint:
    with kernel.store.engine.connect() as conn:
        return _get(conn, number)


def list_complaints(
    conn_or_kernel: Kernel | Connection,
    *,
    open_only: bool = False,
    office: str | None = None,
    org: OrgKey | None = None,
) -> list[Complaint]:
    """Oldest first; ``open_only`` leaves out the answered ones; ``org`` keeps one body's."""

    def read(conn: Connection) -> list[Complaint]:
        q = select(complaints).order_by(complaints.c.received_on, complaints.c.id)
        if open_only:
            q = q.where(complaints.c.replied_on.is_(None))
        if office:
            q = q.where(complaints.c.office == office)
        org_id = org_id_of(conn, org)
        if org_id is not None:
            q = q.where(complaints.c.org_id == org_id)
        return [_row(r) for r in conn.execute(q)]

    if isinstance(conn_or_kernel, Connection):
        return read(conn_or_kernel)
    with conn_or_kernel.store.engine.connect() as conn:
        return read(conn)


# Phrases naming complaint handling as the *information wanted* ("公开投诉处理情况"): removed
# before looking for complaint words, so such a request still reads as an application.
_AS_SUBJECT = re.compile(
    r"(举报|投诉|信访|检举)(的)?(处理|受理|办理|答复|办结|调查)?(情况|结果|记录|数量|件数|统计|"
    r"电话|箱|渠道|制度|办法|途径|材料|信息|文件|台账)"
)
_COMPLAINT_WORDS = re.compile(
    r"举报|检举|控告|投诉|信访|上访|查处|追究.{0,8}责任|严肃处理|要求处理|请求处理|讨个?说法|"
    r"主持公道|我建议|提出建议|提个建议|意见建议"
)


def looks_like_complaint(text: str) -> bool:
    """True when a request reads as a 举报 / 投诉 / 信访 or a suggestion rather than a request
    for information (Art. 39): "我要举报村干部侵占补贴" is; "申请公开2025年投诉处理情况" is not.

    A heuristic for a prompt, never a refusal: the office decides.
    """
    stripped = _AS_SUBJECT.sub("", text or "")
    return bool(_COMPLAINT_WORDS.search(stripped))
