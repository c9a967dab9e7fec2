"""``add_workdays`` speed: the precomputed table against a day-by-day loop over
``chinese_calendar.is_workday`` (the baseline), both answering "+20 working days" for the same
random dates. Goal: 500 times faster or more.

Run alone: ``python -m benchmarks.bench_workdays [--full]``.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta

import chinese_calendar

from benchmarks.common import Figure, timed
from gov_disclosure.workdays import WorkdayCalendar

WORKDAYS = 20
GOAL = 500.0


def _loop_add(day: date, n: int) -> date:
    """The baseline: walk day by day, asking the package about each day."""
    one = timedelta(days=1)
    while n:
        day += one
        n -= chinese_calendar.is_workday(day)
    return day


def _sample(count: int, seed: int = 2025) -> list[date]:
    rng = random.Random(seed)
    first, last = date(2004, 1, 1).toordinal(), date(2026, 11, 1).toordinal()
    return [date.fromordinal(rng.randint(first, last)) for _ in range(count)]


def run(quick: bool = True) -> list[Figure]:
    fast_n, loop_n = (20_000, 300) if quick else (500_000, 5_000)
    calendar = WorkdayCalendar()
    fast_days, loop_days = _sample(fast_n), _sample(loop_n, seed=7)
    add = calendar.add_workdays
    assert all(add(d, WORKDAYS) == _loop_add(d, WORKDAYS) for d in loop_days[:100])

    def fast() -> None:
        for d in fast_days:
            add(d, WORKDAYS)

    def loop() -> None:
        for d in loop_days:
            _loop_add(d, WORKDAYS)

    fast_rate = fast_n / timed(fast, repeat=3)
    loop_rate = loop_n / timed(loop, repeat=2)
    ratio = fast_rate / loop_rate
    build_ms = timed(WorkdayCalendar, repeat=3) * 1000
    return [
        Figure(
            name="add_workdays(d, 20)",
            value=fast_rate,
            unit="calls/s",
            baseline=loop_rate,
            baseline_label="day-by-day loop over chinese_calendar.is_workday",
            ratio=ratio,
            goal=f"ratio >= {GOAL:g}",
            met=ratio >= GOAL,
        ),
        Figure(
            name="WorkdayCalendar() build (2004-2026 table)",
            value=build_ms,
            unit="ms",
            baseline=None,
            baseline_label="",
            ratio=None,
            goal="informational",
            met=None,
        ),
    ]


def main() -> None:
    for figure in run(quick="--full" not in sys.argv[1:]):
        ratio = baseline = ""
        if figure.ratio is not None:
            ratio = f"  ratio {figure.ratio:,.0f}x ({figure.goal}: {figure.met})"
        if figure.baseline is not None:
            baseline = f" vs {figure.baseline:,.0f} ({figure.baseline_label})"
        print(f"{figure.name}: {figure.value:,.1f} {figure.unit}{baseline}{ratio}")


if __name__ == "__main__":
    main()
