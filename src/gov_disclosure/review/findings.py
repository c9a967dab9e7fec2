"""What screening returns: findings, their severity, and the rule contract plugins implement."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any, Protocol, overload, runtime_checkable


class Severity(StrEnum):
    """How serious a finding is: ``block`` stops approval until fixed or overridden."""

    BLOCK = "block"
    WARN = "warn"

    @property
    def rank(self) -> int:
        """Higher is more serious (for merging and sorting)."""
        return 2 if self is Severity.BLOCK else 1


@dataclass(slots=True)
class Finding:
    """One thing a rule found in one field of an edition (or in a plain text).

    ``start``/``end`` are character offsets into that field's text; ``matched`` is
    ``text[start:end]``, except for personal data, where it is the masked form: findings are
    stored, printed and logged, and must not carry the number. ``suggestion`` is a
    replacement for the span (e.g. the masked form of an ID number); ``None`` when only a
    person can decide (a secret marking).

    Treat findings as read-only values. (They are not frozen because a 10 MB text can yield
    100,000 of them, and a frozen dataclass costs four times as much to build.)
    """

    rule: str
    severity: Severity
    start: int
    end: int
    matched: str
    message_zh: str
    message_en: str
    suggestion: str | None = None
    field: str = "text"
    category: str | None = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def blocks(self) -> bool:
        return self.severity is Severity.BLOCK

    def context(self, text: str, width: int = 12) -> tuple[str, str]:
        """The ``width`` characters before and after the match in ``text`` (newlines as ⏎)."""
        before = text[max(0, self.start - width) : self.start]
        after = text[self.end : self.end + width]
        return before.replace("\n", "⏎"), after.replace("\n", "⏎")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (severity as its string value, span as a list)."""
        data = asdict(self)
        data["severity"] = self.severity.value
        data["span"] = [self.start, self.end]
        return data


Batch = tuple[int, Callable[[], list[Finding]]]
"""How many findings a rule located, and how to build them (in that rule's own order)."""


def _position(f: Finding) -> tuple[int, int, str]:
    return (f.start, f.end, f.rule)


class Findings(Sequence[Finding]):
    """The findings of one screening, ordered by position (start, end, rule).

    Rules locate every finding eagerly (what is found, where, by which rule, is settled when
    screening returns) but hand them over in bulk: :class:`Finding` objects, their messages
    and masked forms are built, and ordered, on first access. A dense 低保 roster yields
    tens of thousands of findings per megabyte, most of which only a count or a "does any
    block?" ever looks at. It compares equal to a list of the same findings.
    """

    __slots__ = ("_batches", "_count", "_items")

    def __init__(self, batches: Iterable[Batch] = ()) -> None:
        self._batches: list[Batch] = list(batches)
        self._count = sum(n for n, _ in self._batches)
        self._items: list[Finding] | None = None

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Findings:
        """Findings already built (e.g. by a plugin rule), in the order given."""
        items = list(findings)
        return cls([(len(items), lambda: items)])

    def batches(self) -> list[Batch]:
        """The batches (to merge several rules' findings without building them)."""
        if self._items is None:
            return list(self._batches)
        items = self._items
        return [(len(items), lambda: items)]

    def _built(self) -> list[Finding]:
        if self._items is None:
            items = [f for _, build in self._batches for f in build()]
            items.sort(key=_position)
            self._items, self._batches = items, []
        return self._items

    def __len__(self) -> int:
        return self._count if self._items is None else len(self._items)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        return self._built()[index]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._built())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Findings | list | tuple):
            return self._built() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Findings({self._built()!r})"


@runtime_checkable
class Rule(Protocol):
    """A screening rule: built-in or added by a plugin through ``register_screening_rules``."""

    name: str

    def find(self, text: str) -> Iterable[Finding]:
        """Every finding in ``text``; spans are character offsets into ``text``."""
        ...


def any_blocking(findings: Iterable[Finding]) -> bool:
    """True when at least one finding blocks publication."""
    return any(f.blocks for f in findings)
