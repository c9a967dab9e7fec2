"""Settings of the website channel (``[channels.website]`` in the config file)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

STATUTORY_COLUMNS = (
    "机构职能",
    "领导信息",
    "政策文件",
    "政策解读",
    "规划计划",
    "财政预决算",
    "招标投标",
    "社会救助",
    "应急管理",
    "村级财务",
    "通知公告",
    "年度报告",
)
"""法定主动公开内容: the columns every 政府信息公开 section shows (条例 Art. 20-21)."""


class RemoteSettings(BaseModel):
    """Where to push items besides the local folder: a CMS or a website cloud API."""

    model_config = ConfigDict(extra="forbid")

    endpoint: str = Field(
        ..., description="base URL: {endpoint}/items/{slug}, {endpoint}/files/{sha256}"
    )
    token_env: str | None = Field(None, description="environment variable holding the token")
    token_file: Path | None = Field(None, description="file holding the token (first line)")
    token_header: str = "Authorization"
    token_prefix: str = "Bearer "
    connect_timeout: float = Field(5.0, gt=0)
    read_timeout: float = Field(30.0, gt=0)
    retries: int = Field(3, ge=0, le=10, description="extra tries on 5xx, timeouts, resets")
    backoff: float = Field(0.5, ge=0, description="seconds; doubles after each retry")
    verify_tls: bool = True
    upload_attachments: bool = Field(
        True, description="send attachment files to {endpoint}/files/{sha256} before the item"
    )

    @field_validator("endpoint")
    @classmethod
    def _http_only(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("endpoint must start with http:// or https://")
        return value.rstrip("/")


class WebsiteSettings(BaseModel):
    """The website channel's settings; every field has a working default."""

    model_config = ConfigDict(extra="forbid")

    out_dir: Path | None = Field(None, description="default: <data_dir>/website")
    base_url: str | None = Field(
        None, description="canonical URL of the section; default: site.base_url, else file://"
    )
    title: str = Field("政府信息公开", min_length=1, max_length=60)
    page_size: int = Field(20, ge=5, le=200)
    home_items: int = Field(10, ge=1, le=50)
    feed_items: int = Field(20, ge=1, le=200)
    templates_dir: Path | None = Field(None, description="a folder of templates that override ours")
    statutory_columns: tuple[str, ...] = STATUTORY_COLUMNS
    body_html: bool = Field(False, description="bodies are HTML from a rich editor (sanitised)")
    local: bool = Field(True, description="write the static site to out_dir")
    remote: RemoteSettings | None = None

    @field_validator("base_url")
    @classmethod
    def _absolute(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://", "file://")):
            raise ValueError("base_url must start with http://, https:// or file://")
        return value if value.endswith("/") else value + "/"
