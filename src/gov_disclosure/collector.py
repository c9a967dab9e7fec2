"""Pausing Python's cyclic garbage collector around bulk work (an import, a county-wide send).

Such work keeps hundreds of thousands of objects alive until it ends, none of them in cycles,
yet every collection of the oldest generation scans them all again. :func:`collector_paused`
switches the collector off for the duration and back on afterwards (also on error) only if
it was on when the first of possibly several overlapping pauses (threads) began, and only when
the last of them ends; reference counting frees objects as usual meanwhile.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """``with collector_paused(): ...`` runs its block without cyclic collections."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
