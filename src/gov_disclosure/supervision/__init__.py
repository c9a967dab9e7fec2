"""Supervision (监督考核): what each office owes, reminders, complaints and the scorecard.

>>> from gov_disclosure.supervision import compute_obligations, run_reminders
>>> for o in compute_obligations(kernel, within=5):   # doctest: +SKIP
...     print(o)
>>> run_reminders(kernel)                              # doctest: +SKIP (App.run calls it)
"""

from .collect import compute_obligations
from .complaints import (
    ART39_NOTE,
    Complaint,
    ComplaintForm,
    ComplaintKind,
    ComplaintRoute,
    add_complaint,
    get_complaint,
    list_complaints,
    looks_like_complaint,
    reply_complaint,
)
from .obligations import Obligation, ObligationKind, workdays_left
from .reminders import Reminder, level_for, reminders_log, run_reminders
from .scorecard import Scorecard, UnitScore, build_scorecard
from .settings import SeriesSpec, SupervisionSettings, supervision_settings

__all__ = [
    "ART39_NOTE",
    "Complaint",
    "ComplaintForm",
    "ComplaintKind",
    "ComplaintRoute",
    "Obligation",
    "ObligationKind",
    "Reminder",
    "Scorecard",
    "SeriesSpec",
    "SupervisionSettings",
    "UnitScore",
    "add_complaint",
    "build_scorecard",
    "compute_obligations",
    "get_complaint",
    "level_for",
    "list_complaints",
    "looks_like_complaint",
    "reminders_log",
    "reply_complaint",
    "run_reminders",
    "supervision_settings",
    "workdays_left",
]
