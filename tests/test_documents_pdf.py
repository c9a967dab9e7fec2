"""Every document kind printed by LibreOffice: every character of the .docx is in the PDF,
in order; the PDF is set in Simplified Chinese fonts; positions match GB/T 9704 in mm."""

from __future__ import annotations

import itertools
import re
import stat
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from document_kinds import KINDS, build
from lxml import etree

from gov_disclosure.documents import GovDocument, render
from gov_disclosure.documents.styles import PPR_CHILDREN
from gov_disclosure.files import PRIVATE, UnsafeOutputError
from testsupport.pdf_layout import Line, pdf_lines

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


_PRINTED: dict[str, tuple[Path, Path]] = {}


@pytest.fixture(params=KINDS)
def printed(request, tmp_path_factory, app, clock) -> tuple[str, Path, Path]:  # type: ignore[no-untyped-def]
    """(kind, .docx, PDF): each kind is built and converted once per test session."""
    kind = request.param
    if kind not in _PRINTED:
        out = tmp_path_factory.mktemp(kind)
        path = build(kind, out, app, clock)
        _PRINTED[kind] = (path, render.to_pdf(path, out / "pdf"))
    return kind, *_PRINTED[kind]


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


# GB/T 9704-2012 in millimetres (A4, type area 156 × 225 mm)
LEFT, RIGHT, TOP, FOOT = 28.0, 184.0, 37.0, 262.0
CHAR_3 = 16 * 25.4 / 72  # 一字 of 三号 (indents), 5.64 mm
CHAR_4 = 14 * 25.4 / 72  # 一字 of 四号 (page numbers, 版记), 4.94 mm
PITCH = 28.95 * 25.4 / 72  # the fixed line pitch, 10.21 mm
NUMBER = re.compile(r"^—\d+—$")
SIGNED = {"notice": False, "letter": True, "notification": True, "notification_table": True}


def _body_lines(lines: list[Line]) -> list[Line]:
    return [ln for ln in lines if not NUMBER.match(ln.text)]


@pytest.mark.libreoffice
def test_text_stays_in_the_type_area_on_the_grid(printed) -> None:  # type: ignore[no-untyped-def]
    kind, _path, pdf = printed
    lines = _body_lines(pdf_lines(pdf))
    for ln in lines:
        assert ln.left >= LEFT - 0.3 and ln.right <= RIGHT + 0.3, (kind, ln)
        assert ln.top >= TOP - 0.5 and ln.bottom <= FOOT + 0.3, (kind, ln)
    body = [ln for ln in lines if 7.0 < ln.bottom - ln.top < 7.6]  # 三号 lines
    full = [ln for ln in body if re.fullmatch(r"[\u3000-\u9fff\uff00-\uffef]+", ln.text)]
    longest = max(len(ln.text) for ln in full)  # 28 characters a line
    assert longest == 28 or (kind == "report" and longest < 28), (kind, longest)
    for page in {ln.page for ln in lines}:
        rows = sorted({round(ln.top, 1) for ln in body if ln.page == page})
        for a, b in itertools.pairwise(rows):  # on the 28.95 pt pitch
            steps = (b - a) / PITCH
            assert abs(steps - round(steps)) < 0.03 or kind in ("bulletin", "report", "guide"), (
                kind,
                page,
                a,
                b,
            )
        assert len(rows) <= 22, (kind, page)


@pytest.mark.libreoffice
def test_page_numbers_sit_7mm_below_the_type_area(printed) -> None:  # type: ignore[no-untyped-def]
    kind, _path, pdf = printed
    numbers = [ln for ln in pdf_lines(pdf) if NUMBER.match(ln.text)]
    if kind in ("notice", "letter"):  # sheets and letters have none
        assert not numbers
        return
    assert numbers, kind
    for ln in numbers:
        assert ln.top == pytest.approx(FOOT + 7, abs=1.0), (kind, ln)
        if int(ln.text.strip("—")) % 2:  # odd pages right, even left, one character in
            assert ln.right == pytest.approx(RIGHT - CHAR_4, abs=0.5), (kind, ln)
        else:
            assert ln.left == pytest.approx(LEFT + CHAR_4, abs=0.5), (kind, ln)


@pytest.mark.libreoffice
@pytest.mark.parametrize("printed", sorted(SIGNED), indirect=True)  # the kinds with a signature
def test_signature_and_date_stay_with_the_text(printed) -> None:  # type: ignore[no-untyped-def]
    kind, _path, pdf = printed
    lines = [ln for ln in _body_lines(pdf_lines(pdf)) if "抄送" not in ln.text]
    lines = [ln for ln in lines if "印发" not in ln.text]
    when = next(ln for ln in reversed(lines) if re.fullmatch(r"\d{4}年\d+月\d+日", ln.text))
    issuer = lines[lines.index(when) - 1]
    text = lines[lines.index(issuer) - 1]
    assert issuer.page == when.page == text.page, kind
    assert when.top - issuer.top == pytest.approx(PITCH, abs=0.2)
    if SIGNED[kind]:  # sealed: date 4 characters from the edge, issuer centred over it
        assert when.right == pytest.approx(RIGHT - 4 * CHAR_3, abs=0.5), kind
        assert issuer.centre == pytest.approx(when.centre, abs=1.5), kind
        assert issuer.top - text.top == pytest.approx(3 * PITCH, abs=0.2)  # seal's space
    else:  # date's first character 2 right of the issuer's; the longer 2 from the edge
        assert when.left - issuer.left == pytest.approx(2 * CHAR_3, abs=1.5), kind
        assert max(when.right, issuer.right) == pytest.approx(RIGHT - 2 * CHAR_3, abs=0.5)
        assert issuer.top - text.top == pytest.approx(2 * PITCH, abs=0.2)


@pytest.mark.libreoffice
def test_titles_are_centred_and_addressees_flush_left(printed) -> None:  # type: ignore[no-untyped-def]
    kind, _path, pdf = printed
    lines = _body_lines(pdf_lines(pdf))
    if kind != "bulletin":
        title = lines[0]
        assert title.centre == pytest.approx((LEFT + RIGHT) / 2, abs=1.0), (kind, title)
    if kind == "notice":  # "……现予公示如下：" is body text, indented two characters
        first = next(ln for ln in lines if ln.text.startswith("经村民代表会议评议"))
        assert first.left == pytest.approx(LEFT + 2 * CHAR_3, abs=0.3)
    if kind in ("notification", "notification_table", "letter"):  # 主送机关 flush left
        addressee = next(ln for ln in lines if ln.text.endswith("："))
        assert addressee.left == pytest.approx(LEFT, abs=0.3), (kind, addressee)


@pytest.mark.libreoffice
@pytest.mark.parametrize("printed", ["notification", "notification_table"], indirect=True)
def test_record_sits_at_the_foot_of_an_even_page(printed) -> None:  # type: ignore[no-untyped-def]
    _kind, _path, pdf = printed
    lines = pdf_lines(pdf)
    copies = next(ln for ln in lines if ln.text.startswith("抄送"))
    printer = next(ln for ln in lines if ln.text.startswith("示例镇党政综合办公室"))
    when = next(ln for ln in lines if ln.text.endswith("印发"))
    assert copies.page == printer.page == when.page == render.page_count(pdf)
    assert when.page % 2 == 0  # the back of the last sheet
    assert FOOT - 3.0 <= when.bottom <= FOOT, when  # the last line ends at the foot
    assert when.right == pytest.approx(RIGHT - CHAR_4, abs=0.5)  # 印发日期 one character in
    assert copies.left == pytest.approx(LEFT + CHAR_4, abs=0.5)  # 抄送 one character in
    assert printer.left == pytest.approx(LEFT + CHAR_4, abs=0.5)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kinds_paragraph_properties_are_in_schema_order(kind, tmp_path, app, clock) -> None:  # type: ignore[no-untyped-def]
    path = build(kind, tmp_path, app, clock)  # Word refuses a file whose w:pPr is out of order
    with zipfile.ZipFile(path) as z:
        parts = [etree.fromstring(z.read(n)) for n in ("word/document.xml", "word/styles.xml")]
    for part in parts:
        for p_pr in part.iter(f"{W}pPr"):
            positions = [PPR_CHILDREN.index(child.tag.split("}")[1]) for child in p_pr]
            assert positions == sorted(positions), (kind, [c.tag for c in p_pr])


@pytest.mark.libreoffice
def test_pdfs_are_written_through_safedir(tmp_path: Path) -> None:
    out = tmp_path / "letters"
    out.mkdir()
    doc = GovDocument()
    doc.add_title("政府信息公开申请答复书")
    path = doc.save(out / "letter.docx", mode=PRIVATE)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / "letter.pdf").symlink_to(victim)  # a planted link is replaced, not written through
    pdf = render.to_pdf(path)
    assert victim.read_text() == "keep me"
    assert not pdf.is_symlink() and pdf.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(pdf.stat().st_mode) == PRIVATE  # as private as the letter
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "pdf").symlink_to(elsewhere)  # a linked folder inside the tree is refused
    with pytest.raises(UnsafeOutputError):
        render.to_pdf(path, out / "pdf", root=out)
    assert not list(elsewhere.iterdir())
