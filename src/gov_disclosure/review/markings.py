"""Secret markings (密级标志): 绝密/机密/秘密 with ★ and 保密期限, 密级 lines, 内部资料 marks.

A marking in a document means it must not be published as it stands (条例第十四条, 国家秘密):
each one is a ``block`` finding for a person to judge. A bare 秘密/机密/绝密 in running text
is only a ``warn``, and not even that inside ordinary words such as 国家秘密 or 商业秘密
(the sensitive-term dictionary covers those).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import Finding, Severity

_SP = "[ \u3000]"
_LEVEL = rf"(?:绝{_SP}?密|机{_SP}?密|秘{_SP}?密)"
_NUM = "[0-9０-９一二三四五六七八九十〇零]+"
_PERIOD = rf"(?:长期|永久|{_NUM}年(?:{_NUM}月(?:{_NUM}日)?)?|{_NUM}个?月|{_NUM}天)"

# Two patterns: level words (绝密/机密/秘密), and 密级 lines and 内部 marks. Neither runs over
# the whole text: every match of either holds a 密 or starts with one of the _MARKS, so the
# patterns are tried only where C-level substring searches (str.find) find those, which skips
# ordinary text much faster than the regex engine's scan. Starred, bracketed and stand-alone
# forms are checked around each level word.
_ANY_LEVEL = re.compile(_LEVEL)
_STARRED = re.compile(rf"{_LEVEL}{_SP}*[★☆＊*]{_SP}*(?:{_PERIOD})?")
_OPEN, _CLOSE = "【〔[（(", "】〕]）)"
_LINE_ALONE = re.compile(rf"[ \u3000\t]*{_LEVEL}(?:{_SP}*{_PERIOD})?[ \u3000\t\r]*")
_LINES_AND_MARKS = re.compile(
    rf"密{_SP}*级{_SP}*[:：][^\n]*|保密期限{_SP}*[:：][^\n]*|定密依据{_SP}*[:：][^\n]*"
    "|内部资料|注意保存|不得外传|严禁外传|仅限内部|内部参阅"
)
_MARKS = ("内部资料", "注意保存", "不得外传", "严禁外传", "仅限内部", "内部参阅")
_LEVEL_FIRST = "绝机秘"

# Words in which 秘密/机密 is ordinary vocabulary, not a marking.
_ORDINARY_BEFORE = (
    "国家",
    "商业",
    "工作",
    "技术",
    "军事",
    "个人",
    "经营",
    "保守",
    "泄露",
    "泄漏",
    "窃取",
    "刺探",
)
_ORDINARY_AFTER = ("性",)


class SecretMarkingRule:
    """Finds 密级标志 and 内部 marks; see the module docstring for what blocks and what warns."""

    name = "secret_marking"

    def find(self, text: str, field: str = "text") -> Iterator[Finding]:
        taken: list[tuple[int, int]] = []
        secret = _occurrences(text, "密")
        for m in _lines_and_marks(text, secret):
            start, end = _strip_span(text, m.start(), m.end())
            taken.append((start, end))
            if "：" in m.group() or ":" in m.group():
                yield _finding(
                    text, start, end, Severity.BLOCK, "密级栏", "classification line", field
                )
            else:
                what = ("内部资料标志", "internal-only mark")
                yield _finding(text, start, end, Severity.BLOCK, *what, field)
        for start, end in _level_words(text, secret):
            if _inside(taken, start, end):
                continue
            marking = _marking_around(text, start, end)
            if marking is not None:
                start, end, what = marking
                taken.append((start, end))
                yield _finding(text, start, end, Severity.BLOCK, *what, field)
            elif end - start == 2 and not _ordinary_word(text, start, end):
                what = ("密级字样", "classification word")
                yield _finding(text, start, end, Severity.WARN, *what, field)


def _occurrences(text: str, needle: str) -> list[int]:
    """Every position of ``needle`` in ``text`` (overlapping ones too)."""
    found, i = [], text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _lines_and_marks(text: str, secret: list[int]) -> Iterator[re.Match[str]]:
    """What ``_LINES_AND_MARKS.finditer(text)`` finds, trying the pattern only where a match
    can start: at a 密 (密级), just before one (保密期限, 定密依据), at each of the _MARKS."""
    starts = set(secret)
    starts.update(p - 1 for p in secret if p and text[p - 1] in "保定")
    # the six marks in three searches: 内部 is in 内部资料, 内部参阅 (starting there) and
    # 仅限内部 (two before), 外传 in 不得外传 and 严禁外传 (two before); a start where no
    # mark begins is tried and passed over
    for p in _occurrences(text, "内部"):
        starts.update((p, p - 2) if p >= 2 else (p,))
    starts.update(p - 2 for p in _occurrences(text, "外传") if p >= 2)
    starts.update(_occurrences(text, "注意保存"))
    reached = 0
    for start in sorted(starts):
        if start >= reached and (m := _LINES_AND_MARKS.match(text, start)):
            reached = m.end()
            yield m


def _level_words(text: str, secret: list[int]) -> Iterator[tuple[int, int]]:
    """What ``_ANY_LEVEL.finditer(text)`` finds: each match ends with its only 密, which is
    at most two characters after the 绝/机/秘 (``绝 密``), so matches never overlap."""
    for p in secret:
        for start in (p - 1, p - 2):
            if start >= 0 and text[start] in _LEVEL_FIRST:
                m = _ANY_LEVEL.match(text, start)
                if m and m.end() == p + 1:
                    yield start, p + 1
                break


def _marking_around(text: str, start: int, end: int) -> tuple[int, int, tuple[str, str]] | None:
    """The marking a level word at ``start:end`` belongs to: starred, bracketed or alone."""
    starred = _STARRED.match(text, start)
    if starred and starred.end() > end:
        return start, starred.end(), ("密级和保密期限标志", "classification mark with ★")
    before, after = start, end
    while before > 0 and text[before - 1] in " \u3000":
        before -= 1
    while after < len(text) and text[after] in " \u3000":
        after += 1
    if before > 0 and text[before - 1] in _OPEN and after < len(text) and text[after] in _CLOSE:
        return before - 1, after + 1, ("密级标志", "bracketed classification mark")
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if _LINE_ALONE.fullmatch(text, line_start, line_end):
        start, end = _strip_span(text, line_start, line_end)
        return start, end, ("单独成行的密级标志", "classification mark on a line of its own")
    return None


def _finding(
    text: str, start: int, end: int, severity: Severity, what_zh: str, what_en: str, field: str
) -> Finding:
    matched = text[start:end]
    if severity is Severity.BLOCK:
        zh = f"{what_zh}「{matched}」：涉密或内部信息不得公开，请确认已解密或删去后再发布"
        en = f"{what_en} '{matched}': classified or internal information must not be published"
    else:
        zh = f"{what_zh}「{matched}」：请确认内容不涉及国家秘密"
        en = f"{what_en} '{matched}': check the text holds no state secret"
    return Finding(
        rule=SecretMarkingRule.name,
        severity=severity,
        start=start,
        end=end,
        matched=matched,
        message_zh=zh,
        message_en=en,
        field=field,
        category="密级标志",
    )


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \u3000\t":
        start += 1
    while end > start and text[end - 1] in " \u3000\t\r":
        end -= 1
    return start, end


def _inside(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)


def _ordinary_word(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2) : start]
    return before in _ORDINARY_BEFORE or text[end : end + 1] in _ORDINARY_AFTER
