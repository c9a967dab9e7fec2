"""The screen channel's settings (``[channels.screen]`` in the config file)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: Below this height (pixels) ``mode = "auto"`` chooses the single-line scrolling text.
SCROLL_BELOW = 200


class ScreenSettings(BaseModel):
    """What the display shows, at which size, and how fast it turns.

    ``width`` × ``height`` is the display area in pixels, drawn from the top-left corner of the
    browser window (LED sending cards show exactly such a region of the desktop).
    """

    model_config = ConfigDict(extra="forbid")

    out_dir: Path | None = None
    base_url: str | None = None
    title: str = Field("政务公开", min_length=1, max_length=20)
    width: int = Field(1920, ge=64, le=7680)
    height: int = Field(1080, ge=16, le=4320)
    mode: Literal["auto", "slides", "scroll"] = "auto"
    seconds_per_item: int = Field(12, ge=3, le=600, description="how long each slide stays")
    scroll_speed: int = Field(48, ge=5, le=2000, description="pixels per second when scrolling")
    newest: int = Field(10, ge=0, le=200, description="newest items shown besides the 公示")
    playlist_encoding: Literal["utf-8", "gb18030"] = "utf-8"

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("base_url must start with http:// or https://")
        return value.rstrip("/") if value else value

    @property
    def scrolling(self) -> bool:
        """Whether the display runs the single-line scrolling text."""
        return self.mode == "scroll" or (self.mode == "auto" and self.height < SCROLL_BELOW)
