"""The demo builds a small county: 示例县人民政府, two departments, 示例镇 and its villages, each
with items of its own and applications made to several of them; each body's annual report
holds only its own records, and the county roll-up adds them up."""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from gov_disclosure.app import App
from gov_disclosure.applications.tables import applications
from gov_disclosure.config import load_config
from gov_disclosure.demo import run_demo
from gov_disclosure.demo.county import COUNTY, DEPARTMENTS
from gov_disclosure.identifiers import is_valid_credit_code
from gov_disclosure.models import Level
from gov_disclosure.reports import build_report, build_rollup
from gov_disclosure.reports import national_format as nf
from gov_disclosure.reports.rollup import blank_supplement
from gov_disclosure.store.tables import items

AFTER_THE_YEAR = datetime(2027, 1, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> App:
    out = tmp_path_factory.mktemp("county-demo")
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=AFTER_THE_YEAR.tzinfo)):
        run_demo(out, echo=lambda _line: None)
    raw = tomllib.loads((out / "gov-disclosure.toml").read_text(encoding="utf-8"))
    return App(f"sqlite:///{out / 'gov-disclosure.db'}", load_config(raw, out))


def test_the_county_its_departments_the_township_and_villages(demo_app: App) -> None:
    orgs = {o.name: o for o in demo_app.organizations()}
    county = orgs[COUNTY["name"]]
    assert county.level is Level.COUNTY and county.parent_id is None
    for dept in DEPARTMENTS:
        assert orgs[dept["name"]].level is Level.DEPARTMENT
        assert orgs[dept["name"]].parent_id == county.id
    township = orgs["示例镇人民政府"]
    assert township.parent_id == county.id
    villages = [o for o in orgs.values() if o.parent_id == township.id]
    assert len(villages) == 5 and all(v.level is Level.VILLAGE for v in villages)
    assert all(is_valid_credit_code(o.credit_code) for o in orgs.values())
    assert len({o.credit_code for o in orgs.values()}) == len(orgs) == 9


def test_every_body_has_items_and_several_have_applications(demo_app: App) -> None:
    with demo_app.store.engine.connect() as conn:
        per_body = Counter(r.org_id for r in conn.execute(select(items.c.org_id)))
        asked = Counter(r.org_id for r in conn.execute(select(applications.c.org_id)))
    assert set(per_body) == {o.id for o in demo_app.organizations()}
    assert len(asked) >= 4


def test_each_bodys_report_holds_only_its_own_records(demo_app: App) -> None:
    with time_machine.travel(AFTER_THE_YEAR):
        reports = {
            o.name: build_report(demo_app, 2026, blank_supplement(2026), org_id=o.id, anchor=False)
            for o in demo_app.organizations()
        }
    received = {name: r.table3[nf.NEW][-1] for name, r in reports.items()}
    assert received == {
        COUNTY["name"]: 1,
        DEPARTMENTS[0]["name"]: 1,
        DEPARTMENTS[1]["name"]: 1,
        "示例镇人民政府": 2,
        **{name: 0 for name in reports if name.endswith("委员会")},
    }
    made = {name: r.rules[nf.NORMATIVE][0] for name, r in reports.items()}
    assert made[COUNTY["name"]] == 1  # 示政规〔2026〕1号
    assert made[DEPARTMENTS[0]["name"]] == 1  # 示财规〔2026〕2号
    assert made["示例镇人民政府"] == 1  # 示政发〔2026〕3号
    assert sum(made.values()) == 3


def test_the_county_rollup_sums_the_bodies(demo_app: App) -> None:
    county_id = demo_app.organization(COUNTY["name"]).id
    with time_machine.travel(AFTER_THE_YEAR):
        rollup = build_rollup(demo_app, 2026, blank_supplement(2026), org_id=county_id)
    assert len(rollup.bodies) == 9
    assert rollup.total.table3[nf.NEW][-1] == 5
    assert rollup.total.table3[nf.CARRIED_OUT][-1] == 2  # two still open at the year's end
    assert rollup.total.rules[nf.NORMATIVE][0] == 3
