"""Build the issue of a period: gather the entries, number the issue, write the .docx.

``build_issue`` is a plain function (the CLI and the channel call it): it checks every item
first (titles, 文号, 合计 rows) so a bad item stops the run before a number is taken; numbers
come from the state store's counters and are never reused; the state is updated only after
the file is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gov_disclosure.channels import ChannelState, PublishedEdition
from gov_disclosure.documents import check_total, render
from gov_disclosure.errors import ConflictError, InvalidInputError
from gov_disclosure.files import SafeDir
from gov_disclosure.models import Audience, DisclosureMode
from gov_disclosure.models.types import check_doc_number
from gov_disclosure.workdays import today_in_china

from . import ledger
from .compose import Correction, IssueContent, Withdrawal, compose_issue
from .ledger import Entry, IssueRecord
from .periods import period_bounds, period_year
from .settings import BulletinSettings


@dataclass(frozen=True)
class IssueResult:
    """What ``build_issue`` made."""

    path: Path
    record: IssueRecord
    items: int
    corrections: int
    withdrawals: int
    skipped: tuple[str, ...] = ()  # 索引号 queued but no longer in the catalogue
    pdf: Path | None = None  # the PDF beside the .docx (``pdf=True``)


def issue_path(out_dir: Path, period: str) -> Path:
    """Where the issue of ``period`` is written (``bulletin-2026-03.docx``)."""
    return out_dir / f"bulletin-{period}.docx"


def check_item(item: PublishedEdition) -> None:
    """Raise InvalidInputError for an item the bulletin cannot print."""
    if not item.title.strip():
        raise InvalidInputError("title", f"item {item.index_no} has no title", item.title)
    if item.doc_number:
        try:
            check_doc_number(item.doc_number)
        except ValueError as exc:
            raise InvalidInputError("doc_number", str(exc), item.doc_number) from None
    for table in item.tables:
        check_total(table)


def _select(
    editions: Sequence[PublishedEdition],
    period: str,
    settings: BulletinSettings,
    state: ChannelState,
) -> tuple[list[Entry], list[Entry]]:
    """(entries for this issue, entries left pending)."""
    queued = ledger.pending(state)
    chosen = [e for e in queued if e.period <= period]
    left = [e for e in queued if e.period > period]
    known = {e.index_no for e in queued}
    for record in ledger.issues(state).values():
        known.update(e.index_no for e in record.entries)
    first, last = period_bounds(period, settings.period)
    for item in editions:  # items published before the channel was set up
        if item.index_no not in known and first <= item.published_on <= last:
            chosen.append(Entry.of("publish", item, period))
    return chosen, left


def _merge(entries: list[Entry]) -> dict[str, list[Entry]]:
    by_item: dict[str, list[Entry]] = {}
    for e in entries:
        by_item.setdefault(e.index_no, []).append(e)
    return by_item


def _content(
    entries: list[Entry], live: dict[str, PublishedEdition], state: ChannelState
) -> tuple[list[PublishedEdition], list[Correction], list[Withdrawal], list[str]]:
    items: list[PublishedEdition] = []
    corrections: list[Correction] = []
    withdrawals: list[Withdrawal] = []
    skipped: list[str] = []
    printed = ledger.appearances(state)
    for index_no, group in _merge(entries).items():
        actions = {e.action for e in group}
        withdrawn = next((e for e in reversed(group) if e.action == "withdraw"), None)
        if withdrawn is not None:
            if "publish" not in actions:  # printed before: list it; else it never appeared
                withdrawals.append(Withdrawal(withdrawn, printed.get(index_no)))
            continue
        item = live.get(index_no)
        if item is None:
            skipped.append(index_no)
        elif "publish" in actions:
            items.append(item)
        else:
            earlier = printed.get(index_no)
            replaced = (
                next((e.edition for e in reversed(earlier.entries) if e.index_no == index_no), None)
                if earlier
                else None
            )
            corrections.append(Correction(item, replaced or item.replaces_edition, earlier))
    items.sort(key=lambda i: (i.published_on, i.index_no))
    return items, corrections, withdrawals, skipped


def build_issue(
    editions: Sequence[PublishedEdition],
    period: str,
    state: ChannelState,
    settings: BulletinSettings,
    out_dir: Path,
    *,
    issued_on: date | None = None,
    organization: str | None = None,
    rebuild: bool = False,
    pdf: bool = False,
) -> IssueResult:
    """Write the issue of ``period`` from the live ``editions`` and the queued entries.

    A period already issued raises ConflictError unless ``rebuild`` (same numbers, same
    entries, file written again). Nothing queued and nothing published in the period raises
    InvalidInputError; no number is taken then. With ``pdf`` a PDF is made beside the .docx
    before the numbers are recorded (a failed conversion records nothing).
    """
    period_bounds(period, settings.period)  # validates the period
    live = {
        e.index_no: e
        for e in editions
        if e.mode is DisclosureMode.PROACTIVE and e.audience is Audience.PUBLIC
    }
    existing = ledger.issues(state).get(period)
    if existing is not None and not rebuild:
        raise ConflictError(
            "bulletin issue", period, f"already issued as {existing.label()}; use rebuild"
        )
    if existing is not None:
        chosen = list(existing.entries)
    else:
        chosen, _waiting = _select(list(live.values()), period, settings, state)
    if not chosen:
        raise InvalidInputError("period", f"nothing was published in {period}", period)
    items, corrections, withdrawals, skipped = _content(chosen, live, state)
    for item in [*items, *(c.edition for c in corrections)]:
        check_item(item)
    org = organization or (items[0].org.name if items else "") or "本机关"
    issued = issued_on or (date.fromisoformat(existing.issued_on) if existing else today_in_china())
    if existing is not None:
        record = existing
    else:
        year = period_year(period)
        record = IssueRecord(
            period=period,
            year=year,
            year_no=state.next_number(ledger.year_counter(year)),
            total_no=state.next_number(ledger.TOTAL_COUNTER) + settings.total_offset,
            issued_on=issued.isoformat(),
            file=str(issue_path(out_dir, period)),
            entries=tuple(chosen),
        )
    content = IssueContent(
        title=settings.title(org),
        label=record.label(),
        issued_on=date.fromisoformat(record.issued_on),
        items=items,
        corrections=corrections,
        withdrawals=withdrawals,
    )
    path = compose_issue(content, fallback_font=settings.fallback_font).save(
        issue_path(out_dir, period), root=out_dir
    )
    try:
        made_pdf = render.to_pdf(path, root=out_dir) if pdf else None
    except render.RenderError:
        if existing is None:  # the numbers were not taken: the new file goes too
            with SafeDir(out_dir) as folder:
                folder.remove(path.relative_to(out_dir))
        raise
    if existing is None:
        ledger.save_issue(state, record)
        ledger.take_pending(state, chosen)
    return IssueResult(
        path=path,
        record=record,
        items=len(items),
        corrections=len(corrections),
        withdrawals=len(withdrawals),
        skipped=tuple(skipped),
        pdf=made_pdf,
    )
