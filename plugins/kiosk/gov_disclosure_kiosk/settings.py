"""The kiosk channel's settings (``[channels.kiosk]`` in the config file)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class KioskSettings(BaseModel):
    """How the bundle is built and how the kiosk behaves.

    ``out_dir`` defaults to ``<data_dir>/kiosk`` (a relative path is under the data dir);
    ``base_url`` (the website, for the QR codes) defaults to the site-wide ``site.base_url``.
    ``org`` / ``subordinates`` choose the bodies it shows: one body, or a body and every body
    under it (default: the configured body with its villages or departments).
    """

    model_config = ConfigDict(extra="forbid")

    out_dir: Path | None = None
    signing_key: Path | None = Field(
        None, description="Ed25519 key file (default <private_dir>/kiosk-signing.key, 0600)"
    )
    idle_seconds: int = Field(90, ge=1, le=3600, description="idle time before going home")
    orientation: Literal["auto", "portrait", "landscape"] = "auto"
    base_url: str | None = None
    title: str = Field("政务公开查询", min_length=1, max_length=40)
    shards: int = Field(64, ge=1, le=4096, description="data files per kind; fixed once built")
    build_workers: int = Field(1, ge=1, le=64, description="processes for large rebuilds")
    page_size: int = Field(8, ge=3, le=50, description="items per list page")
    org: str | None = Field(
        None,
        description="the body whose items it shows (name, credit code or id; default: the "
        "configured body); the county government with subordinates = the whole county",
    )
    subordinates: bool = Field(True, description="also the bodies under it (含下级机关)")
    abbreviations: dict[str, str] = Field(
        default_factory=dict, description="extra 全称 → 简称 pairs for search, e.g. 低保"
    )

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("base_url must start with http:// or https://")
        return value.rstrip("/") if value else value
