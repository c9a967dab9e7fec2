"""The report as JSON for machines: every cell with its national-format labels."""

from __future__ import annotations

import json
from typing import Any

from . import national_format as nf
from .annual import AnnualReport


def report_dict(report: AnnualReport) -> dict[str, Any]:
    table2 = [
        {
            "article": block.article,
            "header": list(block.header),
            "rows": [
                {
                    "label": label,
                    "values": [
                        v if block.columns == (nf.FEE_AMOUNT,) else int(v)
                        for v in report.table2_cells(block, label)
                    ],
                }
                for label in block.rows
            ],
        }
        for block in nf.TABLE2
    ]
    table3 = {
        "columns": list(nf.TABLE3_COLUMNS),
        "check": nf.TABLE3_CHECK_NOTE,
        "rows": [
            {"path": list(row), "label": nf.row_label(row), "values": report.table3[row]}
            for row in nf.table3_rows()
        ],
    }
    table4 = {
        "columns": list(nf.OUTCOME_COLUMNS),
        "rows": [
            {"group": list(g), "values": [v or 0 for v in report.table4[g]]}
            for g in nf.TABLE4_GROUPS
        ],
    }
    return {
        "format": nf.FORMAT_2021,
        "title": report.title,
        "organization": report.organization,
        "year": report.year,
        "generated_on": report.generated_on.isoformat(),
        "status": "未完结" if report.unfinished else "完结",
        "sections": {
            nf.SECTIONS[0]: report.overview,
            nf.SECTIONS[4]: report.problems,
            nf.SECTIONS[5]: "\n".join(t for t in (report.other, report.fees_sentence()) if t),
        },
        "table2": table2,
        "table3": table3,
        "table4": table4,
        "fees_collected": {
            "yuan": f"{report.fees_collected:f}",
            "applications": report.fees_paid_count,
        },
        "audit_anchor": {"anchor": report.audit_anchor, "at": report.audit_anchored_at},
    }


def render_json(report: AnnualReport) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
