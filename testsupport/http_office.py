"""An office for the HTTP tests: its people (an administrator among them), its App, its tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import requests

from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.http.tokens import TokenRepository
from gov_disclosure.plugins import make_plugin_manager

from .core import CREDIT, FixedClock, RecorderPlugin, RecordingChannel

#: a valid draft (the 公开目录 metadata) for the requests that create or revise an item
DRAFT = {
    "title": "示例镇2026年部门预算",
    "publisher": "示例镇人民政府",
    "written_on": "2026-03-02",
    "topic": "财政、金融、审计",
    "column": "财政预决算",
    "responsible_unit": "财政所",
}

PEOPLE = [
    {"id": "admin", "name": "周管理", "unit": "党政综合办公室", "roles": ["管理员"]},
    {"id": "clerk", "name": "王经办", "unit": "党政综合办公室", "roles": ["经办人"]},
    {
        "id": "chief",
        "name": "李主任",
        "unit": "党政综合办公室",
        "roles": ["科室审核", "保密审查员"],
    },
    {"id": "deputy", "name": "赵副镇长", "unit": "镇政府", "roles": ["分管领导把关"]},
    {"id": "mayor", "name": "陈镇长", "unit": "镇政府", "roles": ["主要领导审批"]},
]


@dataclass
class Office:
    """The served App, its base URL and a token per actor."""

    app: App
    url: str
    tokens: dict[str, str]
    clock: FixedClock

    def session(self, actor: str | None) -> requests.Session:
        s = requests.Session()
        if actor:
            s.headers["Authorization"] = f"Bearer {self.tokens[actor]}"
        return s

    def issue(self, actor: str, hours: int | None = 24 * 90) -> str:
        lifetime = timedelta(hours=hours) if hours else None
        return TokenRepository(self.app).create(actor, "admin", lifetime).secret


def office_app(tmp_path: Path, clock: FixedClock, http: dict[str, object] | None = None) -> App:
    RecordingChannel.calls = []
    RecordingChannel.failures_left = 0
    cfg = load_config(
        {
            "organization": {
                "name": "示例镇人民政府",
                "credit_code": CREDIT,
                "short_name": "示例镇",
            },
            "actors": PEOPLE,
            "publishing": {"backoff_seconds": 1, "timeout_seconds": 5},
            "http": http or {},
        },
        tmp_path,
    )
    pm = make_plugin_manager(load_installed=False, plugins=[RecorderPlugin()])
    app = App(f"sqlite:///{tmp_path / 'office.db'}", cfg, pm=pm, clock=clock)
    app.init()
    return app
