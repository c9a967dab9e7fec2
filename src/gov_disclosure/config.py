"""The configuration file (TOML), validated section by section.

Channel sections (``[channels.<name>]``) are validated by each channel's own ``Settings``
model when the plugin manager builds the channels; everything else is validated here. An
unknown key is an error that names the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError
from .models import Level
from .taxonomy import DEFAULT_COLUMNS, DEFAULT_TOPICS


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class OrganizationConfig(_Section):
    """The body this installation serves (发布机构) and its 公开指南 facts."""

    name: str = "示例镇人民政府"
    credit_code: str | None = None
    level: Level = Level.TOWNSHIP
    short_name: str | None = None
    office: str = Field("党政综合办公室", description="政府信息公开工作机构")
    address: str | None = None
    postcode: str | None = None
    office_hours: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    website: str | None = None
    how_to_apply: str | None = Field(None, description="公开指南: how to apply (依申请公开)")


class SiteConfig(_Section):
    base_url: str = "http://localhost:8000"


class StorageConfig(_Section):
    files_dir: str = "gov-disclosure-files"
    data_dir: str = "gov-disclosure-output"
    private_dir: str = "gov-disclosure-private"
    """Files holding personal data that are not in the database (the SMS outbox): never
    inside ``data_dir``, which is served to the public."""


class ReviewConfig(_Section):
    stages: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "routine": ["科室审核", "分管领导把关"],
            "important": ["科室审核", "分管领导把关", "主要领导审批"],
        }
    )
    override_role: str = "保密审查员"
    dictionaries: list[str] = Field(default_factory=list)
    public_numbers: list[str] = Field(
        default_factory=list,
        description="the body's own published numbers (监督电话, 咨询电话, 传真): never flagged, "
        "never masked; the organization's phone and fax are added",
    )


class TaxonomyConfig(_Section):
    topics: list[str] = Field(default_factory=lambda: list(DEFAULT_TOPICS))
    columns: list[str] = Field(default_factory=lambda: list(DEFAULT_COLUMNS))
    extra_topics: list[str] = Field(default_factory=list)
    extra_columns: list[str] = Field(default_factory=list)

    def all_topics(self) -> list[str]:
        return [*self.topics, *self.extra_topics]

    def all_columns(self) -> list[str]:
        return [*self.columns, *self.extra_columns]


class PublishingConfig(_Section):
    max_attempts: int = Field(8, ge=1, le=100)
    backoff_seconds: float = Field(30, gt=0)
    backoff_max_seconds: float = Field(3600, gt=0)
    timeout_seconds: float = Field(120, gt=0)
    lease_seconds: float = Field(300, gt=0)
    notice_board_channels: list[str] | None = None


class AuthorityConfig(_Section):
    """``[authority]``: roles beyond the review stages, and who is logged in on the server.

    ``os_accounts`` binds operating-system accounts to actors (``wangxl = "wang"``); when set,
    the CLI acts as the actor of the logged-in account and refuses ``--actor`` for anyone else.
    """

    admin_role: str = "管理员"
    drafter_roles: list[str] = Field(default_factory=lambda: ["经办人"])
    send_roles: list[str] = Field(default_factory=lambda: ["信息发布员"])
    os_accounts: dict[str, str] = Field(default_factory=dict)


class PluginsConfig(_Section):
    blocked: list[str] = Field(default_factory=list)


class Config(_Section):
    """The whole file. ``channels`` and ``calendar`` stay raw for their owners to validate."""

    organization: OrganizationConfig = Field(default_factory=OrganizationConfig)
    site: SiteConfig = Field(default_factory=SiteConfig)
    storage: StorageConfig = Field(default_factory=StorageConfig)
    review: ReviewConfig = Field(default_factory=ReviewConfig)
    taxonomy: TaxonomyConfig = Field(default_factory=TaxonomyConfig)
    publishing: PublishingConfig = Field(default_factory=PublishingConfig)
    plugins: PluginsConfig = Field(default_factory=PluginsConfig)
    authority: AuthorityConfig = Field(default_factory=AuthorityConfig)
    calendar: dict[str, Any] = Field(default_factory=dict)
    channels: dict[str, Any] = Field(
        default_factory=dict, description="``enabled`` list and one table per channel"
    )
    actors: list[dict[str, Any]] = Field(default_factory=list)
    applications: dict[str, Any] = Field(
        default_factory=dict, description="依申请公开 settings, validated by ApplicationSettings"
    )
    notify: dict[str, Any] = Field(default_factory=dict)
    http: dict[str, Any] = Field(default_factory=dict, description="the HTTP service (serve)")
    audit: dict[str, Any] = Field(
        default_factory=dict, description="anchor journal and key, validated by AuditSettings"
    )

    base_dir: Path = Field(default_factory=Path.cwd, exclude=True)

    def resolve(self, path: str) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(path)
        return p if p.is_absolute() else self.base_dir / p


def _level_columns(raw: dict[str, Any]) -> dict[str, Any]:
    """Without ``[taxonomy] columns`` the columns are those of the body's level (层级)."""
    taxonomy = raw.get("taxonomy")
    organization = raw.get("organization")
    if not isinstance(organization, dict) or "level" not in organization:
        return raw
    if isinstance(taxonomy, dict) and "columns" in taxonomy:
        return raw
    from .bodies.levels import columns_for

    try:
        columns = list(columns_for(organization["level"]))
    except ValueError:
        return raw  # the level itself is reported by validation
    return {**raw, "taxonomy": {**(taxonomy or {}), "columns": columns}}


def load_config(raw: dict[str, Any], base_dir: Path | None = None) -> Config:
    """Validate a parsed TOML document; the first bad key becomes a :class:`ConfigError`."""
    try:
        return Config.model_validate({**_level_columns(raw), "base_dir": base_dir or Path.cwd()})
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        rule = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise ConfigError(key, rule) from None
