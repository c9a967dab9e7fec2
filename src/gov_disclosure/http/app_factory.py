"""``create_app(core)``: the FastAPI application serving one :class:`gov_disclosure.App`."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..app import App
from ..errors import GovDisclosureError
from . import errors
from .access_log import AccessLog
from .idempotency import Idempotency
from .limits import BodySizeLimit, RateLimiter
from .routers import applications, items, masking, office, publishing, records, review, tokens
from .settings import HttpSettings
from .tokens import TokenRepository

DESCRIPTION = """\
政务公开 / 政府信息公开 over HTTP, for software that is not Python (OA systems, 政务服务
platforms, website CMSs). Every call but the optional public catalogue needs a bearer token
(`gov-disclosure token create --actor ID`); the token's actor is the person acting. Errors are
RFC 9457 `application/problem+json` with a Chinese `title` and `detail`, and the `field` and
`rule` at fault. POSTs accept an `Idempotency-Key` header.
"""


def create_app(core: App, settings: HttpSettings | None = None) -> FastAPI:
    """The HTTP service over ``core`` (its schema must be current: ``gov-disclosure init``)."""
    settings = settings or HttpSettings.from_config(core.config.http)
    api = FastAPI(
        title="gov-disclosure",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    api.state.core = core
    api.state.settings = settings
    api.state.tokens = TokenRepository(core)
    api.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)
    api.include_router(items.catalogue_router)
    for router in (review, masking, publishing, applications, office, records, tokens, items):
        api.include_router(router.router)
    api.add_exception_handler(RequestValidationError, errors.handle_validation)
    for kind in (GovDisclosureError, errors.HttpProblem, StarletteHTTPException, Exception):
        api.add_exception_handler(kind, errors.handle)
    api.add_middleware(Idempotency, core=core)
    api.add_middleware(BodySizeLimit, cap=settings.max_body_bytes)
    if settings.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        api.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        )
    api.add_middleware(AccessLog)
    return api
