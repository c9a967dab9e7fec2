"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error a client sees has a Chinese ``title`` and ``detail`` (office staff read them), a
stable English ``code``, and, for bad input, the ``field`` and the ``rule`` it broke. No stack
trace is ever sent: an unexpected error is logged here and answered with a bare 500.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from ..errors import (
    AuditIntegrityError,
    CalendarNotCoveredError,
    ConflictError,
    GovDisclosureError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ReviewBlockedError,
)
from .tokens import TokenRefusedError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("gov_disclosure.http")


class Problem(BaseModel):
    """RFC 9457 problem details, with the field and the rule for bad input."""

    type: str = Field("about:blank", description="a URN naming the kind of problem")
    title: str = Field(description="简短说明（中文）")
    status: int
    detail: str = Field(description="具体说明（中文）")
    code: str = Field(description="stable machine-readable name, English")
    instance: str | None = None
    field: str | None = Field(None, description="the field at fault")
    rule: str | None = Field(None, description="the rule it broke")
    errors: list[dict[str, Any]] | None = Field(None, description="every invalid field")


class HttpProblem(Exception):
    """A problem raised by the HTTP layer itself (too large, too many requests, …)."""

    def __init__(
        self, status: int, code: str, title: str, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        self.problem = Problem(
            type=f"urn:gov-disclosure:problem:{code}",
            title=title,
            status=status,
            detail=detail,
            code=code,
        )
        self.headers = headers or {}
        super().__init__(detail)


_STARLETTE = {
    404: ("not-found", "资源不存在", "请求的地址不存在"),
    405: ("method-not-allowed", "方法不允许", "该地址不支持此请求方法"),
    406: ("not-acceptable", "无法提供所需格式", "无法按请求的格式返回"),
    415: ("unsupported-media-type", "不支持的内容类型", "请求体须为 application/json"),
}


def problem_for(exc: BaseException) -> tuple[Problem, dict[str, str]]:
    """The problem (and extra headers) answering ``exc``."""
    headers: dict[str, str] = {}
    if isinstance(exc, HttpProblem):
        return exc.problem, exc.headers
    if isinstance(exc, TokenRefusedError):
        headers["WWW-Authenticate"] = (
            f'Bearer error="invalid_token", error_description="{exc.reason}"'
        )
        p = _p(401, f"token-{exc.reason}", "未认证", exc.detail_zh)
    elif isinstance(exc, PermissionDeniedError):
        p = _p(
            403,
            "forbidden",
            "无权执行此操作",
            f"用户 {exc.actor} 无权{_zh_action(exc.action)}：{exc.localized_reason()}",
        )
    elif isinstance(exc, NotFoundError):
        p = _p(404, "not-found", "记录不存在", f"未找到{_zh_kind(exc.kind)}：{exc.key}")
    elif isinstance(exc, ReviewBlockedError):
        p = _p(
            409,
            "review-blocked",
            "保密审查发现阻断性问题",
            f"{exc.subject}：存在未处理的阻断性发现（{'、'.join(exc.rules[:5])}），请修改后提交新版本或逐项说明理由后放行",
        )
        p.rule = ",".join(exc.rules)
    elif isinstance(exc, IllegalTransitionError):
        allowed = f"；该状态下允许：{'、'.join(exc.allowed)}" if exc.allowed else ""
        p = _p(
            409,
            "state-conflict",
            "当前状态不允许此操作",
            f"{exc.subject} 当前状态为“{exc.state}”，不能执行：{exc.action}{allowed}",
        )
        p.rule = f"state:{exc.state}"
    elif isinstance(exc, ConflictError):
        p = _p(409, "conflict", "与已有记录冲突", f"{_zh_kind(exc.kind)} {exc.key}：{exc}")
    elif isinstance(exc, CalendarNotCoveredError):
        p = _p(
            422,
            "calendar-not-covered",
            "工作日历未覆盖该年份",
            f"{exc.year} 年尚无国务院办公厅节假日安排数据，请先导入（calendar load）",
        )
        p.field, p.rule = "date", "calendar covers the year"
    elif isinstance(exc, InvalidInputError):
        p = _p(422, "invalid-input", "输入不符合规则", f"字段“{exc.field}”不符合规则：{exc.rule}")
        p.field, p.rule = exc.field, exc.rule
    elif isinstance(exc, AuditIntegrityError):
        p = _p(
            409,
            "audit-broken",
            "审计日志校验失败",
            f"审计日志第 {exc.seq} 条被篡改或缺失：{exc.problem}",
        )
    elif isinstance(exc, GovDisclosureError):
        p = _p(400, "refused", "请求无法完成", f"请求无法完成：{exc}")
    elif isinstance(exc, StarletteHTTPException) and exc.status_code in _STARLETTE:
        code, title, detail = _STARLETTE[exc.status_code]
        p = _p(exc.status_code, code, title, detail)
        headers.update(exc.headers or {})
    elif isinstance(exc, StarletteHTTPException):
        p = _p(exc.status_code, "http-error", "请求无法完成", "请求无法完成")
        headers.update(exc.headers or {})
    else:
        p = _p(
            500,
            "internal",
            "服务器内部错误",
            "服务器处理请求时出错，已记录，请稍后重试或联系管理员",
        )
    return p, headers


def validation_problem(errors: list[dict[str, Any]]) -> Problem:
    """422 for a request FastAPI could not parse: each field, its rule (pydantic's type)."""
    listed = [
        {
            "field": ".".join(str(x) for x in e.get("loc", ()) if x != "body"),
            "rule": e.get("type", ""),
            "message": e.get("msg", ""),
        }
        for e in errors
    ]
    first = listed[0] if listed else {"field": "", "rule": "", "message": ""}
    p = _p(
        422,
        "invalid-input",
        "输入不符合规则",
        f"字段“{first['field']}”不符合规则：{first['message']}",
    )
    p.field, p.rule, p.errors = first["field"], first["rule"], listed
    return p


def response(
    problem: Problem, request: Request | None, headers: dict[str, str] | None = None
) -> JSONResponse:
    if request is not None:
        problem.instance = request.url.path
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


async def handle(request: Request, exc: Exception) -> JSONResponse:
    """The one exception handler: library errors, HTTP errors, and anything unexpected."""
    problem, headers = problem_for(exc)
    if problem.status >= 500:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return response(problem, request, headers)


async def handle_validation(request: Request, exc: Exception) -> JSONResponse:
    return response(validation_problem(exc.errors()), request)  # type: ignore[attr-defined]


def _p(status: int, code: str, title: str, detail: str) -> Problem:
    return Problem(
        type=f"urn:gov-disclosure:problem:{code}",
        title=title,
        status=status,
        detail=detail,
        code=code,
    )


_KINDS = {
    "item": "公开事项",
    "actor": "用户",
    "organization": "机关",
    "application": "依申请公开申请",
    "edition": "版本",
    "consultation": "征求意见",
    "token": "令牌",
    "file": "文件",
    "finding": "审查发现",
}


def _zh_kind(kind: str) -> str:
    return _KINDS.get(kind, kind)


def _zh_action(action: str) -> str:
    return f"执行“{action}”"


RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": text}
    for status, text in (
        (400, "请求无法完成"),
        (401, "缺少令牌、令牌无效、过期或已吊销"),
        (403, "令牌所属用户无此权限"),
        (404, "记录不存在"),
        (409, "与当前状态或已有记录冲突"),
        (413, "请求体过大"),
        (422, "输入不符合规则"),
        (429, "请求过于频繁"),
    )
}
