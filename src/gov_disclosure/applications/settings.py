"""The ``[applications]`` section of the config file::

[applications]
extension_role = "主要领导审批"        # who may approve the one extension (Art. 33)
handler_roles = ["经办人", "科室审核"]  # register, 补正, consult, fees
reply_roles = ["科室审核", "分管领导把关", "主要领导审批"]
supplement_days = 15                   # period given to the applicant for 补正
templates_dir = "letters"              # office's own letter templates (override built-ins)
letter_number_pattern = "示政公开〔{year}〕{seq}号"  # 文号 of letters (the body's sequence)
letter_prefix = "示政信"               # shorthand for "示政信〔{year}〕{seq}号"
review_body = "示例县人民政府"          # 复议机关 named in the remedies paragraph
court = "示例县人民法院"                # the court named there
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import ConfigError
from .letter_numbers import format_number

#: Statutory periods (working days) a config may shorten but never lengthen.
STATUTORY_MAXIMUM: dict[str, tuple[int, str]] = {
    "reply_days": (20, "条例第三十三条：答复期限"),
    "max_extension_days": (20, "条例第三十三条：延长答复期限"),
    "consult_days": (15, "条例第三十二条：第三方提出意见的期限"),
    "supplement_notice_days": (7, "条例第三十条：一次性告知补正的期限"),
    "fee_days": (20, "国办函〔2020〕109号：缴纳信息处理费的期限"),
}


class ApplicationSettings(BaseModel):
    """Resolved ``[applications]`` settings (defaults fit the test fixture's roles)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    extension_role: str = "主要领导审批"
    handler_roles: tuple[str, ...] = ("经办人", "科室审核")
    reply_roles: tuple[str, ...] = ("科室审核", "分管领导把关", "主要领导审批")
    reply_days: int = Field(20, ge=1)
    supplement_notice_days: int = Field(7, ge=1)
    supplement_days: int = Field(15, ge=1, le=60)
    consult_days: int = Field(15, ge=1)
    max_extension_days: int = Field(20, ge=1)
    fee_days: int = Field(20, ge=1)
    templates_dir: Path | None = None
    letter_prefix: str | None = None
    letter_number_pattern: str | None = None
    review_body: str | None = Field(None, min_length=2)  # 行政复议机关, e.g. 示例县人民政府
    court: str | None = Field(None, min_length=2)  # 管辖法院, e.g. 示例县人民法院
    payment_instructions: str = "缴费方式请向联系部门咨询。"

    @model_validator(mode="after")
    def _within_the_statute(self) -> ApplicationSettings:
        """A local rule may promise less than the statute, never more."""
        for key, (limit, rule) in STATUTORY_MAXIMUM.items():
            value = getattr(self, key)
            if value > limit:
                raise ValueError(
                    f"{key} = {value}：{rule}不超过{limit}个工作日，可以更短，不能更长"
                )
        return self


def settings_from_config(raw: dict[str, Any] | None, base_dir: Path) -> ApplicationSettings:
    """Validate the raw section; ``templates_dir`` is resolved against the config's folder."""
    data = dict(raw or {})
    if data.get("templates_dir"):
        path = Path(data["templates_dir"])
        data["templates_dir"] = path if path.is_absolute() else base_dir / path
    try:
        settings = ApplicationSettings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        if not where and "：" in err["msg"]:  # a statutory limit names its own key
            where = err["msg"].removeprefix("Value error, ").split(" = ")[0]
        key = "applications." + where
        rule = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        rule = rule.removeprefix("Value error, ")
        raise ConfigError(key, rule) from None
    if settings.letter_number_pattern:
        format_number(settings.letter_number_pattern, 2026, 1)  # ConfigError when it is bad
    return settings


def remedy_note(settings: ApplicationSettings) -> str | None:
    """What office staff should be told when the remedies paragraph cannot name the 复议机关
    or the court (None when both are configured)."""
    missing = [
        label
        for label, value in (
            ("review_body（复议机关）", settings.review_body),
            ("court（人民法院）", settings.court),
        )
        if not value
    ]
    if not missing:
        return None
    return (
        "注意：配置 [applications] 未填写 " + "、".join(missing) + "，答复书的救济途径只写"
        "“依法申请行政复议/提起行政诉讼”，未写明机关名称。"
        "乡镇人民政府和县级政府部门的复议机关一般为县级人民政府。"
    )
