"""Calling channels: one long-lived thread with a per-call timeout, the action dispatch, and
the receipt each call gets as ``previous``."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, select

from ..channels import Action, Channel, PublishedEdition, Receipt
from ..store.tables import deliveries


class DeliveryThread:
    """Runs channel calls on one long-lived daemon thread, so a per-delivery timeout costs a
    queue hand-off, not a new thread per delivery. A call that overruns is abandoned together
    with its thread (a hung plugin cannot be killed); the next call starts a fresh thread."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[Any] | None = None

    @staticmethod
    def _serve(jobs: queue.SimpleQueue[Any]) -> None:
        while (job := jobs.get()) is not None:
            fn, box, finished = job
            try:
                box["value"] = fn()
            except BaseException as exc:
                box["error"] = exc
            finished.set()

    def call(self, fn: Callable[[], Receipt], seconds: float) -> Receipt:
        """``fn()``, or TimeoutError when it does not answer within ``seconds``."""
        if self._jobs is None:
            self._jobs = queue.SimpleQueue()
            threading.Thread(
                target=self._serve, args=(self._jobs,), daemon=True, name="gov-disclosure-delivery"
            ).start()
        box: dict[str, Any] = {}
        finished = threading.Event()
        self._jobs.put((fn, box, finished))
        if not finished.wait(seconds):
            self._jobs.put(None)  # the hung thread exits if it ever returns
            self._jobs = None
            raise TimeoutError(f"no answer within {seconds:g} s")
        if "error" in box:
            raise box["error"]
        return box["value"]


def invoke(
    channel: Channel,
    action: Action,
    view: PublishedEdition,
    reason: str | None,
    previous: Receipt | None,
) -> Receipt:
    if action is Action.PUBLISH:
        return channel.publish(view)
    if action is Action.UPDATE:
        return channel.update(view, previous)
    if action is Action.WITHDRAW:
        return channel.withdraw(view, reason or "", previous)
    return channel.expire(view, previous)


def previous_receipts(conn: Connection, rows: list[dict[str, Any]]) -> dict[int, Receipt]:
    """For each claimed row, the receipt of the newest earlier ``done`` delivery of the same
    item to the same channel (one query for the whole claim)."""
    if not rows:
        return {}
    done = conn.execute(
        select(deliveries.c.id, deliveries.c.item_id, deliveries.c.channel, deliveries.c.receipt)
        .where(
            deliveries.c.item_id.in_(sorted({r["item_id"] for r in rows})),
            deliveries.c.state == "done",
        )
        .order_by(deliveries.c.id)
    ).all()
    by_pair: dict[tuple[int, str], list[Any]] = {}
    for d in done:
        by_pair.setdefault((d.item_id, d.channel), []).append(d)
    found: dict[int, Receipt] = {}
    for row in rows:
        pair = by_pair.get((row["item_id"], row["channel"]), [])
        earlier = [d for d in pair if d.id < row["id"]]
        if earlier and earlier[-1].receipt:
            found[row["id"]] = Receipt.model_validate(earlier[-1].receipt)
    return found
