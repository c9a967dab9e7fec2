"""What the channel remembers in its state store: entries waiting for an issue, and issues.

Runs and workers deliver to the bulletin at the same time, so every entry and every issue is
a row of its own, written by one atomic statement (nothing is read, changed and written back):

- ``pending:<action>:<索引号>:<edition>``: an entry not yet in an issue (with ``seq``, the
  order it arrived in); adding one that exists is a no-op, so a repeated delivery queues once;
- ``issue:<period>``: an issue made (the first writer wins);
- the counters ``issue-year-<YYYY>`` / ``issue-total`` / ``pending-seq`` handed out by
  ``next_number`` (so an issue number is never used twice).

Earlier versions kept one ``pending`` list and one ``issues`` map; both are still read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

from gov_disclosure.channels import ChannelState, PublishedEdition

Action = Literal["publish", "update", "withdraw"]
PENDING = "pending"
ISSUES = "issues"
PENDING_PREFIX = "pending:"
ISSUE_PREFIX = "issue:"
SEQ_COUNTER = "pending-seq"
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
        data = {name: getattr(self, name) for name in _RECORD_FIELDS}
        data["entries"] = [dict(vars(e)) for e in self.entries]  # flat: no asdict recursion
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IssueRecord:
        entries = tuple(Entry(**e) for e in data["entries"])
        return cls(**{**data, "entries": entries})


_RECORD_FIELDS = [f.name for f in fields(IssueRecord) if f.name != "entries"]


def _key(entry: Entry) -> str:
    return f"{PENDING_PREFIX}{entry.action}:{entry.index_no}:{entry.edition}"


def pending(state: ChannelState) -> list[Entry]:
    """Entries waiting for an issue, in the order they arrived."""
    rows = sorted(state.items(PENDING_PREFIX).values(), key=lambda r: r.get("seq", 0))
    legacy = [Entry(**e) for e in state.get(PENDING, None) or []]
    return legacy + [Entry(**{k: v for k, v in r.items() if k != "seq"}) for r in rows]


def take_pending(state: ChannelState, entries: list[Entry]) -> None:
    """Remove ``entries`` (now in an issue) from the queue; entries queued meanwhile stay."""
    for entry in entries:
        state.delete(_key(entry))
    legacy = state.get(PENDING, None)
    if legacy:
        state.set(PENDING, [e for e in legacy if Entry(**e) not in entries])


def issues(state: ChannelState) -> dict[str, IssueRecord]:
    """Every issue made, by period."""
    found = {p: IssueRecord.from_json(r) for p, r in (state.get(ISSUES, None) or {}).items()}
    for key, data in state.items(ISSUE_PREFIX).items():
        found[key.removeprefix(ISSUE_PREFIX)] = IssueRecord.from_json(data)
    return found


def save_issue(state: ChannelState, record: IssueRecord) -> bool:
    """Record an issue; False when another writer recorded this period's issue first."""
    return state.add(ISSUE_PREFIX + record.period, record.to_json())


def add_entry(state: ChannelState, entry: Entry) -> bool:
    """Queue ``entry`` for the next issue; False when the same delivery is already known."""
    key = (entry.action, entry.index_no, entry.edition)
    for record in issues(state).values():
        if any((e.action, e.index_no, e.edition) == key for e in record.entries):
            return False
    if any((e.action, e.index_no, e.edition) == key for e in pending(state)):
        return False
    return state.add(_key(entry), {**asdict(entry), "seq": state.next_number(SEQ_COUNTER)})


def appearances(state: ChannelState) -> dict[str, IssueRecord]:
    """For each 索引号 printed in an issue, the last issue that printed it."""
    seen: dict[str, IssueRecord] = {}
    for record in sorted(issues(state).values(), key=lambda r: r.total_no):
        for e in record.entries:
            if e.action != "withdraw":
                seen[e.index_no] = record
    return seen
