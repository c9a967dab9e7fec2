"""The applications tables, on the core ``metadata`` (created by Alembic revision 0002).

``applications`` holds the registered form (the applicant's JSON never carries the raw ID
number, which lives only in ``id_number``), the state and the reply; ``application_events``
holds everything that happened, from which the clock is computed.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from ..store.tables import metadata

applications = Table(
    "applications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    # the body (机关) the application was made to (revision bodies_0001)
    Column("org_id", Integer, ForeignKey("organizations.id"), nullable=False),
    Column("state", String(24), nullable=False),
    Column("applicant_kind", String(16), nullable=False),
    Column("applicant_name", String(200), nullable=False),
    Column("applicant_key", String(64), nullable=False),
    Column("id_number", String(40), nullable=True),
    Column("applicant", JSON, nullable=False),
    Column("contact", JSON, nullable=False),
    Column("request", JSON, nullable=False),
    Column("arrival", JSON, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("month", String(7), nullable=False),
    Column("office", String(200), nullable=False),
    Column("repeat_of", Integer, ForeignKey("applications.id"), nullable=True),
    Column("fee_method", String(8), nullable=True),
    Column("reply", JSON, nullable=True),
    Column("closed_on", Date, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(64), nullable=False),
    Index("ix_applications_applicant_month", "applicant_key", "month"),
    Index("ix_applications_state", "state", "received_on"),
    Index("ix_applications_org", "org_id", "received_on"),
)

application_events = Table(
    "application_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("application_id", Integer, ForeignKey("applications.id"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("happened_on", Date, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("data", JSON, nullable=False),
)

#: Deadlines as facts with history (revision clock_0001): the due date each application was
#: given, with the calendar data it rests on (``basis``: the calendar's fingerprint, ``sources``:
#: where each year's days came from). A row is added when an event moves the date and when a
#: calendar change recomputes an open application (``kind = "calendar"``, with the old date);
#: closed applications keep their last row: the deadline they were judged by.
application_deadlines = Table(
    "application_deadlines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("application_id", Integer, ForeignKey("applications.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("due", Date, nullable=True),
    Column("provisional", Boolean, nullable=False),
    Column("late_by", Integer, nullable=True),
    Column("previous_due", Date, nullable=True),
    Column("previous_provisional", Boolean, nullable=True),
    Column("basis", String(32), nullable=False),
    Column("sources", String(500), nullable=False),
    Column("reason", String(200), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# 文号 given to letters (Alembic branch ``letternum``): one per letter, never reused; the
# number comes from the store's ``sequences`` counter ``letter_no`` of the letter's year
letter_numbers = Table(
    "letter_numbers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("application_id", Integer, ForeignKey("applications.id"), nullable=False),
    Column("letter", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("doc_number", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("application_id", "letter"),
)
