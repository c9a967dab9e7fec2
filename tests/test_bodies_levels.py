"""What fits each level (层级): the names office staff use, the columns, the standard
catalogue's areas and the 公开指南's wording."""

from __future__ import annotations

from datetime import date

import pytest

from gov_disclosure.config import load_config
from gov_disclosure.errors import ConfigError
from gov_disclosure.models import Level
from gov_disclosure.reports import load_standard
from gov_disclosure.reports.guide import guide_text, guide_title

FACTS = {
    "address": "示例县人民路8号",
    "office_hours": "工作日 8:30-17:30",
    "phone": "0510-88880000",
    "email": "gk@example.gov.cn",
}


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("县级政府", Level.COUNTY),
        ("县", Level.COUNTY),
        ("县级部门", Level.DEPARTMENT),
        ("乡镇", Level.TOWNSHIP),
        ("村(居)", Level.VILLAGE),
        ("村（居）", Level.VILLAGE),
        ("村", Level.VILLAGE),
    ],
)
def test_the_levels_office_staff_name(name: str, level: Level) -> None:
    assert Level(name) is level


def test_an_unknown_level_is_refused_in_the_config() -> None:
    with pytest.raises(ConfigError, match=r"organization\.level"):
        load_config({"organization": {"level": "省会"}})


def test_the_columns_follow_the_level_unless_the_config_lists_them() -> None:
    county = load_config({"organization": {"level": "县级政府"}}).taxonomy.all_columns()
    assert "村级财务" not in county and "重大建设项目" in county
    village = load_config({"organization": {"level": "村(居)"}}).taxonomy.all_columns()
    assert village[:2] == ["村务公开", "财务公开"]
    own = load_config({"organization": {"level": "村"}, "taxonomy": {"columns": ["公告"]}})
    assert own.taxonomy.all_columns() == ["公告"]
    assert "村级财务" in load_config({}).taxonomy.all_columns()  # no level: the township set


def test_the_standard_catalogue_keeps_the_areas_of_the_level(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert len(load_standard().areas) == 26
    assert len(load_standard(level="县级政府").areas) == 26
    township = load_standard(level="乡镇").areas
    assert "社会救助" in township and "户籍管理" not in township and "税收管理" not in township
    village = load_standard(level="村(居)").areas
    assert village[:2] == ["村务公开", "财务公开"] and "义务教育" not in village
    office = tmp_path / "standard.toml"
    office.write_text(
        '[[entry]]\narea = "户籍管理"\nitem = "户口迁移"\nlevel = ["乡级"]\n', "utf-8"
    )
    kept = load_standard(office, level="乡镇")  # an entry brings its area back
    assert kept.areas[-1] == "户籍管理" and kept.entries[0].item == "户口迁移"


def _config(level: str, **over: str) -> object:
    org = {"name": "示例县民政局", "level": level, **FACTS, **over}
    return load_config({"organization": org, "applications": {"review_body": "示例县人民政府"}})


def test_the_guide_speaks_for_the_level() -> None:
    department = guide_text(_config("县级部门"), date(2026, 3, 5))
    assert "可以向本级人民政府政府信息公开工作主管部门投诉、举报" in department
    assert "依法向示例县人民政府申请行政复议" in department
    assert "村级财务" not in department and "二、依申请公开" in department
    township = guide_text(_config("乡镇", name="示例镇人民政府"), date(2026, 3, 5))
    assert "可以向县级人民政府政府信息公开工作主管部门投诉、举报" in township


def test_a_village_gets_the_village_affairs_guide() -> None:
    config = _config("村(居)", name="东村村民委员会")
    assert guide_title(config) == "东村村民委员会村（居）务公开指南"
    text = guide_text(config, date(2026, 3, 5))
    assert "依申请公开" not in text and "行政复议" not in text
    assert "村务公开、财务公开" in text and "村（居）务监督委员会" in text
    assert "财务收支情况每月公布一次" in text
