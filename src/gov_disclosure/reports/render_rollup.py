"""The roll-up in .docx, HTML and JSON: the county total as a national-format report, then an
annex (附表) with one summary row per body and the county total, then each body's own tables."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from . import layout
from . import national_format as nf
from .output import render_formats
from .render_json import report_dict
from .rollup import CountyReport

ANNEX = "附表"
SUMMARY_CAPTION = "附表一　各机关政府信息公开工作情况汇总"
BODY_CAPTION = "附表二　各机关政府信息公开工作情况（按国家格式）"
SUMMARY_COLUMNS = (
    "机关",
    "规章、行政规范性文件本年制发",
    "本年新收申请",
    "上年结转",
    "本年度办理结果",
    "结转下年度",
    "行政复议",
    "行政诉讼",
    "信息处理费（元）",
)
TOTAL_ROW = "合计（全县）"


def _figures(report: Any) -> list[str]:
    table3, table4 = report.table3, report.table4
    return [
        str(sum(v[0] for v in report.rules.values())),
        str(table3[nf.NEW][-1]),
        str(table3[nf.CARRIED_IN][-1]),
        str(table3[nf.RESULTS_TOTAL][-1]),
        str(table3[nf.CARRIED_OUT][-1]),
        str(table4[nf.TABLE4_GROUPS[0]][-1] or 0),
        str(sum(table4[g][-1] or 0 for g in nf.TABLE4_GROUPS[1:])),
        f"{report.fees_collected:f}",
    ]


def summary_grid(county: CountyReport) -> layout.Grid:
    """附表一: one row per body and the county total (every total is the sum above it)."""
    cells = [layout.Cell(text, 0, j, header=True) for j, text in enumerate(SUMMARY_COLUMNS)]
    rows = [(b.org.name, b.report) for b in county.bodies] + [(TOTAL_ROW, county.total)]
    for r, (name, report) in enumerate(rows, start=1):
        cells.append(layout.Cell(name, r, 0))
        cells += [layout.Cell(v, r, 1 + j, number=True) for j, v in enumerate(_figures(report))]
    return layout.Grid(SUMMARY_CAPTION, len(rows) + 1, len(SUMMARY_COLUMNS), tuple(cells), 1)


def render_rollup_json(county: CountyReport) -> str:
    """The total's JSON (as a single body's report) plus ``rollup.bodies``: each body's own
    report with its credit code and level. Last year's roll-up is read back from this."""
    data = report_dict(county.total)
    data["rollup"] = {
        "county": {"name": county.county.name, "credit_code": county.county.credit_code},
        "bodies": [
            {
                "organization": b.org.name,
                "credit_code": b.org.credit_code,
                "level": b.org.level.value,
                "parent_id": b.org.parent_id,
                "supplement": b.supplied,
                "report": report_dict(b.report),
            }
            for b in county.bodies
        ],
        "checks": [
            "汇总数 = 各机关之和",
            "各机关及汇总：第一项加第二项之和，等于第三项加第四项之和",
            "上年结转 = 上年度汇总的结转下年度继续办理",
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_rollup_fragment(county: CountyReport) -> str:
    """The total's ``<article>`` followed by the annex ``<section>``."""
    from .render_html import environment, render_fragment

    grid = environment().get_template("macros.html.j2").module.grid_table  # type: ignore[attr-defined]
    parts = [render_fragment(county.total), '<section class="annual-report-annex">']
    parts.append(f"<h2>{ANNEX}</h2>")
    parts.append(str(grid(summary_grid(county))))
    parts.append(f"<h3>{escape(BODY_CAPTION)}</h3>")
    for b in county.bodies:
        parts.append(f"<h3>{escape(b.report.title)}</h3>")
        for table in (layout.table2, layout.table3, layout.table4):
            parts.append(str(grid(table(b.report))))
    parts.append("</section>")
    return "\n".join(parts)


def render_rollup_html(county: CountyReport) -> str:
    from .render_html import page

    return page(county.title, Markup(render_rollup_fragment(county)))


def render_rollup_docx(county: CountyReport) -> bytes:
    from ..documents import fonts as f
    from .render_docx import TABLE2_WIDTHS, TABLE3_WIDTHS, add_grid, build_document

    gd = build_document(county.total)
    gd.add_page_break()
    gd.add_heading(ANNEX, 1)
    small = f.FontSpec(f.FANGSONG, 10.5)
    add_grid(gd, summary_grid(county), [30.0] + [15.75] * 8, font=small)
    gd.add_heading(BODY_CAPTION, 2)
    for b in county.bodies:
        gd.add_heading(b.report.title, 2)
        add_grid(gd, layout.table2(b.report), TABLE2_WIDTHS)
        add_grid(gd, layout.table3(b.report), TABLE3_WIDTHS)
        add_grid(gd, layout.table4(b.report), font=small)
    return gd.to_bytes()


def render_rollup(county: CountyReport, formats: Iterable[str]) -> dict[str, bytes]:
    """``{file name: bytes}`` of the roll-up for the requested formats."""
    return render_formats(
        f"{county.year}年政府信息公开工作年度报告{county.total.coverage}",
        {
            "docx": lambda: render_rollup_docx(county),
            "html": lambda: render_rollup_html(county).encode(),
            "json": lambda: render_rollup_json(county).encode(),
        },
        formats,
    )
