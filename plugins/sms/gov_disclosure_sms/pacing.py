"""Pacing: a rate limit per second and exponential backoff between retries."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


class RateLimiter:
    """At most ``per_second`` units per second (virtual scheduling; no burst beyond one call).

    ``clock`` and ``sleep`` are injectable so a test can run it on a simulated clock.
    """

    def __init__(
        self,
        per_second: float | None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.per_second = per_second
        self.clock = clock
        self.sleep = sleep
        self._next_free: float | None = None

    def acquire(self, units: float = 1) -> float:
        """Wait until ``units`` may go; returns the seconds waited."""
        if not self.per_second:
            return 0.0
        now = self.clock()
        start = now if self._next_free is None else max(self._next_free, now)
        self._next_free = start + units / self.per_second
        wait = start - now
        if wait > 0:
            self.sleep(wait)
        return wait


@dataclass(frozen=True)
class Backoff:
    """Delay before retry ``n`` (1-based): ``base * 2**(n-1)``, at most ``cap`` seconds."""

    base: float = 1.0
    cap: float = 60.0

    def delay(self, retry: int) -> float:
        return min(self.cap, self.base * 2 ** (retry - 1))
