"""The configuration file ``init --level`` writes: the body's level, its columns and, except
for the sample township, placeholders the office must fill in (address, hours, phone)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..models import Level
from .levels import columns_for


@dataclass(frozen=True)
class LevelDefaults:
    name: str
    short_name: str
    office: str


DEFAULTS: dict[Level, LevelDefaults] = {
    Level.COUNTY: LevelDefaults("示例县人民政府", "示例县", "县人民政府办公室"),
    Level.DEPARTMENT: LevelDefaults("示例县民政局", "县民政局", "办公室"),
    Level.TOWNSHIP: LevelDefaults("示例镇人民政府", "示例镇", "党政综合办公室"),
    Level.VILLAGE: LevelDefaults("示例村民委员会", "示例村", "村民委员会"),
}

#: The 公开指南's required office facts (条例 Art. 12) the office fills in for a real body.
TO_FILL = ("address", "office_hours", "phone")

_SAMPLE_TOWNSHIP = """\
address = "示例县示例镇人民路1号"
office_hours = "工作日 上午8:30-12:00，下午14:00-17:30"
phone = "0510-88881234"
"""
_PLACEHOLDERS = """\
# 请填写（公开指南必填，条例第十二条）：办公地址、办公时间、联系电话；填好后去掉行首的 #
# address = "请填写办公地址"
# office_hours = "工作日 上午8:30-12:00，下午14:00-17:30"
# phone = "请填写联系电话"
"""

TEMPLATE = """\
# gov-disclosure configuration
[organization]
name = {name}
credit_code = {credit_code}
level = {level}
short_name = {short}
office = {office}
{facts}
[site]
base_url = "http://localhost:8000"

[storage]
files_dir = "gov-disclosure-files"
data_dir = "gov-disclosure-output"

[taxonomy]
# 栏目 of a {level_label} (edit to suit; extra_columns = [...] adds more)
columns = {columns}

[review.stages]
routine = ["科室审核", "分管领导把关"]
important = ["科室审核", "分管领导把关", "主要领导审批"]

[channels.sms]
transport = "outbox"
"""


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a TOML basic string


def init_config_text(
    level: Level | str,
    credit_code: str,
    name: str | None = None,
    short_name: str | None = None,
) -> tuple[str, tuple[str, ...]]:
    """(the config file's text, the keys the office must still fill in)."""
    lv = Level(level)
    defaults = DEFAULTS.get(lv, DEFAULTS[Level.COUNTY])
    name = name or defaults.name
    sample = lv is Level.TOWNSHIP and name == DEFAULTS[Level.TOWNSHIP].name
    text = TEMPLATE.format(
        name=_q(name),
        credit_code=_q(credit_code),
        level=_q(lv.label),
        level_label=lv.label,
        short=_q(short_name or defaults.short_name),
        office=_q(defaults.office),
        facts=_SAMPLE_TOWNSHIP if sample else _PLACEHOLDERS,
        columns=_q_list(columns_for(lv)),
    )
    return text, () if sample else TO_FILL


def _q_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(_q(v) for v in values) + "]"
