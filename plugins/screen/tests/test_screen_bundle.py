"""What the screen bundle holds: the items chosen, their order, withdrawals, the playlist."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from gov_disclosure_screen import ScreenChannel, ScreenSettings

from gov_disclosure.channels import Action, ChannelContext
from gov_disclosure.errors import ConfigError
from gov_disclosure.models import ItemState
from testsupport.samples import CREDIT, make_edition

BASE_URL = "https://gk.example.gov.cn"  # as in conftest.py


def idx(seq: int) -> str:
    return f"{CREDIT}/2026-{seq:05d}"


#: Running 公示 by end date (6 ends 03-08, 4 ends 03-12), then the other public items newest
#: first (all published 03-05, so by 索引号). Left out: 9 internal, 10 expired, 11 repealed.
EXPECTED = [idx(n) for n in (6, 4, 1, 2, 3, 5, 7, 8, 12)]


def slides_data(root: Path) -> dict:
    text = (root / "data" / "slides.js").read_text("utf-8")
    assert text.startswith("window.SCREEN_DATA=") and text.endswith(";\n")
    return json.loads(text[len("window.SCREEN_DATA=") : -2])


def playlist_lines(root: Path, encoding: str = "utf-8") -> list[str]:
    raw = (root / "playlist.txt").read_bytes()
    assert raw.endswith(b"\n") and not raw.startswith(b"\xef\xbb\xbf")
    return raw.decode(encoding).split("\n")[:-1]


def test_running_notices_first_then_the_newest_items(make_channel) -> None:
    result = make_channel().rebuild()
    assert list(result.shown) == EXPECTED
    slides = slides_data(result.root)["slides"]
    assert [s["meta"][0][1] for s in slides] == EXPECTED
    first = slides[0]
    assert first["tag"] == "公示" and first["notice"] == "公示期：3月6日至3月8日"
    assert first["until"] == "2026-03-08"
    assert first["meta"][1:] == [["发布机构", "示例镇人民政府"], ["发布日期", "2026年3月5日"]]
    assert first["url"] == f"{BASE_URL}/items/{first['slug']}.html"
    assert first["qr"].startswith("data:image/png;base64,")
    assert {"index.html", "screen.css", "screen.js", "data/slides.js", "playlist.txt"} <= {
        str(p.relative_to(result.root)) for p in result.root.rglob("*") if p.is_file()
    }


def test_newest_limits_the_other_items_but_never_the_notices(make_channel) -> None:
    assert list(make_channel(newest=2).rebuild().shown) == EXPECTED[:4]
    assert list(make_channel(newest=0).rebuild().shown) == EXPECTED[:2]


def test_a_notice_past_its_end_leaves_at_the_next_sync(make_channel, clock) -> None:
    channel = make_channel()
    assert idx(6) in channel.rebuild().shown
    clock.now = datetime(2026, 3, 9, 0, 5)  # the tender notice ended on 03-08
    result = channel.rebuild()
    assert idx(6) not in result.shown and idx(4) in result.shown
    assert "中标结果公示" not in (result.root / "playlist.txt").read_text("utf-8")
    assert "中标结果公示" not in (result.root / "data" / "slides.js").read_text("utf-8")


def test_withdrawn_item_is_gone_from_slides_and_playlist(make_channel, catalogue) -> None:
    channel = make_channel()
    channel.rebuild()
    withdrawn = catalogue.drop(idx(7)).model_copy(update={"state": ItemState.WITHDRAWN})
    receipt = channel.withdraw(withdrawn, "内容有误", None)
    assert receipt.action is Action.WITHDRAW and receipt.details["reason"] == "内容有误"
    root = Path(receipt.location)
    assert idx(7) not in [s["meta"][0][1] for s in slides_data(root)["slides"]]
    assert not any("部门预算" in line for line in playlist_lines(root))
    assert receipt.details["items"] == len(EXPECTED) - 1


def test_withdraw_before_the_catalogue_drops_the_item(make_channel, catalogue) -> None:
    """The delivery may run while the store still lists the item: the action wins."""
    edition = catalogue.by_index[idx(5)]
    receipt = make_channel().withdraw(edition, "撤回", None)
    assert idx(5) not in [s["meta"][0][1] for s in slides_data(Path(receipt.location))["slides"]]


def test_expire_removes_the_notice(make_channel, catalogue) -> None:
    notice = catalogue.by_index[idx(4)].model_copy(update={"state": ItemState.EXPIRED})
    catalogue.put(notice)
    receipt = make_channel().expire(notice, None)
    assert receipt.action is Action.EXPIRE and receipt.details["reason"] == "公示期满"
    assert not any("最低生活保障" in line for line in playlist_lines(Path(receipt.location)))


def test_publish_shows_a_new_item_first_among_the_newest(make_channel, catalogue) -> None:
    edition = make_edition(20, title="示例镇春耕备耕工作通知", published_on=date(2026, 3, 6))
    receipt = make_channel().publish(edition)  # not yet in the catalogue: the action applies
    assert receipt.details["shown"] is True
    data = slides_data(Path(receipt.location))
    assert [s["meta"][0][1] for s in data["slides"]][2] == idx(20)
    internal = make_edition(21, title="内部", audience=catalogue.by_index[idx(9)].audience)
    assert make_channel().publish(internal).details["shown"] is False


def test_playlist_has_one_plain_line_per_item_in_display_order(make_channel, catalogue) -> None:
    catalogue.put(make_edition(30, title="第一行\n第二行\t尾", published_on=date(2026, 3, 1)))
    root = make_channel().rebuild().root
    lines = playlist_lines(root)
    assert len(lines) == len(EXPECTED) + 1
    assert lines[0] == "【公示】示例镇东村道路硬化工程中标结果公示（公示期：3月6日至3月8日）"
    assert lines[1] == "【公示】示例镇2026年3月城乡最低生活保障对象公示（公示期：3月6日至3月12日）"
    assert lines[2] == (
        "【政策文件】示例镇人民政府关于印发《示例镇农村人居环境整治实施方案》的通知"
        "（2026年3月5日发布）"
    )
    assert lines[-1] == "【通知公告】第一行 第二行 尾（2026年3月1日发布）"


def test_playlist_in_gb18030_for_controllers_that_need_it(make_channel) -> None:
    root = make_channel(playlist_encoding="gb18030").rebuild().root
    raw = (root / "playlist.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert playlist_lines(root, "gb18030") == playlist_lines(make_channel().rebuild().root)


def test_led_size_scrolls_without_qr_codes(make_channel) -> None:
    root = make_channel(width=192, height=64).rebuild().root
    data = slides_data(root)
    assert data["config"]["mode"] == "scroll"
    assert data["config"]["width"] == 192 and data["config"]["height"] == 64
    assert all(s["qr"] == "" for s in data["slides"])
    assert make_channel(width=192, height=64, mode="slides").settings.scrolling is False
    assert make_channel(mode="scroll").settings.scrolling is True


def test_second_sync_rewrites_nothing_unchanged(make_channel) -> None:
    channel = make_channel()
    assert channel.rebuild().written
    assert channel.rebuild().written == ()


def test_title_cannot_close_the_data_script(make_channel, catalogue) -> None:
    catalogue.put(make_edition(31, title="</script><script>alert(1)</script>"))
    text = (make_channel().rebuild().root / "data" / "slides.js").read_text("utf-8")
    assert "</script>" not in text and "<\\/script>" in text


def test_missing_base_url_is_a_config_error(tmp_path: Path) -> None:
    context = ChannelContext(data_dir=tmp_path, catalogue=list)
    with pytest.raises(ConfigError) as caught:
        ScreenChannel(ScreenSettings(), context)
    assert "channels.screen.base_url" in str(caught.value)
    with pytest.raises(ValueError, match="base_url"):
        ScreenSettings(base_url="ftp://x")
