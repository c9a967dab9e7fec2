"""The ``[applications]`` section of the config file::

[applications]
extension_role = "主要领导审批"        # who may approve the one extension (Art. 33)
handler_roles = ["经办人", "科室审核"]  # register, 补正, consult, fees
reply_roles = ["科室审核", "分管领导把关", "主要领导审批"]
supplement_days = 15                   # period given to the applicant for 补正
templates_dir = "letters"              # office's own letter templates (override built-ins)
letter_prefix = "示政信"               # 文号 prefix of letters: 示政信〔2026〕7号
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ConfigError


class ApplicationSettings(BaseModel):
    """Resolved ``[applications]`` settings (defaults fit the test fixture's roles)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    extension_role: str = "主要领导审批"
    handler_roles: tuple[str, ...] = ("经办人", "科室审核")
    reply_roles: tuple[str, ...] = ("科室审核", "分管领导把关", "主要领导审批")
    reply_days: int = Field(20, ge=1, le=60)
    supplement_notice_days: int = Field(7, ge=1, le=30)
    supplement_days: int = Field(15, ge=1, le=60)
    consult_days: int = Field(15, ge=1, le=60)
    max_extension_days: int = Field(20, ge=1, le=60)
    fee_days: int = Field(20, ge=1, le=60)
    templates_dir: Path | None = None
    letter_prefix: str | None = None
    payment_instructions: str = "缴费方式请向联系部门咨询。"


def settings_from_config(raw: dict[str, Any] | None, base_dir: Path) -> ApplicationSettings:
    """Validate the raw section; ``templates_dir`` is resolved against the config's folder."""
    data = dict(raw or {})
    if data.get("templates_dir"):
        path = Path(data["templates_dir"])
        data["templates_dir"] = path if path.is_absolute() else base_dir / path
    try:
        return ApplicationSettings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = "applications." + ".".join(str(p) for p in err["loc"])
        rule = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise ConfigError(key, rule) from None
