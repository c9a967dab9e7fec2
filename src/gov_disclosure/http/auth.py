"""Who is calling: the bearer token's actor, never a field of the request.

The dependencies are ``async``: they run on the event loop (the token lookup is one indexed
read), which spares each request several hand-offs to the thread pool.

``Actor`` (a dependency) authenticates the token, applies the per-token rate limit and gives
the actor id; the App methods then apply the same role checks and audit entries as the CLI.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..app import App
from ..errors import PermissionDeniedError
from ..i18n import N_
from .tokens import TokenInfo, TokenRefusedError, TokenRepository

bearer = HTTPBearer(
    auto_error=False,
    description="令牌 from `gov-disclosure token create --actor ID`; the token's actor acts",
)


async def core(request: Request) -> App:
    """The :class:`App` this service serves."""
    return request.app.state.core  # type: ignore[no-any-return]


def tokens(request: Request) -> TokenRepository:
    """The token repository of this service."""
    return request.app.state.tokens  # type: ignore[no-any-return]


def _authenticate(request: Request, credentials: HTTPAuthorizationCredentials | None) -> TokenInfo:
    if credentials is None and request.headers.get("authorization"):
        raise TokenRefusedError("malformed", "Authorization 头格式应为：Bearer <令牌>")
    info = tokens(request).authenticate(credentials.credentials if credentials else None)
    request.state.token_id = info.id
    request.app.state.rate_limiter.check(info.id)
    return info


async def current_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> TokenInfo:
    return _authenticate(request, credentials)


async def current_actor(token: Annotated[TokenInfo, Depends(current_token)]) -> str:
    return token.actor


async def optional_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str | None:
    """The actor, or None for an anonymous call where the body opened its public catalogue."""
    anonymous = credentials is None and not request.headers.get("authorization")
    if anonymous and request.app.state.settings.public_catalogue:
        return None
    return _authenticate(request, credentials).actor


async def admin_actor(request: Request, actor: Annotated[str, Depends(current_actor)]) -> str:
    """The actor, who must hold the 管理员 role (tokens, the audit log)."""
    if not tokens(request).is_admin(actor):
        role = request.app.state.core.policy.admin_role
        with request.app.state.core.action(actor):  # the refusal is audit-logged, as in the CLI
            raise PermissionDeniedError(
                actor, "use an administrator's endpoint", N_("needs the role: {role}"), role=role
            )
    return actor


Core = Annotated[App, Depends(core)]
Actor = Annotated[str, Depends(current_actor)]
MaybeActor = Annotated[str | None, Depends(optional_actor)]
Admin = Annotated[str, Depends(admin_actor)]
