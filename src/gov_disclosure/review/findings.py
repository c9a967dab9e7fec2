"""What screening returns: findings, their severity, and the rule contract plugins implement."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable


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
