"""Keyset pages of the catalogue: the pages joined are the whole list, in order, with no row
skipped or repeated when rows are added between pages; undated drafts come last."""

from __future__ import annotations

from datetime import date

from reports_testlib import item

from gov_disclosure.items.queries import catalogue
from gov_disclosure.models import DocumentKind


def _pages(app, limit: int, between=None) -> list[int]:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    after = None
    with app.store.engine.connect() as conn:
        while True:
            rows = catalogue(conn, limit=limit, after=after)
            seen += [r.id for r in rows]
            if len(rows) < limit:
                return seen
            after = (rows[-1].published_on, rows[-1].id)
            if between is not None:
                between()
                between = None


def test_keyset_pages_are_the_whole_catalogue_even_with_rows_added(any_app, clock) -> None:
    app = any_app
    for i, day in enumerate([3, 3, 3, 5, 5, 9]):  # ties on the date: the id decides
        item(app, clock, f"公告{i}", DocumentKind.OTHER, date(2026, 3, 1), date(2026, 3, day))
    for i in range(3):  # drafts: no publication date, listed after the dated rows
        item(app, clock, f"草稿{i}", DocumentKind.OTHER, date(2026, 3, 1), None)
    with app.store.engine.connect() as conn:
        whole = [r.id for r in catalogue(conn, limit=100)]
        dates = [r.published_on for r in catalogue(conn, limit=100)]
    assert dates[-3:] == [None] * 3 and None not in dates[:-3]
    for limit in (1, 2, 4):
        assert _pages(app, limit) == whole, limit

    added: list[str] = []

    def add_rows() -> None:  # newer rows arrive while the client pages
        added.append(
            item(app, clock, "新公告", DocumentKind.OTHER, date(2026, 3, 1), date(2026, 3, 20))
        )
        added.append(item(app, clock, "新草稿", DocumentKind.OTHER, date(2026, 3, 1), None))

    seen = _pages(app, 2, between=add_rows)
    assert len(seen) == len(set(seen))  # nothing repeated
    assert set(whole) <= set(seen)  # nothing skipped
    with app.store.engine.connect() as conn:
        new_draft = catalogue(conn, limit=100)[-1].id
    assert new_draft in seen  # an undated row added behind the cursor is still reached
