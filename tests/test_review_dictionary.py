"""Dictionaries: file format, errors with line numbers, merging, overlapping one-pass matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_disclosure.errors import InvalidInputError
from gov_disclosure.review import (
    DEFAULT_DICTIONARY,
    DictionaryError,
    Severity,
    Term,
    TermMatcher,
    load_dictionary,
    parse_dictionary,
)


def found(matcher: TermMatcher, text: str) -> list[tuple[int, int, str]]:
    return sorted((s, e, t.term) for s, e, t in matcher.matches(text))


def test_overlapping_terms_are_all_reported() -> None:
    m = TermMatcher(
        [Term("公开", "测试"), Term("开枪", "测试"), Term("国家秘密", "涉密"), Term("秘密", "涉密")]
    )
    assert found(m, "公开枪") == [(0, 2, "公开"), (1, 3, "开枪")]
    assert found(m, "保守国家秘密") == [(2, 6, "国家秘密"), (4, 6, "秘密")]


def test_a_short_term_straddling_a_longer_partial_match_is_not_lost() -> None:
    m = TermMatcher([Term("开的", "测试"), Term("公开的力度", "测试")])
    assert found(m, "公开的") == [(1, 3, "开的")]
    assert found(m, "公开的力度") == [(0, 5, "公开的力度"), (1, 3, "开的")]


def test_every_occurrence_is_reported() -> None:
    m = TermMatcher([Term("维稳", "稳定")])
    assert found(m, "维稳维稳，再维稳") == [(0, 2, "维稳"), (2, 4, "维稳"), (6, 8, "维稳")]


def test_file_format_comments_blank_lines_crlf(tmp_path: Path) -> None:
    path = tmp_path / "terms.txt"
    path.write_bytes(
        "# 本地词库\r\n\r\n举报人\t个人隐私\tblock\r\n"
        "  # indented comment\r\n会议纪要\t过程性信息\tWARN\r\n".encode()
    )
    assert load_dictionary(path) == [
        Term("举报人", "个人隐私", Severity.BLOCK),
        Term("会议纪要", "过程性信息", Severity.WARN),
    ]


def test_gbk_dictionary_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("信访人员名单\t个人隐私\tblock\n".encode("gbk"))
    assert load_dictionary(path) == [Term("信访人员名单", "个人隐私", Severity.BLOCK)]


@pytest.mark.parametrize(
    ("line", "rule_part"),
    [
        ("举报人 个人隐私 block", "separate the fields with TAB"),
        ("举报人\t个人隐私", "found 2 field(s)"),
        ("举报人\t个人隐私\tblock\textra", "found 4 field(s)"),
        ("\t个人隐私\tblock", "empty term"),
        ("举报人\t\tblock", "empty category"),
        ("举报人\t个人隐私\turgent", "severity must be 'block' or 'warn'"),
    ],
)
def test_malformed_line_names_file_and_line(tmp_path: Path, line: str, rule_part: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(f"# header\n维稳\t稳定\twarn\n\n{line}\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as err:
        load_dictionary(path)
    assert err.value.field == f"{path}:4"
    assert rule_part in err.value.rule
    assert f"{path}:4" in str(err.value)


def test_several_dictionaries_merge_and_block_wins(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("会议纪要\t过程性信息\twarn\n维稳\t稳定\twarn\n", encoding="utf-8")
    b.write_text("会议纪要\t内部\tblock\n拆迁名单\t个人隐私\twarn\n", encoding="utf-8")
    m = TermMatcher.from_files([a, b])
    assert len(m) == 3
    hits = {t.term: t for _, _, t in m.matches("会议纪要、维稳、拆迁名单")}
    assert hits["会议纪要"].severity is Severity.BLOCK
    assert set(hits) == {"会议纪要", "维稳", "拆迁名单"}


def test_automaton_is_built_once_per_term_set() -> None:
    terms = [Term(f"词{i}", "测试") for i in range(50)]
    first, second = TermMatcher(terms), TermMatcher(list(terms))
    assert first._automaton is second._automaton
    assert TermMatcher(terms[:10])._automaton is not first._automaton


def test_empty_matcher_finds_nothing() -> None:
    assert TermMatcher([]).matches("任何文字") == []


def test_term_objects_are_validated() -> None:
    with pytest.raises(InvalidInputError):
        Term(" 空格", "测试")
    with pytest.raises(InvalidInputError):
        Term("词", "")
    with pytest.raises(InvalidInputError):
        Term("词", "测试", "urgent")  # type: ignore[arg-type]


def test_default_dictionary_parses_and_has_both_severities() -> None:
    terms = parse_dictionary(DEFAULT_DICTIONARY.read_text(encoding="utf-8"))
    assert len(terms) >= 30
    assert {t.severity for t in terms} == {Severity.BLOCK, Severity.WARN}
    assert len({t.term for t in terms}) == len(terms)
