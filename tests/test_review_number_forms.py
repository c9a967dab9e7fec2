"""Every written form of a number is found and masked: separators, full-width, line breaks,
markup between digits, 15-digit IDs, bank cards (Luhn), sole traders' credit codes."""

from __future__ import annotations

import pytest

from gov_disclosure.identifiers import credit_code_check_char
from gov_disclosure.review import DataKind, find_personal_data, mask, screen
from tests.review_files import CARD, MOBILE, RID, luhn_card


def fw(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def id_in(sep: str) -> str:
    return f"{RID[:6]}{sep}{RID[6:14]}{sep}{RID[14:]}"


ID_FORMS = {
    "hyphen": id_in("-"),
    "space groups of four": " ".join(RID[i : i + 4] for i in range(0, 18, 4)),
    "dot": id_in("."),
    "full-width digits and hyphen": fw(id_in("-")),
    "ideographic space": id_in("\u3000"),
    "line break": f"{RID[:12]}\n{RID[12:]}",
    "CRLF inside a cell": f"{RID[:9]}\r\n{RID[9:]}",
    "markup": f'{RID[:10]}<span style="font-size:14px">{RID[10:14]}</span>{RID[14:]}',
    "several tags": f"{RID[:4]}</w:t></w:r><w:r><w:t>{RID[4:]}",
    "nbsp entity": f"{RID[:6]}&nbsp;{RID[6:]}",
    "numeric entity": f"{RID[:6]}&#160;{RID[6:]}",
    "lower-case x": RID.lower(),
}


@pytest.mark.parametrize("form", list(ID_FORMS), ids=list(ID_FORMS))
def test_id_in_every_form_is_found_blocked_and_masked(form: str) -> None:
    written = ID_FORMS[form]
    text = f"户主身份证号：{written}，东村。"
    [datum] = find_personal_data(text)
    assert datum.kind is DataKind.RESIDENT_ID
    assert datum.text == written and text[datum.start : datum.end] == written
    assert datum.digits == RID
    [finding] = screen(text)
    assert finding.blocks and RID not in finding.matched
    masked = mask(text)
    assert len(masked) == len(text)
    assert find_personal_data(masked) == []
    assert "<span" in masked if "<span" in written else True  # markup stays


MOBILE_FORMS = {
    "plain": MOBILE,
    "3-4-4 spaces": f"{MOBILE[:3]} {MOBILE[3:7]} {MOBILE[7:]}",
    "3-4-4 hyphens": f"{MOBILE[:3]}-{MOBILE[3:7]}-{MOBILE[7:]}",
    "+86": f"+86 {MOBILE}",
    "full-width": fw(MOBILE),
    "dots": f"{MOBILE[:3]}.{MOBILE[3:7]}.{MOBILE[7:]}",
    "markup": f"{MOBILE[:3]}<b>{MOBILE[3:]}</b>",
    "line break": f"{MOBILE[:7]}\n{MOBILE[7:]}",
}


@pytest.mark.parametrize("form", list(MOBILE_FORMS), ids=list(MOBILE_FORMS))
def test_mobile_in_every_form(form: str) -> None:
    text = f"联系电话 {MOBILE_FORMS[form]} 。"
    kinds = [d.kind for d in find_personal_data(text)]
    assert kinds == [DataKind.MOBILE]
    assert [d.digits for d in find_personal_data(text)] == [MOBILE]
    assert find_personal_data(mask(text)) == []


def test_fifteen_digit_id_and_its_separated_form() -> None:
    old = "110105491231002"  # 1949-12-31, first generation (no check digit)
    for written in (old, f"{old[:6]} {old[6:12]} {old[12:]}"):
        [datum] = find_personal_data(f"旧身份证 {written}")
        assert datum.kind in (DataKind.OLD_ID, DataKind.OLD_ID_OR_REGISTRATION)
        assert find_personal_data(mask(f"旧身份证 {written}")) == []


def test_bank_cards_by_luhn_in_groups_and_a_failing_one_is_not() -> None:
    grouped = " ".join(CARD[i : i + 4] for i in range(0, len(CARD), 4))
    for written in (CARD, grouped, grouped.replace(" ", "-")):
        assert [d.kind for d in find_personal_data(f"卡号 {written}")] == [DataKind.BANK_CARD]
    wrong = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert find_personal_data(f"卡号 {wrong}") == []
    sixteen = luhn_card("622848001234567")
    assert [d.kind for d in find_personal_data(sixteen)] == [DataKind.BANK_CARD]


def test_sole_trader_credit_code_is_personal_data_but_a_company_is_not() -> None:
    first17 = "92320102MA1234567"
    trader = first17 + credit_code_check_char(first17)
    [datum] = find_personal_data(f"经营者统一社会信用代码 {trader}")
    assert datum.kind is DataKind.SOLE_TRADER
    assert trader not in mask(f"代码 {trader}")
    assert find_personal_data("91350100M000100Y43") == []  # a company's code
    wrong = first17 + ("0" if trader[-1] != "0" else "1")
    assert find_personal_data(wrong) == []


@pytest.mark.parametrize(
    "text",
    [
        "2021 2022 2023 2024 年度",
        "3000 4500 6000 1200 元",
        "3000\n4500\n6000\n1200\n",
        "820.00\n2\t张三",
        "第1-2-3条",
        "2026.03.05-2026.03.12",
    ],
)
def test_lists_of_ordinary_numbers_are_not_personal_data(text: str) -> None:
    assert find_personal_data(text) == []


def test_an_id_next_to_a_phone_in_a_row_gives_both() -> None:
    text = f"1\t张三\t{RID}\t东村\t3\t820.00\t{MOBILE}\n2\t李四"
    assert [d.kind for d in find_personal_data(text)] == [DataKind.RESIDENT_ID, DataKind.MOBILE]


def test_keep_list_matches_any_written_form() -> None:
    text = "监督电话：0510-88881234，举报电话 (0510) 8888 1234，咨询 13812345678"
    kept = find_personal_data(text, keep=["051088881234"])
    assert [d.kind for d in kept] == [DataKind.MOBILE]
    assert mask(text, keep=["0510 8888 1234"]).startswith("监督电话：0510-88881234")
