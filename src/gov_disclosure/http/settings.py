"""``[http]`` in the config file: limits, CORS and whether the catalogue is public."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..validation import build


class HttpSettings(BaseModel):
    """How ``gov-disclosure serve`` behaves (every key optional)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_body_bytes: int = Field(
        20 * 1024 * 1024, ge=1024, description="largest request body accepted (413 above it)"
    )
    rate_limit_per_minute: int = Field(
        600, ge=0, description="requests per token per minute (429 above it); 0 turns it off"
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="origins allowed by CORS; empty: CORS off"
    )
    public_catalogue: bool = Field(
        False, description="GET /items without a token lists published, 社会公开 items"
    )

    @classmethod
    def from_config(cls, section: dict[str, Any]) -> HttpSettings:
        return build(cls, dict(section))
