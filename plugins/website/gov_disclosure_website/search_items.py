"""What the search index holds of an item: its words and its result row."""

from __future__ import annotations

import html

import nh3

from gov_disclosure.channels import PublishedEdition

from . import search_index
from .page import item_path


class SearchEntries:
    """Words and result rows of items, for one build (body HTML or not, one body or many)."""

    def __init__(self, body_html: bool, multi_body: bool) -> None:
        self.body_html = body_html
        self.multi_body = multi_body

    def text(self, e: PublishedEdition) -> str:
        body = e.body[: search_index.BODY_CHARS]
        if self.body_html:
            body = html.unescape(nh3.clean(body, tags=set()))
        return " ".join([e.index_no, e.title, e.doc_number or "", e.summary, body])

    def tokens(self, e: PublishedEdition) -> set[str]:
        """Words of the item, plus its body's token (the search page's 公开主体 filter)."""
        toks = search_index.tokens(self.text(e))
        if self.multi_body:
            toks.add(search_index.body_token(e.org.credit_code))
        return toks

    def row(self, e: PublishedEdition) -> list[str]:
        return [
            e.title,
            item_path(e.slug),
            e.published_on.isoformat(),
            e.column,
            e.validity,
            e.index_no,
            e.doc_number or "",
            e.org.name if self.multi_body else "",
        ]
