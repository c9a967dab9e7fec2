"""The 政府信息公开指南 (Art. 12) from the body's config: classification and arrangement, how to
obtain information, the office's facts and how to apply, with the application form.

Written as 公文 body text (一、/（一） headings) so one text feeds the .docx (GovDocument) and the
HTML page; the form is a :class:`.layout.Grid`.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..applications.models import Delivery, InfoForm
from ..bodies.levels import complaint_paragraph, is_organ
from ..documents import GovDocument, format_date, heading_level
from ..errors import ConfigError
from . import layout
from .render_docx import add_grid
from .render_html import page
from .village_guide import village_guide_text

#: (config key, label, required) of the office facts Art. 12 names.
FACTS: tuple[tuple[str, str, bool], ...] = (
    ("office", "政府信息公开工作机构", True),
    ("address", "办公地址", True),
    ("postcode", "邮政编码", False),
    ("office_hours", "办公时间", True),
    ("phone", "联系电话", True),
    ("fax", "传真号码", False),
    ("email", "电子邮箱", False),
    ("website", "政府网站", False),
)


def office_facts(org: Any) -> list[tuple[str, str]]:
    """(label, value) of the office; a missing required fact is a :class:`ConfigError`."""
    out = []
    for key, label, required in FACTS:
        value = (getattr(org, key, None) or "").strip()
        if required and not value:
            raise ConfigError(
                f"organization.{key}", f"the 公开指南 must give the {label} (Art. 12)"
            )
        out.append((label, value or "无"))
    if not ((org.email or "").strip() or (org.website or "").strip()):
        raise ConfigError(
            "organization.email", "the 公开指南 needs an 互联网联系方式: email or website"
        )
    return out


def guide_text(config: Any, today: Any) -> str:
    """The guide's body (headings 一、 / （一）, one paragraph a line), worded for the body's
    level (a village gets the 村（居）务公开 guide: it is not an administrative organ)."""
    org = config.organization
    if not is_organ(org.level):
        return village_guide_text(config, today)
    facts = office_facts(org)
    fact_lines = "\n".join(f"{label}：{value}" for label, value in facts)
    topics = "、".join(config.taxonomy.all_topics())
    columns = "、".join(config.taxonomy.all_columns())
    website = org.website or "本机关政府网站"
    forms = "、".join(f.value for f in InfoForm)
    deliveries = "、".join(d.value for d in Delivery)
    return f"""\
为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），编制本指南。本指南自{format_date(today)}起施行，信息变化时及时更新。
一、主动公开
（一）公开范围。本机关依照《条例》第十九条、第二十条、第二十一条的规定，主动公开涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息。
（二）分类和编排体系。主动公开的政府信息按主题分类和栏目编排，每条信息标注索引号、名称、内容概述、生成日期、发布机构和文号。主题分类为：{topics}。栏目为：{columns}。
（三）公开方式。主要通过{website}、政府信息公开栏、政务服务中心和政府信息查阅场所等公开，并可通过公开目录查询、浏览和下载。
（四）公开时限。属于主动公开范围的政府信息，自该政府信息形成或者变更之日起20个工作日内予以公开。法律、法规对公开期限另有规定的，从其规定。
二、依申请公开
（一）受理机构。
{fact_lines}
（二）申请方式。申请人可以当面提交、邮寄、传真或者通过互联网提交政府信息公开申请，填写《政府信息公开申请表》（见附件）。申请内容应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；申请公开的政府信息的形式要求（{forms}）和获取方式（{deliveries}）。采用书面形式确有困难的，申请人可以口头提出，由本机关代为填写。
（三）收到申请的时间。当面提交的，以提交之日为收到申请之日；以邮寄方式提交的，以本机关签收之日为收到申请之日；以平常信函等无需签收的邮寄方式提交的，以本机关与申请人确认之日为收到申请之日；通过互联网或者传真提交的，以双方确认之日为收到申请之日。
（四）申请的处理。申请内容不明确的，本机关自收到申请之日起7个工作日内一次性告知申请人作出补正，答复期限自收到补正的申请之日起计算。本机关能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。征求第三方和其他机关意见所需时间不计算在答复期限内。
（五）收费。本机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费。
三、监督和救济
{complaint_paragraph(org.level, config.applications.get("review_body"))}
"""


def application_form() -> layout.Grid:
    """政府信息公开申请表: labels on the left, blank cells to fill in."""
    cells: list[layout.Cell] = []
    rows = [
        (
            "申请人信息",
            "公民",
            ["姓名", "证件名称", "证件号码", "联系电话", "通信地址", "邮政编码", "电子邮箱"],
        ),
        (
            "申请人信息",
            "法人或者其他组织",
            [
                "名称",
                "统一社会信用代码",
                "法定代表人或者负责人",
                "联系人姓名",
                "联系电话",
                "通信地址",
                "电子邮箱",
            ],
        ),
        (
            "所需信息情况",
            "",
            [
                "所需信息的名称",
                "文号",
                "所需信息的内容描述",
                "所需信息的提供形式（" + " / ".join(f.value for f in InfoForm) + "）",
                "获取信息的方式（" + " / ".join(d.value for d in Delivery) + "）",
            ],
        ),
    ]
    r = 0
    starts: dict[str, int] = {}
    for section, group, fields in rows:
        starts.setdefault(section, r)
        if group:
            cells.append(layout.Cell(group, r, 1, rowspan=len(fields)))
        for i, label in enumerate(fields):
            if group:
                cells.append(layout.Cell(label, r + i, 2))
            else:
                cells.append(layout.Cell(label, r + i, 1, colspan=2))
            cells.append(layout.Cell("", r + i, 3, number=True))
        r += len(fields)
    cells.append(layout.Cell("申请人信息", starts["申请人信息"], 0, rowspan=14))
    cells.append(layout.Cell("所需信息情况", starts["所需信息情况"], 0, rowspan=5))
    cells.append(layout.Cell("申请人签名或者盖章", r, 0, colspan=2))
    cells.append(layout.Cell("", r, 2, colspan=2, number=True))
    cells.append(layout.Cell("申请时间", r + 1, 0, colspan=2))
    cells.append(layout.Cell("", r + 1, 2, colspan=2, number=True))
    return layout.Grid("政府信息公开申请表", r + 2, 4, tuple(cells))


def guide_title(config: Any) -> str:
    org = config.organization
    return f"{org.name}{'政府信息公开' if is_organ(org.level) else '村（居）务公开'}指南"


def render_guide_docx(config: Any, today: Any) -> bytes:
    gd = GovDocument()
    gd.add_title(guide_title(config))
    gd.add_blank_line()
    gd.add_body(guide_text(config, today))
    gd.add_page_break()
    gd.add_paragraph("附件")
    gd.add_title("政府信息公开申请表")
    add_grid(gd, application_form(), [22.0, 30.0, 44.0, 60.0])
    return gd.to_bytes()


def _html_body(text: str) -> Markup:
    parts = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        level = heading_level(line)
        if level == 1:
            parts.append(f"<h2>{escape(line)}</h2>")
        elif level == 2 and len(line) < 40 and "。" not in line.rstrip("。"):
            parts.append(f"<h3>{escape(line)}</h3>")
        else:
            parts.append(f"<p>{escape(line)}</p>")
    return Markup("\n".join(parts))


def render_guide_html(config: Any, today: Any) -> str:
    from .render_html import environment

    form = (
        environment()
        .from_string('{% from "macros.html.j2" import grid_table %}{{ grid_table(grid) }}')
        .render(grid=application_form())
    )
    content = (
        f'<article class="guide"><h1>{escape(guide_title(config))}</h1>\n'
        f"{_html_body(guide_text(config, today))}\n<h2>附件</h2>\n{form}</article>"
    )
    return page(guide_title(config), content)


def render_guide(config: Any, today: Any) -> dict[str, bytes]:
    """``{file name: bytes}``: 政府信息公开指南.docx and .html (facts checked first)."""
    office_facts(config.organization)
    return {
        "政府信息公开指南.docx": render_guide_docx(config, today),
        "政府信息公开指南.html": render_guide_html(config, today).encode(),
    }
