"""Masking personal data the way notices do, and a property: no valid ID or mobile survives."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_review_personal_data import full_width, id_check, luhn_digit, make_id

from gov_disclosure.review import mask


def test_mask_formats_of_a_dibao_list() -> None:
    rid = make_id("320102", "19560817", "041")
    payload = "621700123456789"
    card = payload + luhn_digit(payload)
    text = (
        f"序号\t姓名\t身份证号\t电话\t账号\n1\t王某某\t{rid}\t13812345678\t{card}\n"
        "联系：0510-88881234，(0510)88881234，mz@example.gov.cn"
    )
    masked = mask(text)
    assert f"\t{rid[:4]}**********{rid[-4:]}\t" in masked
    assert "\t138****5678\t" in masked
    assert f"\t{'*' * 12}{card[-4:]}\n" in masked
    assert "0510-****1234" in masked
    assert "(0510)****1234" in masked
    assert "m*@example.gov.cn" in masked
    assert len(masked) == len(text)


def test_full_width_data_is_masked_keeping_its_width() -> None:
    rid = make_id()
    text = f"身份证：{full_width(rid)}，手机：{full_width('13912345678')}"
    masked = mask(text)
    assert full_width(rid[:4]) + "*" * 10 + full_width(rid[-4:]) in masked
    assert full_width("139") + "****" + full_width("5678") in masked


def test_mobile_inside_an_email_is_masked_once() -> None:
    assert mask("邮箱13812345678@qq.com。") == "邮箱1**********@qq.com。"


def test_text_without_personal_data_is_unchanged() -> None:
    text = "2025年1月至12月，全镇共发放低保金1234567.89元，惠及128户。订单号20250101000123"
    assert mask(text) == text


def test_number_failing_both_checks_is_masked_only_when_shaped_like_an_id() -> None:
    """A mistyped 身份证号 (real area and birth date, wrong check character) is masked as a
    suspect; an 18-digit number with no birth date in it that fails Luhn is left alone."""
    rid = make_id()
    wrong = next(
        w for d in "0123456789" if (w := rid[:17] + d) != rid and luhn_digit(w[:-1]) != w[-1]
    )
    assert mask(f"编号{wrong}") == f"编号{wrong[:4]}{'*' * 10}{wrong[-4:]}"
    no_date = rid[:10] + "13" + rid[12:17]  # month 13
    plain = next(w for d in "0123456789" if luhn_digit((w := no_date + d)[:-1]) != w[-1])
    assert mask(f"编号{plain}") == f"编号{plain}"


# --- property: mask() never leaves a valid 身份证号 or mobile number ----------------------

_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_ID_SHAPE = re.compile(r"(?<![0-9])[0-9]{17}[0-9X](?![0-9])")
_MOBILE_SHAPE = re.compile(r"(?<![0-9])(?:86)?1[3-9][0-9]{9}(?![0-9])")


def _real_date(yyyymmdd: str) -> bool:
    try:
        date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    return True


def leaked(text: str) -> list[str]:
    """Valid IDs and mobiles in ``text``, judged independently of the library."""
    half = text.translate(_HALF).upper()
    ids = [
        m.group()
        for m in _ID_SHAPE.finditer(half)
        if _real_date(m.group()[6:14]) and id_check(m.group()[:17]) == m.group()[17]
    ]
    return ids + [m.group() for m in _MOBILE_SHAPE.finditer(half)]


ids = st.builds(
    lambda area, day, seq: make_id(area, f"{day:%Y%m%d}", f"{seq:03d}"),
    st.sampled_from(["110105", "320102", "320211", "440305", "510104"]),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(0, 999),
)
mobiles = st.builds(
    lambda p, rest: f"1{p}{rest:09d}", st.sampled_from("3456789"), st.integers(0, 10**9 - 1)
)
digits = st.text(alphabet="0123456789Xx", min_size=1, max_size=20)
filler = st.text(alphabet="公开村张三号：，。 \n\t-+86@abc.", max_size=6)


def _maybe_wide(s: str, how: int) -> str:
    if how == 0:
        return s
    if how == 1:
        return full_width(s)
    return "".join(full_width(c) if i % 2 else c for i, c in enumerate(s))


piece = st.one_of(ids, mobiles, digits, filler, mobiles.map(lambda m: "86" + m)).flatmap(
    lambda s: st.integers(0, 2).map(lambda how: _maybe_wide(s, how))
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(piece, max_size=12).map("".join))
def test_masked_text_never_holds_a_valid_id_or_mobile(text: str) -> None:
    masked = mask(text)
    assert leaked(masked) == []
    assert len(masked) == len(text)


def test_the_property_oracle_does_see_unmasked_data() -> None:
    rid, mobile = make_id(), "13812345678"
    assert leaked(f"甲{rid}乙{full_width(mobile)}") == [rid, mobile]
