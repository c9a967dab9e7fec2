"""Settings of the website channel (``[channels.website]`` in the config file)."""

from __future__ import annotations

import re
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


_SITE_CODE = re.compile(r"(\d{10}|bm\d{8})")
_ICP = re.compile(r"[\u4e00-\u9fff]ICP备\d{6,10}号(-\d{1,3})?")
_POLICE = re.compile(r"[\u4e00-\u9fff]公网安备 ?(\d{14})号")
POLICE_QUERY = "https://beian.mps.gov.cn/#/query/webSearch?code="
ICP_QUERY = "https://beian.miit.gov.cn/"


class FooterSettings(BaseModel):
    """页脚: what 《政府网站发展指引》 asks every page of a government website to show."""

    model_config = ConfigDict(extra="forbid")

    sponsor: str | None = Field(None, description="主办单位 (default: the organization's name)")
    organizer: str | None = Field(None, description="承办单位 (optional)")
    contact: str | None = Field(None, description="联系方式 (default: the organization's phone)")
    site_code: str | None = Field(None, description="网站标识码: 10 digits, or bm + 8 digits")
    icp: str | None = Field(None, description="ICP备案号, e.g. 苏ICP备12345678号-1")
    police_record: str | None = Field(None, description="公安备案号: 苏公网安备 32010202000001号")
    police_link: str | None = Field(None, description="default: the MPS query page of the number")
    conac_image: Path | None = Field(None, description="党政机关标识 image file (from 中央编办)")
    conac_link: str | None = Field(None, description="where the 党政机关标识 links (its 开办信息)")

    @field_validator("site_code")
    @classmethod
    def _site_code(cls, value: str | None) -> str | None:
        if value is not None and not _SITE_CODE.fullmatch(value.strip()):
            raise ValueError("网站标识码 must be 10 digits (or bm and 8 digits), e.g. 3205000001")
        return value.strip() if value else value

    @field_validator("icp")
    @classmethod
    def _icp(cls, value: str | None) -> str | None:
        if value is not None and not _ICP.fullmatch(value.strip()):
            raise ValueError("ICP备案号 must read like 苏ICP备12345678号 or 苏ICP备12345678号-1")
        return value.strip() if value else value

    @field_validator("police_record")
    @classmethod
    def _police(cls, value: str | None) -> str | None:
        if value is not None and not _POLICE.fullmatch(value.strip()):
            raise ValueError("公安备案号 must read like 苏公网安备 32010202000001号 (14 digits)")
        return value.strip() if value else value

    @field_validator("police_link", "conac_link")
    @classmethod
    def _link(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("a link must start with http:// or https://")
        return value

    def police_href(self) -> str | None:
        """The 公安备案号's link: the configured one, else the MPS query page of its number."""
        if self.police_link or not self.police_record:
            return self.police_link
        match = _POLICE.fullmatch(self.police_record)
        return POLICE_QUERY + match.group(1) if match else None

    def missing(self) -> list[str]:
        """Fields the 指引 requires that are not set (主办单位 and 联系方式 have defaults)."""
        required = {
            "网站标识码 (site_code)": self.site_code,
            "ICP备案号 (icp)": self.icp,
            "公安备案号 (police_record)": self.police_record,
            "党政机关标识 (conac_image, conac_link)": self.conac_image and self.conac_link,
        }
        return [label for label, value in required.items() if not value]


class BodyFacts(BaseModel):
    """公开指南 facts of one body of a county platform (``[channels.website.bodies.<代码>]``)."""

    model_config = ConfigDict(extra="forbid")

    office: str | None = None
    address: str | None = None
    postcode: str | None = None
    office_hours: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    website: str | None = None
    how_to_apply: str | None = None


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
    show_empty_columns: bool = Field(
        False, description="list statutory columns that have no item yet (marked 暂无信息)"
    )
    footer: FooterSettings = Field(default_factory=FooterSettings)
    bulletin_dir: Path | None = Field(
        None, description="the bulletin's output folder, for its PDFs; default <data_dir>/bulletin"
    )
    bodies: dict[str, BodyFacts] = Field(
        default_factory=dict, description="公开指南 facts per body, by 统一社会信用代码"
    )
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
