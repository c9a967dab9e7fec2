"""依申请公开: applications, their statutory clock, replies, fees and letters.

>>> from gov_disclosure.applications import ApplicationService
>>> service = ApplicationService(app)            # doctest: +SKIP
>>> record = service.new(form, "clerk")          # doctest: +SKIP
>>> print(service.deadline(record.id).explain())  # doctest: +SKIP
"""

from .clock import ClockStatus, ClockStep, DeadlineReport, deadline
from .errors import (
    ApplicationClosedError,
    NoContactError,
    ReasonRequiredError,
    SecondExtensionError,
    SecondFeeNoticeError,
    SecondSupplementError,
)
from .fees import FeeBand, FeeMethod, FeeQuote, count_rate, fee_by_count, fee_by_pages
from .models import (
    Applicant,
    ApplicantKind,
    ApplicationEvent,
    ApplicationForm,
    ApplicationRecord,
    ApplicationState,
    Arrival,
    Contact,
    Delivery,
    EventKind,
    IdKind,
    InfoForm,
    InformationRequest,
    Route,
)
from .replies import (
    GrantKind,
    NotProcessedReason,
    OtherReason,
    Reply,
    ReplyType,
    UnableReason,
    all_report_rows,
    make_reply,
    report_row,
)
from .service import ApplicationService, ConsultParty
from .settings import ApplicationSettings, settings_from_config

__all__ = [
    "Applicant",
    "ApplicantKind",
    "ApplicationClosedError",
    "ApplicationEvent",
    "ApplicationForm",
    "ApplicationRecord",
    "ApplicationService",
    "ApplicationSettings",
    "ApplicationState",
    "Arrival",
    "ClockStatus",
    "ClockStep",
    "ConsultParty",
    "Contact",
    "DeadlineReport",
    "Delivery",
    "EventKind",
    "FeeBand",
    "FeeMethod",
    "FeeQuote",
    "GrantKind",
    "IdKind",
    "InfoForm",
    "InformationRequest",
    "NoContactError",
    "NotProcessedReason",
    "OtherReason",
    "ReasonRequiredError",
    "Reply",
    "ReplyType",
    "Route",
    "SecondExtensionError",
    "SecondFeeNoticeError",
    "SecondSupplementError",
    "UnableReason",
    "all_report_rows",
    "count_rate",
    "deadline",
    "fee_by_count",
    "fee_by_pages",
    "make_reply",
    "report_row",
    "settings_from_config",
]
