"""The WeChat channel's settings (``[channels.wechat]``); credentials are never here."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator


class WechatSettings(BaseModel):
    """Where the platform is and how the channel talks to it.

    The appid and secret come from the environment variables named here, or from
    ``secrets_file`` (TOML with ``appid`` and ``secret``, mode 0600), never from the config.
    """

    model_config = ConfigDict(extra="forbid")

    api_base: str = "https://api.weixin.qq.com"
    appid_env: str = "GD_WECHAT_APPID"
    secret_env: str = "GD_WECHAT_SECRET"
    secrets_file: Path | None = None
    thumb_media_id: str = Field("", description="permanent image material used as the cover")
    cover_image: Path | None = Field(
        None, description="the body's cover image, uploaded once when no thumb_media_id"
    )
    author: str = Field("", max_length=16)
    base_url: str | None = None
    timeout: float = Field(15.0, gt=0, le=120)
    poll_seconds: float = Field(3.0, ge=0, le=60, description="wait between publish polls")
    poll_attempts: int = Field(40, ge=1, le=1000)

    @field_validator("api_base", "base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/") if value else value
