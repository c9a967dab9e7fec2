"""Every document kind printed by LibreOffice: every character of the .docx is in the PDF,
in order, and the PDF is set in Simplified Chinese fonts."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from document_kinds import KINDS, build
from lxml import etree

from gov_disclosure.documents import render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FIELD = "\x00"
TAB = "\x01"
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


def _in_header_row(p: etree._Element) -> bool:
    return any(
        a.tag == f"{W}tr" and a.find(f"{W}trPr/{W}tblHeader") is not None for a in p.iterancestors()
    )


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    """The body's paragraphs in order, ``(text, where)``: where is "text", "table" or
    "header" (a table's repeated header row); a tab is TAB, a field's shown result FIELD."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    paragraphs = []
    for p in root.iter(f"{W}p"):
        out: list[str] = []
        in_result = False
        for el in p.iter(f"{W}fldChar", f"{W}t", f"{W}tab"):
            if el.tag == f"{W}fldChar":
                kind = el.get(f"{W}fldCharType")
                if kind == "separate":
                    in_result = True
                    out.append(FIELD)
                elif kind == "end":
                    in_result = False
            elif el.tag == f"{W}t" and not in_result:
                out.append(el.text or "")
            elif el.tag == f"{W}tab" and el.getparent().tag == f"{W}r":
                out.append(TAB)
        text = squeeze("".join(out))
        if text:
            in_table = any(a.tag == f"{W}tc" for a in p.iterancestors())
            where = ("header" if _in_header_row(p) else "table") if in_table else "text"
            paragraphs.append((text, where))
    return paragraphs


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pattern_of(text: str) -> str:
    """The regex of what ``text`` prints as: the same characters in the same order; a tab
    may print as a dot leader, a field as its number."""
    parts = []
    for ch in text:
        if ch == FIELD:
            parts.append(r"\d+")
        elif ch == TAB:
            parts.append(r"[·.…]*")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def compare(paragraphs: list[tuple[str, str]], printed: str) -> None:
    """Paragraphs outside tables print in order, character for character; the characters of
    the tables between them print in between (a cell of several lines interleaves with its
    row in the PDF's reading order, so there only the characters are compared; a header
    row prints again on each page the table reaches)."""
    regex, tables = "", []
    table: list[str] = ["", ""]
    for text, where in paragraphs:
        if where != "text":
            table[0] += text
            table[1] += text if where == "header" else ""
            continue
        if table[0]:
            tables.append(tuple(table))
            table = ["", ""]
            regex += "(.*?)"
        regex += pattern_of(text)
    if table[0]:
        tables.append(tuple(table))
        regex += "(.*?)"
    match = re.fullmatch(regex, printed, re.DOTALL)
    if match is None:
        at = 0
        for text, where in paragraphs:  # name the first paragraph that is not there
            if where != "text":
                continue
            found = re.compile(pattern_of(text)).search(printed, at)
            assert found, f"missing or changed: {text!r} after {printed[max(0, at - 30) : at]!r}"
            at = found.end()
        raise AssertionError("the paragraphs print in another order")
    for (expected, header), got in zip(tables, match.groups(), strict=True):
        missing, extra = Counter(expected) - Counter(got), Counter(got) - Counter(expected)
        repeats = round(extra.total() / len(header)) if header else 0
        assert not missing and extra == Counter(header * repeats), (
            f"table characters differ: missing {missing}, extra {extra}"
        )


@pytest.fixture(params=KINDS)
def printed(request, tmp_path: Path, app, clock) -> tuple[str, Path, Path]:  # type: ignore[no-untyped-def]
    kind = request.param
    path = build(kind, tmp_path / kind, app, clock)
    pdf = render.to_pdf(path, tmp_path / "pdf")
    return kind, path, pdf


@pytest.mark.libreoffice
def test_every_character_of_the_docx_is_in_the_pdf(printed) -> None:  # type: ignore[no-untyped-def]
    kind, path, pdf = printed
    printed_text = squeeze(PAGE_NUMBER.sub("", render.pdf_text(pdf)))
    paragraphs = docx_paragraphs(path)
    compare(paragraphs, printed_text)
    expected = "".join(text for text, where in paragraphs if where != "header")
    for mark in "。，、；：":  # what LibreOffice used to drop after a full line
        assert printed_text.count(mark) >= expected.count(mark), f"{kind}: {mark}"


@pytest.mark.libreoffice
def test_pdfs_embed_simplified_chinese_fonts(printed) -> None:  # type: ignore[no-untyped-def]
    kind, _path, pdf = printed
    fonts = render.pdf_fonts(pdf)
    assert fonts, kind
    assert not [f for f in fonts if re.search(r"jp|JP|kr|KR|Japan|Korea", f)], (kind, fonts)
    assert "UMingCN" in fonts, (kind, fonts)  # 仿宋_GB2312 → AR PL UMing CN
