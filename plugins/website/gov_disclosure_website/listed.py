"""What pages that aggregate items keep of each: a small summary instead of the whole edition.

A full build streams the catalogue in batches. Listings, feeds, sitemaps, body pages and the
links between policies and 解读 only need a few fields of every item, so the site model of a
streamed build holds :class:`ListedEdition` objects (a few hundred bytes each); item pages and
the search index get the whole :class:`PublishedEdition` while its batch passes.
"""

from __future__ import annotations

import html
import sys
from datetime import date
from typing import Any, NamedTuple

import nh3

from gov_disclosure.channels import PublishedEdition, PublisherView, safe_slug, validity_of
from gov_disclosure.models import ItemState

LEAD_CHARS = 200
"""The longest excerpt a page shows of a listed item (the feed's description)."""


class FileRef(NamedTuple):
    """An attachment as the site model counts it: by content hash."""

    sha256: str


class ListedEdition:
    """The fields of an edition that listing, feed, sitemap, body and link pages show.

    ``lead`` is the excerpt of the body, kept only when the item has no 内容概述 (pages that
    list it show the start of the body instead).
    """

    __slots__ = (
        "attachments",
        "column",
        "edition",
        "index_no",
        "interpreted_by",
        "interprets",
        "item_id",
        "lead",
        "org",
        "published_on",
        "state",
        "summary",
        "title",
        "topic",
        "urgent",
    )

    @property
    def slug(self) -> str:
        return safe_slug(self.index_no)

    @property
    def validity(self) -> str:
        return validity_of(self.state)

    def __init__(
        self, e: PublishedEdition, org: PublisherView, lead: str, shared: dict[Any, Any]
    ) -> None:
        self.item_id: int = e.item_id
        self.edition: int = e.edition
        self.index_no: str = e.index_no
        self.state: ItemState = e.state
        self.org: PublisherView = org
        self.title: str = e.title
        self.summary: str = e.summary
        self.lead: str = lead
        self.published_on: date = shared.setdefault(e.published_on, e.published_on)
        self.column: str = sys.intern(e.column)
        self.topic: str = sys.intern(e.topic)
        self.urgent: bool = e.urgent
        self.interprets: str | None = e.interprets
        self.interpreted_by: tuple[str, ...] = e.interpreted_by
        self.attachments: tuple[FileRef, ...] = tuple(FileRef(a.sha256) for a in e.attachments)


def plain_excerpt(e: PublishedEdition | ListedEdition, length: int, body_html: bool) -> str:
    """Plain text for descriptions: the 内容概述, else the start of the body."""
    if isinstance(e, ListedEdition):
        if length > LEAD_CHARS:
            raise ValueError(f"a listed item keeps {LEAD_CHARS} characters, not {length}")
        return " ".join(e.summary.split())[:length] if e.summary else e.lead[:length]
    text = e.summary or e.body
    if body_html and not e.summary:
        text = html.unescape(nh3.clean(text, tags=set()))
    return " ".join(text.split())[:length]


Listed = PublishedEdition | ListedEdition
"""An item as the site model holds it: the whole edition, or its summary (streamed builds)."""


class Summarizer:
    """Makes :class:`ListedEdition` objects sharing one object per body and per day."""

    def __init__(self, body_html: bool) -> None:
        self.body_html = body_html
        self._orgs: dict[PublisherView, PublisherView] = {}
        self._shared: dict[Any, Any] = {}

    def __call__(self, e: PublishedEdition) -> ListedEdition:
        org = self._orgs.setdefault(e.org, e.org)
        lead = "" if e.summary else plain_excerpt(e, LEAD_CHARS, self.body_html)
        return ListedEdition(e, org, lead, self._shared)
