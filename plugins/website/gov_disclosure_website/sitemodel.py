"""The site as data: live editions grouped into listings, links between policies and 解读.

The model is kept by the channel between deliveries and brought up to date item by item
(:meth:`SiteModel.sync`, :meth:`SiteModel.put`): every listing stays sorted, so one change costs
a few bisections instead of sorting the whole catalogue again.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from itertools import compress
from operator import attrgetter, is_not
from typing import NamedTuple

from gov_disclosure.channels import PublishedEdition
from gov_disclosure.models import ItemState

from .naming import name_slug, unique_slugs

ALL = "all"
ORDER = attrgetter("published_on", "index_no")
KINDS = ("column", "topic")


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


def _discard(ordered: list[PublishedEdition], e: PublishedEdition) -> None:
    at = bisect_left(ordered, ORDER(e), key=ORDER)
    if at < len(ordered) and ordered[at] is e:
        del ordered[at]
    else:  # not where its key says (cannot happen with unique 索引号): search it out
        ordered.remove(e)


class SiteModel:
    """Editions the website shows, with their listings in stable (oldest-first) order."""

    def __init__(
        self, editions: Iterable[PublishedEdition], withdrawn: dict[str, str] | None = None
    ) -> None:
        self.by_index: dict[str, PublishedEdition] = {e.index_no: e for e in editions}
        self.withdrawn: dict[str, str] = {}
        self.all_sorted: list[PublishedEdition] = sorted(self.by_index.values(), key=ORDER)
        self._urgent: list[PublishedEdition] = []
        self._link_count: Counter[tuple[str, str]] = Counter()
        self._interpreters: dict[str, set[str]] = defaultdict(set)  # policy -> 解读
        self._policies: dict[str, set[str]] = defaultdict(set)  # 解读 -> policy
        self._files: Counter[str] = Counter()
        self._names: dict[str, list[str]] = {}
        self._slugs: dict[str, dict[str, str]] = {}
        self._last: list[PublishedEdition] | None = None  # the catalogue :meth:`sync` last saw
        self._lists: dict[str, dict[str, list[PublishedEdition]]]
        by_column: dict[str, list[PublishedEdition]] = defaultdict(list)
        by_topic: dict[str, list[PublishedEdition]] = defaultdict(list)
        published = ItemState.PUBLISHED
        for e in self.all_sorted:  # in order, so plain appends keep every listing sorted
            by_column[e.column].append(e)
            by_topic[e.topic].append(e)
            if e.interpreted_by or e.interprets or e.attachments:
                self._index(e, 1)
            if e.urgent and e.state is published:
                self._urgent.append(e)
        self._lists = {"column": dict(by_column), "topic": dict(by_topic)}
        self.set_withdrawn(withdrawn or {})

    @classmethod
    def from_catalogue(
        cls, catalogue: list[PublishedEdition], keep: Callable[[PublishedEdition], bool]
    ) -> SiteModel:
        """The editions of ``catalogue`` that ``keep`` accepts (then :meth:`sync` with it)."""
        model = cls(e for e in catalogue if keep(e))
        model._last = list(catalogue)
        return model

    # -- keeping up with the catalogue ------------------------------------------------------
    @property
    def editions(self) -> list[PublishedEdition]:
        return list(self.by_index.values())

    def sync(
        self, catalogue: list[PublishedEdition], keep: Callable[[PublishedEdition], bool]
    ) -> int:
        """Make the model show exactly the editions of ``catalogue`` that ``keep`` accepts.

        The core hands out the same view objects for unchanged items, so unchanged items are
        found by identity: when the catalogue has the length and order of the last call, in
        one pass at C speed; otherwise at the cost of a dictionary look-up each. Returns how
        many items changed.
        """
        last, self._last = self._last, list(catalogue)
        if last is not None and len(last) == len(catalogue):
            moved = list(compress(range(len(last)), map(is_not, catalogue, last)))
            if all(catalogue[i].index_no == last[i].index_no for i in moved):
                for i in moved:
                    e = catalogue[i]
                    self.put(e.index_no, e if keep(e) else None)
                return len(moved)
        by_index = self.by_index
        fresh: dict[str, PublishedEdition | None] = {}
        seen = 0
        for e in catalogue:
            old = by_index.get(e.index_no)
            if old is e:
                seen += 1
            elif keep(e):
                fresh[e.index_no] = e
            elif old is not None:
                fresh[e.index_no] = None
        seen += sum(1 for i in fresh if i in by_index)
        if seen < len(by_index):  # some left the catalogue altogether
            present = {e.index_no for e in catalogue}
            fresh.update((i, None) for i in by_index.keys() - present)
        for index_no, changed in fresh.items():
            self.put(index_no, changed)
        return len(fresh)

    def put(self, index_no: str, e: PublishedEdition | None) -> None:
        """Show ``e`` as item ``index_no`` (None: take the item off every listing)."""
        old = self.by_index.pop(index_no, None)
        if old is not None:
            self._drop(old)
        if e is not None:
            self.by_index[index_no] = e
            self._add(e)

    def override(self, index_no: str, e: PublishedEdition | None) -> None:
        """:meth:`put` for an edition handed in besides the catalogue: the next :meth:`sync`
        then compares item by item, so the catalogue's own view takes its place again."""
        if self.by_index.get(index_no) is not e:
            self._last = None
            self.put(index_no, e)

    def set_withdrawn(self, withdrawn: dict[str, str]) -> None:
        """Withdrawn items (索引号 → reason); a live item of the same 索引号 wins."""
        self.withdrawn = {i: r for i, r in withdrawn.items() if i not in self.by_index}

    def _add(self, e: PublishedEdition) -> None:
        insort(self.all_sorted, e, key=ORDER)
        for kind in KINDS:
            lists = self._lists[kind]
            name = getattr(e, kind)
            if name not in lists:
                lists[name] = []
                self._forget_names(kind)
            insort(lists[name], e, key=ORDER)
        self._index(e, 1)
        if e.urgent and e.state is ItemState.PUBLISHED:
            insort(self._urgent, e, key=ORDER)

    def _drop(self, e: PublishedEdition) -> None:
        _discard(self.all_sorted, e)
        for kind in KINDS:
            lists = self._lists[kind]
            name = getattr(e, kind)
            _discard(lists[name], e)
            if not lists[name]:
                del lists[name]
                self._forget_names(kind)
        self._index(e, -1)
        if e.urgent and e.state is ItemState.PUBLISHED:
            _discard(self._urgent, e)

    def _index(self, e: PublishedEdition, step: int) -> None:
        """Count ``e``'s links and attachments in (+1) or out (-1)."""
        pairs = [(e.index_no, i) for i in e.interpreted_by]
        if e.interprets:
            pairs.append((e.interprets, e.index_no))
        for policy, interpretation in pairs:
            self._link_count[(policy, interpretation)] += step
            if self._link_count[(policy, interpretation)] > 0:
                self._interpreters[policy].add(interpretation)
                self._policies[interpretation].add(policy)
            else:
                del self._link_count[(policy, interpretation)]
                self._interpreters[policy].discard(interpretation)
                self._policies[interpretation].discard(policy)
        for att in e.attachments:
            self._files[att.sha256] += step
            if self._files[att.sha256] <= 0:
                del self._files[att.sha256]

    def _forget_names(self, kind: str) -> None:
        self._names.pop(kind, None)
        self._slugs.pop(kind, None)

    # -- names ------------------------------------------------------------------------------
    @property
    def column_slugs(self) -> dict[str, str]:
        return self._slug_table("column")

    @property
    def topic_slugs(self) -> dict[str, str]:
        return self._slug_table("topic")

    def _slug_table(self, kind: str) -> dict[str, str]:
        if kind not in self._slugs:
            self._slugs[kind] = unique_slugs(self._sorted_names(kind))
        return self._slugs[kind]

    def slug(self, key: ListingKey) -> str:
        table = self._slug_table(key.kind) if key.kind in KINDS else {}
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
        return self._lists[key.kind].get(key.name) or []

    def _sorted_names(self, kind: str) -> list[str]:
        if kind not in self._names:
            self._names[kind] = sorted(self._lists[kind])
        return self._names[kind]

    def columns(self) -> list[str]:
        return self._sorted_names("column")

    def topics(self) -> list[str]:
        return self._sorted_names("topic")

    def newest(
        self, n: int, listing: list[PublishedEdition] | None = None
    ) -> list[PublishedEdition]:
        """The ``n`` newest of a listing (oldest-first, as :meth:`listing` returns it)."""
        ordered = self.all_sorted if listing is None else listing
        return ordered[: -n - 1 : -1]

    def urgent(self, n: int) -> list[PublishedEdition]:
        """The ``n`` newest urgent items still in force, newest first."""
        return self._urgent[: -n - 1 : -1]

    def uses_file(self, sha256: str) -> bool:
        """Whether any live item has an attachment with this content hash."""
        return sha256 in self._files

    def files(self) -> set[str]:
        return set(self._files)

    # -- links ------------------------------------------------------------------------------
    def interpreters(self, e: PublishedEdition) -> list[PublishedEdition]:
        """The 政策解读 of a policy (linked from either side), oldest first."""
        found = (self.by_index.get(i) for i in self._interpreters.get(e.index_no, ()))
        return sorted((x for x in found if x is not None), key=ORDER)

    def interpreted(self, e: PublishedEdition) -> list[PublishedEdition]:
        """The live policies a 政策解读 explains."""
        found = (self.by_index.get(i) for i in self._policies.get(e.index_no, ()))
        return sorted((x for x in found if x is not None), key=ORDER)

    def linked(self, index_no: str) -> set[str]:
        """索引号 of every item whose page links to ``index_no`` (the link goes both ways)."""
        out = self._interpreters.get(index_no, set()) | self._policies.get(index_no, set())
        return out - {index_no}
