"""A long-running delivery worker: any number of them, on any number of machines, share one store.

Each worker loops over :meth:`Runner.run_once` (claims with ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, leases, batched recording) and sleeps ``poll_seconds`` when nothing is due. A
heartbeat thread renews the leases of the rows it holds, so a slow delivery is never taken
over by another worker while this one is alive; once the process dies the heartbeat stops and
the rows become due again when their lease ends.

SIGTERM or SIGINT asks for a clean stop: the delivery in hand is finished and recorded, rows
claimed but not started are given back, and the process exits 0. A second signal stops at
once (claims then simply expire by lease).

The audit head goes to the anchor journal after deliveries: at most once a second while they
flow, and when the worker goes idle or stops.

Channels may offer extra parallel work (for example the SMS fan-out of a county-wide warning)
through an optional method ``parallel_work(worker, should_stop) -> int`` (messages or units
done; 0 when there is nothing to do). The worker calls it between outbox batches.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any, Protocol

from sqlalchemy.exc import DBAPIError

from ..errors import InvalidInputError
from .runner import Runner, RunStats

log = logging.getLogger(__name__)

MAX_ERROR_PAUSE = 30.0
ANCHOR_SECONDS = 1.0
"""While deliveries flow, the audit head is anchored at most this often (and always when the
worker goes idle or stops): a count of the log and a journal line per batch is needless."""


def default_worker_id() -> str:
    """``<host>:<pid>``: unique among live workers, readable in ``deliveries.claimed_by``."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class WorkerSettings:
    """How one worker runs (the ``gov-disclosure worker`` options)."""

    name: str
    poll_seconds: float = 1.0
    once: bool = False
    channels: tuple[str, ...] | None = None
    max_seconds: float | None = None
    batch: int = 50

    def __post_init__(self) -> None:
        if not self.name.strip() or len(self.name) > 100:
            raise InvalidInputError("id", "must be 1 to 100 characters", self.name)
        if not self.poll_seconds > 0:
            raise InvalidInputError("poll", "must be more than 0 seconds", self.poll_seconds)
        if self.max_seconds is not None and not self.max_seconds > 0:
            raise InvalidInputError("max-seconds", "must be more than 0", self.max_seconds)
        if not 1 <= self.batch <= 10_000:
            raise InvalidInputError("batch", "must be between 1 and 10000", self.batch)


class Heartbeat(threading.Thread):
    """Renews this worker's leases every third of the lease until stopped."""

    def __init__(self, runner: Runner) -> None:
        super().__init__(name=f"lease-heartbeat-{runner.worker}", daemon=True)
        self.runner = runner
        self.interval = max(0.2, runner.settings.lease_seconds / 3)
        self.finished = threading.Event()

    def run(self) -> None:
        while not self.finished.wait(self.interval):
            try:
                renewed = self.runner.renew_leases()
                log.debug("worker %s renewed %d lease(s)", self.runner.worker, renewed)
            except Exception:  # the main loop reports database trouble; keep beating
                log.warning("worker %s could not renew its leases", self.runner.worker)

    def stop(self) -> None:
        self.finished.set()
        self.join(timeout=self.interval + 5)


class MakesRunners(Protocol):
    """What a worker is built from: the publishing service (or the ``App`` facade)."""

    def runner(self, worker: str = "local") -> Runner: ...

    def anchor_audit(self) -> Any: ...


class Worker:
    """Works deliveries from the outbox until stopped (or idle, with ``once``)."""

    def __init__(self, publishing: MakesRunners, settings: WorkerSettings) -> None:
        self.settings = settings
        self.publishing = publishing
        self.runner = publishing.runner(worker=settings.name)
        built, broken = self.runner.channels, self.runner.broken
        if settings.channels is not None:
            enabled = [*built, *broken]
            unknown = sorted(set(settings.channels) - set(enabled))
            if unknown:
                raise InvalidInputError(
                    "channels", f"not an enabled channel (have: {', '.join(enabled)})", unknown[0]
                )
            self.runner.channels = {n: built[n] for n in settings.channels if n in built}
            self.runner.broken = {n: broken[n] for n in settings.channels if n in broken}
        self._stop = threading.Event()
        self._signals = 0
        self._deadline = time.monotonic() + settings.max_seconds if settings.max_seconds else None

    # --- stopping -----------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the loop to stop after the delivery in hand."""
        self._stop.set()

    def should_stop(self) -> bool:
        if self._deadline is not None and time.monotonic() >= self._deadline:
            self._stop.set()
        return self._stop.is_set()

    def install_signal_handlers(self) -> None:
        """SIGTERM/SIGINT: a clean stop; the second one: stop now."""
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self._signals += 1
        if self._signals > 1:
            log.warning("worker %s: second signal, stopping now", self.settings.name)
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        log.info(
            "worker %s: %s received, finishing the delivery in hand",
            self.settings.name,
            signal.Signals(signum).name,
        )
        self._stop.set()

    # --- the loop -----------------------------------------------------------------------

    def run(self) -> RunStats:
        """Loop until stopped; returns what this worker did."""
        s = self.settings
        log.info(
            "worker %s started (pid %d): channels %s, lease %gs, poll %gs, batch %d",
            s.name,
            os.getpid(),
            ", ".join(self.runner.channels) or "none",
            self.runner.settings.lease_seconds,
            s.poll_seconds,
            s.batch,
        )
        total = RunStats()
        heartbeat = Heartbeat(self.runner)
        heartbeat.start()
        pause = s.poll_seconds
        anchored, unanchored = time.monotonic(), False
        try:
            while not self.should_stop():
                try:
                    stats = self.runner.run_once(s.batch, should_stop=self.should_stop)
                    extra = self._parallel_work()
                except DBAPIError as exc:  # the database is away: wait and try again
                    log.error("worker %s: database error: %s", s.name, exc.orig or exc)
                    self._stop.wait(pause)
                    pause = min(pause * 2, MAX_ERROR_PAUSE)
                    continue
                pause = s.poll_seconds
                total.add(stats)
                unanchored = unanchored or bool(stats.claimed or extra)
                idle = stats.claimed == 0 and extra == 0
                if unanchored and (idle or time.monotonic() >= anchored + ANCHOR_SECONDS):
                    self.publishing.anchor_audit()  # the head, kept outside the database
                    anchored, unanchored = time.monotonic(), False
                if stats.claimed:
                    log.info(
                        "worker %s: claimed %d, done %d, failed %d, given up %d",
                        s.name,
                        stats.claimed,
                        stats.done,
                        stats.failed,
                        stats.dead,
                    )
                if stats.claimed == 0 and extra == 0:
                    if s.once:
                        break
                    self._stop.wait(s.poll_seconds)
        finally:
            heartbeat.stop()
            if unanchored:
                self._last_anchor()
            for channel in self.runner.channels.values():
                _close(channel)
        log.info(
            "worker %s stopped: done %d, failed %d, given up %d, released %d",
            s.name,
            total.done,
            total.failed,
            total.dead,
            total.released,
        )
        return total

    def _last_anchor(self) -> None:
        try:
            self.publishing.anchor_audit()
        except Exception:  # stopping anyway (the database may be the reason): the next run anchors
            log.warning("worker %s could not anchor the audit head", self.settings.name)

    def _parallel_work(self) -> int:
        """Extra work channels share among workers (0 when none has any)."""
        done = 0
        for channel in self.runner.channels.values():
            work: Callable[..., int] | None = getattr(channel, "parallel_work", None)
            if work is not None and not self.should_stop():
                done += int(work(self.settings.name, self.should_stop) or 0)
        return done


def _close(channel: Any) -> None:
    try:
        channel.close()
    except Exception:
        log.exception("closing channel %s failed", getattr(channel, "name", "?"))
