"""Personal data (个人信息) found with real validation, not bare regular expressions.

One pattern with a character class first finds candidates fast; each candidate is then
classified by its length and validated:

- 18 characters (17 digits + digit or X): 身份证号 when the birth date is real and the MOD 11-2
  check character is right. An 18-digit number that is a valid 身份证号 *and* passes Luhn is
  an ID: the ID check (1 in 11, plus a real date) is far stronger than Luhn (1 in 10), and an
  ID is the more serious leak.
- 15 digits with a province code and a real 19YYMMDD birth date: a first-generation 身份证号
  (no check digit). A 15-digit 工商注册号 (old business registration number) can have the
  same shape but ends in a MOD 11,10 check digit, so a number that passes it only warns (one
  real old ID in ten passes it by chance).
- 11 digits (or 13 with a leading 86): a mobile number (``1[3-9]`` + 9 digits).
- 16-19 digits starting 3-6 or 9, passing Luhn and not an ID: a bank card (about 1 in 10
  random numbers passes Luhn, so a person checks each hit).
- 11-12 digits starting with 0: a landline written without a separator.

The same pattern finds separated numbers (``0510-88881234``, ``(0510)88881234``,
``138 1234 5678``, ``6222 0212 3456 7890``); e-mail addresses are found from their ``@``.
Full-width digits (``１１０１…``) are found too. Every span is in the original text's
character offsets: only each short candidate is converted to half-width for validation.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import itemgetter, mul

from ..identifiers import (
    is_first_generation_id,
    is_valid_credit_code,
    is_valid_registration_number,
    luhn_ok,
    to_halfwidth,
)
from .mask_rules import MARKUP, mask_value
from .number_scan import MIN_DIGITS, NumberScan, scan_numbers

_D = "[0-9０-９]"
# What may stand between the digit groups of one number: a space (also no-break and ideographic),
# a hyphen or dash, a dot, a line break, an HTML entity space, or markup (``<span>``, ``</w:t>``).
_SEP = r"(?:[ \u00a0\u3000.．·\-－‐–—_]|\r?\n|&nbsp;|&#160;|(?:<[^<>]{0,300}>)+)"
_CANDIDATE = re.compile(
    "(?=[0-9０-９(（])(?:"  # a character class first: the scan skips everything else fast
    # 统一社会信用代码 of a 个体工商户 (registered by 市场监管 "9", kind "2"): a natural person's
    "(?P<credit>92[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z]))"
    f"|(?P<run>{_D}{{11,}}[XxＸｘ]?)"
    f"|(?P<landline>(?:[(（][0０][1-9１-９]{_D}{{1,2}}[)）] ?|[0０][1-9１-９]{_D}{{1,2}}[-－])"
    f"[2-9２-９]{_D}{{6,7}}(?!{_D}))"
    f"|(?P<sep>{_D}+(?:{_SEP}{{1,3}}{_D}+)+[XxＸｘ]?)"
    ")"
)
_SEPARATED = re.compile(f"{_D}+(?:{_SEP}{{1,3}}{_D}+)+[XxＸｘ]?")
_GROUP = re.compile(f"{_D}+[XxＸｘ]?")
_TAG = MARKUP
_AT = re.compile("[@＠]")
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9_%+\-][A-Za-z0-9._%+\-]{0,63}$")
_EMAIL_DOMAIN = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,}"
)
_NOT_DIGITS = re.compile("[^0-9]")
_NOT_SIGNIFICANT = re.compile("[^0-9X]")
# Card numbers start 3 (JCB, Amex), 4 (Visa), 5 (Mastercard), 6 (银联 62…), 9 (old bank cards);
# never 0, 1 or 2, which keeps lists of years (2021 2022 2023 2024) out.
_CARD_FIRST = "34569"


PERSONAL_DATA = "个人信息"
"""The category of every personal-data finding."""


class DataKind(StrEnum):
    """The kinds of personal data the screening knows."""

    RESIDENT_ID = "resident_id"
    SUSPECT_ID = "resident_id_suspect"
    OLD_ID = "resident_id_15"
    OLD_ID_OR_REGISTRATION = "resident_id_15_suspect"
    MOBILE = "mobile"
    BANK_CARD = "bank_card"
    LANDLINE = "landline"
    EMAIL = "email"
    SOLE_TRADER = "credit_code_sole_trader"


_ID, _MOBILE = DataKind.RESIDENT_ID, DataKind.MOBILE


@dataclass(frozen=True)
class PersonalDatum:
    """One personal datum: its kind and where it sits in the original text.

    ``text`` is the original slice, separators and markup included; :attr:`digits` is the
    number itself (half-width, upper-case X), the form allowlists compare.
    """

    kind: DataKind
    start: int
    end: int
    text: str

    @property
    def masked(self) -> str:
        return mask_value(self.kind, self.text)

    @property
    def digits(self) -> str:
        return normalize_number(self.text) if self.kind is not DataKind.EMAIL else self.text


def normalize_number(value: str) -> str:
    """The digits (and check X) of a number as written: half-width, without separators or
    markup, without a +86/86 country prefix on a mobile. Allowlists compare this form."""
    digits = _NOT_SIGNIFICANT.sub("", to_halfwidth(_TAG.sub("", value)).upper())
    if len(digits) == 13 and digits.startswith("86") and digits[2] == "1":
        return digits[2:]
    return digits


def find_personal_data(text: str, keep: Collection[str] = ()) -> list[PersonalDatum]:
    """Every validated personal datum in ``text``, in order of position.

    ``keep`` holds numbers (any written form, see :func:`normalize_number`) that are not
    personal data here: the office's own published 监督电话, 咨询电话 and 传真.
    """
    spans = find_spans(text, keep)
    spans.sort(key=itemgetter(0))
    return [PersonalDatum(kind, s, e, text[s:e]) for s, e, kind in spans]


def find_spans(text: str, keep: Collection[str] = ()) -> list[tuple[int, int, DataKind]]:
    """(start, end, kind) of every validated personal datum in ``text``, grouped (not in
    order of position): what :func:`find_personal_data` returns, without building objects.

    The numbers are located by :func:`.number_scan.scan_numbers`; the candidate pattern runs
    only over the regions that pass leaves to it.
    """
    found = spans_of_scan(text, scan_numbers(text))
    if keep:
        kept = {normalize_number(k) for k in keep}
        found = [f for f in found if _comparable(text, *f) not in kept]
    return found


def spans_of_scan(text: str, scan: NumberScan) -> list[tuple[int, int, DataKind]]:
    """The personal data of a :class:`.number_scan.NumberScan` of ``text`` (a scan that leaves
    the whole text to the pattern gives the reference result the tests compare with)."""
    found: list[tuple[int, int, DataKind]] = [(s, e, _ID) for s, e in scan.ids]
    found += [(s, e, _MOBILE) for s, e in scan.mobiles]
    regions = list(scan.regions)
    for run in scan.runs:
        if (kind := _kind_of_run(run.digits)) is not None:
            found.append((run.start, run.end, kind))
            if run.rest >= 8:
                regions.append((run.resume, run.region[1]))
        elif run.rest >= MIN_DIGITS or (run.rest and len(run.digits.rstrip("X")) < 18):
            regions.append(run.region)  # perhaps the start of a number written in groups
        # else nothing more there: a block of 18 or 19 digits starts no number written in
        # groups (it would be longer than 19 digits, or a card in groups of four), and fewer
        # than MIN_DIGITS digits after it hold no number of their own (an 18-digit 编号
        # at the end of a line, the next line starting with a digit)
    for s, e in regions:
        for m in _CANDIDATE.finditer(text, s, e):
            found.extend((d.start, d.end, d.kind) for d in _classify(text, m))
    if "@" in text or "＠" in text:
        found.extend((d.start, d.end, d.kind) for d in _emails(text))
    return found


def _comparable(text: str, start: int, end: int, kind: DataKind) -> str:
    value = text[start:end]
    return value if kind is DataKind.EMAIL else normalize_number(value)


def _classify(text: str, m: re.Match[str]) -> Iterator[PersonalDatum]:
    start, end = m.span()
    group = m.lastgroup
    if group != "run" and start and _is_digit(text[start - 1]):
        return  # the tail of a longer number, not a number of its own
    if group == "sep":
        yield from _separated(text, start, end)
        return
    if group == "credit":
        if is_valid_credit_code(m.group()):
            yield PersonalDatum(DataKind.SOLE_TRADER, start, end, m.group())
        return
    raw = m.group()
    raw = raw if raw.isascii() else to_halfwidth(raw)
    raw = raw.upper()
    if group == "run":
        if raw.endswith("X") and len(raw) != 18:
            raw, end = raw[:-1], end - 1
        kind = _kind_of_run(raw)
        if kind is None and (longer := _SEPARATED.match(text, start)) and longer.end() > end:
            # not a number by itself: the start of one written in groups (110105194912⏎31002X)
            yield from _separated(text, start, longer.end())
            return
    else:
        kind = DataKind.LANDLINE
    if kind is not None:
        yield PersonalDatum(kind, start, end, text[start:end])


# How many digit groups one number may be written in: an 18-digit ID as 1101 0519 4912 3100 2X,
# a card as 6222 0212 3456 7890 123; fewer for the rest, whose checks are weaker.
_MAX_GROUPS = {18: 6, 15: 3, 13: 4, 12: 3, 11: 3}
_CARD_GROUPS = 5


def _separated(text: str, start: int, end: int) -> Iterator[PersonalDatum]:
    """Numbers written in groups: try the runs of consecutive groups from each group on,
    keep the longest that validates, and go on after it."""
    if end - start < 11:
        return  # too short to hold 11 digits (an amount and the next row's number)
    groups = _groups(text, start, end)
    if sum(len(g) for _, _, g in groups) < 11:
        return
    i = 0
    while i < len(groups):
        best: tuple[int, DataKind, int] | None = None
        digits = ""
        for j in range(i, min(len(groups), i + _CARD_GROUPS + 1)):
            digits += groups[j][2]
            if "X" in digits[:-1]:
                break
            trim = int(digits.endswith("X") and len(digits) != 18)  # X only ends an ID
            kind = _kind_of_group_run(digits[: len(digits) - trim], j - i + 1, groups[i : j + 1])
            if kind is not None:
                best = (j, kind, trim)
        if best is None:
            i += 1
            continue
        j, kind, trim = best
        s, e = groups[i][0], groups[j][1] - trim
        yield PersonalDatum(kind, s, e, text[s:e])
        i = j + 1


def _groups(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, half-width digits) of each digit group in text[start:end], markup skipped."""
    out: list[tuple[int, int, str]] = []
    pos = start
    for tag in (*_TAG.finditer(text, start, end), None):
        stop = tag.start() if tag else end
        for g in _GROUP.finditer(text, pos, stop):
            raw = g.group()
            out.append((g.start(), g.end(), (raw if raw.isascii() else to_halfwidth(raw)).upper()))
        if tag:
            pos = tag.end()
    return out


def _kind_of_group_run(
    digits: str, n_groups: int, groups: list[tuple[int, int, str]]
) -> DataKind | None:
    n = len(digits)
    if n_groups > _MAX_GROUPS.get(n, 0):
        if 16 <= n <= 19 and _card_grouping(groups) and _is_card(digits):
            return DataKind.BANK_CARD
        return None
    if n == 12 and digits[0] != "0":
        return None
    kind = _kind_of_run(digits)
    if kind is DataKind.BANK_CARD and not _card_grouping(groups):
        return None
    return kind


def _card_grouping(groups: list[tuple[int, int, str]]) -> bool:
    """6222 0212 3456 7890 (123): groups of four, the last of one to four."""
    return (
        len(groups) >= 4
        and all(len(g) == 4 for _, _, g in groups[:4])
        and all(len(g) <= 4 for _, _, g in groups[4:])
    )


def _kind_of_run(digits: str) -> DataKind | None:
    n = len(digits)
    if n == 18 and _is_resident_id(digits):
        return DataKind.RESIDENT_ID  # wins over Luhn on purpose (see the module docstring)
    if n == 18 and digits.endswith("X"):
        return None
    if (n == 11 or (n == 13 and digits.startswith("86"))) and _is_mobile(digits):
        return DataKind.MOBILE
    if n in (11, 12) and digits[0] == "0" and digits[1] != "0":
        return DataKind.LANDLINE
    if _is_card(digits):
        return DataKind.BANK_CARD
    if n == 15 and is_first_generation_id(digits):
        if is_valid_registration_number(digits):
            return DataKind.OLD_ID_OR_REGISTRATION
        return DataKind.OLD_ID
    if n == 18 and _looks_like_id(digits):
        # not an ID (the check character fails), but a mistyped one in a 公示 list would
        # still identify a person: warn, and mask() masks it like an ID
        return DataKind.SUSPECT_ID
    return None


def _looks_like_id(digits: str) -> bool:
    """An area code, a real birth date since 1900, a sequence: only the check fails."""
    if not (digits[:17].isdigit() and digits[0] in "12345678"):
        return False
    try:
        born = date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    except ValueError:
        return False
    return born.year >= 1900


def _is_card(digits: str) -> bool:
    return (
        16 <= len(digits) <= 19
        and digits[0] in _CARD_FIRST
        and luhn_ok(digits)
        and not (len(digits) == 18 and _is_resident_id(digits))
    )


# The same rules as :mod:`..identifiers` (GB 11643-1999, mobile prefixes), written for the
# hot path: 18 ASCII digits (or X) are known here, so no normalising and no raising.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def _is_resident_id(digits: str) -> bool:
    if not digits[:17].isdigit():
        return False
    if _ID_CHECK[sum(map(mul, map(int, digits[:17]), _ID_WEIGHTS)) % 11] != digits[17]:
        return False
    try:
        date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    except ValueError:
        return False
    return True


def _is_mobile(digits: str) -> bool:
    n = len(digits)
    return (
        (n == 11 or (n == 13 and digits.startswith("86")))
        and digits[-11] == "1"
        and digits[-10] in "3456789"
        and digits.isdigit()
    )


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9" or "０" <= ch <= "９"


def _emails(text: str) -> Iterator[PersonalDatum]:
    for at in _AT.finditer(text):
        i = at.start()
        local = _EMAIL_LOCAL.search(text, max(0, i - 64), i)
        domain = _EMAIL_DOMAIN.match(text, i + 1)
        if local and domain:
            start = local.start()
            yield PersonalDatum(DataKind.EMAIL, start, domain.end(), text[start : domain.end()])
