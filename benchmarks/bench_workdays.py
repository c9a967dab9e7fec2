"""``add_workdays`` speed against the best bare lookup: ``bisect`` over the sorted ordinals of
every working day (the same days, listed before the clock), both answering "+20 working days"
for the same random dates. Goal: no slower than the bisect (time ratio <= 1): the calendar
should be a table lookup. A day-by-day loop over ``chinese_calendar.is_workday`` is reported
for information (the old baseline).

Run alone: ``python -m benchmarks.bench_workdays [--full]``.
"""

from __future__ import annotations

import bisect
import random
import sys
from datetime import date, timedelta

import chinese_calendar

from benchmarks.common import Figure, interleaved, load_now, print_figures, timed
from gov_disclosure.workdays import WorkdayCalendar

WORKDAYS = 20
GOAL = 1.0
FIRST, LAST = date(2004, 1, 1), date(2026, 11, 1)


def _loop_add(day: date, n: int) -> date:
    """The old baseline: walk day by day, asking the package about each day."""
    one = timedelta(days=1)
    while n:
        day += one
        n -= chinese_calendar.is_workday(day)
    return day


def _sample(count: int, seed: int = 2025) -> list[date]:
    rng = random.Random(seed)
    first, last = FIRST.toordinal(), LAST.toordinal()
    return [date.fromordinal(rng.randint(first, last)) for _ in range(count)]


def _sorted_workdays(calendar: WorkdayCalendar) -> list[int]:
    """Ordinals of every working day from 2004 to 2026, ascending."""
    return [
        o
        for o in range(FIRST.toordinal(), date(2026, 12, 31).toordinal() + 1)
        if calendar.is_workday(date.fromordinal(o))
    ]


def run(quick: bool = True) -> list[Figure]:
    fast_n, loop_n = (50_000, 300) if quick else (500_000, 5_000)
    calendar = WorkdayCalendar()
    workdays = _sorted_workdays(calendar)
    fromordinal, bisect_right = date.fromordinal, bisect.bisect_right

    def bisect_add(day: date, n: int) -> date:
        return fromordinal(workdays[bisect_right(workdays, day.toordinal()) + n - 1])

    days, loop_days = _sample(fast_n), _sample(loop_n, seed=7)
    add = calendar.add_workdays
    assert all(add(d, WORKDAYS) == bisect_add(d, WORKDAYS) for d in days[:2_000])
    assert all(add(d, WORKDAYS) == _loop_add(d, WORKDAYS) for d in loop_days[:100])

    load = f"{load_now()}"
    best = interleaved(
        {
            "ours": lambda: [add(d, WORKDAYS) for d in days],
            "bisect": lambda: [bisect_add(d, WORKDAYS) for d in days],
        },
        rounds=5,
    )
    loop_s = timed(lambda: [_loop_add(d, WORKDAYS) for d in loop_days])
    build_ms = timed(WorkdayCalendar, repeat=3) * 1000
    load += f"→{load_now()}"
    ours_rate, bisect_rate = fast_n / best["ours"], fast_n / best["bisect"]
    loop_rate = loop_n / loop_s
    ratio = best["ours"] / best["bisect"]
    return [
        Figure(
            "add_workdays(d, 20)", ours_rate, "calls/s", bisect_rate,
            "bisect over the sorted working days (same days)", ratio,
            f"ratio (time) <= {GOAL:g}", ratio <= GOAL, load,
        ),
        Figure(
            "add_workdays(d, 20) against the day-by-day loop", ours_rate, "calls/s", loop_rate,
            "day-by-day loop over chinese_calendar.is_workday", ours_rate / loop_rate,
            "information (speed-up)", None, load,
        ),
        Figure(
            "WorkdayCalendar() build (2004-2026 table)", build_ms, "ms", None, "", None,
            "information", None, load,
        ),
    ]  # fmt: skip


if __name__ == "__main__":
    print_figures(run(quick="--full" not in sys.argv[1:]))
