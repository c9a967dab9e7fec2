"""Reply types (Art. 36, partial disclosure Art. 37) and the annual report row each lands in.

A reply is one of the six result categories of the annual report's table 三 (三、本年度办理结果),
with the sub-reason the category needs: a :class:`WithholdingGround` for 不予公开 and 部分公开,
and :class:`UnableReason` / :class:`NotProcessedReason` / :class:`OtherReason`, worded exactly as
the report's rows, for the others. So every closed application lands in exactly one row.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from ..errors import IllegalTransitionError
from ..models import WithholdingGround
from .errors import ReasonRequiredError

SECTION = "三、本年度办理结果"


class ReplyType(StrEnum):
    """The report's result categories; each Art. 36 case belongs to one."""

    GRANTED = "予以公开"  # Art. 36 (1) already disclosed, (2) provided
    PARTIAL = "部分公开"  # Art. 37
    WITHHELD = "不予公开"  # Art. 36 (3), (7)
    UNABLE = "无法提供"  # Art. 36 (4), (5), Art. 38, Art. 30
    NOT_PROCESSED = "不予处理"  # Art. 36 (6), Art. 35, Art. 39
    OTHER = "其他处理"  # 补正 or fee lapsed, other

    @property
    def report_label(self) -> str:
        return _CATEGORY_ROWS[self]


class GrantKind(StrEnum):
    """How information is granted: Art. 36 (1) or (2)."""

    ALREADY_PUBLIC = "已主动公开"
    PROVIDED = "予以提供"


class UnableReason(StrEnum):
    """三（四）无法提供."""

    NOT_HELD = "本机关不掌握相关政府信息"
    NEEDS_CREATION = "没有现成信息需要另行制作"
    STILL_UNCLEAR = "补正后申请内容仍不明确"


class NotProcessedReason(StrEnum):
    """三（五）不予处理."""

    PETITION = "信访举报投诉类申请"
    REPEAT = "重复申请"
    PUBLICATION = "要求提供公开出版物"
    EXCESSIVE = "无正当理由大量反复申请"
    CONFIRM_OR_REISSUE = "要求行政机关确认或重新出具已获取信息"


class OtherReason(StrEnum):
    """三（六）其他处理."""

    NO_SUPPLEMENT = "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    UNPAID = "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    OTHER = "其他"


_CATEGORY_ROWS = {
    ReplyType.GRANTED: "（一）予以公开",
    ReplyType.PARTIAL: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ReplyType.WITHHELD: "（三）不予公开",
    ReplyType.UNABLE: "（四）无法提供",
    ReplyType.NOT_PROCESSED: "（五）不予处理",
    ReplyType.OTHER: "（六）其他处理",
}
REASON_TYPES: dict[ReplyType, type[StrEnum]] = {
    ReplyType.GRANTED: GrantKind,
    ReplyType.PARTIAL: WithholdingGround,
    ReplyType.WITHHELD: WithholdingGround,
    ReplyType.UNABLE: UnableReason,
    ReplyType.NOT_PROCESSED: NotProcessedReason,
    ReplyType.OTHER: OtherReason,
}
#: The article a letter cites for each sub-reason (grounds carry their own).
ARTICLES: dict[StrEnum, str] = {
    GrantKind.ALREADY_PUBLIC: "第三十六条第（一）项",
    GrantKind.PROVIDED: "第三十六条第（二）项",
    UnableReason.NOT_HELD: "第三十六条第（四）项",
    UnableReason.NEEDS_CREATION: "第三十八条",
    UnableReason.STILL_UNCLEAR: "第三十条",
    NotProcessedReason.PETITION: "第三十九条第一款",
    NotProcessedReason.REPEAT: "第三十六条第（六）项",
    NotProcessedReason.PUBLICATION: "第三十九条第二款",
    NotProcessedReason.EXCESSIVE: "第三十五条",
    OtherReason.NO_SUPPLEMENT: "第三十条",
    OtherReason.UNPAID: "第四十二条",
}


class Reply(BaseModel):
    """A reply: its category, sub-reason and what the letter needs to say."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: ReplyType
    reason: str
    replied_on: date
    explanation: str | None = None
    location: str | None = None
    other_body: str | None = None

    @property
    def sub_reason(self) -> StrEnum:
        return REASON_TYPES[self.type](self.reason)

    @property
    def article(self) -> str | None:
        sub = self.sub_reason
        if isinstance(sub, WithholdingGround):
            return sub.article
        if sub is UnableReason.NOT_HELD and self.other_body:
            return "第三十六条第（五）项"
        return ARTICLES.get(sub)

    @property
    def reason_label(self) -> str:
        sub = self.sub_reason
        return sub.label if isinstance(sub, WithholdingGround) else sub.value


def parse_reason(reply_type: ReplyType, raw: Any) -> StrEnum:
    """The sub-reason of ``reply_type`` from a member, its value, its name or its label."""
    enum = REASON_TYPES[reply_type]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if reply_type is ReplyType.GRANTED:
            return GrantKind.PROVIDED
        raise ReasonRequiredError(
            "reason", f"a {reply_type.value} reply needs a sub-reason: one of {_choices(enum)}"
        )
    if isinstance(raw, enum):
        return raw
    text = str(raw).strip()
    for member in enum:
        label = member.label if isinstance(member, WithholdingGround) else member.value
        if text in (member.value, member.name, member.name.lower(), label):
            return member
    raise ReasonRequiredError(
        "reason", f"not a sub-reason of {reply_type.value}: one of {_choices(enum)}", text
    )


def _choices(enum: type[StrEnum]) -> str:
    labels = [m.label if isinstance(m, WithholdingGround) else m.value for m in enum]
    return " / ".join(labels)


def make_reply(
    reply_type: ReplyType | str,
    reason: Any,
    replied_on: date,
    *,
    explanation: str | None = None,
    location: str | None = None,
    other_body: str | None = None,
) -> Reply:
    """Check a reply's sub-reason and the facts its letter needs, then build it."""
    try:
        kind = ReplyType(reply_type)
    except ValueError:
        choices = " / ".join(t.value for t in ReplyType)
        raise ReasonRequiredError("type", f"reply type is one of {choices}", reply_type) from None
    sub = parse_reason(kind, reason)
    if sub is GrantKind.ALREADY_PUBLIC and not (location or "").strip():
        raise ReasonRequiredError("location", "Art. 36 (1): say where it was made public")
    if sub is OtherReason.OTHER and not (explanation or "").strip():
        raise ReasonRequiredError("explanation", "其他处理 / 其他 needs an explanation")
    if kind is ReplyType.PARTIAL and not (explanation or "").strip():
        raise ReasonRequiredError("explanation", "Art. 37: say which part is withheld")
    return Reply(
        type=kind,
        reason=sub.value,
        replied_on=replied_on,
        explanation=(explanation or "").strip() or None,
        location=(location or "").strip() or None,
        other_body=(other_body or "").strip() or None,
    )


class _Closed(Protocol):
    @property
    def number(self) -> str: ...

    @property
    def reply(self) -> Reply | None: ...


def report_row(application: _Closed) -> tuple[str, ...]:
    """The one row of table 三 a closed application is counted in, e.g.
    ``("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")``."""
    reply = application.reply
    if reply is None:
        raise IllegalTransitionError(
            f"application {application.number}", "open", "count in the annual report"
        )
    category = _CATEGORY_ROWS[reply.type]
    if reply.type in (ReplyType.GRANTED, ReplyType.PARTIAL):
        return (SECTION, category)
    sub = reply.sub_reason
    if isinstance(sub, WithholdingGround):
        return (SECTION, category, f"{sub.report_row}.{sub.label}")
    number = list(type(sub)).index(sub) + 1
    return (SECTION, category, f"{number}.{sub.value}")


def all_report_rows() -> list[tuple[str, ...]]:
    """Every row a closed application can land in, in the report's order."""
    rows: list[tuple[str, ...]] = []
    for kind in ReplyType:
        if kind in (ReplyType.GRANTED, ReplyType.PARTIAL):
            rows.append((SECTION, _CATEGORY_ROWS[kind]))
            continue
        for i, member in enumerate(REASON_TYPES[kind], start=1):
            label = member.label if isinstance(member, WithholdingGround) else member.value
            rows.append((SECTION, _CATEGORY_ROWS[kind], f"{i}.{label}"))
    return rows


def report_column(applicant_kind: str) -> str:
    """The table's column: 自然人 or the organisation's kind."""
    return str(applicant_kind)
