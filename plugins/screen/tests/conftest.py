"""Fixtures for the screen tests: a catalogue the tests change and a channel over it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from gov_disclosure_screen import ScreenChannel, ScreenSettings

from gov_disclosure.channels import ChannelContext
from testsupport.catalogue import Catalogue
from testsupport.samples import sample_editions

BASE_URL = "https://gk.example.gov.cn"
#: 2026-03-06: the 低保 notice (ends 03-12) and the tender notice (ends 03-08) are still up.
NOW = datetime(2026, 3, 6, 9, 30)


class Clock:
    """``context.now``: a fixed China time the test can move."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def catalogue(tmp_path: Path) -> Catalogue:
    return Catalogue(sample_editions(tmp_path / "attachments"))


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def context(tmp_path: Path, catalogue: Catalogue, clock: Clock) -> ChannelContext:
    return ChannelContext(
        data_dir=tmp_path / "data",
        catalogue=catalogue,
        organization={"name": "示例镇人民政府"},
        site={"base_url": BASE_URL},
        now=clock,
    )


@pytest.fixture
def make_channel(context: ChannelContext):
    def make(**settings: object) -> ScreenChannel:
        return ScreenChannel(ScreenSettings(**settings), context)

    return make
