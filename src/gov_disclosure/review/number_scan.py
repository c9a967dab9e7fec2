"""Where the numbers are: one vectorised pass over a text's code points (numpy).

The personal-data rule's candidate pattern (:mod:`.personal_data`) is exact but slow to run
over a whole text: Python's regular-expression engine tries its alternatives at every digit.
This pass finds, in C, the *regions* a candidate can lie in, and settles the common case
without the engine:

- A region is a maximal run of characters a candidate can contain (digits, letters, X,
  brackets and the separators of :data:`.personal_data._SEP`, except markup). No candidate
  crosses a region's edge, so regions with fewer than 8 digits (the fewest any candidate
  holds) are dropped at once.
- When a region's first block of digits holds 11 to 19 (optionally followed by an X) and
  does not start with ``92`` (a credit code), the pattern would match exactly that block
  as a ``run``: a *plain run*. The 18-character ones are checked as 身份证号 (MOD 11-2 check
  character and birth date) and the 11-character ones as mobile numbers, all at once; any
  plain run those checks do not settle is classified one by one like before. The pattern
  then goes on after the run, over the rest of the region, if that holds 8 digits or more.
- Every other region goes to the candidate pattern, limited to the region.

A text holding markup (``<``) is left to the pattern whole, since a tag may split a number
anywhere; so is a short text (a title, an audit payload), where numpy's fixed cost is more
than the pattern's. ``tests/test_review_number_scan.py`` checks the result equals the pattern's on
every text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

DIGIT, OTHER, EX = 1, 2, 3
_FULL_ZERO = 0xFF10
SHORT_TEXT = 4096  # below this the pattern over the whole text is cheaper than numpy's setup
MIN_DIGITS = 8  # a 统一社会信用代码 candidate: 92 + 6 digits + 10 letters or digits

_CLASS = np.zeros(0x10000, dtype=np.uint8)
for _ch in "0123456789０１２３４５６７８９":
    _CLASS[ord(_ch)] = DIGIT
for _ch in (
    "ABCDEFGHIJKLMNOPQRSTUVWYZabcdefghijklmnopqrstuvwyz"  # credit codes, &nbsp; entities
    "()（） \u00a0\u3000.．·-－‐–—_\r\n&#;"
):
    _CLASS[ord(_ch)] = OTHER
for _ch in "XxＸｘ":
    _CLASS[ord(_ch)] = EX
# 0xFFFF stays 0: code points above the BMP are clipped to it (never part of a number).

_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_ID_CHECK = np.array([ord(c) for c in "10X98765432"], dtype=np.int64)
_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


@dataclass(frozen=True)
class NumberScan:
    """What the pass found.

    ``ids`` and ``mobiles``: (start, end) of plain runs that are valid 身份证号 / mobile
    numbers (the rest of their region, when it may hold more, is in ``regions``); ``runs``:
    the other plain runs (:class:`PlainRun`), to classify one by one; ``regions``: (start,
    end) spans for the candidate pattern.
    """

    ids: list[tuple[int, int]]
    mobiles: list[tuple[int, int]]
    runs: list[PlainRun]
    regions: list[tuple[int, int]]


class PlainRun(NamedTuple):
    """A region's first block of digits the vectorised checks did not settle.

    ``start:end`` and ``digits`` are what the pattern's ``run`` would classify; ``resume`` is
    where the pattern goes on after it (past an X), ``rest`` the digits left in the region.
    """

    start: int
    end: int
    digits: str
    resume: int
    rest: int
    region: tuple[int, int]


def scan_numbers(text: str, *, short: int = SHORT_TEXT) -> NumberScan:
    """Split ``text`` into settled numbers, runs to classify and regions for the pattern
    (a text shorter than ``short`` characters: one region, the whole text)."""
    if "<" in text or len(text) < short:
        return NumberScan([], [], [], [(0, len(text))])
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kinds = _CLASS.take(points, mode="clip")
    starts, ends = _runs(kinds != 0)
    is_digit = kinds == DIGIT
    digit_at = np.flatnonzero(is_digit)
    before_start = np.searchsorted(digit_at, starts)  # digits before each region
    n_digits = np.searchsorted(digit_at, ends) - before_start
    keep = n_digits >= MIN_DIGITS
    starts, ends, n_digits = starts[keep], ends[keep], n_digits[keep]
    if not len(starts):
        return NumberScan([], [], [], [])
    # The region's first block of digits: the pattern matches it as a ``run`` (X included)
    # when it holds 11 or more digits and is no credit code (92…).
    first = digit_at[before_start[keep]]
    block_starts, block_ends = _runs(is_digit)
    block_end = block_ends[np.searchsorted(block_starts, first)]
    n_block = block_end - first
    with_x = (block_end < ends) & (kinds[np.minimum(block_end, len(kinds) - 1)] == EX)
    head = _values(points, first, 2)
    credit = (head[:, 0] == 9) & (head[:, 1] == 2) & (points[first] == ord("9"))
    lead = (n_block >= 11) & (n_block <= 19) & ~credit
    rest = n_digits - n_block  # digits after the block, in the same region
    length = n_block + with_x  # the run as the pattern matches it
    ids = np.zeros(len(first), dtype=bool)
    ids[lead & (length == 18)] = _valid_ids(points, first[lead & (length == 18)])
    mobiles = np.zeros(len(first), dtype=bool)
    mobiles[lead & (length == 11)] = _mobiles(points, first[lead & (length == 11)])
    settled = ids | mobiles
    # A run the checks above do not settle is classified one by one (``runs``, with the rest
    # of its region); when that finds nothing and the region has more digits, the caller
    # gives the whole region to the pattern (the run may start a number written in groups).
    alone = lead & ~settled
    whole = ~lead
    after = settled & (rest >= MIN_DIGITS)  # the pattern goes on after the settled run
    regions = list(zip(starts[whole].tolist(), ends[whole].tolist(), strict=True))
    regions += zip((block_end + with_x)[after].tolist(), ends[after].tolist(), strict=True)
    runs = []
    for s, n, x, r, start, end in zip(
        first[alone].tolist(),
        n_block[alone].tolist(),
        with_x[alone].tolist(),
        rest[alone].tolist(),
        starts[alone].tolist(),
        ends[alone].tolist(),
        strict=True,
    ):
        stop = s + n + (x and n + 1 == 18)  # an X ends only an 18-character ID
        runs.append(PlainRun(s, stop, _halfwidth_upper(text[s:stop]), s + n + x, r, (start, end)))
    return NumberScan(
        [(s, s + 18) for s in first[ids].tolist()],
        [(s, s + 11) for s in first[mobiles].tolist()],
        runs,
        regions,
    )


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the runs of True in ``mask``."""
    edges = np.flatnonzero(np.diff(mask, prepend=False, append=False))
    return edges[0::2], edges[1::2]


def _values(points: np.ndarray, starts: np.ndarray, width: int) -> np.ndarray:
    """Digit values (0-9; X as 10) of ``width`` characters from each start, shape (n, width)."""
    cps = points[starts[:, None] + np.arange(width)].astype(np.int64)
    full = cps >= _FULL_ZERO
    values = np.where(full, cps - _FULL_ZERO, cps - 48)
    is_x = (cps == ord("X")) | (cps == ord("x")) | (cps == 0xFF38) | (cps == 0xFF58)
    return np.where(is_x, 10, values)


def _valid_ids(points: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Which 18-character runs are valid 身份证号: check character and a real birth date."""
    if not len(starts):
        return np.zeros(0, dtype=bool)
    v = _values(points, starts, 18)
    check = _ID_CHECK[(v[:, :17] * _ID_WEIGHTS).sum(axis=1) % 11]
    last = np.where(v[:, 17] == 10, ord("X"), v[:, 17] + 48)
    year = v[:, 6] * 1000 + v[:, 7] * 100 + v[:, 8] * 10 + v[:, 9]
    month = v[:, 10] * 10 + v[:, 11]
    day = v[:, 12] * 10 + v[:, 13]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    good_month = (month >= 1) & (month <= 12)
    days = _DAYS[np.where(good_month, month, 0)] + (leap & (month == 2))
    return (check == last) & (year >= 1) & good_month & (day >= 1) & (day <= days)


def _mobiles(points: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Which 11-digit runs are mobile numbers: 1, then 3-9."""
    if not len(starts):
        return np.zeros(0, dtype=bool)
    v = _values(points, starts, 2)
    return (v[:, 0] == 1) & (v[:, 1] >= 3) & (v[:, 1] <= 9)


def _halfwidth_upper(value: str) -> str:
    if not value.isascii():
        value = "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in value)
    return value.upper()
