"""The county roll-up (全县汇总): the county government's annual report with the figures of
every body under it (its departments, its townships and their villages).

Each body's own report is computed from that body's records only (:func:`.annual.build_report`
with its ``org_id``) and checked; the county total is the cell-by-cell sum of them, laid out in
the national format, and :func:`.rollup_checks.check_rollup` checks that every total is the sum
of its bodies, the total's own 勾稽 and the carried-over counts against last year's roll-up.

Numbers no record holds (table 二's 行政许可 …, table 四's 复议 / 诉讼) come from each body's
supplement file (补充数据); a body without one reports them as 0. The county's own supplement
gives the roll-up's prose (一、五、六) and the county government's own numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError
from ..models import Level, Organization
from . import national_format as nf
from .annual import AnnualReport, build_report
from .checks import ReportCheckError
from .rollup_checks import RollupBodyError, check_rollup
from .rollup_model import BodyReport, CountyReport
from .supplement import Supplement, load_supplement, parse_supplement

COVERAGE = "（汇总）"
NO_SUPPLEMENT = "（未提供补充数据）"


def _rank(level: Level) -> int:
    order = list(Level)
    return order.index(level) if level in order else len(order)


def county_bodies(orgs: Sequence[Organization], root_id: int) -> list[Organization]:
    """``root_id`` and every body under it, depth first: the county government, then its
    departments, then each township followed by its villages."""
    children: dict[int | None, list[Organization]] = {}
    for o in orgs:
        children.setdefault(o.parent_id, []).append(o)
    by_id = {o.id: o for o in orgs}
    if root_id not in by_id:
        raise InvalidInputError("org", "no such body", root_id)
    out: list[Organization] = []
    seen: set[int] = set()

    def walk(org: Organization) -> None:
        assert org.id is not None  # stored bodies have ids
        if org.id in seen:  # a parent cycle would loop forever
            return
        seen.add(org.id)
        out.append(org)
        for child in sorted(children.get(org.id, []), key=lambda c: (_rank(c.level), c.id)):
            walk(child)

    walk(by_id[root_id])
    return out


def blank_supplement(year: int) -> Supplement:
    """For a body that gave no supplement: other systems' numbers 0, placeholder prose."""
    texts = {"总体情况": NO_SUPPLEMENT, "存在的主要问题及改进情况": NO_SUPPLEMENT}
    return parse_supplement({"year": year, "文字": texts})


def _add(rows: Sequence[Sequence[Any]]) -> list[Any]:
    return [sum(column) for column in zip(*rows, strict=True)]


def sum_reports(
    reports: Sequence[AnnualReport], county: AnnualReport, previous: list[int] | None = None
) -> AnnualReport:
    """The cell-by-cell sum of ``reports``, with the county report's prose and date."""
    table4: dict[tuple[str, ...], list[int | None]] = {
        g: list(_add([[v or 0 for v in r.table4[g]] for r in reports])) for g in nf.TABLE4_GROUPS
    }
    return AnnualReport(
        year=county.year,
        organization=county.organization,
        generated_on=county.generated_on,
        rules={k: _add([r.rules[k] for r in reports]) for k in county.rules},
        decisions={k: sum(r.decisions[k] for r in reports) for k in county.decisions},
        admin_fees_wan=sum((r.admin_fees_wan for r in reports), Decimal(0)),
        table3={row: _add([r.table3[row] for r in reports]) for row in nf.table3_rows()},
        table4=table4,
        fees_collected=sum((r.fees_collected for r in reports), Decimal(0)),
        fees_paid_count=sum(r.fees_paid_count for r in reports),
        overview=county.overview,
        problems=county.problems,
        other=county.other,
        previous_carried_out=previous,
        coverage=COVERAGE,
    )


def build_rollup(
    app: Any,
    year: int,
    supplement: Supplement,
    *,
    org_id: int | None = None,
    supplements: Mapping[int, Supplement] | None = None,
    previous: Mapping[str, list[int]] | None = None,
    previous_total: list[int] | None = None,
) -> CountyReport:
    """The checked roll-up of ``year`` for the county government ``org_id`` (default: the
    configured body). ``supplements``: other bodies' supplements by body id; ``previous``:
    last year's 结转 row per credit code, ``previous_total`` the county's (both optional)."""
    root_id = org_id or app.default_org_id()
    bodies = county_bodies(app.organizations(), root_id)
    given = dict(supplements or {})
    if root_id in given:
        raise InvalidInputError(
            "supplements", "县政府本级的补充数据请用 --supplement 提供（不放在补充数据目录中）"
        )
    strangers = set(given) - {b.id for b in bodies}
    if strangers:
        raise InvalidInputError("supplements", "不是本县所属机关", sorted(strangers)[0])
    out: list[BodyReport] = []
    for body in bodies:
        assert body.id is not None
        own = supplement if body.id == root_id else given.get(body.id)
        last = (previous or {}).get(body.credit_code)
        try:
            report = build_report(
                app,
                year,
                own or blank_supplement(year),
                previous={nf.CARRIED_OUT: last} if last is not None else None,
                org_id=body.id,
                anchor=False,
            )
        except ReportCheckError as exc:
            raise RollupBodyError(body.name, exc) from None
        out.append(BodyReport(body, report, supplied=own is not None))
    total = sum_reports([b.report for b in out], out[0].report, previous_total)
    if hasattr(app, "anchor_audit"):
        kept = app.anchor_audit()
        total.audit_anchor, total.audit_anchored_at = str(kept.anchor), kept.at
    county = CountyReport(year, bodies[0], total, out, dict(previous) if previous else None)
    check_rollup(county)
    return county


def load_supplements(
    folder: Path, bodies: Sequence[Organization], year: int
) -> dict[int, Supplement]:
    """Every ``*.toml`` in ``folder``, each named by its body's 统一社会信用代码 or name
    (``91320000MB1234567X.toml``, ``示例县财政局.toml``), by body id."""
    if not folder.is_dir():
        raise InvalidInputError("补充数据目录", "folder not found", str(folder))
    keys: dict[str, int] = {}
    for b in bodies:
        assert b.id is not None
        keys[b.credit_code] = keys[b.name] = b.id
    out: dict[int, Supplement] = {}
    for path in sorted(folder.glob("*.toml")):
        body_id = keys.get(path.stem) or keys.get(path.stem.upper())
        if body_id is None:
            raise InvalidInputError(
                f"补充数据目录 {path.name}",
                "文件名须为本县所属机关的统一社会信用代码或名称",
                path.stem,
            )
        if body_id in out:
            raise InvalidInputError(f"补充数据目录 {path.name}", "同一机关有两个补充数据文件")
        supplement, _previous = load_supplement(path)
        if supplement.year != year:
            raise InvalidInputError(
                f"补充数据目录 {path.name}: year", f"the supplement is for {year}", supplement.year
            )
        out[body_id] = supplement
    return out


def read_previous_bodies(path: Path) -> dict[str, list[int]]:
    """Last year's roll-up JSON (``bodies``): each body's 结转下年度继续办理 by credit code.
    A report that is not a roll-up gives an empty mapping."""
    from .supplement import read_document, seven_values

    data = read_document(path, "上年报告.文件")
    out: dict[str, list[int]] = {}
    for body in data.get("rollup", {}).get("bodies", []):
        rows = body.get("report", {}).get("table3", {}).get("rows", [])
        row = next((r["values"] for r in rows if r.get("path") == list(nf.CARRIED_OUT)), None)
        if row is not None:
            out[str(body["credit_code"])] = seven_values(row, path.name)
    return out


__all__ = [
    "BodyReport",
    "CountyReport",
    "blank_supplement",
    "build_rollup",
    "county_bodies",
    "load_supplements",
    "read_previous_bodies",
    "sum_reports",
]
