"""Which ranks of a listing an incremental build must look at, and which pages hold them."""

from __future__ import annotations

from bisect import bisect_left
from datetime import date
from typing import Any

from .sitemodel import ORDER, ListingKey, SiteModel


def span(
    model: SiteModel, key: ListingKey, changed: set[str], old: dict[str, dict[str, Any] | None]
) -> tuple[int, int, int]:
    """(lowest, highest rank that can differ from the last build, items gained)."""
    listing = model.listing(key)
    n = len(listing)
    lo, hi, gained = n, -1, 0
    for index_no in changed:
        e = model.by_index.get(index_no)
        rec = old.get(index_no) or {}
        in_new = e is not None and key.holds(e.column, e.topic, e.org.credit_code)
        in_old = (
            bool(rec)
            and not rec.get("withdrawn")
            and key.holds(rec.get("column"), rec.get("topic"), rec.get("org", ""))
        )
        if in_old and "published_on" not in rec:
            return 0, n, 0  # a record from before ranks were kept: look at everything
        new_key = (e.published_on, index_no) if e is not None else None
        p = bisect_left(listing, new_key, key=ORDER) if new_key is not None and in_new else 0
        q = 0
        if in_old:
            old_key = (date.fromisoformat(rec["published_on"]), index_no)
            q = bisect_left(listing, old_key, key=ORDER)
            q -= 1 if in_new and new_key is not None and new_key < old_key else 0
        if in_new and in_old:
            lo, hi = min(lo, p, q), max(hi, p, q)
        elif in_new:
            lo, hi, gained = min(lo, p), max(hi, n - 1), gained + 1
        elif in_old:
            lo, hi, gained = min(lo, q), max(hi, n), gained - 1
    return lo, hi, gained


def page_numbers(
    model: SiteModel, key: ListingKey, ranks: tuple[int, int, int], size: int
) -> range:
    """Numbers of the listing pages (``p<N>``) that can differ, given :func:`span`."""
    lo, hi, gained = ranks
    if hi < lo:
        return range(0)
    n = len(model.listing(key))
    count, old_count = max(1, -(-n // size)), max(1, -(-(n - gained) // size))
    if count != old_count:  # every page's 第k页/共M页 changes (once per page_size items)
        return range(1, count + 1)
    return range(lo // size + 1, hi // size + 2)  # a gain or loss reaches the newest page
