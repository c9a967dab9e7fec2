"""What an application (依申请公开申请) is: applicant, contact, request, arrival and its record.

The applicant's ID number is a :class:`~pydantic.SecretStr`: it prints as ``**********`` and is
only ever shown masked (:attr:`Applicant.id_masked`).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from ..identifiers import to_halfwidth, validate_mobile, validate_resident_id
from ..models.types import CreditCode, NonEmptyStr
from ..review.masking import mask_value
from .errors import NoContactError
from .replies import Reply


class ApplicantKind(StrEnum):
    """The annual report's columns (table 三): 自然人 or one of five kinds of organisation."""

    PERSON = "自然人"
    BUSINESS = "商业企业"
    RESEARCH = "科研机构"
    CHARITY = "社会公益组织"
    LEGAL_SERVICE = "法律服务机构"
    OTHER = "其他"


class IdKind(StrEnum):
    RESIDENT_ID = "居民身份证"
    OTHER = "其他身份证件"


class InfoForm(StrEnum):
    """所需信息的形式 (Art. 29)."""

    PAPER = "纸质文本"
    ELECTRONIC = "电子数据"
    OTHER = "其他"


class Delivery(StrEnum):
    """获取信息的方式 (Art. 29)."""

    POST = "邮寄"
    EMAIL = "电子邮件"
    FAX = "传真"
    PICK_UP = "自行领取"
    ON_SITE = "当场阅读、抄录"


class Route(StrEnum):
    """How the application arrived; Art. 31 fixes the receipt date for each."""

    IN_PERSON = "当面"
    REGISTERED_POST = "邮政挂号"
    ORDINARY_LETTER = "平常信函"
    INTERNET = "网络"
    FAX = "传真"


#: Art. 31: the field holding the receipt date for each route, and how the law words it.
RECEIPT_FIELD: dict[Route, tuple[str, str]] = {
    Route.IN_PERSON: ("handed_in_on", "申请人提交之日"),
    Route.REGISTERED_POST: ("signed_on", "行政机关签收之日"),
    Route.ORDINARY_LETTER: ("confirmed_on", "行政机关与申请人确认之日"),
    Route.INTERNET: ("confirmed_on", "双方确认之日"),
    Route.FAX: ("confirmed_on", "双方确认之日"),
}
_DATE_FIELDS = ("handed_in_on", "signed_on", "arrived_on", "confirmed_on")
_ALLOWED_DATES: dict[Route, set[str]] = {
    Route.IN_PERSON: {"handed_in_on"},
    Route.REGISTERED_POST: {"signed_on"},
    Route.ORDINARY_LETTER: {"arrived_on", "confirmed_on"},
    Route.INTERNET: {"arrived_on", "confirmed_on"},
    Route.FAX: {"arrived_on", "confirmed_on"},
}
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Applicant(_Model):
    """A natural person with an ID document, or an organisation of a reported kind."""

    kind: ApplicantKind
    name: NonEmptyStr
    id_kind: IdKind | None = None
    id_number: SecretStr | None = Field(None, description="stored, never shown unmasked")
    credit_code: CreditCode | None = None
    representative: str | None = Field(None, description="法定代表人或者负责人 / 联系人")

    @model_validator(mode="after")
    def _identity(self) -> Applicant:
        if self.kind is ApplicantKind.PERSON:
            if self.id_number is None or not self.id_number.get_secret_value().strip():
                raise ValueError("a natural person gives an ID document number (Art. 29 身份证明)")
            if self.credit_code:
                raise ValueError("credit_code is for organisations, not natural persons")
            kind = self.id_kind or IdKind.RESIDENT_ID
            raw = self.id_number.get_secret_value()
            if kind is IdKind.RESIDENT_ID:
                try:
                    raw = validate_resident_id(raw)
                except ValueError as exc:
                    # the message must not echo the number itself
                    raise ValueError(str(exc).split(" (got")[0]) from None
            else:
                raw = to_halfwidth(raw).strip().upper()
            object.__setattr__(self, "id_kind", kind)
            object.__setattr__(self, "id_number", SecretStr(raw))
        elif self.id_number is not None or self.id_kind is not None:
            raise ValueError("an organisation identifies itself by credit_code, not an ID number")
        return self

    @property
    def is_person(self) -> bool:
        return self.kind is ApplicantKind.PERSON

    @property
    def id_masked(self) -> str | None:
        """``1101**********002X``: the only form in which the ID number is ever shown."""
        if self.id_number is None:
            return None
        raw = self.id_number.get_secret_value()
        kind = "resident_id" if self.id_kind is IdKind.RESIDENT_ID else "other"
        return mask_value(kind, raw)

    @property
    def key(self) -> str:
        """A stable, non-reversible key for "the same applicant" (repeats, monthly counts)."""
        if self.id_number is not None:
            basis = f"person:{self.id_kind}:{self.id_number.get_secret_value()}"
        elif self.credit_code:
            basis = f"org:{self.credit_code}"
        else:
            name = re.sub(r"\s+", "", self.name)
            basis = f"org-name:{self.kind}:{name}"
        return hashlib.sha256(basis.encode()).hexdigest()

    def public_dict(self) -> dict[str, Any]:
        """Everything but the raw ID number (what the store's JSON and the audit log get)."""
        data = self.model_dump(mode="json", exclude={"id_number"})
        data["id_masked"] = self.id_masked
        return data


class Contact(_Model):
    """How to reach the applicant; at least one way is required (checked by :func:`check_form`)."""

    phone: str | None = None
    email: str | None = None
    address: str | None = None
    postcode: str | None = None
    fax: str | None = None

    @field_validator("phone", "fax")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        text = re.sub(r"[\s()（）]", "", to_halfwidth(value))
        if _LANDLINE.fullmatch(text):
            return text
        return validate_mobile(text)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not _EMAIL.fullmatch(value.strip()):
            raise ValueError("an e-mail address looks like name@example.com")
        return value.strip()

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not re.fullmatch(r"\d{6}", value.strip()):
            raise ValueError("a postcode (邮政编码) is 6 digits")
        return value.strip()

    @field_validator("address")
    @classmethod
    def _blank(cls, value: str | None) -> str | None:
        return value.strip() if value and value.strip() else None

    @property
    def is_empty(self) -> bool:
        return not (self.phone or self.email or self.address or self.fax)


class InformationRequest(_Model):
    """The information asked for, and the form and delivery wanted (Art. 29)."""

    description: NonEmptyStr
    title: str | None = Field(None, description="名称")
    doc_number: str | None = Field(None, description="文号, as the applicant wrote it")
    form: InfoForm = InfoForm.PAPER
    delivery: Delivery = Delivery.POST


class Arrival(_Model):
    """The route and the dates it needs; :attr:`received_on` follows Art. 31."""

    route: Route
    handed_in_on: date | None = None
    signed_on: date | None = None
    arrived_on: date | None = None
    confirmed_on: date | None = None
    confirmed_by: str | None = Field(
        None, description="letter / internet / fax: the actor who confirmed the date (Art. 31)"
    )

    @property
    def needs_confirmation(self) -> bool:
        """Ordinary letter, internet, fax: the receipt date is the day it was confirmed."""
        return RECEIPT_FIELD[self.route][0] == "confirmed_on"

    @model_validator(mode="after")
    def _dates(self) -> Arrival:
        needed, wording = RECEIPT_FIELD[self.route]
        if getattr(self, needed) is None:
            raise ValueError(f"{self.route.value}: {needed} ({wording}) is the receipt date")
        for name in _DATE_FIELDS:
            if getattr(self, name) is not None and name not in _ALLOWED_DATES[self.route]:
                raise ValueError(f"{name} does not apply to route {self.route.value}")
        if self.arrived_on and self.confirmed_on and self.confirmed_on < self.arrived_on:
            raise ValueError("confirmed_on cannot be before arrived_on")
        if self.confirmed_by is not None and not self.needs_confirmation:
            raise ValueError(f"confirmed_by does not apply to route {self.route.value}")
        return self

    @property
    def received_on(self) -> date:
        """Art. 31's receipt date for the route."""
        return getattr(self, RECEIPT_FIELD[self.route][0])  # type: ignore[no-any-return]

    @property
    def receipt_rule(self) -> str:
        return RECEIPT_FIELD[self.route][1]


class ApplicationForm(_Model):
    """What is registered when an application arrives."""

    applicant: Applicant
    contact: Contact = Field(default_factory=Contact)
    request: InformationRequest
    arrival: Arrival
    office: str | None = Field(None, description="承办科室 (default: the configured office)")


def check_form(form: ApplicationForm) -> None:
    """Rules pydantic cannot word as our own errors: a way to reach the applicant."""
    if form.contact.is_empty:
        raise NoContactError()


class ApplicationState(StrEnum):
    OPEN = "open"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    CLOSED = "closed"


class EventKind(StrEnum):
    """Things that happen to an application; the clock is computed from them alone."""

    RECEIVED = "received"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    SUPPLEMENT_RECEIVED = "supplement_received"
    CONSULT_STARTED = "consult_started"
    CONSULT_SERVED = "consult_served"
    CONSULT_ANSWERED = "consult_answered"
    EXTENDED = "extended"
    FEE_NOTIFIED = "fee_notified"
    FEE_SERVED = "fee_served"
    FEE_PAID = "fee_paid"
    REPLIED = "replied"
    ABANDONED = "abandoned"
    CLOSED_UNPAID = "closed_unpaid"

    @property
    def label(self) -> str:
        return _EVENT_LABELS[self]


_EVENT_LABELS = {
    EventKind.RECEIVED: "收到申请",
    EventKind.SUPPLEMENT_REQUESTED: "补正通知",
    EventKind.SUPPLEMENT_RECEIVED: "收到补正",
    EventKind.CONSULT_STARTED: "征求意见",
    EventKind.CONSULT_SERVED: "征求意见函送达",
    EventKind.CONSULT_ANSWERED: "收到意见",
    EventKind.EXTENDED: "延期答复",
    EventKind.FEE_NOTIFIED: "收费通知",
    EventKind.FEE_SERVED: "收费通知送达",
    EventKind.FEE_PAID: "缴纳费用",
    EventKind.REPLIED: "答复",
    EventKind.ABANDONED: "视为放弃申请",
    EventKind.CLOSED_UNPAID: "逾期未缴费终止",
}


class ApplicationEvent(_Model):
    id: int
    kind: EventKind
    on: date
    actor: str
    at: datetime
    data: dict[str, Any] = Field(default_factory=dict)


class ApplicationRecord(_Model):
    """A stored application with its events (oldest first)."""

    id: int
    number: str
    org_id: int | None = Field(None, description="the body (机关) it was made to")
    state: ApplicationState
    applicant: Applicant
    contact: Contact
    request: InformationRequest
    arrival: Arrival
    office: str
    received_on: date
    repeat_of: int | None = None
    fee_method: str | None = None
    reply: Reply | None = None
    closed_on: date | None = None
    events: tuple[ApplicationEvent, ...] = ()

    @property
    def is_closed(self) -> bool:
        return self.state is ApplicationState.CLOSED

    def events_of(self, kind: EventKind) -> list[ApplicationEvent]:
        return [e for e in self.events if e.kind is kind]

    def report_row(self) -> tuple[str, ...]:
        from .replies import report_row

        return report_row(self)
