"""What every benchmark module returns: figures with a baseline measured in the same run."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure.

    ``ratio`` is ``value / baseline`` (or the inverse when ``higher_is_better`` and the goal is
    a speed-up); ``goal`` is a human-readable rule such as ``"ratio <= 3"`` and ``met`` says
    whether it held in this run.
    """

    name: str
    value: float
    unit: str
    baseline: float | None
    baseline_label: str
    ratio: float | None
    goal: str
    met: bool | None


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    """Best wall-clock seconds of ``repeat`` runs of ``fn``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def print_figures(figures: list[Figure]) -> None:
    """Print figures one per line (used by each module's ``main``)."""
    for f in figures:
        base = f" vs {f.baseline:,.4g} ({f.baseline_label})" if f.baseline is not None else ""
        ratio = f"  ratio {f.ratio:,.3g}" if f.ratio is not None else ""
        goal = f"  [{f.goal}: {'met' if f.met else 'NOT met'}]" if f.met is not None else ""
        print(f"{f.name}: {f.value:,.4g} {f.unit}{base}{ratio}{goal}")
