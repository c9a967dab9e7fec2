"""How many lines of the 22-line grid a text takes, estimated before anything is laid out.

Every 三号 paragraph of a 公文 sits on the fixed 28.95 pt line pitch, so counting its lines
counts its height. The estimate errs long: half-width characters count 0.55, a quarter
character goes where Chinese meets Latin letters or digits (Word and LibreOffice add that
space), and each line keeps half a character of slack for the line-breaking rules (a line
may not start with 。，、).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from . import fonts as f
from .fonts import is_wide, is_wide_code

TITLE_CHARS_PER_LINE = 20  # 二号 (22 pt) characters on a 156 mm line
RECORD_CHARS_PER_LINE = 29  # 四号 (14 pt) characters between the 版记's one-character indents


def _estimated_width_slow(text: str) -> float:
    width, previous_wide = 0.0, None
    for ch in text:
        wide = is_wide(ch)
        width += 1.0 if wide else 0.55
        if previous_wide is not None and wide != previous_wide and not ch.isspace():
            width += 0.25
        previous_wide = wide
    return width


@lru_cache(maxsize=1)
def _narrow_runs() -> re.Pattern[str]:
    """Runs of half-width characters of the Basic Multilingual Plane (by :func:`is_wide`)."""
    ranges, start = [], None
    for cp in range(0x10000):
        narrow = not is_wide_code(cp)
        if narrow and start is None:
            start = cp
        elif not narrow and start is not None:
            ranges.append((start, cp - 1))
            start = None
    if start is not None:
        ranges.append((start, 0xFFFF))
    body = "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)
    return re.compile(f"[{body}]+")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def estimated_width(text: str) -> float:
    """Width in body characters, erring long."""
    if _ASTRAL.search(text):
        return _estimated_width_slow(text)
    end, narrow, turns = len(text), 0, 0
    for match in _narrow_runs().finditer(text):
        start, stop = match.span()
        narrow += stop - start
        turns += (start > 0 and not text[start].isspace()) + (
            stop < end and not text[stop].isspace()
        )
    return (end - narrow) + 0.55 * narrow + 0.25 * turns


def printed_width(text: str) -> float:
    """Width in body characters as printed: half-width characters ½, and the quarter
    character Word and LibreOffice put where Chinese meets digits or Latin letters."""
    width, previous_wide = 0.0, None
    for ch in text:
        wide = is_wide(ch)
        width += 1.0 if wide else 0.5
        if previous_wide is not None and wide != previous_wide:
            width += 0.25
        previous_wide = wide
    return width


def text_lines(text: str, indent: float = 0, per_line: int = f.CHARS_PER_LINE) -> int:
    """Lines a paragraph of ``text`` takes (at least one), ``indent`` characters in."""
    return max(1, math.ceil((indent + estimated_width(text)) / (per_line - 0.5)))


ORPHANS = WIDOWS = 2  # lines a split paragraph keeps on each page (w:widowControl)


class LineCounter:
    """Grid lines used so far, page breaks included (``None`` once something of unknown
    height was added). Paragraphs split across pages as Word and LibreOffice split them with
    widow/orphan control, keep-with-next and keep-lines-together."""

    def __init__(self) -> None:
        self.lines: int | None = 0
        self.last: int | None = None  # lines of the last paragraph added
        self._kept = 0  # lines of the keep-with-next paragraphs just before

    def add(self, lines: int | None, *, keep_next: bool = False, keep_lines: bool = False) -> None:
        self.last = lines
        if lines is None or self.lines is None:
            self.lines = None
            return
        room = f.LINES_PER_PAGE - self.lines % f.LINES_PER_PAGE
        if lines > room:
            first = room
            if not keep_lines and first >= ORPHANS and lines - first < WIDOWS:
                first = lines - WIDOWS  # a widow pulls a line over
            if keep_lines or first < ORPHANS:  # the paragraph moves to the next page,
                kept = self._kept if self._kept + lines <= f.LINES_PER_PAGE else 0
                self.lines += room + kept  # with the headings kept with it
        self.lines += lines
        self._kept = self._kept + lines if keep_next else 0

    def add_rows(self, rows: list[int], units_per_line: int) -> int:
        """A table whose rows (header first, repeated on each new page) are ``rows`` units
        tall, ``units_per_line`` to a grid line, and never split. A row that does not fit
        goes to the next page after the header (the header and first row go together, with
        the keep-with-next paragraphs before them). Returns the units left on the last line,
        which the caller fills so that the count is whole lines again."""
        self.last = None
        if self.lines is None or not rows:
            self._kept = 0
            return 0
        page = f.LINES_PER_PAGE * units_per_line
        header, body = rows[0], rows[1:]
        pos = self.lines * units_per_line
        start = header + (body[0] if body else 0)
        if pos % page and pos % page + start > page:  # the table starts on the next page,
            kept = self._kept * units_per_line  # with the caption and unit kept with it
            pos = pos - pos % page + page + (kept if kept + start <= page else 0)
        pos += header
        for row in body:
            if pos % page + row > page or (pos % page == 0 and pos):
                pos = pos - pos % page + (page if pos % page else 0) + header
            pos += row
        pad = -pos % units_per_line
        self.lines = (pos + pad) // units_per_line
        self._kept = 0
        return pad

    def carry_over(self, lines: int) -> None:
        """The page's last ``lines`` move to the next page (kept with what follows)."""
        if self.lines is not None:
            self.lines = self.pages() * f.LINES_PER_PAGE + lines
        self._kept = 0

    def unknown(self) -> None:
        self.lines = None

    def new_page(self) -> None:
        if self.lines is not None:
            self.lines = self.pages() * f.LINES_PER_PAGE
        self._kept = 0

    def pages(self) -> int:
        """Pages used so far (a page just filled counts; nothing added is one page)."""
        return max(1, math.ceil((self.lines or 0) / f.LINES_PER_PAGE))

    def on_last_page(self) -> int:
        """Lines used on the current page (0 … 22)."""
        used = (self.lines or 0) % f.LINES_PER_PAGE
        return f.LINES_PER_PAGE if used == 0 and self.lines else used
