"""依申请公开: register, 补正, consultations, the extension, the reply, letters, the clock."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, status
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ...app import App
from ...applications import ApplicationForm, ApplicationRecord, ReplyType
from ...errors import NotFoundError
from ..auth import Actor, Core
from ..errors import RESPONSES
from ..schemas import _In

router = APIRouter(prefix="/applications", tags=["applications 依申请公开"], responses=RESPONSES)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ApplicationOut(BaseModel):
    """An application; the applicant's ID number appears masked only."""

    id: int
    number: str
    state: str
    applicant: dict[str, Any]
    contact: dict[str, Any]
    request: dict[str, Any]
    arrival: dict[str, Any]
    office: str
    received_on: date
    repeat_of: int | None
    reply: dict[str, Any] | None
    closed_on: date | None
    events: list[dict[str, Any]]
    due: date | None = Field(description="答复期限")
    due_provisional: bool = Field(
        False, description="暂定: the due date rests on a year without the official notice yet"
    )


class DeadlineOut(BaseModel):
    status: str
    status_label: str
    received_on: date
    due: date | None
    days_left: int | None
    counted_days: int
    paused_days: int
    provisional: bool
    waiting_until: date | None
    late_by: int | None
    explanation: list[str] = Field(description="how the due date was reached, line by line（中文）")


class SupplementIn(_In):
    items: str = Field(
        min_length=1, max_length=2000, description="what the applicant must complete"
    )
    days: int | None = Field(None, ge=1, le=60, description="working days given")
    on: date | None = None


class SupplementReceivedIn(_In):
    on: date | None = None
    good_reason: str | None = Field(None, max_length=2000, description="正当理由 for a late 补正")


class ConsultIn(_In):
    party: Literal["third_party", "other_body"]
    name: str = Field(min_length=1, max_length=200)
    matter: str = Field("", max_length=2000)
    on: date | None = None


class ConsultAnswerIn(_In):
    opinion: str = Field("", max_length=4000)
    agrees: bool | None = None
    on: date | None = None


class ExtensionIn(_In):
    days: int = Field(ge=1, le=20)
    reason: str = Field(min_length=1, max_length=2000)
    on: date | None = None
    notified_on: date | None = None


class ReplyIn(_In):
    type: ReplyType
    reason: str | None = Field(None, max_length=200, description="sub-reason or withholding ground")
    explanation: str | None = Field(None, max_length=4000)
    location: str | None = Field(None, max_length=500)
    other_body: str | None = Field(None, max_length=200)
    on: date | None = None


class ConsultationOut(BaseModel):
    consultation: int
    application: ApplicationOut


def application_out(app: App, record: ApplicationRecord) -> ApplicationOut:
    report = app.applications.deadline(record.id)
    return ApplicationOut(
        id=record.id,
        number=record.number,
        state=record.state.value,
        applicant=record.applicant.public_dict(),
        contact=record.contact.model_dump(mode="json"),
        request=record.request.model_dump(mode="json"),
        arrival=record.arrival.model_dump(mode="json"),
        office=record.office,
        received_on=record.received_on,
        repeat_of=record.repeat_of,
        reply=record.reply.model_dump(mode="json") if record.reply else None,
        closed_on=record.closed_on,
        events=[e.model_dump(mode="json") for e in record.events],
        due=report.due,
        due_provisional=report.provisional,
    )


def _key(key: str) -> int | str:
    return int(key) if key.isdigit() and len(key) < 12 else key


@router.post("", status_code=status.HTTP_201_CREATED, summary="Register an application")
def register(form: ApplicationForm, app: Core, actor: Actor) -> ApplicationOut:
    """Send an ``Idempotency-Key`` so that a retry never registers it twice."""
    return application_out(app, app.applications.new(form, actor))


@router.get("", summary="Applications (open ones unless all=true)")
def list_applications(
    app: Core, actor: Actor, all: Annotated[bool, Query(description="closed ones too")] = False
) -> list[ApplicationOut]:
    return [application_out(app, r) for r in app.applications.list(open_only=not all)]


@router.get("/{key}", summary="One application (by id or number such as 2026-0001)")
def show(key: str, app: Core, actor: Actor) -> ApplicationOut:
    return application_out(app, app.applications.get(_key(key)))


@router.get("/{key}/deadline", summary="The statutory clock, explained")
def clock(key: str, app: Core, actor: Actor) -> DeadlineOut:
    report = app.applications.deadline(_key(key))
    return DeadlineOut(
        status=report.status.value,
        status_label=report.status.label,
        received_on=report.received_on,
        due=report.due,
        days_left=report.days_left,
        counted_days=report.counted_days,
        paused_days=report.paused_days,
        provisional=report.provisional,
        waiting_until=report.waiting_until,
        late_by=report.late_by,
        explanation=report.explain().splitlines(),
    )


@router.post("/{key}/supplement", summary="补正通知 (once; stops the clock)")
def supplement(key: str, body: SupplementIn, app: Core, actor: Actor) -> ApplicationOut:
    record = app.applications.request_supplement(
        _key(key), actor, items=body.items, on=body.on, days=body.days
    )
    return application_out(app, record)


@router.post("/{key}/supplement-received", summary="The completed application arrived")
def supplement_received(
    key: str, body: SupplementReceivedIn, app: Core, actor: Actor
) -> ApplicationOut:
    record = app.applications.supplement_received(
        _key(key), actor, on=body.on, good_reason=body.good_reason
    )
    return application_out(app, record)


@router.post("/{key}/consultations", status_code=status.HTTP_201_CREATED, summary="征求意见")
def consult(key: str, body: ConsultIn, app: Core, actor: Actor) -> ConsultationOut:
    """Third party (Art. 32) or another body; pauses the clock."""
    cid = app.applications.start_consultation(
        _key(key), actor, party=body.party, name=body.name, matter=body.matter, on=body.on
    )
    return ConsultationOut(
        consultation=cid, application=application_out(app, app.applications.get(_key(key)))
    )


@router.post("/{key}/consultations/{consultation}/answer", summary="The consulted party answered")
def answer(
    key: str, consultation: int, body: ConsultAnswerIn, app: Core, actor: Actor
) -> ApplicationOut:
    record = app.applications.answer_consultation(
        _key(key), actor, consultation, opinion=body.opinion, agrees=body.agrees, on=body.on
    )
    return application_out(app, record)


@router.post("/{key}/extension", summary="The one extension (Art. 33)")
def extend(key: str, body: ExtensionIn, app: Core, actor: Actor) -> ApplicationOut:
    record = app.applications.extend(
        _key(key),
        actor,
        days=body.days,
        reason=body.reason,
        on=body.on,
        notified_on=body.notified_on,
    )
    return application_out(app, record)


@router.post("/{key}/reply", summary="Reply (Art. 36 / 37): closes the application")
def reply(key: str, body: ReplyIn, app: Core, actor: Actor) -> ApplicationOut:
    record = app.applications.reply(
        _key(key),
        actor,
        type=body.type,
        reason=body.reason,
        on=body.on,
        explanation=body.explanation,
        location=body.location,
        other_body=body.other_body,
    )
    return application_out(app, record)


@router.get("/{key}/letters", summary="The application's letters (file names)")
def letters(key: str, app: Core, actor: Actor) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        return [p.name for p in app.applications.letters(_key(key), Path(tmp))]


@router.get(
    "/{key}/letters/{name}",
    summary="One letter as .docx",
    response_class=Response,
    responses={200: {"content": {DOCX: {}}, "description": "the letter (.docx)"}},
)
def letter(key: str, name: str, app: Core, actor: Actor) -> Response:
    with tempfile.TemporaryDirectory() as tmp:
        written = {p.name: p for p in app.applications.letters(_key(key), Path(tmp))}
        if name not in written:
            raise NotFoundError("file", name)
        data = written[name].read_bytes()
    return Response(data, media_type=DOCX, headers=_attachment(name))


def _attachment(name: str) -> dict[str, str]:
    from urllib.parse import quote

    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
