"""Pausing the cyclic garbage collector: overlapping pauses, errors, a collector already off."""

from __future__ import annotations

import gc
import threading

import pytest

from gov_disclosure.collector import collector_paused


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_overlapping_pauses_end_with_the_last() -> None:
    first_in, second_out = threading.Event(), threading.Event()

    def second() -> None:
        first_in.wait()
        with collector_paused():
            pass
        second_out.set()

    thread = threading.Thread(target=second)
    thread.start()
    with collector_paused():
        first_in.set()
        second_out.wait()
        assert not gc.isenabled()  # the other pause ended, this one has not
    thread.join()
    assert gc.isenabled()


def test_an_error_still_restores_it() -> None:
    with pytest.raises(ZeroDivisionError), collector_paused():
        assert not gc.isenabled()
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_collector_switched_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
