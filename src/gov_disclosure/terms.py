"""Names that errors put into messages (record kinds, fields, states, steps), for the catalog.

Errors carry these as English words (``NotFoundError("item", …)``, ``field="title"``);
:func:`gov_disclosure.errors.term` shows them in the user's language. Listing them here with
:func:`~gov_disclosure.i18n.N_` is what puts them into the message catalog.
"""

from __future__ import annotations

from .i18n import N_

RECORD_KINDS = (
    N_("item"),
    N_("edition"),
    N_("published edition of item"),
    N_("actor"),
    N_("organization"),
    N_("application"),
    N_("consultation"),
    N_("complaint"),
    N_("token"),
    N_("file"),
    N_("attachment file"),
    N_("sms subscriber"),
    N_("delivery"),
    N_("fee notice"),
    N_("contact"),
    N_("channel"),
)

STATES = (
    N_("draft"),
    N_("in_review"),
    N_("approved"),
    N_("published"),
    N_("withdrawn"),
    N_("expired"),
    N_("repealed"),
    N_("open"),
    N_("awaiting_supplement"),
    N_("closed"),
    N_("all stages approved"),
    # deliveries
    N_("pending"),
    N_("running"),
    N_("failed"),
    N_("dead"),
    N_("done"),
    N_("skipped"),
    N_("cancelled"),
)

STEPS = (
    N_("edit"),
    N_("submit"),
    N_("reject"),
    N_("approve"),
    N_("publish"),
    N_("revise"),
    N_("withdraw"),
    N_("expire"),
    N_("repeal"),
    N_("clear"),
    N_("override"),
    N_("update"),
    N_("review.approve"),
    N_("review.submit"),
    N_("review.reject"),
    N_("item.create"),
    N_("item.edit"),
    N_("channel.send"),
    N_("application.handle"),
    N_("application.reply"),
    N_("reply"),
    N_("close"),
    N_("abandon"),
    N_("fee-paid"),
    N_("supplement-received"),
    N_("register an application"),
    N_("send a 补正 notice"),
    N_("record a 补正"),
    N_("start a consultation"),
    N_("record a service date"),
    N_("record an answer"),
    N_("send a fee notice"),
    N_("record a payment"),
    N_("count in the annual report"),
    N_("extend"),
    N_("awaiting 补正"),
    N_("no fee notice"),
    N_("no unpaid fee"),
    N_("fee unpaid"),
)

HELP = (
    N_("Show this message and exit."),
    N_("Show the version and exit."),
)

RULES = (
    N_("already exists"),
    N_("config file not found"),
    N_("channel not installed or not enabled"),
)

FIELDS = (
    N_("title"),
    N_("summary"),
    N_("body"),
    N_("publisher"),
    N_("topic"),
    N_("column"),
    N_("responsible_unit"),
    N_("written_on"),
    N_("doc_number"),
    N_("index_no"),
    N_("expires"),
    N_("token lifetime"),
    N_("reason"),
    N_("row"),
    N_("period"),
    N_("path"),
    N_("year"),
    N_("name"),
    N_("unit"),
    N_("mobile"),
    N_("email"),
    N_("role"),
    N_("level"),
    N_("org"),
    N_("id"),
    N_("days"),
    N_("received_on"),
    N_("db"),
    N_("text"),
    N_("format"),
    N_("on"),
    N_("office"),
    N_("number"),
    N_("pages"),
)

#: plain English choice values shown beside their Chinese (``EnumChoice.of``, ``ItemClass``)
CHOICE_VALUES = (
    N_("routine"),
    N_("important"),
    N_("standard"),
    N_("debug"),
    N_("info"),
    N_("warning"),
    N_("error"),
)
