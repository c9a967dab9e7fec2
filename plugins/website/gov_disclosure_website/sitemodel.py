"""The site as data: live editions grouped into listings, links between policies and 解读."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from operator import attrgetter
from typing import NamedTuple

from gov_disclosure.channels import PublishedEdition
from gov_disclosure.models import ItemState

from .naming import name_slug, unique_slugs

ALL = "all"
ORDER = attrgetter("published_on", "index_no")
_ORDER = ORDER


class ListingKey(NamedTuple):
    """One 公开目录 listing: everything, one 栏目 or one 主题分类."""

    kind: str  # "all" | "column" | "topic"
    name: str = ""

    def holds(self, column: str | None, topic: str | None) -> bool:
        """Whether an item in ``column`` and ``topic`` belongs in this listing."""
        return self.kind == ALL or self.name == (column if self.kind == "column" else topic)


def listing_line(e: PublishedEdition) -> str:
    """What a listing row shows of an edition; a listing page changes when this does."""
    fields = (e.index_no, e.edition, e.state, e.title, e.published_on, e.urgent)
    return "\x1e".join(map(str, fields)) + "\x1d"


class SiteModel:
    """Editions the website shows, with their listings in stable (oldest-first) order."""

    def __init__(self, editions: Iterable[PublishedEdition], withdrawn: dict[str, str]) -> None:
        self.editions: list[PublishedEdition] = list(editions)
        self.withdrawn = withdrawn
        self.by_index = {e.index_no: e for e in self.editions}
        self._sorted: dict[ListingKey, list[PublishedEdition]] = {}
        self._interpreters: dict[str, set[str]] = defaultdict(set)  # policy -> 解读
        self._policies: dict[str, set[str]] = defaultdict(set)  # 解读 -> policy
        for e in self.editions:
            for interpretation in e.interpreted_by:
                self._link(e.index_no, interpretation)
            if e.interprets:
                self._link(e.interprets, e.index_no)

    def _link(self, policy: str, interpretation: str) -> None:
        self._interpreters[policy].add(interpretation)
        self._policies[interpretation].add(policy)

    # -- names ------------------------------------------------------------------------------
    @cached_property
    def column_slugs(self) -> dict[str, str]:
        return unique_slugs([e.column for e in self.editions])

    @cached_property
    def topic_slugs(self) -> dict[str, str]:
        return unique_slugs([e.topic for e in self.editions])

    def slug(self, key: ListingKey) -> str:
        table = self.column_slugs if key.kind == "column" else self.topic_slugs
        return table.get(key.name) or name_slug(key.name)

    def prefix(self, key: ListingKey) -> str:
        """Folder of a listing's pages, relative to the site root."""
        if key.kind == ALL:
            return "catalogue/all/"
        return f"catalogue/{key.kind}/{self.slug(key)}/"

    def title(self, key: ListingKey) -> str:
        return {"all": "全部信息", "column": "栏目", "topic": "主题分类"}[key.kind] + (
            f"：{key.name}" if key.name else ""
        )

    # -- listings ---------------------------------------------------------------------------
    def listing_keys(self) -> list[ListingKey]:
        return [
            ListingKey(ALL),
            *(ListingKey("column", c) for c in self.columns()),
            *(ListingKey("topic", t) for t in self.topics()),
        ]

    def listing(self, key: ListingKey) -> list[PublishedEdition]:
        """The listing's editions, oldest first (pages are cut from the oldest end)."""
        if key.kind == ALL:
            return self.all_sorted
        if key not in self._sorted:
            field = attrgetter(key.kind)
            self._sorted[key] = [e for e in self.all_sorted if field(e) == key.name]
        return self._sorted[key]

    @cached_property
    def all_sorted(self) -> list[PublishedEdition]:
        return sorted(self.editions, key=ORDER)

    @cached_property
    def _columns(self) -> list[str]:
        return sorted(set(map(attrgetter("column"), self.editions)))

    @cached_property
    def _topics(self) -> list[str]:
        return sorted(set(map(attrgetter("topic"), self.editions)))

    def columns(self) -> list[str]:
        return self._columns

    def topics(self) -> list[str]:
        return self._topics

    def newest(
        self, n: int, listing: list[PublishedEdition] | None = None
    ) -> list[PublishedEdition]:
        """The ``n`` newest of a listing (oldest-first, as :meth:`listing` returns it)."""
        ordered = self.all_sorted if listing is None else listing
        return ordered[: -n - 1 : -1]

    def urgent(self, n: int) -> list[PublishedEdition]:
        live = [e for e in self.editions if e.urgent and e.state is ItemState.PUBLISHED]
        return heapq.nlargest(n, live, key=ORDER)

    # -- links ------------------------------------------------------------------------------
    def interpreters(self, e: PublishedEdition) -> list[PublishedEdition]:
        """The 政策解读 of a policy (linked from either side), oldest first."""
        found = (self.by_index.get(i) for i in self._interpreters.get(e.index_no, ()))
        return sorted((x for x in found if x is not None), key=_ORDER)

    def interpreted(self, e: PublishedEdition) -> list[PublishedEdition]:
        """The live policies a 政策解读 explains."""
        found = (self.by_index.get(i) for i in self._policies.get(e.index_no, ()))
        return sorted((x for x in found if x is not None), key=_ORDER)

    def linked(self, index_no: str) -> set[str]:
        """索引号 of every item whose page links to ``index_no`` (the link goes both ways)."""
        out = self._interpreters.get(index_no, set()) | self._policies.get(index_no, set())
        return out - {index_no}
