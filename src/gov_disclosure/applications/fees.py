"""Information processing fees (信息处理费), 国办函〔2020〕109号.

Two methods, one per application, each progressive on the excess:

- per count (按件计收): the applicant's applications in one natural month; 1-10 free, 11-30 at
  100 yuan each, then 100 yuan more per band of 10 (31-40: 200, 41-50: 300, …);
- per volume (按量计收): pages of one application; 1-30 free, 31-100 at 10, 101-200 at 20,
  201 and up at 40 yuan per page.

The applicant pays within 20 working days from the day after the fee notice, else the
application is given up (其他处理 2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ..errors import InvalidInputError

FREE_COUNT = 10
FIRST_PAID_COUNT_END = 30
COUNT_BASE_RATE = 100
COUNT_BAND = 10
#: (first page, last page or None, yuan per page)
PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)


class FeeMethod(StrEnum):
    COUNT = "count"
    PAGES = "pages"

    @property
    def label(self) -> str:
        return "按件计收" if self is FeeMethod.COUNT else "按量计收"

    @property
    def unit(self) -> str:
        return "件" if self is FeeMethod.COUNT else "页"


@dataclass(frozen=True)
class FeeBand:
    """Units ``first..last`` charged at ``rate`` yuan each."""

    first: int
    last: int
    rate: int

    @property
    def units(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.units * self.rate


@dataclass(frozen=True)
class FeeQuote:
    """A total with its breakdown by band (free bands included)."""

    method: FeeMethod
    quantity: int
    bands: tuple[FeeBand, ...]

    @property
    def total(self) -> int:
        return sum(b.amount for b in self.bands)

    def lines(self) -> list[str]:
        """``第11-30件：20件 × 100元 = 2000元`` … then ``合计：5500元``."""
        unit = self.method.unit
        out = [
            f"第{b.first}-{b.last}{unit}：{b.units}{unit} × {b.rate}元 = {b.amount}元"
            for b in self.bands
        ]
        return [*out, f"合计：{self.total}元"]

    def to_dict(self) -> dict[str, object]:
        return {
            "method": self.method.value,
            "quantity": self.quantity,
            "total": self.total,
            "bands": [[b.first, b.last, b.rate, b.amount] for b in self.bands],
        }


def _check(field: str, n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise InvalidInputError(field, "must be a whole number, 0 or more", n)


def count_rate(k: int) -> int:
    """Yuan charged for the applicant's k-th application of the month."""
    if k < 1:
        raise InvalidInputError("rank", "the first application of a month is number 1", k)
    if k <= FREE_COUNT:
        return 0
    if k <= FIRST_PAID_COUNT_END:
        return COUNT_BASE_RATE
    return COUNT_BASE_RATE * (2 + (k - FIRST_PAID_COUNT_END - 1) // COUNT_BAND)


def _group(first: int, last: int, rate_of: Callable[[int], int]) -> list[FeeBand]:
    bands: list[FeeBand] = []
    for k in range(first, last + 1):
        rate = rate_of(k)
        if bands and bands[-1].rate == rate:
            bands[-1] = FeeBand(bands[-1].first, k, rate)
        else:
            bands.append(FeeBand(k, k, rate))
    return bands


def fee_by_count(n: int) -> FeeQuote:
    """Total for ``n`` applications by one applicant in one natural month (45 → 5500)."""
    _check("count", n)
    return FeeQuote(FeeMethod.COUNT, n, tuple(_group(1, n, count_rate)))


def fee_by_pages(n: int) -> FeeQuote:
    """Total for ``n`` pages of one application (250 → 4700)."""
    _check("pages", n)
    bands = []
    for first, last, rate in PAGE_BANDS:
        if n < first:
            break
        bands.append(FeeBand(first, n if last is None else min(n, last), rate))
    return FeeQuote(FeeMethod.PAGES, n, tuple(bands))


def fee_for_application(method: FeeMethod | str, quantity: int) -> FeeQuote:
    """The fee of one application: by count ``quantity`` is its rank in the applicant's month
    (only that application's band is charged); by pages it is its page count."""
    try:
        kind = FeeMethod(method)
    except ValueError:
        raise InvalidInputError("method", "fee method is count or pages", method) from None
    if kind is FeeMethod.PAGES:
        return fee_by_pages(quantity)
    _check("count", quantity)
    return FeeQuote(kind, quantity, (FeeBand(quantity, quantity, count_rate(quantity)),))
