"""The personal-data screening rule: each validated datum a finding, shown only masked."""

from __future__ import annotations

from collections.abc import Collection
from operator import itemgetter

from .findings import Finding, Findings, Severity
from .mask_rules import mask_value
from .personal_data import PERSONAL_DATA, DataKind, find_spans, normalize_number

_LABELS: dict[DataKind, tuple[str, str, Severity]] = {
    DataKind.RESIDENT_ID: ("身份证号", "resident ID number", Severity.BLOCK),
    DataKind.SUSPECT_ID: (
        "疑似身份证号（校验位不符，可能录入有误）",
        "looks like a resident ID with a wrong check character (a typo?)",
        Severity.WARN,
    ),
    DataKind.OLD_ID: (
        "身份证号（15位旧号码）",
        "first-generation (15-digit) resident ID",
        Severity.BLOCK,
    ),
    DataKind.OLD_ID_OR_REGISTRATION: (
        "疑似15位身份证号（也可能是工商注册号）",
        "15-digit resident ID or business registration number",
        Severity.WARN,
    ),
    DataKind.MOBILE: ("手机号码", "mobile number", Severity.WARN),
    DataKind.BANK_CARD: ("银行卡号", "bank card number", Severity.BLOCK),
    DataKind.LANDLINE: ("固定电话", "landline number", Severity.WARN),
    DataKind.EMAIL: ("电子邮箱", "e-mail address", Severity.WARN),
    DataKind.SOLE_TRADER: (
        "个体工商户统一社会信用代码（经营者为自然人）",
        "credit code of a sole trader (a natural person's business)",
        Severity.WARN,
    ),
}


class PersonalDataRule:
    """Screening rule: each validated personal datum, with its masked form as the suggestion.

    A finding never holds the number itself: ``matched`` and the messages show the masked form
    (findings are stored with the review decision, printed and logged). ``keep`` lists the
    office's own published numbers, which are never flagged.
    """

    name = "personal_data"

    def __init__(self, keep: Collection[str] = ()) -> None:
        self.keep = frozenset(normalize_number(k) for k in keep)

    def find(self, text: str, field: str = "text") -> Findings:
        """The findings in ``text``: located now, each :class:`Finding` built on first use."""
        spans = find_spans(text, self.keep) if text else []
        return Findings([(len(spans), lambda: _findings(self.name, text, spans, field))])


def _findings(
    name: str, text: str, spans: list[tuple[int, int, DataKind]], field: str
) -> list[Finding]:
    spans.sort(key=itemgetter(0))
    out = []
    for start, end, kind in spans:
        zh, en, severity = _LABELS[kind]
        shown = mask_value(kind, text[start:end])
        out.append(
            Finding(
                rule=f"{name}.{kind.value}",
                severity=severity,
                start=start,
                end=end,
                matched=shown,
                message_zh=f"{zh}「{shown}」：公开前应作去标识化处理（遮盖）",
                message_en=f"{en} '{shown}': mask it before publication",
                suggestion=shown,
                field=field,
                category=PERSONAL_DATA,
            )
        )
    return out
