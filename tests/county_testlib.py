"""A small county for the county tests: 示例县人民政府 (the configured body), two departments,
示例镇 and one of its villages, each with items of its own (规章 / 行政规范性文件 for table 二)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reports_testlib import on

from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.demo.county import COUNTY, DEPARTMENTS
from gov_disclosure.demo.township import TOWNSHIP_CODE, village_code
from gov_disclosure.models import DocumentKind, Level, Organization
from gov_disclosure.plugins import make_plugin_manager
from testsupport.core import FixedClock, draft

ACTORS = [
    {"id": "admin", "name": "刘管理", "unit": "县政府办公室", "roles": ["管理员"]},
    {"id": "clerk", "name": "王经办", "unit": "县政府办公室", "roles": ["经办人"]},
    {"id": "chief", "name": "李主任", "unit": "县政府办公室", "roles": ["科室审核", "保密审查员"]},
    {"id": "deputy", "name": "赵副县长", "unit": "县政府", "roles": ["分管领导把关"]},
]


@dataclass(frozen=True)
class County:
    app: App
    county: int
    finance: int
    civil: int
    township: int
    village: int


def county_app(tmp_path: Path, clock: FixedClock) -> County:
    """The county and its bodies on SQLite in ``tmp_path``; no items yet."""
    cfg = load_config(
        {
            "organization": {
                "name": COUNTY["name"],
                "credit_code": COUNTY["code"],
                "short_name": COUNTY["short_name"],
                "level": "县级政府",
            },
            "actors": ACTORS,
        },
        tmp_path,
    )
    pm = make_plugin_manager(load_installed=False)
    app = App(f"sqlite:///{tmp_path / 'county.db'}", cfg, pm=pm, clock=clock)
    app.init()
    county = app.default_org_id()

    def add(name: str, code: str, level: Level, parent: int) -> int:
        org = Organization(name=name, credit_code=code, level=level, parent_id=parent)
        made = app.add_organization(org, "admin").id
        assert made is not None
        return made

    department = Level.DEPARTMENT
    finance = add(DEPARTMENTS[0]["name"], DEPARTMENTS[0]["code"], department, county)
    civil = add(DEPARTMENTS[1]["name"], DEPARTMENTS[1]["code"], department, county)
    township = add("示例镇人民政府", TOWNSHIP_CODE, Level.TOWNSHIP, county)
    village = add("东村村民委员会", village_code(1), Level.VILLAGE, township)
    return County(app, county, finance, civil, township, village)


def policy(
    c: County, clock: FixedClock, org: int, title: str, kind: DocumentKind, day: date
) -> str:
    """A published 规章 / 行政规范性文件 of body ``org``, written and published on ``day``."""
    from testsupport.core import publish_through_review

    with on(clock, day):
        item = c.app.create_item(
            draft(
                title=title,
                kind=kind,
                written_on=day,
                column="政策文件",
                topic="综合政务",
                publisher=c.app.organization(org).name,
            ),
            "clerk",
            org,
        )
        publish_through_review(c.app, item.index_no)
    return item.index_no


CHANNELS = ("website", "bulletin", "kiosk", "sms", "screen", "wechat")


def cli_config(folder: Path, channels: tuple[str, ...] = ()) -> Path:
    """The county's config as a file, for the command line (only ``channels`` enabled)."""
    blocked = ", ".join(f'"{c}"' for c in CHANNELS if c not in channels)
    lines = [
        "[organization]",
        f'name = "{COUNTY["name"]}"',
        f'credit_code = "{COUNTY["code"]}"',
        'level = "县级政府"',
        "[site]",
        'base_url = "https://xxgk.example.gov.cn"',
        "[plugins]",
        f"blocked = [{blocked}]",
    ]
    for actor in ACTORS:
        roles = ", ".join(f'"{r}"' for r in actor["roles"])
        lines += [
            "[[actors]]",
            f'id = "{actor["id"]}"',
            f'name = "{actor["name"]}"',
            f'unit = "{actor["unit"]}"',
            f"roles = [{roles}]",
        ]
    path = folder / "county.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
