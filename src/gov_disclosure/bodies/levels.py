"""What fits each level (层级) of body: its 栏目, its areas of the 基层政务公开标准目录, its
公开指南 wording and the config ``init --level`` writes.

- 县级政府 (county government): every column and all 26 areas; it has no 村级财务 column
  (villages publish their own finances);
- 县级部门 (county department): the columns of a department's remit (no 村级财务, 征地补偿,
  涉农补贴 …); all 26 areas, of which it keeps those of its remit;
- 乡镇 (township): the township columns (with 村级财务, which it supervises) and the areas
  that reach down to townships;
- 村(居) (village / residents' committee): 村务公开 and 财务公开 columns and the areas a
  village posts on its notice board (低保, subsidies …); it is not an administrative organ,
  so it has no 年度报告 or 依申请公开 columns.
"""

from __future__ import annotations

from ..models import Level
from ..taxonomy import DEFAULT_COLUMNS

#: The columns every organ has first (机构职能 … 财政预决算) and last (通知公告 … 公开指南).
HEAD: tuple[str, ...] = DEFAULT_COLUMNS[:6]
TAIL: tuple[str, ...] = DEFAULT_COLUMNS[-4:]

#: Columns (栏目) per level; 乡镇 is the built-in default (:data:`DEFAULT_COLUMNS`).
COLUMNS: dict[Level, tuple[str, ...]] = {
    Level.COUNTY: (
        *HEAD,
        *("重大建设项目", "公共资源交易", "社会救助", "涉农补贴", "安全生产", "应急管理"),
        *("招标投标", "征地补偿", "行政许可", "行政处罚", "人事信息", "建议提案办理"),
        *TAIL,
    ),
    Level.DEPARTMENT: (*HEAD, "行政许可", "行政处罚", "行政事业性收费", "人事信息", *TAIL),
    Level.TOWNSHIP: DEFAULT_COLUMNS,
    Level.VILLAGE: (
        *("村务公开", "财务公开", "惠农政策", "社会救助"),
        *("涉农补贴", "集体资产资源", "工程项目", "通知公告"),
    ),
}

#: The areas of the 26 (国办发〔2019〕54号) that reach down to townships.
TOWNSHIP_AREAS: tuple[str, ...] = (
    "重大建设项目",
    "财政预决算",
    "安全生产",
    "征地补偿",
    "生态环境",
    "公共文化服务",
    "扶贫",
    "救灾",
    "社会救助",
    "养老服务",
    "涉农补贴",
    "卫生健康",
    "城市综合执法",
    "农村危房改造",
    "城乡规划",
    "就业",
    "社会保险",
    "公共法律服务",
)
#: What a village posts: its own 村务 and 财务, and the areas the township asks it to post.
VILLAGE_AREAS: tuple[str, ...] = (
    "村务公开",
    "财务公开",
    "扶贫",
    "救灾",
    "社会救助",
    "涉农补贴",
    "农村危房改造",
)

#: Levels that are administrative organs (行政机关): annual report, guide, 依申请公开.
ORGANS = frozenset({Level.PROVINCE, Level.CITY, Level.COUNTY, Level.DEPARTMENT, Level.TOWNSHIP})


def columns_for(level: Level | str) -> tuple[str, ...]:
    """The built-in columns of a level (a province or city gets the county set)."""
    return COLUMNS.get(Level(level), COLUMNS[Level.COUNTY])


def areas_for(level: Level | str | None, all_areas: list[str]) -> list[str]:
    """The standard catalogue's areas that fit ``level`` (None: every area), in order;
    a village's 村务公开 and 财务公开 come first."""
    if level is None:
        return list(all_areas)
    level = Level(level)
    if level is Level.TOWNSHIP:
        return [a for a in all_areas if a in TOWNSHIP_AREAS]
    if level is Level.VILLAGE:
        own = [a for a in VILLAGE_AREAS if a not in all_areas]
        return own + [a for a in all_areas if a in VILLAGE_AREAS]
    return list(all_areas)


def catalogue_level(level: Level | str) -> str:
    """The 公开层级 a level's entries carry in the standard catalogue (县级, 乡级, 村级)."""
    level = Level(level)
    if level is Level.VILLAGE:
        return "村级"
    return "乡级" if level is Level.TOWNSHIP else "县级"


def is_organ(level: Level | str) -> bool:
    """True for an administrative organ (a village committee is not one)."""
    return Level(level) in ORGANS


def complaint_paragraph(level: Level | str, review_body: str | None = None) -> str:
    """The 公开指南's 监督和救济 paragraph for a body of ``level``."""
    level = Level(level)
    if level is Level.VILLAGE:
        return (
            "村（居）民认为村（居）务公开不及时、不真实的，可以向村（居）务监督委员会反映，"
            "也可以向乡、镇人民政府或者街道办事处反映，有关机关负责调查核实，责令依法公布。"
        )
    where = {
        Level.DEPARTMENT: "本级人民政府政府信息公开工作主管部门",
        Level.TOWNSHIP: "县级人民政府政府信息公开工作主管部门",
    }.get(level, "上一级行政机关或者政府信息公开工作主管部门")
    review = f"向{review_body}申请行政复议" if review_body else "申请行政复议"
    return (
        f"公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向{where}"
        f"投诉、举报，也可以依法{review}或者提起行政诉讼。"
    )
