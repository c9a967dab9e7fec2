"""The 基层政务公开标准目录 (国办发〔2019〕54号): 26 built-in areas the office extends.

The office's TOML file adds areas and lists its entries::

    areas = ["村务公开"]                  # more areas besides the 26

    [[entry]]
    area = "社会救助"                     # 公开事项 一级 (an area)
    item = "最低生活保障"                 # 公开事项 二级
    content = "低保对象名单（姓名、家庭人口、保障金额）"
    basis = "《社会救助暂行办法》"
    time_limit = "自信息形成或者变更之日起20个工作日内"
    subject = "示例镇人民政府"
    channels = ["政府网站", "社区/村公示栏（电子屏）"]
    audience = ["特定群众"]
    mode = ["主动"]
    level = ["乡级"]
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..bodies.levels import areas_for
from ..errors import InvalidInputError
from ..validation import describe

DATA = Path(__file__).with_name("data") / "standard_catalogue.toml"
HEADER: tuple[str, ...] = (
    "序号",
    "公开事项（一级事项）",
    "公开事项（二级事项）",
    "公开内容（要素）",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    "公开方式",
    "公开层级",
)


@cache
def builtin() -> dict[str, Any]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    area: str = Field(..., min_length=1)
    item: str = Field(..., min_length=1)
    content: str = ""
    basis: str = ""
    time_limit: str = ""
    subject: str = ""
    channels: list[str] = Field(default_factory=list)
    audience: list[str] = Field(default_factory=lambda: ["全社会"])
    mode: list[str] = Field(default_factory=lambda: ["主动"])
    level: list[str] = Field(default_factory=list)

    def row(self, number: int) -> list[str]:
        return [
            str(number),
            self.area,
            self.item,
            self.content,
            self.basis,
            self.time_limit,
            self.subject,
            "、".join(self.channels),
            "、".join(self.audience),
            "、".join(self.mode),
            "、".join(self.level),
        ]


class StandardCatalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    areas: list[str]
    entries: list[Entry] = Field(default_factory=list)

    def rows(self) -> list[list[str]]:
        """Entries grouped by area in the areas' order; an area without entries gets a row of
        its own (a blank to fill in)."""
        out: list[list[str]] = []
        for area in self.areas:
            mine = [e for e in self.entries if e.area == area]
            if not mine:
                out.append([str(len(out) + 1), area, *[""] * (len(HEADER) - 2)])
            for entry in mine:
                out.append(entry.row(len(out) + 1))
        return out


_CHOICES = {"channels": "channels", "audience": "audiences", "mode": "modes", "level": "levels"}


def load_standard(path: Path | None = None, level: str | None = None) -> StandardCatalogue:
    """The 26 areas plus the office's file (if given), every value checked; ``level`` (a
    body's 层级) keeps the areas that fit it (:func:`gov_disclosure.bodies.levels.areas_for`:
    a township the areas reaching down to townships, a village its 村务公开 and 财务公开)."""
    base = builtin()
    data: dict[str, Any] = {}
    if path is not None:
        if not path.is_file():
            raise InvalidInputError("standard_file", "file not found", str(path))
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except tomllib.TOMLDecodeError as exc:
            raise InvalidInputError("standard_file", f"not valid TOML: {exc}") from None
    unknown = set(data) - {"areas", "entry"}
    if unknown:
        raise InvalidInputError(f"{path}: {sorted(unknown)[0]}", "unknown key (areas, entry)")
    own = [a for a in data.get("areas", []) if a not in base["areas"]]
    known = list(dict.fromkeys([*areas_for(None, list(base["areas"])), *own]))
    try:
        entries = [Entry.model_validate(e) for e in data.get("entry", [])]
    except ValidationError as exc:
        field, rule = describe(exc)[0]
        raise InvalidInputError(f"entry.{field}", rule) from None
    for n, entry in enumerate(entries, start=1):
        if entry.area not in known and entry.area not in areas_for(level, known):
            raise InvalidInputError(
                f"entry[{n}].area", "not one of the areas; add it to areas = [...]", entry.area
            )
        for field, key in _CHOICES.items():
            allowed = base[key]
            for value in getattr(entry, field):
                if value not in allowed:
                    raise InvalidInputError(f"entry[{n}].{field}", f"one of {allowed}", value)
    used = {e.area for e in entries}
    fitting = areas_for(level, known)
    areas = [*fitting, *[a for a in known if a in used and a not in fitting]]
    return StandardCatalogue(areas=areas, entries=entries)
