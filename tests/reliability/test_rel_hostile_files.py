"""Oversized and malformed CSV, JSON, .docx and dictionary files, GBK and mixed encodings:
each gives a library error naming the problem, with bounded memory (tracemalloc)."""

from __future__ import annotations

import codecs
import io
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
import rel_kit

from gov_disclosure.errors import EncodingError, GovDisclosureError, InvalidInputError
from gov_disclosure.items.importer import MAX_IMPORT_BYTES, read_rows, validate_rows
from gov_disclosure.review.dictionary import load_dictionary, parse_dictionary
from gov_disclosure.review.textio import decode_bytes, read_docx, read_text

MB = 2**20
XXE = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def peak_of(fn: Callable[[], Any]) -> tuple[Any, int]:
    """(result or the raised library error, peak bytes allocated while running ``fn``)."""
    tracemalloc.start()
    try:
        try:
            result: Any = fn()
        except GovDisclosureError as exc:
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _refused(area: str, result: Any, peak: int, bound: int) -> None:
    assert isinstance(result, GovDisclosureError), result
    assert peak < bound, f"{area}: peak {peak / MB:.1f} MB over {bound / MB:.1f} MB"
    rel_kit.record("hostile files", runs=1, faults=1, note=f"{area}: {type(result).__name__}")


# --- oversized ----------------------------------------------------------------------------


def test_import_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.csv"
    with big.open("wb") as f:  # sparse: no disk used
        f.truncate(MAX_IMPORT_BYTES + 1)
    result, peak = peak_of(lambda: read_rows(big))
    assert isinstance(result, InvalidInputError) and result.field == "file"
    _refused("import over 512 MB", result, peak, 1 * MB)


def test_dictionary_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "terms.txt"
    with big.open("wb") as f:
        f.truncate(200 * MB)
    result, peak = peak_of(lambda: load_dictionary(big))
    assert isinstance(result, InvalidInputError) and "MB" in result.rule
    _refused("dictionary of 200 MB", result, peak, 1 * MB)


def _docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rewrite_part(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            body = zin.read(info.filename)
            zout.writestr(info.filename, change(body) if info.filename == part else body)
    return out.getvalue()


def test_docx_bomb_is_refused_without_inflating_it(tmp_path: Path) -> None:
    def inflate(xml: bytes) -> bytes:
        filler = b"<w:p><w:r><w:t>" + b"A" * (300 * MB) + b"</w:t></w:r></w:p>"
        return xml.replace(b"</w:body>", filler + b"</w:body>")

    bomb = _rewrite_part(_docx_bytes(["封面"]), "word/document.xml", inflate)
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)
    assert path.stat().st_size < 2 * MB
    result, peak = peak_of(lambda: read_docx(path))
    _refused("docx unpacking to 300 MB", result, peak, 16 * MB)


def test_large_valid_csv_reads_within_a_bound_of_its_size(tmp_path: Path) -> None:
    header = "title,publisher,written_on,topic,column,responsible_unit,body\n"
    row = "示例镇关于第{n}号事项的通知,示例镇人民政府,2026-03-02,综合政务,通知公告,党政办,正文\n"
    path = tmp_path / "big.csv"
    path.write_text(header + "".join(row.format(n=n) for n in range(40_000)), encoding="utf-8")
    size = path.stat().st_size
    result, peak = peak_of(lambda: read_rows(path))
    assert len(result) == 40_000
    bound = 40 * size  # the rows as dicts of str: a fixed multiple of the file, not more
    assert peak < bound, f"{peak / MB:.1f} MB for a {size / MB:.1f} MB file"
    rel_kit.record("hostile files", runs=1, note=f"{size // 1024} KB CSV: peak {peak // MB} MB")


# --- malformed ----------------------------------------------------------------------------


MALFORMED: list[tuple[str, str, bytes]] = [
    ("json-truncated", "x.json", b'[{"title": "a"'),
    ("json-not-a-list", "x.json", b'{"title": "a"}'),
    ("json-deep-nesting", "x.json", b"[" * 200_000 + b"]" * 200_000),
    ("csv-field-over-limit", "x.csv", b'title,topic\n"' + b"x" * 300_000 + b'",d\n'),
    ("csv-undecodable", "x.csv", b"title\n\xff\xfe\xfa\xfb\x80\x81\n"),
    ("csv-mixed-encodings", "x.csv", "标题\n通知公告\n".encode() + "政策文件\n".encode("gbk")),
]


@pytest.mark.parametrize(("name", "suffix", "data"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_import_files_give_a_file_error(
    tmp_path: Path, name: str, suffix: str, data: bytes
) -> None:
    path = tmp_path / suffix
    path.write_bytes(data)
    result, peak = peak_of(lambda: validate_rows(read_rows(path), None, None))
    assert isinstance(result, InvalidInputError), f"{name}: {result!r}"
    _refused(name, result, peak, 64 * MB)


BAD_CELLS: list[dict[str, Any]] = [
    {"title": "a", "notice_days": None},
    {"title": "a", "notice_days": 1e400},
    {"title": "a", "notice_days": [7]},
    {"title": "a", "notice_days": "七天"},
    {"title": "a", "attachments": "[" * 100_000},
    {"title": ["not", "text"], "written_on": {"y": 2026}},
    {"title": "a" * 10_000, "written_on": "2026-02-30"},
]


@pytest.mark.parametrize("row", BAD_CELLS, ids=[f"cell-{i}" for i in range(len(BAD_CELLS))])
def test_bad_cells_become_row_problems_not_crashes(row: dict[str, Any]) -> None:
    good, bad = validate_rows([(7, row)], None, None)
    assert good == [] and len(bad) == 1 and bad[0].line == 7
    rel_kit.record("hostile files", runs=1, faults=1)


def test_broken_docx_parts_are_unreadable_document_errors(tmp_path: Path) -> None:
    base = _docx_bytes(["第一段", "第二段"])
    cases = {
        "truncated-xml": _rewrite_part(base, "word/document.xml", lambda b: b[: len(b) // 2]),
        "not-a-zip": b"PK\x03\x04" + b"\x00" * 100,
        "empty": b"",
        "doctype-entity": _rewrite_part(
            base,
            "word/document.xml",
            lambda b: b.replace(b"?>", b"?>" + XXE, 1),
        ),
    }
    for name, data in cases.items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(data)
        try:
            text = read_docx(path)
        except InvalidInputError:
            rel_kit.record("hostile files", runs=1, faults=1, note=f"docx {name}: refused")
            continue
        assert "root:" not in text, f"{name}: an external entity was resolved"
        rel_kit.record("hostile files", runs=1, faults=1, note=f"docx {name}: read safely")


def test_malformed_dictionary_lines_name_file_and_line(tmp_path: Path) -> None:
    for text, line in [
        ("机密\t保密\tblock\n绝密 保密 block\n", 2),
        ("\t空词\twarn\n", 1),
        ("词\t\twarn\n", 1),
        ("词\t类\tpanic\n", 1),
        ("词\t类\twarn\textra\n", 1),
    ]:
        path = tmp_path / "d.txt"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InvalidInputError) as info:
            load_dictionary(path)
        assert info.value.field == f"{path}:{line}"
        rel_kit.record("hostile files", runs=1, faults=1)


# --- encodings ----------------------------------------------------------------------------


def test_gbk_files_are_read_and_mixed_ones_refused(tmp_path: Path) -> None:
    terms = "机密\t保密标志\tblock\n内部资料\t保密标志\twarn\n"
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(terms.encode("gbk"))
    assert [t.term for t in load_dictionary(gbk)] == ["机密", "内部资料"]
    csv_gbk = tmp_path / "items.csv"
    csv_gbk.write_bytes("title,topic\n示例镇通知,综合政务\n".encode("gbk"))
    assert read_rows(csv_gbk)[0][1]["title"] == "示例镇通知"
    mixed = [
        "机密\t保密\tblock\n".encode("gbk") + "内部资料\t保密\twarn\n".encode(),
        "机密\t保密\tblock\n".encode() + "内部资料\t保密\twarn\n".encode("gbk"),
        "机密\t保密\tblock\n".encode("utf-16-le"),
    ]
    for data in mixed:
        with pytest.raises(EncodingError):
            decode_bytes(data, "mixed.txt")
        rel_kit.record("hostile files", runs=1, faults=1)
    assert read_text(gbk) == terms
    assert parse_dictionary(decode_bytes(codecs.BOM_UTF8 + terms.encode()))[0].term == "机密"
