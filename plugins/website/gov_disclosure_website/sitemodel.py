"""The site as data: live editions grouped into listings, links between policies and 解读.

The model is kept by the channel between deliveries and brought up to date item by item
(:meth:`SiteModel.sync`, :meth:`SiteModel.put`): every listing stays sorted, so one change costs
a few bisections instead of sorting the whole catalogue again.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import compress
from operator import attrgetter, is_not
from typing import NamedTuple

from gov_disclosure.channels import PublishedEdition
from gov_disclosure.models import ItemState

from .listed import Listed
from .naming import name_slug, unique_slugs

ALL = "all"
ORDER = attrgetter("published_on", "index_no")
KINDS = ("column", "topic")


class ListingKey(NamedTuple):
    """One 公开目录 listing: everything, one 栏目 or one 主题分类; county-wide (``body`` "")
    or one body's own (``body`` its 统一社会信用代码)."""

    kind: str  # "all" | "column" | "topic"
    name: str = ""
    body: str = ""

    def holds(self, column: str | None, topic: str | None, body: str | None = "") -> bool:
        """Whether an item in ``column``, ``topic`` and of ``body`` belongs in this listing."""
        if self.body and self.body != body:
            return False
        return self.kind == ALL or self.name == (column if self.kind == "column" else topic)


class Body(NamedTuple):
    """A body that publishes on the platform (from its items' 发布机构 records)."""

    code: str
    name: str
    level: str


def body_of(e: Listed) -> str:
    return e.org.credit_code


def listing_line(e: Listed) -> str:
    """What a listing row shows of an edition; a listing page changes when this does."""
    fields = (e.index_no, e.edition, e.state, e.title, e.published_on, e.urgent)
    return "\x1e".join(map(str, fields)) + "\x1d"


LEVEL_ORDER = ("省", "市", "县", "县级部门", "乡镇", "村")
LEVEL_LABELS = {"县": "县级政府", "县级部门": "县级部门", "乡镇": "乡镇", "村": "村(居)"}


def _keys_of(e: Listed) -> tuple[tuple[str, str, str], ...]:
    """The listings (body, kind, name) an edition is in besides the county-wide 全部信息."""
    code = body_of(e)
    return (
        ("", "column", e.column),
        ("", "topic", e.topic),
        (code, ALL, ""),
        (code, "column", e.column),
        (code, "topic", e.topic),
    )


def _discard(ordered: list[Listed], e: Listed) -> None:
    at = bisect_left(ordered, ORDER(e), key=ORDER)
    if at < len(ordered) and ordered[at] is e:
        del ordered[at]
    else:  # not where its key says (cannot happen with unique 索引号): search it out
        ordered.remove(e)


class SiteModel:
    """Editions the website shows, with their listings in stable (oldest-first) order."""

    def __init__(
        self,
        editions: Iterable[Listed],
        withdrawn: dict[str, str] | None = None,
        order: dict[str, list[str]] | None = None,
    ) -> None:
        self._rank = {k: {n: i for i, n in enumerate(v)} for k, v in (order or {}).items()}
        self.by_index: dict[str, Listed] = {e.index_no: e for e in editions}
        self.withdrawn: dict[str, str] = {}
        self.all_sorted: list[Listed] = sorted(self.by_index.values(), key=ORDER)
        self._urgent: list[Listed] = []
        self._link_count: Counter[tuple[str, str]] = Counter()
        self._interpreters: dict[str, set[str]] = defaultdict(set)  # policy -> 解读
        self._policies: dict[str, set[str]] = defaultdict(set)  # 解读 -> policy
        self._files: Counter[str] = Counter()
        self._names: dict[tuple[str, str], list[str]] = {}
        self._slugs: dict[str, dict[str, str]] = {}
        self._last: list[PublishedEdition] | None = None  # the catalogue :meth:`sync` last saw
        self._lists: dict[tuple[str, str, str], list[Listed]] = defaultdict(list)
        self._bodies: dict[str, Body] = {}
        self._body_count: Counter[str] = Counter()
        self._names_of: dict[tuple[str, str], set[str]] = defaultdict(set)
        published = ItemState.PUBLISHED
        for e in self.all_sorted:  # in order, so plain appends keep every listing sorted
            for key in _keys_of(e):
                self._lists[key].append(e)
            self._count_body(e, 1)
            if e.interpreted_by or e.interprets or e.attachments:
                self._index(e, 1)
            if e.urgent and e.state is published:
                self._urgent.append(e)
        for body, kind, name in self._lists:
            self._names_of[(body, kind)].add(name)
        self.set_withdrawn(withdrawn or {})

    @classmethod
    def from_catalogue(
        cls,
        catalogue: Sequence[PublishedEdition],
        keep: Callable[[PublishedEdition], bool],
        order: dict[str, list[str]] | None = None,
    ) -> SiteModel:
        """The editions of ``catalogue`` that ``keep`` accepts (then :meth:`sync` with it)."""
        model = cls((e for e in catalogue if keep(e)), order=order)
        model._last = list(catalogue)
        return model

    # -- keeping up with the catalogue ------------------------------------------------------
    @property
    def editions(self) -> list[Listed]:
        return list(self.by_index.values())

    def sync(
        self, catalogue: Sequence[PublishedEdition], keep: Callable[[PublishedEdition], bool]
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
        fresh: dict[str, Listed | None] = {}
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

    def put(self, index_no: str, e: Listed | None) -> None:
        """Show ``e`` as item ``index_no`` (None: take the item off every listing)."""
        old = self.by_index.pop(index_no, None)
        if old is not None:
            self._drop(old)
        if e is not None:
            self.by_index[index_no] = e
            self._add(e)

    def override(self, index_no: str, e: Listed | None) -> None:
        """:meth:`put` for an edition handed in besides the catalogue: the next :meth:`sync`
        then compares item by item, so the catalogue's own view takes its place again."""
        if self.by_index.get(index_no) is not e:
            self._last = None
            self.put(index_no, e)

    def set_withdrawn(self, withdrawn: dict[str, str]) -> None:
        """Withdrawn items (索引号 → reason); a live item of the same 索引号 wins."""
        self.withdrawn = {i: r for i, r in withdrawn.items() if i not in self.by_index}

    def _add(self, e: Listed) -> None:
        insort(self.all_sorted, e, key=ORDER)
        for key in _keys_of(e):
            if key not in self._lists:
                self._names_of[key[:2]].add(key[2])
                self._forget_names(key[1])
            insort(self._lists[key], e, key=ORDER)
        self._count_body(e, 1)
        self._index(e, 1)
        if e.urgent and e.state is ItemState.PUBLISHED:
            insort(self._urgent, e, key=ORDER)

    def _drop(self, e: Listed) -> None:
        _discard(self.all_sorted, e)
        for key in _keys_of(e):
            _discard(self._lists[key], e)
            if not self._lists[key]:
                del self._lists[key]
                self._names_of[key[:2]].discard(key[2])
                self._forget_names(key[1])
        self._count_body(e, -1)
        self._index(e, -1)
        if e.urgent and e.state is ItemState.PUBLISHED:
            _discard(self._urgent, e)

    def _count_body(self, e: Listed, step: int) -> None:
        code = body_of(e)
        self._body_count[code] += step
        if self._body_count[code] > 0:
            self._bodies[code] = Body(code, e.org.name, e.org.level.value)
        else:
            del self._body_count[code]
            self._bodies.pop(code, None)

    def _index(self, e: Listed, step: int) -> None:
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
        for cache in [c for c in self._names if c[0] == kind]:
            del self._names[cache]
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
            self._slugs[kind] = unique_slugs(sorted(self._names_of[("", kind)]))
        return self._slugs[kind]

    def slug(self, key: ListingKey) -> str:
        table = self._slug_table(key.kind) if key.kind in KINDS else {}
        return table.get(key.name) or name_slug(key.name)

    def prefix(self, key: ListingKey) -> str:
        """Folder of a listing's pages, relative to the site root."""
        start = f"bodies/{key.body}/catalogue/" if key.body else "catalogue/"
        if key.kind == ALL:
            return start + "all/"
        return f"{start}{key.kind}/{self.slug(key)}/"

    def title(self, key: ListingKey) -> str:
        text = {"all": "全部信息", "column": "栏目", "topic": "主题分类"}[key.kind] + (
            f"：{key.name}" if key.name else ""
        )
        body = self._bodies.get(key.body) if key.body else None
        return f"{body.name} {text}" if body else text

    # -- bodies -----------------------------------------------------------------------------
    @property
    def multi_body(self) -> bool:
        """Whether the platform shows a section per body (more than one body publishes)."""
        return len(self._bodies) > 1

    def bodies(self) -> list[Body]:
        """Every body with live items, by level (县级政府 first) then name."""
        levels = {level: i for i, level in enumerate(LEVEL_ORDER)}
        return sorted(self._bodies.values(), key=lambda b: (levels.get(b.level, 99), b.name))

    def body(self, code: str) -> Body | None:
        return self._bodies.get(code)

    # -- listings ---------------------------------------------------------------------------
    def listing_keys(self) -> list[ListingKey]:
        keys = [ListingKey(ALL), *self._named_keys("")]
        if self.multi_body:
            for b in self.bodies():
                keys += [ListingKey(ALL, "", b.code), *self._named_keys(b.code)]
        return keys

    def _named_keys(self, body: str) -> list[ListingKey]:
        return [
            *(ListingKey("column", c, body) for c in self.columns(body)),
            *(ListingKey("topic", t, body) for t in self.topics(body)),
        ]

    def listing(self, key: ListingKey) -> list[Listed]:
        """The listing's editions, oldest first (pages are cut from the oldest end)."""
        if key.kind == ALL and not key.body:
            return self.all_sorted
        return self._lists.get((key.body, key.kind, key.name)) or []

    def _sorted_names(self, kind: str, body: str = "") -> list[str]:
        """Names in the configured taxonomy order; names it does not know after, by name."""
        cache = (kind, body)
        if cache not in self._names:
            rank = self._rank.get(kind, {})
            far = len(rank)
            self._names[cache] = sorted(
                self._names_of[(body, kind)], key=lambda n: (rank.get(n, far), n)
            )
        return self._names[cache]

    def columns(self, body: str = "") -> list[str]:
        return self._sorted_names("column", body)

    def topics(self, body: str = "") -> list[str]:
        return self._sorted_names("topic", body)

    def counts(self, kind: str, body: str = "") -> list[tuple[str, int]]:
        """(name, number of live items) of every 栏目 or 主题分类, in the configured order."""
        return [(n, len(self._lists[(body, kind, n)])) for n in self._sorted_names(kind, body)]

    def newest(self, n: int, listing: list[Listed] | None = None) -> list[Listed]:
        """The ``n`` newest of a listing (oldest-first, as :meth:`listing` returns it)."""
        ordered = self.all_sorted if listing is None else listing
        return ordered[: -n - 1 : -1]

    def urgent(self, n: int) -> list[Listed]:
        """The ``n`` newest urgent items still in force, newest first."""
        return self._urgent[: -n - 1 : -1]

    def uses_file(self, sha256: str) -> bool:
        """Whether any live item has an attachment with this content hash."""
        return sha256 in self._files

    def files(self) -> set[str]:
        return set(self._files)

    # -- links ------------------------------------------------------------------------------
    def interpreters(self, e: Listed) -> list[Listed]:
        """The 政策解读 of a policy (linked from either side), oldest first."""
        found = (self.by_index.get(i) for i in self._interpreters.get(e.index_no, ()))
        return sorted((x for x in found if x is not None), key=ORDER)

    def interpreted(self, e: Listed) -> list[Listed]:
        """The live policies a 政策解读 explains."""
        found = (self.by_index.get(i) for i in self._policies.get(e.index_no, ()))
        return sorted((x for x in found if x is not None), key=ORDER)

    def linked(self, index_no: str) -> set[str]:
        """索引号 of every item whose page links to ``index_no`` (the link goes both ways)."""
        out = self._interpreters.get(index_no, set()) | self._policies.get(index_no, set())
        return out - {index_no}
