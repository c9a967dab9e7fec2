'''The supplement file (补充数据) the office fills for numbers and prose no record holds.

A small TOML file keyed by the national format's own labels::

    year = 2025

    ["主动公开"]                      # 二、主动公开政府信息情况, from other systems
    "行政许可" = 12                   # 第二十条第（五）项 本年处理决定数量
    "行政处罚" = 5                    # 第二十条第（六）项
    "行政强制" = 0
    "行政事业性收费" = "1.2500"       # 第二十条第（八）项 本年收费金额（单位：万元）

    ["行政复议"]                      # 四: 结果维持 结果纠正 其他结果 尚未审结 总计
    "结果维持" = 1
    "结果纠正" = 1
    "其他结果" = 0
    "尚未审结" = 0
    "总计" = 2                        # optional; checked when given

    ["行政诉讼"."未经复议直接起诉"]     # same five keys
    ["行政诉讼"."复议后起诉"]

    ["文字"]
    "总体情况" = """……"""             # 一、总体情况
    "存在的主要问题及改进情况" = """……"""  # 五
    "其他需要报告的事项" = """……"""   # 六 (the fees collected are added after it)

    ["上年报告"]                      # optional: last year's report, checked against row 二
    "文件" = "2024年度报告.json"       # our JSON, or a 2019 / 2021 format JSON or TOML

Typed totals are checked by :mod:`.checks` when the report is built.
'''

from __future__ import annotations

import json
import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import InvalidInputError
from ..validation import describe
from . import national_format as nf

_OUTCOME_KEYS = nf.OUTCOME_COLUMNS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Proactive(_Strict):
    licensing: int = Field(0, ge=0, alias=nf.LICENSING)
    penalties: int = Field(0, ge=0, alias=nf.PENALTY)
    enforcement: int = Field(0, ge=0, alias=nf.ENFORCEMENT)
    admin_fees_wan: Decimal = Field(Decimal(0), ge=0, alias=nf.ADMIN_FEES)

    @field_validator("admin_fees_wan", mode="before")
    @classmethod
    def _amount(cls, value: Any) -> Decimal:
        if isinstance(value, float):
            value = repr(value)
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError('an amount in 万元, e.g. "1.2500"') from None
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -4:
            raise ValueError("万元 to at most 4 decimal places (1 元 = 0.0001 万元)")
        return amount


class Outcomes(_Strict):
    """结果维持 · 结果纠正 · 其他结果 · 尚未审结 · 总计 (总计 optional: checked when typed)."""

    upheld: int = Field(0, ge=0, alias="结果维持")
    corrected: int = Field(0, ge=0, alias="结果纠正")
    other: int = Field(0, ge=0, alias="其他结果")
    pending: int = Field(0, ge=0, alias="尚未审结")
    total: int | None = Field(None, ge=0, alias="总计")

    def values(self) -> list[int | None]:
        """The five cells in the format's order; the total as typed (None if left out)."""
        return [self.upheld, self.corrected, self.other, self.pending, self.total]


class Litigation(_Strict):
    direct: Outcomes = Field(default_factory=Outcomes, alias=nf.DIRECT)
    after_review: Outcomes = Field(default_factory=Outcomes, alias=nf.AFTER_REVIEW)


class Texts(_Strict):
    overview: str = Field(..., min_length=1, alias="总体情况")
    problems: str = Field(..., min_length=1, alias="存在的主要问题及改进情况")
    other: str = Field("", alias="其他需要报告的事项")


class Previous(_Strict):
    file: str = Field(..., alias="文件")


class Supplement(_Strict):
    year: int = Field(..., ge=2008, le=2100)
    proactive: Proactive = Field(default_factory=Proactive, alias="主动公开")
    review: Outcomes = Field(default_factory=Outcomes, alias=nf.REVIEW)
    litigation: Litigation = Field(default_factory=Litigation, alias=nf.LITIGATION)
    texts: Texts = Field(..., alias="文字")
    previous: Previous | None = Field(None, alias="上年报告")

    def table4(self) -> dict[tuple[str, ...], list[int | None]]:
        """Table 四 as typed: group → the five cells (总计 None when left out)."""
        return {
            nf.TABLE4_GROUPS[0]: self.review.values(),
            nf.TABLE4_GROUPS[1]: self.litigation.direct.values(),
            nf.TABLE4_GROUPS[2]: self.litigation.after_review.values(),
        }


def parse_supplement(data: dict[str, Any], source: str = "supplement") -> Supplement:
    """Validate a parsed supplement; the first problem names the key (e.g. ``行政复议.总计``)."""
    try:
        return Supplement.model_validate(data)
    except ValidationError as exc:
        field, rule = describe(exc)[0]
        if rule.startswith("Extra inputs"):
            rule = "unknown key (see the national format's labels)"
        raise InvalidInputError(f"{source}: {field}", rule) from None


def load_supplement(path: Path) -> tuple[Supplement, dict[nf.RowKey, list[int]] | None]:
    """Read the supplement TOML and, when it names one, last year's carried-forward row."""
    data = read_document(path, "supplement")
    supplement = parse_supplement(data, path.name)
    previous: dict[tuple[str, ...], list[int]] | None = None
    if supplement.previous is not None:
        prev_path = Path(supplement.previous.file)
        if not prev_path.is_absolute():
            prev_path = path.parent / prev_path
        previous = {nf.CARRIED_OUT: read_carried_forward(prev_path)}
    return supplement, previous


def read_document(path: Path, what: str) -> dict[str, Any]:
    if not path.is_file():
        raise InvalidInputError(what, "file not found", str(path))
    text = path.read_text(encoding="utf-8-sig")
    try:
        loaded = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        kind = path.suffix[1:] or "TOML"
        raise InvalidInputError(what, f"{path.name} is not valid {kind}: {exc}") from None
    if not isinstance(loaded, dict):
        raise InvalidInputError(what, f"{path.name}: expected a table at the top level")
    return loaded


def read_carried_forward(path: Path) -> list[int]:
    """Last year's row 四、结转下年度继续办理 (seven numbers) from a 2019- or 2021-format report.

    Accepted shapes: our own JSON (``table3.rows`` with ``path`` and ``values``), or any JSON /
    TOML document holding the label ``四、结转下年度继续办理`` mapped to seven numbers (a list in
    the columns' order, or a table keyed by 自然人, 商业企业 … 总计), at any depth.
    """
    found = _find_row(read_document(path, "上年报告.文件"), nf.CARRIED_OUT[0])
    if found is None:
        raise InvalidInputError(
            "上年报告.文件", f"{path.name} holds no row {nf.CARRIED_OUT[0]}", str(path)
        )
    return seven_values(found, path.name)


def _find_row(node: Any, label: str) -> Any:
    if isinstance(node, dict):
        if node.get("path") == [label] and "values" in node:
            return node["values"]
        if label in node:
            return node[label]
        children = list(node.values())
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        hit = _find_row(child, label)
        if hit is not None:
            return hit
    return None


def seven_values(raw: Any, source: str) -> list[int]:
    columns = nf.TABLE3_COLUMNS
    if isinstance(raw, dict):
        missing = [c for c in columns if c not in raw]
        if missing:
            raise InvalidInputError(f"{source}: {nf.CARRIED_OUT[0]}", f"missing columns {missing}")
        raw = [raw[c] for c in columns]
    if not isinstance(raw, list) or len(raw) != len(columns):
        raise InvalidInputError(
            f"{source}: {nf.CARRIED_OUT[0]}", f"seven numbers in the order {list(columns)}"
        )
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in raw):
        raise InvalidInputError(f"{source}: {nf.CARRIED_OUT[0]}", "whole numbers, 0 or more", raw)
    return list(raw)


TEMPLATE = '''# {year}年政府信息公开工作年度报告 补充数据
# gov-disclosure report annual {year} --supplement this-file.toml
year = {year}

["主动公开"]                      # 二、主动公开政府信息情况 (numbers from other systems)
"行政许可" = 0                    # 第二十条第（五）项 本年处理决定数量
"行政处罚" = 0                    # 第二十条第（六）项 本年处理决定数量
"行政强制" = 0
"行政事业性收费" = "0"            # 第二十条第（八）项 本年收费金额（单位：万元）

["行政复议"]                      # 四、政府信息公开行政复议、行政诉讼情况
"结果维持" = 0
"结果纠正" = 0
"其他结果" = 0
"尚未审结" = 0
"总计" = 0

["行政诉讼"."未经复议直接起诉"]
"结果维持" = 0
"结果纠正" = 0
"其他结果" = 0
"尚未审结" = 0
"总计" = 0

["行政诉讼"."复议后起诉"]
"结果维持" = 0
"结果纠正" = 0
"其他结果" = 0
"尚未审结" = 0
"总计" = 0

["文字"]
"总体情况" = """
（写明本年度政府信息公开工作的总体情况。）
"""
"存在的主要问题及改进情况" = """
（写明存在的主要问题及改进情况。）
"""
"其他需要报告的事项" = ""

# ["上年报告"]
# "文件" = "{previous}年度报告.json"
'''


def template(year: int) -> str:
    """A supplement file to fill in, every key present with its national-format label."""
    return TEMPLATE.format(year=year, previous=year - 1)
