"""Chinese identifiers with their real check rules.

- 统一社会信用代码 (GB 32100-2015), with the 组织机构代码 (GB 11714) inside it;
- 居民身份证号码 (GB 11643-1999): MOD 11-2 check character and a real birth date;
- mobile numbers (``1[3-9]`` + 9 digits, optional ``+86``/``86``);
- bank card numbers (Luhn).

Each ``is_valid_…`` answers True/False; each ``validate_…`` returns the normalised value or
raises :class:`~gov_disclosure.errors.IdentifierError` saying which rule failed. Full-width
digits and letters (``１１０１…``), common in Chinese documents, are accepted and normalised.
"""

from __future__ import annotations

import re
from datetime import date

from .errors import IdentifierError

_FULL_TO_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULL_TO_HALF[0x3000] = 0x20

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def to_halfwidth(text: str) -> str:
    """Map full-width ASCII forms (``０-９``, ``Ａ-Ｚ`` …) to their half-width characters."""
    return text.translate(_FULL_TO_HALF)


# --- 统一社会信用代码 -------------------------------------------------------------


def credit_code_check_char(first17: str) -> str:
    """The check character (position 18) for the first 17 characters of a credit code."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    """Return the normalised 统一社会信用代码 or raise naming the broken rule."""
    code = to_halfwidth(str(value)).strip().upper()
    field = "统一社会信用代码 (credit_code)"
    if len(code) != 18:
        raise IdentifierError(field, f"must be 18 characters, not {len(code)}", value)
    bad = [c for c in code if c not in CREDIT_ALPHABET]
    if bad:
        raise IdentifierError(
            field, f"character {bad[0]!r} is not allowed (I, O, Z, S, V never occur)", value
        )
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise IdentifierError(field, f"check character should be {expected!r}", value)
    return code


def is_valid_credit_code(value: str) -> bool:
    """True when ``value`` is a well-formed 统一社会信用代码 with the right check character."""
    try:
        validate_credit_code(value)
    except IdentifierError:
        return False
    return True


# --- 组织机构代码 ---------------------------------------------------------------


def _org_char_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - ord("A") + 10


def validate_org_code(value: str) -> str:
    """Return the normalised 9-character 组织机构代码 (``XXXXXXXX-X`` dash allowed) or raise."""
    code = to_halfwidth(str(value)).strip().upper().replace("-", "")
    field = "组织机构代码 (org_code)"
    if len(code) != 9 or not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", code):
        raise IdentifierError(field, "must be 8 digits or capital letters and a check character")
    total = sum(_org_char_value(c) * w for c, w in zip(code[:8], _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    expected = {10: "X", 11: "0"}.get(check, str(check))
    if code[8] != expected:
        raise IdentifierError(field, f"check character should be {expected!r}", value)
    return code


def is_valid_org_code(value: str) -> bool:
    """True for a 组织机构代码 with a correct check character."""
    try:
        validate_org_code(value)
    except IdentifierError:
        return False
    return True


# --- 居民身份证号码 -------------------------------------------------------------


def resident_id_check_char(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits of a 身份证号."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_resident_id(value: str) -> str:
    """Return the normalised 18-character 身份证号 or raise naming the broken rule."""
    rid = to_halfwidth(str(value)).strip().upper()
    field = "身份证号 (resident_id)"
    if len(rid) != 18:
        raise IdentifierError(field, f"must be 18 characters, not {len(rid)}")
    if not (rid[:17].isascii() and rid[:17].isdigit()) or rid[17] not in "0123456789X":
        raise IdentifierError(field, "must be 17 digits followed by a digit or X")
    try:
        date(int(rid[6:10]), int(rid[10:12]), int(rid[12:14]))
    except ValueError:
        raise IdentifierError(field, f"birth date {rid[6:14]} is not a real date") from None
    expected = resident_id_check_char(rid[:17])
    if rid[17] != expected:
        raise IdentifierError(field, f"check character should be {expected!r}")
    return rid


def is_valid_resident_id(value: str) -> bool:
    """True for an 18-character 身份证号 with a real birth date and a correct check character."""
    try:
        validate_resident_id(value)
    except IdentifierError:
        return False
    return True


# First-generation IDs (15 digits, issued until 2004, some still in old registers and lists):
# a 6-digit area code, the birth date as YYMMDD in the 1900s, a 3-digit sequence, no check.
PROVINCE_CODES = frozenset(
    map(str, (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45))
) | frozenset(map(str, (46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82)))


def is_first_generation_id(digits: str) -> bool:
    """True for 15 digits shaped like a first-generation 身份证号: a province code and a real
    birth date in 1900-1999 (there is no check digit to confirm it)."""
    if len(digits) != 15 or not (digits.isascii() and digits.isdigit()):
        return False
    if digits[:2] not in PROVINCE_CODES:
        return False
    try:
        date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    except ValueError:
        return False
    return True


def is_valid_registration_number(digits: str) -> bool:
    """True for a 15-digit 工商注册号 (GS 15-2006) whose last digit is its ISO 7064
    MOD 11,10 check digit."""
    if len(digits) != 15 or not (digits.isascii() and digits.isdigit()):
        return False
    product = 10
    for d in digits[:14]:
        product = ((product + int(d)) % 10 or 10) * 2 % 11
    return (product + int(digits[14])) % 10 == 1


# --- mobile numbers -----------------------------------------------------------


def validate_mobile(value: str) -> str:
    """Return the 11-digit mobile number (``+86``/``86`` and separators dropped) or raise."""
    raw = to_halfwidth(str(value)).strip()
    digits = re.sub(r"[\s\-]", "", raw)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not _MOBILE.fullmatch(digits):
        raise IdentifierError(
            "手机号码 (mobile)", "must be 11 digits starting 13-19 (optionally +86)", value
        )
    return digits


def is_valid_mobile(value: str) -> bool:
    """True for a mainland mobile number."""
    try:
        validate_mobile(value)
    except IdentifierError:
        return False
    return True


def mask_mobile(value: str) -> str:
    """``13812345678`` → ``138****5678`` (as notices and logs show it)."""
    number = validate_mobile(value)
    return f"{number[:3]}****{number[7:]}"


# --- bank cards -----------------------------------------------------------------


def luhn_ok(digits: str) -> bool:
    """True when a digit string passes the Luhn check (bank card numbers)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def is_valid_bank_card(value: str) -> bool:
    """True for 16-19 digits passing Luhn (about 1 in 10 random numbers does: review hits)."""
    digits = re.sub(r"[\s\-]", "", to_halfwidth(str(value)))
    return digits.isascii() and digits.isdigit() and 16 <= len(digits) <= 19 and luhn_ok(digits)
