"""Secret markings (密级标志) block; ordinary words containing 秘密 do not."""

from __future__ import annotations

import pytest

from gov_disclosure.review import SecretMarkingRule, Severity


def marks(text: str) -> list[tuple[str, Severity]]:
    found = list(SecretMarkingRule().find(text))
    for f in found:
        assert text[f.start : f.end] == f.matched
    return [(f.matched, f.severity) for f in found]


@pytest.mark.parametrize(
    "marking",
    [
        "秘密★1年",
        "机密★10年",
        "绝密★长期",
        "秘密★",
        "机密★2027年12月31日",
        "秘密★６个月",
        "秘密☆一年",
    ],
)
def test_starred_markings_block(marking: str) -> None:
    assert marks(f"份号000123\n{marking}\n特急\n关于某事的通知") == [(marking, Severity.BLOCK)]


def test_marking_on_a_line_of_its_own_with_spaces() -> None:
    assert marks("　机　密\n关于某事的通知") == [("机　密", Severity.BLOCK)]


def test_bracketed_marking_blocks() -> None:
    assert marks("（机密）某会议情况") == [("（机密）", Severity.BLOCK)]


@pytest.mark.parametrize("line", ["密级：秘密", "密 级: 机密", "保密期限：5年"])
def test_classification_lines_block(line: str) -> None:
    assert marks(f"标题\n{line}\n正文") == [(line, Severity.BLOCK)]


@pytest.mark.parametrize("mark", ["内部资料", "注意保存", "不得外传"])
def test_internal_marks_block(mark: str) -> None:
    assert marks(f"本材料系{mark}，请妥善处理") == [(mark, Severity.BLOCK)]


@pytest.mark.parametrize(
    "sentence",
    [
        "各单位要依法保守国家秘密。",
        "涉及商业秘密的内容不予公开。",
        "严防泄露工作秘密。",
        "确保数据的机密性。",
        "确定密级应当符合规定。",
    ],
)
def test_ordinary_words_are_not_markings(sentence: str) -> None:
    assert marks(sentence) == []


def test_a_bare_classification_word_only_warns() -> None:
    assert marks("该材料属机密，不宜扩散") == [("机密", Severity.WARN)]


def test_one_finding_per_marking_not_one_per_pattern() -> None:
    # 秘密★1年 alone on a line matches the starred and the line pattern: reported once.
    found = marks("秘密★1年\n")
    assert found == [("秘密★1年", Severity.BLOCK)]
