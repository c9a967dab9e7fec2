"""The fast paths of screening give exactly what the plain patterns give.

``scan_numbers`` settles plain runs of digits without the candidate pattern and limits the
pattern to regions; the secret-marking rule tries its patterns only near 密 and the 内部
marks. Each is compared here with the pattern run over the whole text, on texts built from
the pieces numbers are written with (digits of both widths, X, separators, brackets, letters,
credit codes, line breaks, e-mail addresses) mixed with ordinary Chinese text.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gov_disclosure.identifiers import resident_id_check_char
from gov_disclosure.review import Screener
from gov_disclosure.review.markings import (
    _ANY_LEVEL,
    _LINES_AND_MARKS,
    _MARKS,
    _level_words,
    _lines_and_marks,
    _occurrences,
)
from gov_disclosure.review.number_scan import NumberScan, scan_numbers
from gov_disclosure.review.personal_data import find_personal_data, spans_of_scan

RID = "11010519491231002X"
FIRST17 = "32028219800229123"
PIECES = [
    RID,
    RID.lower(),
    FIRST17 + resident_id_check_char(FIRST17),
    "320282198002301234",  # no such date
    "110105194912310021",  # wrong check character
    "13812345678",
    "１３８１２３４５６７８",
    "8613812345678",
    "12345678901",
    "6222021234567890128",
    "6222 0212 3456 7890 128",
    "1101 0519 4912 3100 2X",
    "110105-19491231-002X",
    "138-1234-5678",
    "0510-88881234",
    "（0510）88881234",
    "051088881234",
    "110105491231002",
    "92320100MA1W9Y4X1L",
    "9232010012345678X",
    "923201001234500005",  # a credit code of digits only (check character 5)
    "123456789012345678901",
    "532244691761171700",  # an 18-digit 编号: no ID (check character), no card (Luhn)
    "1000000000000000001",  # 19 digits, no card
    "20212022202320242025",
    "li.ming@example.cn",
    "13812345678@qq.com",
    "&nbsp;",
    "&#160;",
    "X",
    "x",
    "Ｘ",
    "92",
    "0",
    "7",
    "1",
    "5",
    "2024",
    " ",
    "\u3000",
    "-",
    ".",
    "·",
    "\n",
    "\r\n",
    "\t",
    "(",
    ")",
    "AB",
    "号",
    "姓名张三，身份证号",
    "联系电话",
    "元",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _whole(text: str) -> list[tuple[int, int, str]]:
    spans = spans_of_scan(text, NumberScan([], [], [], [(0, len(text))]))
    return sorted((s, e, k.value) for s, e, k in spans)


def _fast(text: str) -> list[tuple[int, int, str]]:
    return sorted((s, e, k.value) for s, e, k in spans_of_scan(text, scan_numbers(text, short=0)))


@settings(max_examples=600, deadline=None)
@given(texts)
def test_scan_finds_what_the_pattern_finds(text: str) -> None:
    assert _fast(text) == _whole(text)


def test_scan_settles_plain_runs_and_leaves_the_rest_to_the_pattern() -> None:
    text = f"张三\t{RID}\t13812345678\t电话 0510-88881234\t卡号6222021234567890128\t2024年"
    scan = scan_numbers(text, short=0)
    assert [text[s:e] for s, e in scan.ids] == [RID]
    assert [text[s:e] for s, e in scan.mobiles] == ["13812345678"]
    assert [r.digits for r in scan.runs] == ["6222021234567890128"]
    assert [text[s:e] for s, e in scan.regions] == [" 0510-88881234"]
    assert _fast(text) == _whole(text)


def test_markup_leaves_the_whole_text_to_the_pattern() -> None:
    text = "<td>1101</td><td>05194912</td><td>31002X</td>"
    assert scan_numbers(text, short=0) == NumberScan([], [], [], [(0, len(text))])
    short = f"张三 {RID}"
    assert scan_numbers(short) == NumberScan([], [], [], [(0, len(short))])
    assert [d.kind.value for d in find_personal_data(text)] == ["resident_id"]


MARK_PIECES = [
    "秘密",
    "机密",
    "绝密",
    "绝 密",
    "秘\u3000密",
    "密",
    "密级：",
    "密 级:",
    "保密期限：",
    "定密依据：",
    "内部资料",
    "内部参阅",
    "不得外传",
    "严禁外传",
    "仅限内部",
    "注意保存",
    "外传",
    "仅限",
    "★",
    "1年",
    "（",
    "）",
    "\n",
    " ",
    "国家",
    "保",
    "定",
    "内部",
    "文件",
]
mark_texts = st.lists(st.sampled_from(MARK_PIECES), max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(mark_texts)
def test_marking_candidates_match_the_patterns_over_the_whole_text(text: str) -> None:
    secret = _occurrences(text, "密")
    assert [m.span() for m in _lines_and_marks(text, secret)] == [
        m.span() for m in _LINES_AND_MARKS.finditer(text)
    ]
    assert list(_level_words(text, secret)) == [m.span() for m in _ANY_LEVEL.finditer(text)]


def test_every_internal_mark_is_searched_for() -> None:
    """The marks are found by three substring searches: each of them, alone or inside a
    line of text, is found where it starts."""
    for mark in _MARKS:
        for text, start in ((mark, 0), (f"本件{mark}。", 2)):
            assert [m.span() for m in _lines_and_marks(text, [])] == [(start, start + 4)]


def test_findings_are_built_on_first_use_and_equal_a_list() -> None:
    text = f"秘密★1年\n张三 {RID} 13812345678 征求意见稿"
    found = Screener().screen_text(text)
    assert len(found) == 4  # counted before any Finding is built
    rules = [f.rule for f in found]
    assert rules == [
        "secret_marking",
        "personal_data.resident_id",
        "personal_data.mobile",
        "sensitive_term",
    ]
    assert found == list(found) and list(found) == found
    assert found[1].matched == "1101**********002X"
    assert Screener().screen_text("本通知请认真贯彻执行。") == []
