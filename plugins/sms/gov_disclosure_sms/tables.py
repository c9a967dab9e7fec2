"""The SMS channel's own tables, on its own ``MetaData`` (the Alembic branch ``sms`` creates them).

- ``sms_subscribers``: one row per body's list and number, the topics and areas chosen, consent
  (when, how, recorded by whom) and the opt-out;
- ``sms_sends``: one row per (edition, action), keyed by an idempotency key;
- ``sms_batches``: the send's journal, one row per gateway request, written before the request
  leaves and holding the gateway's answer once it came back (``journal.py``);
- ``sms_recipients``: one row per (send, number) with the recipient's status, written from the
  journal (the per-recipient ledger that status reports and receipts read);
- ``sms_receipts``: delivery reports as received, numbers masked;
- ``sms_state``: small shared state by key: the fan-out registry (``fanout:<key>``) and the
  rate schedule every worker shares (``fanout-rate``).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

subscribers = Table(
    "sms_subscribers",
    metadata,
    Column("id", Integer, primary_key=True),
    # the body whose list it is (the core's organizations.id; sms_0004): one row per body
    Column("org_id", Integer, nullable=False),
    Column("number", String(11), nullable=False),
    Column("topics", JSON, nullable=False, default=list),
    Column("areas", JSON, nullable=False, default=list),
    Column("consent_at", DateTime(timezone=True), nullable=False),
    Column("consent_method", String(40), nullable=False),
    Column("consent_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("opted_out_at", DateTime(timezone=True), nullable=True),
    Column("opt_out_via", String(40), nullable=True),
    UniqueConstraint("org_id", "number"),
)

sends = Table(
    "sms_sends",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("idem_key", String(200), nullable=False, unique=True),
    Column("index_no", String(100), nullable=False),
    Column("edition", Integer, nullable=False),
    Column("action", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("parts", Integer, nullable=False),
    Column("transport", String(40), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("runner", String(64), nullable=True, doc="token of the run sending it (fencing)"),
)
Index("ix_sms_sends_index_no", sends.c.index_no)

batches = Table(
    "sms_batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("send_id", Integer, ForeignKey("sms_sends.id"), nullable=False),
    Column("state", String(16), nullable=False),
    Column("numbers", Text, nullable=False, doc="the request's numbers, comma-separated"),
    Column("answer", Text, nullable=True, doc="per-number answers as JSON, in request order"),
    Column("error", String(200), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_sms_batches_send_id", batches.c.send_id)

recipients = Table(
    "sms_recipients",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("send_id", Integer, ForeignKey("sms_sends.id"), nullable=False),
    Column("number", String(11), nullable=False),
    Column("ref", String(40), nullable=False, unique=True),
    Column("status", String(16), nullable=False),
    Column("message_id", String(100), nullable=True),
    Column("error", String(200), nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("send_id", "number", name="uq_sms_recipients_send_number"),
)
Index("ix_sms_recipients_message_id", recipients.c.message_id)

receipts = Table(
    "sms_receipts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("recipient_id", Integer, ForeignKey("sms_recipients.id"), nullable=True),
    Column("message_id", String(100), nullable=True),
    Column("ref", String(40), nullable=True),
    Column("number_masked", String(11), nullable=True),
    Column("status", String(40), nullable=False),
    Column("delivered", Boolean, nullable=False),
    Column("reported_at", DateTime(timezone=True), nullable=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("raw", JSON, nullable=False),
)
Index("ix_sms_receipts_received_at", receipts.c.received_at)

state = Table(
    "sms_state",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("value", JSON, nullable=True),
)
