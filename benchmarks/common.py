"""What every benchmark module returns, and the measuring helpers they share.

Every figure carries a baseline measured in the same run. Helpers here keep the measurements
honest on a shared machine: :func:`interleaved` runs competing variants in alternating rounds
(so a change of load hits all alike), :func:`peak_memory_mb` reads the process's own high-water
mark (``VmHWM``; ``ru_maxrss`` of a child started by a big parent reports the parent's peak),
and :class:`Unavailable` lets a module that cannot run on this machine say why.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure.

    ``ratio`` is stated in the figure's goal terms (for a time, ours over the baseline's; for a
    rate, ours over the baseline's rate); ``goal`` is a human-readable rule such as
    ``"ratio <= 2"`` and ``met`` says whether it held in this run (``None``: no goal).
    ``load`` is the machine's 1-minute load average while it was measured (the runner fills
    it in per module when the module leaves it empty).
    """

    name: str
    value: float
    unit: str
    baseline: float | None
    baseline_label: str
    ratio: float | None
    goal: str
    met: bool | None
    load: str = ""


class Unavailable(Exception):
    """This benchmark cannot run here; the message says what is missing and how to get it."""


def load_now() -> float:
    """The 1-minute load average (what ``uptime`` shows first)."""
    return round(os.getloadavg()[0], 1)


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    """Best wall-clock seconds of ``repeat`` runs of ``fn``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def interleaved(
    variants: Mapping[str, Callable[[], object]], rounds: int = 3, pick: str = "best"
) -> dict[str, float]:
    """Seconds per variant, run in alternating rounds (A B C, A B C, …): best or median."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, fn in variants.items():
            gc.collect()
            times[name].append(timed(fn))
    choose = min if pick == "best" else statistics.median
    return {name: choose(values) for name, values in times.items()}


def peak_memory_mb() -> float:
    """This process's peak resident memory (``VmHWM`` in ``/proc/self/status``), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise Unavailable("no VmHWM in /proc/self/status (peak memory needs Linux)")


def print_figures(figures: list[Figure]) -> None:
    """Print figures one per line (used by each module's ``main``)."""
    for f in figures:
        base = f" vs {f.baseline:,.4g} ({f.baseline_label})" if f.baseline is not None else ""
        ratio = f"  ratio {f.ratio:,.3g}" if f.ratio is not None else ""
        goal = f"  [{f.goal}: {'met' if f.met else 'NOT met'}]" if f.met is not None else ""
        print(f"{f.name}: {f.value:,.4g} {f.unit}{base}{ratio}{goal}")
