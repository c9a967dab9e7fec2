"""The annual report (年度报告) and the audit log (administrators only)."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Body, Path, Query
from fastapi.responses import Response

from ...errors import InvalidInputError
from ..auth import Actor, Admin, Core
from ..errors import RESPONSES
from ..schemas import AuditEntryOut, AuditVerifyOut

router = APIRouter(tags=["records 年报与审计"], responses=RESPONSES)
PLACEHOLDER = "（待填写：请在补充数据中填写本节内容。）"
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


@router.post(
    "/reports/annual/{year}",
    summary="Build the annual report of YEAR and download it",
    response_class=Response,
    responses={200: {"content": {m: {} for m in MEDIA.values()}, "description": "the report"}},
)
def annual_report(
    app: Core,
    actor: Actor,
    year: Annotated[int, Path(ge=2008, le=2200)],
    format: Annotated[Literal["docx", "html", "json"], Query()] = "docx",
    supplement: Annotated[
        dict[str, Any] | None, Body(description="补充数据, as in supplement-template")
    ] = None,
) -> Response:
    """Without a supplement the other systems' numbers are 0 and two sections are placeholders
    (a draft); the numbers are checked before anything is returned."""
    from ...reports import build_report, parse_supplement
    from ...reports.output import render_report

    if supplement is None:
        texts = {"总体情况": PLACEHOLDER, "存在的主要问题及改进情况": PLACEHOLDER}
        supplement = {"year": year, "文字": texts}
    elif supplement.get("year", year) != year:
        raise InvalidInputError(
            "supplement.year", f"the supplement is for {year}", supplement.get("year")
        )
    report = build_report(app, year, parse_supplement({"year": year, **supplement}))
    ((name, data),) = render_report(report, [format]).items()
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=MEDIA[format], headers={"Content-Disposition": disposition})


@router.get("/audit", summary="Newest audit-log entries (管理员)")
def audit_log(
    app: Core,
    admin: Admin,
    subject: Annotated[str | None, Query(max_length=100, description="e.g. item:12")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditEntryOut]:
    return [AuditEntryOut(**e.__dict__) for e in app.audit_entries(subject, limit)]


@router.get("/audit/verify", summary="Check the audit log's hash chain (管理员)")
def audit_verify(app: Core, admin: Admin) -> AuditVerifyOut:
    report = app.verify_audit()
    return AuditVerifyOut(
        ok=report.ok,
        checked=report.checked,
        first_bad_seq=report.first_bad_seq,
        problem=report.problem,
    )
