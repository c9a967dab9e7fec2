"""The supervision service (监督考核): obligations, reminders, complaints and the scorecard."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..bodies.resolve import OrgKey
from ..kernel import Kernel
from .collect import compute_obligations
from .complaints import (
    Complaint,
    ComplaintForm,
    add_complaint,
    get_complaint,
    list_complaints,
    reply_complaint,
)
from .obligations import Obligation
from .reminders import Reminder, reminders_log, run_reminders
from .render import write_scorecard_html
from .scorecard import Scorecard, build_scorecard


class SupervisionService:
    """What each office owes and how it is doing; every call works over the kernel."""

    def __init__(self, kernel: Kernel) -> None:
        self.kernel = kernel

    def obligations(
        self,
        today: date | None = None,
        *,
        unit: str | None = None,
        within: int | None = None,
        org: OrgKey | None = None,
    ) -> list[Obligation]:
        """What is owed (``org``: one body's, plus what the whole platform owes)."""
        return compute_obligations(self.kernel, today, unit=unit, within=within, org=org)

    def remind(self, today: date | None = None) -> list[Reminder]:
        return run_reminders(self.kernel, today)

    def reminders_log(self, unit: str | None = None) -> list[dict[str, Any]]:
        return reminders_log(self.kernel, unit)

    def add_complaint(
        self, form: ComplaintForm | dict[str, Any], actor: str, org: OrgKey | None = None
    ) -> Complaint:
        return add_complaint(self.kernel, form, actor, org)

    def reply_complaint(
        self, number: str, actor: str, reply: str, on: date | None = None
    ) -> Complaint:
        return reply_complaint(self.kernel, number, actor, reply, on)

    def complaint(self, number: str) -> Complaint:
        return get_complaint(self.kernel, number)

    def complaints(
        self, *, open_only: bool = False, office: str | None = None, org: OrgKey | None = None
    ) -> list[Complaint]:
        return list_complaints(self.kernel, open_only=open_only, office=office, org=org)

    def scorecard(
        self,
        start: date,
        end: date,
        *,
        unit: str | None = None,
        today: date | None = None,
        org: OrgKey | None = None,
        level: str | None = None,
    ) -> Scorecard:
        """Per office (of body ``org``), or per body of one ``level`` (bodies compared)."""
        return build_scorecard(
            self.kernel, start, end, unit=unit, today=today, org=org, level=level
        )

    def write_scorecard_html(self, card: Scorecard, path: Path | None = None) -> Path:
        return write_scorecard_html(self.kernel, card, path)
