"""API tokens: list and revoke (管理员). Tokens are created on the command line."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ..auth import Admin, tokens
from ..errors import RESPONSES
from ..schemas import TokenOut
from ..tokens import TokenInfo

router = APIRouter(prefix="/tokens", tags=["tokens 令牌"], responses=RESPONSES)


def token_out(request: Request, info: TokenInfo) -> TokenOut:
    now = request.app.state.core.utc_now()
    return TokenOut(state=info.state(now), **info.__dict__)


@router.get("", summary="Every token, without its secret")
def list_tokens(request: Request, admin: Admin) -> list[TokenOut]:
    return [token_out(request, t) for t in tokens(request).list()]


@router.post("/{token_id}/revoke", summary="Revoke a token (at once)")
def revoke(token_id: int, request: Request, admin: Admin) -> TokenOut:
    return token_out(request, tokens(request).revoke(token_id, admin))
