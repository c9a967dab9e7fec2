"""Attachments as materials, images inside the article, the cover, and the stdlib stand-in."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import requests
from gov_disclosure_wechat import WechatChannel, WechatSettings
from gov_disclosure_wechat.media import default_cover
from gov_disclosure_wechat.standin import APPID, SECRET, StandIn

from gov_disclosure.channels import AttachmentView, ChannelContext, MemoryChannelState
from testsupport.samples import CREDIT, sample_editions


def _attachment(folder: Path, name: str, data: bytes, media_type: str) -> AttachmentView:
    path = folder / name
    path.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    return AttachmentView(
        name=name, media_type=media_type, size=len(data), sha256=digest, path=path
    )


def _with_files(edition, folder: Path):  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True, exist_ok=True)
    files = (
        _attachment(folder, "现场照片.png", default_cover(), "image/png"),
        _attachment(folder, "预算表.pdf", b"%PDF-1.4 budget", "application/pdf"),
        _attachment(folder, "动画.gif", b"GIF89a" + b"\0" * 20, "image/gif"),
    )
    return edition.model_copy(update={"attachments": files})


def test_images_and_attachments_are_uploaded_as_materials(platform, make_channel, tmp_path):
    edition = _with_files(sample_editions()[0], tmp_path / "files")
    platform.fail_next["draft/add"] = [45009]  # the quota: the retry uploads nothing again
    channel = make_channel()
    try:
        channel.publish(edition)
    except Exception as exc:
        assert "45009" in str(exc)
    receipt = channel.publish(edition)
    kinds = sorted(m["type"] for m in platform.materials.values())
    assert kinds == ["image", "image", "image"]  # the cover, the png and the gif
    assert [p for p, _ in platform.calls].count("media/uploadimg") == 1  # the png only
    assert set(receipt.details["materials"]) == {"现场照片.png", "动画.gif"}
    url = receipt.details["images"]["现场照片.png"]
    html = platform.drafts["MEDIA0"]["content"]
    assert re.findall(r'<img src="([^"]+)"', html) == [url]  # the platform's URL, not ours
    assert url.startswith(platform.host + "/mmbiz/")
    assert "预算表.pdf" in html and "动画.gif" in html  # named, with the website's link
    assert "现场照片.png（" not in html


def test_a_configured_cover_is_uploaded_once_for_every_article(platform, make_channel, tmp_path):
    cover = tmp_path / "data" / "cover.png"
    cover.parent.mkdir(parents=True)
    cover.write_bytes(default_cover())
    channel = make_channel(cover_image="cover.png")  # relative to the data folder
    first, second = sample_editions()[:2]
    channel.publish(first)
    channel.publish(second)
    thumbs = {d["thumb_media_id"] for d in platform.drafts.values()}
    assert len(thumbs) == 1 and platform.materials[thumbs.pop()]["filename"] == "cover.png"
    assert [p for p, _ in platform.calls].count("material/add_material") == 1


def test_default_cover_is_a_png_of_the_platforms_proportions() -> None:
    data = default_cover()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (900, 383) and len(data) < 64 * 1024


def test_the_stdlib_stand_in_serves_a_whole_publication(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GD_WECHAT_APPID", APPID)
    monkeypatch.setenv("GD_WECHAT_SECRET", SECRET)
    edition = _with_files(sample_editions()[0], tmp_path / "files")
    with StandIn() as standin:
        context = ChannelContext(
            data_dir=tmp_path,
            catalogue=list,
            state=MemoryChannelState(),
            site={"base_url": "https://gk.example.gov.cn"},
        )
        settings = WechatSettings(api_base=standin.url, poll_seconds=0)
        channel = WechatChannel(settings, context)
        receipt = channel.publish(edition)
        assert receipt.location == f"{standin.url}/s/ART100"
        image = receipt.details["images"]["现场照片.png"]
        assert requests.get(image, timeout=5).content == default_cover()  # re-hosted
        channel.withdraw(edition, "test", receipt)
        assert standin.platform.deleted == ["ART100"]
    assert edition.index_no.startswith(CREDIT)
