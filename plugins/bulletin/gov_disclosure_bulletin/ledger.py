"""What the channel remembers in its state store: entries waiting for an issue, and issues.

Keys: ``pending`` (list of entries not yet in an issue), ``issues`` (period → issue record),
and the counters ``issue-year-<YYYY>`` / ``issue-total`` handed out by ``next_number`` (so an
issue number is never used twice).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from gov_disclosure.channels import ChannelState, PublishedEdition

Action = Literal["publish", "update", "withdraw"]
PENDING = "pending"
ISSUES = "issues"
TOTAL_COUNTER = "issue-total"


def year_counter(year: int) -> str:
    return f"issue-year-{year}"


@dataclass(frozen=True)
class Entry:
    """One delivery to the bulletin: an item to print, correct or list as withdrawn."""

    action: Action
    index_no: str
    edition: int
    title: str
    period: str
    reason: str | None = None

    @classmethod
    def of(
        cls, action: Action, edition: PublishedEdition, period: str, reason: str | None = None
    ) -> Entry:
        return cls(action, edition.index_no, edition.edition, edition.title, period, reason)


@dataclass(frozen=True)
class IssueRecord:
    """An issue made: its numbers, date, file and the entries it carried."""

    period: str
    year: int
    year_no: int
    total_no: int
    issued_on: str
    file: str
    entries: tuple[Entry, ...]

    def label(self) -> str:
        """``2026年第3期(总第15期)``."""
        return f"{self.year}年第{self.year_no}期(总第{self.total_no}期)"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["entries"] = [asdict(e) for e in self.entries]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IssueRecord:
        entries = tuple(Entry(**e) for e in data["entries"])
        return cls(**{**data, "entries": entries})


def pending(state: ChannelState) -> list[Entry]:
    return [Entry(**e) for e in state.get(PENDING, [])]


def set_pending(state: ChannelState, entries: list[Entry]) -> None:
    state.set(PENDING, [asdict(e) for e in entries])


def issues(state: ChannelState) -> dict[str, IssueRecord]:
    return {p: IssueRecord.from_json(r) for p, r in state.get(ISSUES, {}).items()}


def save_issue(state: ChannelState, record: IssueRecord) -> None:
    data = dict(state.get(ISSUES, {}))
    data[record.period] = record.to_json()
    state.set(ISSUES, data)


def add_entry(state: ChannelState, entry: Entry) -> bool:
    """Queue ``entry`` for the next issue; False when the same delivery is already known."""
    key = (entry.action, entry.index_no, entry.edition)
    if any((e.action, e.index_no, e.edition) == key for e in pending(state)):
        return False
    for record in issues(state).values():
        if any((e.action, e.index_no, e.edition) == key for e in record.entries):
            return False
    set_pending(state, [*pending(state), entry])
    return True


def appearances(state: ChannelState) -> dict[str, IssueRecord]:
    """For each 索引号 printed in an issue, the last issue that printed it."""
    seen: dict[str, IssueRecord] = {}
    for record in sorted(issues(state).values(), key=lambda r: r.total_no):
        for e in record.entries:
            if e.action != "withdraw":
                seen[e.index_no] = record
    return seen
