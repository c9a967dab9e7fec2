"""The footer every page carries (《政府网站发展指引》) and the warnings when it is incomplete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .settings import ICP_QUERY, WebsiteSettings

CONAC_ASSET = "assets/conac"
"""Where the 党政机关标识 image is copied (plus its suffix: ``assets/conac.png``)."""


def conac_asset(settings: WebsiteSettings) -> str | None:
    """The site path of the 党政机关标识 image, when one is configured."""
    image = settings.footer.conac_image
    return f"{CONAC_ASSET}{image.suffix.lower()}" if image is not None else None


def footer_context(settings: WebsiteSettings, organization: dict[str, Any]) -> dict[str, Any]:
    """What ``base.html`` shows in the footer: 主办单位, 联系方式, 网站标识码, ICP备案号 (with the
    MIIT link), 公安备案号 (with the MPS link) and the 党政机关标识."""
    f = settings.footer
    return {
        "sponsor": f.sponsor or organization.get("name") or "",
        "organizer": f.organizer,
        "contact": f.contact or organization.get("phone"),
        "address": organization.get("address"),
        "site_code": f.site_code,
        "icp": f.icp,
        "icp_href": ICP_QUERY if f.icp else None,
        "police_record": f.police_record,
        "police_href": f.police_href(),
        "conac_src": conac_asset(settings),
        "conac_href": f.conac_link,
    }


def footer_warnings(settings: WebsiteSettings) -> list[str]:
    """A line naming the required footer fields that are missing, and one for a 党政机关标识
    file that cannot be read. Chinese first: office staff read them after a build."""
    missing = settings.footer.missing()
    out = (
        [
            f"网站页脚缺少{'、'.join(missing)}，请在 [channels.website.footer] 中设置"
            " (footer fields the 政府网站发展指引 requires are missing)"
        ]
        if missing
        else []
    )
    image = settings.footer.conac_image
    if image is not None and not Path(image).is_file():
        out.append(f"党政机关标识图片不存在：{image} (conac_image is not a readable file)")
    return out
