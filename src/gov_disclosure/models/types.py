"""Annotated field types shared by the models; each validator quotes the rule it enforces."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from ..i18n import N_
from ..identifiers import validate_credit_code

_DOC_NUMBER = re.compile(r"(?P<prefix>[\u4e00-\u9fffA-Za-z0-9]+)〔(?P<year>\d{4})〕(?P<seq>\d+)号")


def check_doc_number(value: str) -> str:
    """文号 per GB/T 9704: ``浚政办〔2025〕43号``: 〔〕, full year, no 第, no leading 0."""
    text = value.strip()
    m = _DOC_NUMBER.fullmatch(text)
    if m and "第" not in text and not m["seq"].startswith("0"):
        return text
    if any(b in text for b in "[]【】［］()（）"):
        raise ValueError("文号 must put the year in 〔〕 brackets, e.g. 浚政办〔2025〕43号")
    if "第" in text:
        raise ValueError("文号 has no 第 before the number, e.g. 浚政办〔2025〕43号")
    m = _DOC_NUMBER.fullmatch(text)
    if not m:
        raise ValueError("文号 must look like 浚政办〔2025〕43号 (prefix, 〔year〕, number, 号)")
    if m["seq"].startswith("0"):
        raise ValueError("文号 number has no leading zeros (43号, not 043号)")
    return text


def check_credit_code(value: str) -> str:
    return validate_credit_code(value)


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROLS_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def no_controls(value: str) -> str:
    """A one-line text: control characters (NUL, ESC, line breaks …) are refused."""
    if _CONTROLS.search(value):
        raise ValueError(N_("must not contain control characters"))
    return value


def no_controls_but_lines(value: str) -> str:
    """A free text: line breaks and tabs allowed, other control characters refused."""
    if _CONTROLS_BUT_LINES.search(value):
        raise ValueError(N_("must not contain control characters"))
    return value


NonEmptyStr = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(no_controls)
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(no_controls),
]
FreeText = Annotated[str, AfterValidator(no_controls_but_lines)]
DocNumber = Annotated[str, AfterValidator(check_doc_number)]
CreditCode = Annotated[str, AfterValidator(check_credit_code)]
IndexNo = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Za-z\-]{1,40}/\d{4,6}-\d{1,8}$")
]
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
PositiveInt = Annotated[int, Field(gt=0)]
