"""Settings of the bulletin channel (``[channels.bulletin]`` in the config file)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from gov_disclosure.documents import DEFAULT_FALLBACK_FONT


class BulletinSettings(BaseModel):
    """How the 政府公报 and the notice sheets are made."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    output_dir: Path | None = Field(
        None, description="where issues and notice sheets go; default <data_dir>/bulletin"
    )
    period: Literal["monthly", "quarterly"] = Field("monthly", description="one issue per period")
    title_template: str = Field(
        "{organization}公报", min_length=1, description="刊名; {organization} is the body's name"
    )
    organization: str | None = Field(None, description="name for the 刊名 (default: config)")
    org: str | None = Field(
        None,
        description="the body whose items it prints (name, credit code or id; default: the "
        "configured body); the county government with subordinates = the whole county",
    )
    subordinates: bool = Field(True, description="also the bodies under it (含下级机关)")
    fallback_font: str = Field(
        DEFAULT_FALLBACK_FONT, min_length=1, description="font for characters the fonts lack"
    )
    total_offset: int = Field(
        0, ge=0, description="issues published before this software (added to 总第N期)"
    )
    notice_sheets: bool = Field(True, description="write a printable sheet for 公示/公告 items")
    notice_max_pages: int | None = Field(
        None,
        ge=1,
        description="no longer used: a notice sheet takes as many pages as its list needs; "
        "accepted so that older config files still load",
    )
    pdf: bool = Field(
        False, description="also write a PDF (LibreOffice) beside each issue and notice sheet"
    )
    auto_issue: bool = Field(
        True, description="issue every finished period with queued entries at the next delivery"
    )

    def title(self, organization: str) -> str:
        """The 刊名, e.g. ``示例镇人民政府公报``."""
        return self.title_template.format(organization=self.organization or organization)
