"""The township office every example runs: 示例镇人民政府, its people, an App on a folder.

Each example imports :func:`open_office` so the script itself shows only its own case. The
office's clock is set by the example (``office.clock.at = …``): real offices leave it out and
get China's time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from gov_disclosure import App
from gov_disclosure.config import load_config

CHINA = ZoneInfo("Asia/Shanghai")
CREDIT_CODE = "11320000MB1234562M"
PEOPLE: list[dict[str, Any]] = [
    {"id": "wang", "name": "王晓丽", "unit": "党政综合办公室", "roles": ["经办人"]},
    {"id": "li", "name": "李建国", "unit": "党政综合办公室", "roles": ["科室审核", "保密审查员"]},
    {"id": "zhao", "name": "赵明", "unit": "示例镇人民政府", "roles": ["分管领导把关"]},
    {"id": "chen", "name": "陈伟", "unit": "示例镇人民政府", "roles": ["主要领导审批"]},
    {"id": "admin", "name": "周敏", "unit": "党政综合办公室", "roles": ["管理员"]},
]
APPROVERS = ("li", "zhao")  # 科室审核, 分管领导把关: the routine stages
ORGANIZATION = {
    "name": "示例镇人民政府",
    "credit_code": CREDIT_CODE,
    "short_name": "示例镇",
    "office": "示例镇党政综合办公室",
    "address": "示例县示例镇人民路1号",
    "phone": "0510-88881234",
}


class OfficeClock:
    """China's time, or the moment the example has moved it to."""

    def __init__(self, at: datetime | None = None) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at or datetime.now(CHINA)

    def set(self, year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> None:
        self.at = datetime(year, month, day, hour, minute, tzinfo=CHINA)


@dataclass
class Office:
    app: App
    clock: OfficeClock
    folder: Path


def open_office(folder: Path, extra: dict[str, Any] | None = None) -> Office:
    """A fresh office in ``folder`` (its database, files and channel outputs live there)."""
    folder.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {
        "organization": ORGANIZATION,
        "site": {"base_url": "https://www.shili.gov.cn"},
        "storage": {"files_dir": "files", "data_dir": "output"},
        "actors": PEOPLE,
        "taxonomy": {"extra_columns": ["办事指南"]},
        **(extra or {}),
    }
    clock = OfficeClock()
    app = App(f"sqlite:///{folder / 'office.db'}", load_config(config, folder), clock=clock)
    app.init()
    return Office(app, clock, folder)


def review_and_publish(app: App, key: int | str, author: str = "wang") -> None:
    """The author submits; 科室审核 and 分管领导把关 approve (the last approval publishes)."""
    app.submit(key, author)
    for approver in APPROVERS:
        app.approve(key, approver)
