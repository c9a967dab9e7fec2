"""Which editions the screen shows, in which order, and what each slide carries.

The screen shows every 公示 whose 公示期 has not ended (the soonest to end first), then the
``newest`` other items by 发布日期. Withdrawn, expired and repealed items never appear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

import segno

from gov_disclosure.channels import PublishedEdition
from gov_disclosure.models import ItemState

HIDDEN_STATES = (ItemState.WITHDRAWN, ItemState.EXPIRED, ItemState.REPEALED)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
SUMMARY_CHARS = 160


def one_line(text: str) -> str:
    """``text`` without line breaks or control characters (one display line)."""
    return _CONTROL.sub(" ", text).strip()


def notice_running(edition: PublishedEdition, today: date) -> bool:
    return edition.notice_ends_on is not None and edition.notice_ends_on >= today


def choose(
    editions: Iterable[PublishedEdition], today: date, newest: int
) -> list[PublishedEdition]:
    """The editions on screen, in display order (running 公示 first, then the newest items).

    A 公示 whose 公示期 has ended is left out even before the core expires it.
    """
    live = [e for e in editions if e.state not in HIDDEN_STATES]
    notices = sorted(
        (e for e in live if notice_running(e, today)),
        key=lambda e: (e.notice_ends_on, -e.published_on.toordinal(), e.index_no),
    )
    others = sorted(
        (e for e in live if e.notice_ends_on is None),
        key=lambda e: (-e.published_on.toordinal(), e.index_no),
    )
    return notices + others[:newest]


def item_url(base_url: str, edition: PublishedEdition) -> str:
    """The item's page on the website, as the website channel names it."""
    return f"{base_url}/items/{edition.slug}.html"


def qr_data_uri(url: str) -> str:
    """A 1-pixel-per-module PNG (the page scales it up with crisp edges)."""
    return segno.make_qr(url, error="m").png_data_uri(scale=1, border=4)


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def _ymd(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_text(edition: PublishedEdition) -> str:
    """``公示期：3月6日至3月12日`` (empty for items that are not 公示)."""
    if edition.notice_ends_on is None or edition.notice_starts_on is None:
        return ""
    return f"公示期：{_md(edition.notice_starts_on)}至{_md(edition.notice_ends_on)}"


def _summary(edition: PublishedEdition) -> str:
    text = one_line(edition.summary or edition.body)
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def slide(edition: PublishedEdition, base_url: str, with_qr: bool = True) -> dict[str, Any]:
    """One slide as plain JSON values (the page puts them in as text, never as HTML)."""
    url = item_url(base_url, edition)
    ends = edition.notice_ends_on
    return {
        "slug": edition.slug,
        "tag": "公示" if ends is not None else one_line(edition.column),
        "title": one_line(edition.title),
        "notice": notice_text(edition),
        "until": ends.isoformat() if ends is not None else "",
        "meta": [
            ["索引号", edition.index_no],
            ["发布机构", one_line(edition.publisher or edition.org.name)],
            ["发布日期", _ymd(edition.published_on)],
        ],
        "summary": _summary(edition),
        "line": playlist_line(edition),
        "url": url,
        "qr": qr_data_uri(url) if with_qr else "",
    }


def playlist_line(edition: PublishedEdition) -> str:
    """One line of the text playlist for LED controllers."""
    title = one_line(edition.title)
    if edition.notice_ends_on is not None:
        return f"【公示】{title}（{notice_text(edition)}）"
    return f"【{one_line(edition.column)}】{title}（{_ymd(edition.published_on)}发布）"


def playlist(editions: Iterable[PublishedEdition]) -> str:
    """The plain-text playlist: one line per edition, in display order, ending in a newline."""
    lines = [playlist_line(e) for e in editions]
    return "".join(f"{line}\n" for line in lines)
