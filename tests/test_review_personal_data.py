"""Personal data found with real validation: IDs, mobiles, cards, landlines, e-mail, full-width."""

from __future__ import annotations

import pytest

from gov_disclosure.review import DataKind, find_personal_data, mask, screen
from tests.review_files import id_check, luhn_digit, make_id  # noqa: F401 - shared with other tests

# GB 11643-1999 and Luhn are written out in tests/review_files.py, not taken from the library


def luhn_passes(number: str) -> bool:
    return luhn_digit(number[:-1]) == number[-1]


def full_width(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def kinds(text: str) -> list[tuple[DataKind, str]]:
    found = find_personal_data(text)
    for d in found:
        assert text[d.start : d.end] == d.text
    return [(d.kind, d.text) for d in found]


# --- tests --------------------------------------------------------------------------


def test_known_valid_id_is_found_with_its_span() -> None:
    text = "户主：张三，身份证号11010519491231002X，住东村。"
    found = find_personal_data(text)
    assert [(d.kind, d.start, d.end) for d in found] == [(DataKind.RESIDENT_ID, 10, 28)]


def test_lowercase_x_and_full_width_id_are_found() -> None:
    rid = make_id("110105", "19491231", "002")
    assert rid.endswith("X")
    lower = rid[:-1] + "x"
    wide = full_width(rid)
    text = f"甲{lower}乙{wide}丙"
    assert kinds(text) == [(DataKind.RESIDENT_ID, lower), (DataKind.RESIDENT_ID, wide)]


def test_id_with_wrong_check_digit_is_not_an_id_but_a_suspect() -> None:
    """Not an ID (it fails the check), but a typo in a 公示 list still names a person: it is
    reported as a suspected ID (warn, not block) and masked like one."""
    good = make_id()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    found = kinds(f"号码{wrong}。")
    assert (DataKind.RESIDENT_ID, wrong) not in found
    if not luhn_passes(wrong):
        assert found == [(DataKind.SUSPECT_ID, wrong)]
        assert mask(f"号码{wrong}。") == f"号码{wrong[:4]}{'*' * 10}{wrong[-4:]}。"


def test_id_with_impossible_birth_date_is_not_an_id() -> None:
    bad_date = make_id(birth="19800230")  # 30 February, right check character
    assert DataKind.RESIDENT_ID not in [k for k, _ in kinds(f"号码{bad_date}")]


def test_an_id_that_also_passes_luhn_counts_as_an_id() -> None:
    both = next(
        rid
        for seq in range(1000)
        if luhn_passes(rid := make_id(seq=f"{seq:03d}")) and not rid.endswith("X")
    )
    assert kinds(f"证件{both}") == [(DataKind.RESIDENT_ID, both)]


def test_eighteen_digits_passing_only_luhn_is_a_bank_card() -> None:
    payload = "62220212345678901"  # birth "12345678" is no date, so never an ID
    card = payload + luhn_digit(payload)
    assert kinds(f"账号{card}。") == [(DataKind.BANK_CARD, card)]


@pytest.mark.parametrize("length", [16, 17, 19])
def test_bank_cards_of_16_to_19_digits_need_luhn(length: int) -> None:
    payload = ("6222021234567890123")[: length - 1]
    card = payload + luhn_digit(payload)
    broken = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert kinds(f"卡号{card}") == [(DataKind.BANK_CARD, card)]
    assert kinds(f"卡号{broken}") == []


def test_years_in_a_row_are_not_a_card_even_when_luhn_passes() -> None:
    years = next(
        row
        for a in range(2000, 2030)
        if luhn_passes((row := f"{a} {a + 1} {a + 2} {a + 3}").replace(" ", ""))
    )
    assert kinds(f"统计年度：{years}") == []


def test_grouped_bank_card_is_found() -> None:
    payload = "622202123456789"
    card = payload + luhn_digit(payload)
    grouped = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    assert kinds(f"卡号：{grouped}。") == [(DataKind.BANK_CARD, grouped)]


def test_mobile_numbers_plain_prefixed_separated_and_full_width() -> None:
    text = "电话13812345678，+8613912345678，138 1234 5678，１５９１２３４５６７８。"
    assert kinds(text) == [
        (DataKind.MOBILE, "13812345678"),
        (DataKind.MOBILE, "8613912345678"),
        (DataKind.MOBILE, "138 1234 5678"),
        (DataKind.MOBILE, "１５９１２３４５６７８"),
    ]


def test_not_mobiles_wrong_prefix_or_part_of_longer_number() -> None:
    assert kinds("编号12812345678；订单123813812345678") == []


def test_landlines_with_separator_parentheses_and_full_width() -> None:
    text = "电话0510-88881234，(0510)88881234，（０２５）８８８８１２３４，010-6655443。"
    assert kinds(text) == [
        (DataKind.LANDLINE, "0510-88881234"),
        (DataKind.LANDLINE, "(0510)88881234"),
        (DataKind.LANDLINE, "（０２５）８８８８１２３４"),
        (DataKind.LANDLINE, "010-6655443"),
    ]


def test_email_addresses() -> None:
    text = "来信请发zhang.san@example.com或 li_si+notice@mail.gov.cn。不是邮箱：a@b、@example.com"
    assert kinds(text) == [
        (DataKind.EMAIL, "zhang.san@example.com"),
        (DataKind.EMAIL, "li_si+notice@mail.gov.cn"),
    ]


def test_spans_are_offsets_into_the_original_text_even_after_astral_characters() -> None:
    rid = make_id()
    text = f"𠀀①（一）⑴　{full_width(rid)}"
    [datum] = find_personal_data(text)
    assert text[datum.start : datum.end] == full_width(rid)
    assert datum.start == text.index(full_width(rid))


def test_screening_reports_severity_and_masked_suggestion() -> None:
    rid = make_id()
    findings = [f for f in screen(f"身份证{rid}，手机13812345678") if f.category == "个人信息"]
    assert [(f.rule, f.severity.value) for f in findings] == [
        ("personal_data.resident_id", "block"),
        ("personal_data.mobile", "warn"),
    ]
    assert findings[0].suggestion == rid[:4] + "*" * 10 + rid[-4:]
    assert findings[1].suggestion == "138****5678"


def mod_11_10_passes(digits: str) -> bool:
    """ISO 7064 MOD 11,10 as GS 15-2006 applies it to 15-digit 工商注册号, written out here."""
    p = 10
    for ch in digits[:-1]:
        s = (p + int(ch)) % 10
        p = (10 if s == 0 else s) * 2 % 11
    return (p + int(digits[-1])) % 10 == 1


def test_first_generation_ids_block_and_are_masked() -> None:
    """15 digits: a province code, a 19YYMMDD birth date, a sequence; no check digit."""
    olds = [f"32010280010112{d}" for d in range(10)]
    ids = [o for o in olds if not mod_11_10_passes(o)]
    shared = [o for o in olds if mod_11_10_passes(o)]
    assert len(ids) == 9 and len(shared) == 1  # one ending in ten passes MOD 11,10 by chance
    text = f"户主王某，身份证号{ids[0]}；另一户{shared[0]}。"
    assert kinds(text) == [
        (DataKind.OLD_ID, ids[0]),
        (DataKind.OLD_ID_OR_REGISTRATION, shared[0]),
    ]
    findings = [f for f in screen(text) if f.category == "个人信息"]
    assert [f.severity.value for f in findings] == ["block", "warn"]
    assert mask(text) == (
        f"户主王某，身份证号{ids[0][:4]}{'*' * 7}{ids[0][-4:]}；"
        f"另一户{shared[0][:4]}{'*' * 7}{shared[0][-4:]}。"
    )
    wide = full_width(ids[1])
    assert kinds(f"证{wide}") == [(DataKind.OLD_ID, wide)]


def test_fifteen_digit_numbers_that_are_not_old_ids() -> None:
    registration = "110108000000016"  # a 工商注册号: its MOD 11,10 check digit is right
    assert mod_11_10_passes(registration)
    assert kinds(f"注册号{registration}") == []  # 2000-01-08 is no 19YYMMDD date: not ID-shaped
    not_a_province = "990102800101123"
    no_such_day = "320102801301123"  # month 13
    inside_a_run = "9320102800101123"  # 16 digits: not taken apart
    for number in (not_a_province, no_such_day, inside_a_run):
        assert [k for k, _ in kinds(f"编号{number}")] in ([], [DataKind.BANK_CARD]), number
