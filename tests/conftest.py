"""Core test fixtures: a fresh App on SQLite with a recording channel and no installed plugins."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.workdays import CHINA_TZ
from testsupport.core import CREDIT, FixedClock, RecorderPlugin, RecordingChannel


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 5, 9, 0, tzinfo=CHINA_TZ))


def make_app(url: str, tmp_path: Path, clock: FixedClock) -> App:
    RecordingChannel.calls = []
    RecordingChannel.failures_left = 0
    cfg = load_config(
        {
            "organization": {
                "name": "示例镇人民政府",
                "credit_code": CREDIT,
                "short_name": "示例镇",
            },
            "actors": [
                {"id": "clerk", "name": "王经办", "unit": "党政综合办公室", "roles": ["经办人"]},
                {
                    "id": "chief",
                    "name": "李主任",
                    "unit": "党政综合办公室",
                    "roles": ["科室审核", "保密审查员"],
                },
                {"id": "deputy", "name": "赵副镇长", "unit": "镇政府", "roles": ["分管领导把关"]},
                {"id": "mayor", "name": "陈镇长", "unit": "镇政府", "roles": ["主要领导审批"]},
            ],
            "publishing": {"backoff_seconds": 1, "timeout_seconds": 5},
        },
        tmp_path,
    )
    pm = make_plugin_manager(load_installed=False, plugins=[RecorderPlugin()])
    a = App(url, cfg, pm=pm, clock=clock)
    a.init()
    return a


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock) -> App:
    """An App on SQLite in tmp_path with the recording channel and four actors."""
    return make_app(f"sqlite:///{tmp_path / 'test.db'}", tmp_path, clock)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on SQLite and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def any_app(db_url: str, tmp_path: Path, clock: FixedClock) -> App:
    """Like ``app``, on SQLite and on PostgreSQL."""
    return make_app(db_url, tmp_path, clock)
