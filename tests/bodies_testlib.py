"""A platform with several bodies for the bodies tests: 示例镇 (the configured body), its
village 东村, a second township 北镇, the county government and one department."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.identifiers import credit_code_check_char
from gov_disclosure.models import Level, Organization
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.workdays import CHINA_TZ
from testsupport.core import CREDIT, FixedClock, RecorderPlugin

ACTORS: list[dict[str, Any]] = [
    {"id": "admin", "name": "刘管理", "unit": "党政综合办公室", "roles": ["管理员"]},
    {"id": "clerk", "name": "王经办", "unit": "党政综合办公室", "roles": ["经办人"]},
    {"id": "chief", "name": "李主任", "unit": "党政综合办公室", "roles": ["科室审核"]},
    {"id": "deputy", "name": "赵副镇长", "unit": "镇政府", "roles": ["分管领导把关"]},
    {"id": "mayor", "name": "陈镇长", "unit": "镇政府", "roles": ["主要领导审批"]},
    # a village clerk: the unit is the village's registered name
    {"id": "vclerk", "name": "孙文书", "unit": "东村村民委员会", "roles": ["经办人"]},
]


def code(n: int) -> str:
    first = f"11320000MB{n:07d}"
    return first + credit_code_check_char(first)


@dataclass(frozen=True)
class Platform:
    app: App
    clock: FixedClock
    township: int
    village: int
    north: int
    county: int
    department: int


def platform(
    tmp_path: Path,
    url: str | None = None,
    at: datetime = datetime(2026, 3, 5, 9, 0, tzinfo=CHINA_TZ),
    plugins: tuple[object, ...] = (),
    **config: Any,
) -> Platform:
    """The platform on SQLite in ``tmp_path`` (or ``url``); ``config`` adds config sections,
    ``plugins`` more plugins (their tables are migrated too)."""
    clock = FixedClock(at)
    cfg = load_config(
        {
            "organization": {
                "name": "示例镇人民政府",
                "credit_code": CREDIT,
                "short_name": "示例镇",
                "level": "乡镇",
            },
            "actors": ACTORS,
            **config,
        },
        tmp_path,
    )
    pm = make_plugin_manager(load_installed=False, plugins=[RecorderPlugin(), *plugins])
    app = App(url or f"sqlite:///{tmp_path / 'bodies.db'}", cfg, pm=pm, clock=clock)
    app.init()
    township = app.default_org_id()

    def add(name: str, n: int, level: Level, parent: int | None, short: str) -> int:
        org = Organization(
            name=name, credit_code=code(n), level=level, parent_id=parent, short_name=short
        )
        made = app.add_organization(org, "admin").id
        assert made is not None
        return made

    county = add("示例县人民政府", 1460001, Level.COUNTY, None, "示例县")
    department = add("示例县民政局", 1460327, Level.DEPARTMENT, county, "县民政局")
    village = add("东村村民委员会", 1000001, Level.VILLAGE, township, "东村")
    north = add("北镇人民政府", 1000002, Level.TOWNSHIP, county, "北镇")
    return Platform(app, clock, township, village, north, county, department)
