"""Sensitive-term dictionaries (敏感词词库) and the one-pass matcher over all of them.

A dictionary file is plain text, one term per line: ``term<TAB>category<TAB>severity`` with
severity ``block`` or ``warn``; blank lines and lines starting with ``#`` are ignored. A bad
line raises :class:`DictionaryError` naming the file and line, and nothing is loaded.

All terms of all dictionaries go into one character-wise double-array Aho-Corasick automaton
(``daachorse``), built once per set of terms and cached. We chose it over pyahocorasick (whose
``iter()`` slows down as the number of distinct first characters grows, as in name lists, and
whose ``iter_long`` drops matches) and over ``re`` alternations (orders of magnitude slower):
it is made for CJK text, and ``find_overlapping`` reports every occurrence of every term,
nested or straddling ones included (``公开枪`` holds 公开 and 开枪; 秘密 sits in 国家秘密).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import daachorse

from ..errors import InvalidInputError
from .findings import Finding, Findings, Severity
from .textio import read_text

DEFAULT_DICTIONARY = Path(__file__).with_name("data") / "default_terms.txt"
MAX_DICTIONARY_BYTES = 64 * 1024 * 1024


class DictionaryError(InvalidInputError):
    """A dictionary line is malformed; ``field`` is ``file:line``."""


@dataclass(frozen=True)
class Term:
    """One sensitive term: the text to find, its category (涉密, 内部事务 …) and severity."""

    term: str
    category: str
    severity: Severity = Severity.WARN

    def __post_init__(self) -> None:
        if not self.term or self.term != self.term.strip():
            raise InvalidInputError(
                "term", "must be non-empty without surrounding spaces", self.term
            )
        if not self.category.strip():
            raise InvalidInputError("category", "must not be empty", self.category)
        if self.severity not in {s.value for s in Severity}:
            raise InvalidInputError("severity", "must be 'block' or 'warn'", self.severity)
        object.__setattr__(self, "severity", Severity(self.severity))


def parse_dictionary(text: str, source: str = "<dictionary>") -> list[Term]:
    """Parse dictionary text; raise :class:`DictionaryError` at the first bad line."""
    terms: list[Term] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        terms.append(_parse_line(line, f"{source}:{number}"))
    return terms


def _parse_line(line: str, where: str) -> Term:
    fields = line.split("\t")
    if len(fields) != 3:
        hint = " (separate the fields with TAB characters, not spaces)" if len(fields) < 3 else ""
        raise DictionaryError(
            where,
            f"expected term<TAB>category<TAB>severity, found {len(fields)} field(s){hint}",
            line,
        )
    term, category, severity = (f.strip() for f in fields)
    if not term:
        raise DictionaryError(where, "empty term", line)
    if not category:
        raise DictionaryError(where, "empty category", line)
    if severity.lower() not in {s.value for s in Severity}:
        raise DictionaryError(where, "severity must be 'block' or 'warn'", severity)
    return Term(term, category, Severity(severity.lower()))


def load_dictionary(path: str | Path) -> list[Term]:
    """Read one dictionary file (UTF-8 or GBK, see :mod:`.textio`), of at most
    :data:`MAX_DICTIONARY_BYTES` (it is read into memory whole)."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        size = 0  # read_text names the problem
    if size > MAX_DICTIONARY_BYTES:
        raise DictionaryError(
            str(path), f"larger than {MAX_DICTIONARY_BYTES // 2**20} MB; split it", size
        )
    return parse_dictionary(read_text(path), str(path))


def merge_terms(*groups: Iterable[Term]) -> list[Term]:
    """One entry per term text; when dictionaries disagree, ``block`` wins over ``warn``."""
    merged: dict[str, Term] = {}
    for group in groups:
        for t in group:
            old = merged.get(t.term)
            if old is None or t.severity.rank > old.severity.rank:
                merged[t.term] = t
    return list(merged.values())


@functools.lru_cache(maxsize=16)
def _automaton(patterns: tuple[str, ...]) -> daachorse.CharwiseDoubleArrayAhoCorasick:
    return daachorse.CharwiseDoubleArrayAhoCorasick(list(patterns))


class TermMatcher:
    """All terms of all dictionaries, matched in one overlapping pass.

    The automaton for a given set of terms is built once and cached (also across matchers
    built from the same terms, e.g. one screener per command run).
    """

    rule_name = "sensitive_term"

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms: tuple[Term, ...] = tuple(merge_terms(terms))
        self._automaton = _automaton(tuple(t.term for t in self.terms)) if self.terms else None
        self._messages: dict[int, tuple[str, str]] = {}

    @classmethod
    def from_files(cls, paths: Sequence[str | Path], extra: Iterable[Term] = ()) -> TermMatcher:
        return cls([*(t for p in paths for t in load_dictionary(p)), *extra])

    def __len__(self) -> int:
        return len(self.terms)

    def matches(self, text: str) -> list[tuple[int, int, Term]]:
        """(start, end, term) for every occurrence, overlapping ones included."""
        if self._automaton is None or not text:
            return []
        terms = self.terms
        return [(s, e, terms[i]) for s, e, i in self._automaton.find_overlapping(text)]

    # The screening rule interface (``name`` + ``find``).
    @property
    def name(self) -> str:
        return self.rule_name

    def find(self, text: str, field: str = "text") -> Findings:
        """Every occurrence, located now; each :class:`Finding` built on first use."""
        if self._automaton is None or not text:
            return Findings()
        hits = self._automaton.find_overlapping(text)
        return Findings([(len(hits), lambda: self._findings(hits, field))])

    def _findings(self, hits: list[tuple[int, int, int]], field: str) -> list[Finding]:
        terms, messages = self.terms, self._messages
        rule, found = self.rule_name, []
        for start, end, i in hits:
            term = terms[i]
            zh, en = messages.get(i) or messages.setdefault(i, _messages_of(term))
            found.append(
                Finding(
                    rule, term.severity, start, end, term.term, zh, en, None, field, term.category
                )
            )
        return found


def _messages_of(term: Term) -> tuple[str, str]:
    return (
        f"敏感词「{term.term}」（{term.category}）：请核实能否公开",
        f"sensitive term '{term.term}' ({term.category}): check before release",
    )
