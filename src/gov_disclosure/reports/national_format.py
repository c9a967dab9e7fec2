"""The national format of the annual report (国办公开办函〔2021〕30号) as data.

Every heading, row and column label here is the wording of the national template; the
renderers lay tables out from these tuples only, so the .docx, the HTML page and the JSON all
say the same words. Rows of table 三 are keyed by their label path, the same tuples
:func:`gov_disclosure.applications.report_row` returns for a closed application.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import WithholdingGround

FORMAT_2021 = "国办公开办函〔2021〕30号"
FORMAT_2019 = "国办公开办函〔2019〕60号"

SECTIONS: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def report_title(organization: str, year: int) -> str:
    return f"{organization}{year}年政府信息公开工作年度报告"


# --- table 二: 主动公开政府信息情况 ----------------------------------------------------------

LABEL_COLUMN = "信息内容"
RULE = "规章"
NORMATIVE = "行政规范性文件"
LICENSING = "行政许可"
PENALTY = "行政处罚"
ENFORCEMENT = "行政强制"
ADMIN_FEES = "行政事业性收费"
MADE, REPEALED, IN_FORCE = "本年制发件数", "本年废止件数", "现行有效件数"
DECISIONS = "本年处理决定数量"
FEE_AMOUNT = "本年收费金额（单位：万元）"


@dataclass(frozen=True)
class Block:
    """One block of table 二: the article it reports, its value columns and row labels."""

    article: str
    columns: tuple[str, ...]
    rows: tuple[str, ...]

    @property
    def header(self) -> tuple[str, ...]:
        return (LABEL_COLUMN, *self.columns)


TABLE2: tuple[Block, ...] = (
    Block("第二十条第（一）项", (MADE, REPEALED, IN_FORCE), (RULE, NORMATIVE)),
    Block("第二十条第（五）项", (DECISIONS,), (LICENSING,)),
    Block("第二十条第（六）项", (DECISIONS,), (PENALTY, ENFORCEMENT)),
    Block("第二十条第（八）项", (FEE_AMOUNT,), (ADMIN_FEES,)),
)

# --- table 三: 收到和处理政府信息公开申请情况 ------------------------------------------------

APPLICANT_HEADER = "申请人情况"
ORG_GROUP = "法人或其他组织"
PERSON = "自然人"
ORG_COLUMNS: tuple[str, ...] = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
TOTAL = "总计"
TABLE3_COLUMNS: tuple[str, ...] = (PERSON, *ORG_COLUMNS, TOTAL)
TABLE3_CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

RowKey = tuple[str, ...]

NEW = ("一、本年新收政府信息公开申请数量",)
CARRIED_IN = ("二、上年结转政府信息公开申请数量",)
RESULTS = "三、本年度办理结果"
RESULTS_TOTAL = (RESULTS, "（七）总计")
CARRIED_OUT = ("四、结转下年度继续办理",)

GRANTED = "（一）予以公开"
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
WITHHELD = "（三）不予公开"
UNABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER = "（六）其他处理"

RESULT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (GRANTED, ()),
    (PARTIAL, ()),
    (WITHHELD, tuple(g.label for g in WithholdingGround)),
    (UNABLE, ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")),
    (
        NOT_PROCESSED,
        (
            "信访举报投诉类申请",
            "重复申请",
            "要求提供公开出版物",
            "无正当理由大量反复申请",
            "要求行政机关确认或重新出具已获取信息",
        ),
    ),
    (
        OTHER,
        (
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "其他",
        ),
    ),
)


def result_rows() -> list[RowKey]:
    """The rows under 三、本年度办理结果 that hold numbers, in order (not （七）总计)."""
    rows: list[RowKey] = []
    for group, subs in RESULT_GROUPS:
        if not subs:
            rows.append((RESULTS, group))
        rows.extend((RESULTS, group, f"{i}.{label}") for i, label in enumerate(subs, start=1))
    return rows


def table3_rows() -> list[RowKey]:
    """Every numeric row of table 三, top to bottom."""
    return [NEW, CARRIED_IN, *result_rows(), RESULTS_TOTAL, CARRIED_OUT]


def row_label(key: RowKey) -> str:
    """The row's full label, e.g. ``三、本年度办理结果 （三）不予公开 1.属于国家秘密``."""
    return " ".join(key)


# --- table 四: 行政复议、行政诉讼 -------------------------------------------------------------

REVIEW = "行政复议"
LITIGATION = "行政诉讼"
DIRECT = "未经复议直接起诉"
AFTER_REVIEW = "复议后起诉"
OUTCOME_COLUMNS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", TOTAL)
TABLE4_GROUPS: tuple[tuple[str, ...], ...] = (
    (REVIEW,),
    (LITIGATION, DIRECT),
    (LITIGATION, AFTER_REVIEW),
)


def group_label(group: tuple[str, ...]) -> str:
    return " ".join(group)
