"""Fees by 国办函〔2020〕109号; every total is worked out by hand in the comment."""

from __future__ import annotations

import pytest

from gov_disclosure.applications import count_rate, fee_by_count, fee_by_pages
from gov_disclosure.errors import InvalidInputError


def test_by_count_45_is_5500() -> None:
    quote = fee_by_count(45)
    # 1-10 free; 11-30: 20 x 100 = 2000; 31-40: 10 x 200 = 2000; 41-45: 5 x 300 = 1500
    assert quote.total == 5500
    assert [(b.first, b.last, b.rate, b.amount) for b in quote.bands] == [
        (1, 10, 0, 0),
        (11, 30, 100, 2000),
        (31, 40, 200, 2000),
        (41, 45, 300, 1500),
    ]
    assert quote.lines()[-1] == "合计：5500元"


@pytest.mark.parametrize(
    ("n", "total"),
    [
        (0, 0),
        (10, 0),
        (11, 100),
        (30, 2000),  # 20 x 100
        (31, 2200),  # 2000 + 1 x 200
        (50, 7000),  # 2000 + 2000 + 10 x 300
        (51, 7400),  # 7000 + 1 x 400
    ],
)
def test_by_count_bands(n: int, total: int) -> None:
    assert fee_by_count(n).total == total


def test_count_rate_of_one_application() -> None:
    assert [count_rate(k) for k in (1, 10, 11, 30, 31, 40, 41, 51)] == [
        0,
        0,
        100,
        100,
        200,
        200,
        300,
        400,
    ]


def test_by_pages_250() -> None:
    quote = fee_by_pages(250)
    # 1-30 free; 31-100: 70 x 10 = 700; 101-200: 100 x 20 = 2000; 201-250: 50 x 40 = 2000
    assert quote.total == 700 + 2000 + 2000 == 4700
    assert [(b.first, b.last, b.amount) for b in quote.bands] == [
        (1, 30, 0),
        (31, 100, 700),
        (101, 200, 2000),
        (201, 250, 2000),
    ]


@pytest.mark.parametrize(("n", "total"), [(30, 0), (31, 10), (100, 700), (101, 720), (201, 2740)])
def test_by_pages_edges(n: int, total: int) -> None:
    # 101: 700 + 20; 201: 700 + 2000 + 40
    assert fee_by_pages(n).total == total


@pytest.mark.parametrize("bad", [-1, 2.5, True])
def test_bad_quantities(bad: object) -> None:
    with pytest.raises(InvalidInputError):
        fee_by_pages(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        fee_by_count(bad)  # type: ignore[arg-type]
