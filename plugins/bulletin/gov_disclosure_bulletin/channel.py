"""The ``bulletin`` channel: items go into the period's 政府公报; 公示/公告 get a sheet."""

from __future__ import annotations

import logging
from pathlib import Path

from gov_disclosure.bodies.scope import body_state, channel_scope, resolve_scope
from gov_disclosure.channels import Action, Channel, ChannelContext, PublishedEdition, Receipt
from gov_disclosure.documents import NoticeSheet, render, write_notice
from gov_disclosure.errors import ChannelError, GovDisclosureError, InvalidInputError
from gov_disclosure.files import SafeDir
from gov_disclosure.models import DocumentKind

from . import ledger
from .issue import IssueResult, build_issue, issue_path
from .ledger import Action as EntryAction
from .ledger import Entry
from .periods import period_of
from .settings import BulletinSettings

NOTICES = "notices"


def needs_notice_sheet(edition: PublishedEdition) -> bool:
    """公示 / 公告 items: those with a 公示期 or of the notice kind."""
    return edition.notice_period is not None or edition.kind is DocumentKind.NOTICE


def notice_sheet(edition: PublishedEdition) -> NoticeSheet:
    """The printable sheet of one edition."""
    period = edition.notice_period
    return NoticeSheet(
        title=edition.title,
        body=edition.body or edition.summary,
        issuer=edition.publisher,
        issued_on=edition.published_on,
        starts_on=edition.notice_starts_on,
        ends_on=edition.notice_ends_on,
        period_label=period.label if period else None,
        objection_contact=edition.objection_contact,
        tables=edition.tables,
    )


log = logging.getLogger(__name__)


class BulletinChannel(Channel):
    """政府公报 in Word (GB/T 9704) and printable 公示/公告 sheets for the 公开栏."""

    name = "bulletin"
    Settings = BulletinSettings
    public = True
    notice_board = False  # an issue is a record; notice sheets are refreshed on their own
    description = "政府公报 (Word, GB/T 9704-2012) and printable 公示/公告 sheets"

    settings: BulletinSettings

    def __init__(self, settings: BulletinSettings, context: ChannelContext) -> None:
        super().__init__(settings, context)
        self.scope = channel_scope(context, settings.org, settings.subordinates)

    def for_body(self, org: str, *, subordinates: bool = True) -> BulletinChannel:
        """This bulletin made for another body (``bulletin issue --org``): its own issue
        numbers (state ``bulletin@<credit code>``) and folder (``<output_dir>-<credit code>``)."""
        from dataclasses import replace

        body = resolve_scope(self.context.engine, org, self.context.organization).body
        folder = self.out_dir.with_name(f"{self.out_dir.name}-{body.credit_code}")
        update = {"org": org, "subordinates": subordinates, "output_dir": folder}
        context = replace(self.context, state=body_state(self.context, self.name, body))
        return BulletinChannel(self.settings.model_copy(update=update), context)

    def covers(self, edition: PublishedEdition) -> bool:
        """Whether the edition's body is one this bulletin is made for (``org``)."""
        return self.scope is None or self.scope.covers(edition.org.id)

    def _elsewhere(self, action: Action, edition: PublishedEdition) -> Receipt:
        """Another body's item: nothing is queued or written."""
        note = f"{edition.index_no} 不属于{self.scope.label if self.scope else ''}，未收入本公报"
        return Receipt(channel=self.name, action=action, location=None, details={"skipped": note})

    @property
    def out_dir(self) -> Path:
        configured = self.settings.output_dir
        if configured is None:
            return self.context.data_dir / "bulletin"
        return configured if configured.is_absolute() else self.context.data_dir / configured

    def notice_path(self, edition: PublishedEdition) -> Path:
        return self.out_dir / NOTICES / f"{edition.slug}.docx"

    def _period(self) -> str:
        return period_of(self.context.now().date(), self.settings.period)

    def _write_notice(self, edition: PublishedEdition) -> Path | None:
        if not (self.settings.notice_sheets and needs_notice_sheet(edition)):
            return None
        try:
            path = write_notice(
                notice_sheet(edition),
                self.notice_path(edition),
                fallback_font=self.settings.fallback_font,
                root=self.out_dir,
            )
            if self.settings.pdf:
                render.to_pdf(path, root=self.out_dir)
            return path
        except InvalidInputError as exc:
            raise ChannelError(self.name, f"{edition.index_no}: {exc}", retryable=False) from exc
        except render.RenderError as exc:  # e.g. LibreOffice missing: a retry will not help
            raise ChannelError(self.name, f"{edition.index_no}: {exc}", retryable=False) from exc

    def _remove_notice(self, edition: PublishedEdition) -> Path | None:
        path = self.notice_path(edition)
        with SafeDir(self.out_dir) as folder:
            folder.remove(path.with_suffix(".pdf").relative_to(self.out_dir))
            return path if folder.remove(path.relative_to(self.out_dir)) else None

    def _queue(
        self, action: EntryAction, edition: PublishedEdition, reason: str | None = None
    ) -> tuple[str, Path]:
        # an item belongs to the issue of the period it was published (or corrected) in,
        # whenever its delivery runs; a withdrawal goes into the period it happens in
        if action in ("publish", "update"):
            period = period_of(edition.published_on, self.settings.period)
        else:
            period = self._period()
        ledger.add_entry(self.context.state, Entry.of(action, edition, period, reason))
        self._issue_finished_periods()
        return period, issue_path(self.out_dir, period)

    def _issue_finished_periods(self) -> list[Path]:
        """With ``auto_issue``, write the issue of every period that has ended and has queued
        entries (in period order, so numbers follow the calendar). A failure is logged and left
        for ``gov-disclosure bulletin issue``; it never fails the delivery."""
        if not self.settings.auto_issue:
            return []
        current = self._period()
        issued = ledger.issues(self.context.state)
        due = sorted(
            {
                e.period
                for e in ledger.pending(self.context.state)
                if e.period < current and e.period not in issued
            }
        )
        written = []
        for period in due:
            try:
                written.append(self.build_issue(period).path)
            except GovDisclosureError as exc:
                log.warning("bulletin issue %s not written: %s", period, exc)
        return written

    def _receipt(self, action: Action, issue: Path | None, **details: object) -> Receipt:
        sheet = details.get("notice_sheet")
        if self.settings.pdf and isinstance(sheet, Path):  # published beside the .docx
            details["notice_sheet_pdf"] = sheet.with_suffix(".pdf")
        shown = {k: str(v) for k, v in details.items() if v is not None}
        return Receipt(
            channel=self.name,
            action=action,
            location=str(issue) if issue else shown.get("notice_sheet"),
            details=shown,
        )

    def publish(self, edition: PublishedEdition) -> Receipt:
        """Queue the edition for this period's issue; write its notice sheet if it has one."""
        if not self.covers(edition):
            return self._elsewhere(Action.PUBLISH, edition)
        sheet = self._write_notice(edition)
        period, issue = self._queue("publish", edition)
        return self._receipt(
            Action.PUBLISH, issue, period=period, issue_file=issue, notice_sheet=sheet
        )

    def update(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        """The next issue prints a 更正 naming the edition it replaces; the sheet is rewritten."""
        if not self.covers(edition):
            return self._elsewhere(Action.UPDATE, edition)
        sheet = self._write_notice(edition)
        if sheet is None:
            self._remove_notice(edition)
        period, issue = self._queue("update", edition)
        return self._receipt(
            Action.UPDATE,
            issue,
            period=period,
            issue_file=issue,
            notice_sheet=sheet,
            replaces_edition=edition.replaces_edition,
        )

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        """The next issue lists the withdrawal; the notice sheet leaves the folder."""
        if not self.covers(edition):
            return self._elsewhere(Action.WITHDRAW, edition)
        removed = self._remove_notice(edition)
        period, issue = self._queue("withdraw", edition, reason)
        return self._receipt(
            Action.WITHDRAW,
            issue,
            period=period,
            issue_file=issue,
            removed_sheet=removed,
            reason=reason,
        )

    def expire(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        """The 公示期 ended: only the notice sheet goes; the issue keeps the record."""
        removed = self._remove_notice(edition)
        return self._receipt(Action.EXPIRE, None, removed_sheet=removed)

    def build_issue(self, period: str, *, rebuild: bool = False, pdf: bool = False) -> IssueResult:
        """Write the issue of ``period`` from the live catalogue (with a PDF beside it when
        ``pdf`` or the ``pdf`` setting)."""
        scope, config_name = self.scope, self.context.organization.get("name")
        return build_issue(
            [e for e in self.context.catalogue() if self.covers(e)],
            period,
            self.context.state,
            self.settings,
            self.out_dir,
            issued_on=self.context.now().date(),
            organization=scope.body.name if scope and self.settings.org else config_name,
            rebuild=rebuild,
            pdf=self.settings.pdf or pdf,
        )
