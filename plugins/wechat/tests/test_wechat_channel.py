"""The WeChat channel against a local stand-in of the official account platform."""

from __future__ import annotations

import os
import re

import pytest
from gov_disclosure_wechat import WechatSettings, load_credentials

from gov_disclosure.channels import Action
from gov_disclosure.errors import ChannelError, ConfigError
from testsupport.samples import CREDIT

SECRET = "s3cr3t-not-for-logs"  # as in conftest.py


def idx(seq: int) -> str:
    return f"{CREDIT}/2026-{seq:05d}"


def test_publish_adds_a_draft_submits_and_polls_until_published(platform, make_channel, editions):
    platform.pending_polls = 2
    receipt = make_channel().publish(editions[idx(4)])
    assert receipt.action is Action.PUBLISH
    assert receipt.details["article_id"] == "ART100"
    assert receipt.location == f"{platform.host}/s/ART100"
    assert [p for p, _ in platform.calls] == [
        "material/add_material",  # the generated default cover, once
        "draft/add",
        "freepublish/submit",
        "freepublish/get",
        "freepublish/get",
        "freepublish/get",
    ]
    assert len(platform.tokens) == 1


def test_article_html_follows_the_platform_rules(platform, make_channel, editions):
    edition = editions[idx(1)]
    make_channel().publish(edition)
    article = platform.drafts["MEDIA0"]
    html = article["content"]
    url = f"https://gk.example.gov.cn/items/{edition.slug}.html"
    assert article["content_source_url"] == url
    assert platform.materials[article["thumb_media_id"]]["type"] == "image"  # a cover, always
    for label, value in (
        ("索引号", edition.index_no),
        ("发布机构", "示例镇人民政府"),
        ("发布日期", "2026年3月5日"),
        ("文号", "示政发〔2026〕3号"),
    ):
        assert re.search(f">{label}</td><td[^>]*>{re.escape(value)}</td>", html)
    assert "<script" not in html.lower() and "class=" not in html and "<style" not in html
    assert re.findall(r'href="([^"]+)"', html) == [url]  # the only link: the item page
    assert "<img" not in html and "src=" not in html
    assert article["title"] == edition.title


def test_token_is_cached_between_publishes(platform, make_channel, editions):
    channel = make_channel()
    channel.publish(editions[idx(1)])
    channel.publish(editions[idx(2)])
    assert len(platform.tokens) == 1 and len(platform.articles) == 2


def test_token_expiring_mid_publish_is_renewed_once(platform, make_channel, editions):
    platform.expire_after_draft = True
    receipt = make_channel().publish(editions[idx(3)])
    assert len(platform.tokens) == 2 and receipt.details["article_id"] == "ART100"
    assert len(platform.drafts) == 1 and platform.submitted() == 1


def test_token_refused_twice_gives_up(platform, make_channel, editions):
    platform.fail_next["draft/add"] = [40001, 40001]
    with pytest.raises(ChannelError) as caught:
        make_channel().publish(editions[idx(3)])
    assert "errcode 40001" in str(caught.value) and caught.value.retryable is False
    assert len(platform.tokens) == 2


def test_publish_failing_review_is_given_up_with_its_status(platform, make_channel, editions):
    platform.review = 4
    with pytest.raises(ChannelError) as caught:
        make_channel().publish(editions[idx(5)])
    assert caught.value.retryable is False
    assert "publish_status 4" in caught.value.problem and "审核不通过" in caught.value.problem
    assert platform.articles == {}


def test_rate_limit_is_retried_and_a_rerun_makes_no_second_article(
    platform, make_channel, editions
):
    channel = make_channel()
    platform.fail_next["freepublish/submit"] = [45009]
    with pytest.raises(ChannelError) as caught:
        channel.publish(editions[idx(7)])
    assert caught.value.retryable is True and "errcode 45009" in caught.value.problem
    receipt = make_channel().publish(editions[idx(7)])  # the retry, in a new channel
    assert len(platform.drafts) == 1  # the draft is reused
    assert len(platform.publishes) == 1 and receipt.details["media_id"] == "MEDIA0"
    again = make_channel().publish(editions[idx(7)])  # delivered twice: answered from state
    assert again.details == receipt.details and len(platform.publishes) == 1


def test_publish_still_running_is_polled_again_not_resubmitted(platform, make_channel, editions):
    platform.pending_polls = 5
    with pytest.raises(ChannelError) as caught:
        make_channel(poll_attempts=2).publish(editions[idx(8)])
    assert caught.value.retryable is True
    receipt = make_channel().publish(editions[idx(8)])
    assert platform.submitted() == 1 and receipt.details["publish_id"] == "100"


@pytest.mark.parametrize("code", [48001, 40007, 53503])
def test_permission_and_content_errors_are_not_retried(platform, make_channel, editions, code):
    platform.fail_next["draft/add"] = [code]
    with pytest.raises(ChannelError) as caught:
        make_channel().publish(editions[idx(1)])
    assert caught.value.retryable is False and f"errcode {code}" in caught.value.problem


def test_withdraw_deletes_the_article_and_update_replaces_it(platform, make_channel, editions):
    channel = make_channel()
    first = channel.publish(editions[idx(1)])
    second_edition = editions[idx(1)].model_copy(update={"edition": 2, "title": "更正后的标题"})
    second = channel.update(second_edition, first)
    assert platform.deleted == [first.details["article_id"]]
    gone = channel.withdraw(second_edition, "内容有误", second)
    assert gone.action is Action.WITHDRAW and gone.details["deleted"] is True
    assert platform.deleted == [first.details["article_id"], second.details["article_id"]]


def test_expiry_leaves_the_article_alone(platform, make_channel, editions):
    channel = make_channel()
    first = channel.publish(editions[idx(4)])
    calls = len(platform.calls)
    receipt = channel.expire(editions[idx(4)].model_copy(update={"edition": 2}), first)
    assert receipt.action is Action.EXPIRE
    assert receipt.details["article_id"] == first.details["article_id"]
    assert len(platform.calls) == calls and platform.deleted == []


def test_secret_never_in_receipts_errors_or_state(platform, make_channel, editions):
    channel = make_channel()
    receipt = channel.publish(editions[idx(1)])
    platform.fail_next["draft/add"] = [48001]
    with pytest.raises(ChannelError) as caught:
        channel.publish(editions[idx(2)])
    seen = receipt.model_dump_json() + str(caught.value) + repr(channel.context.state.__dict__)
    assert SECRET not in seen and "TOKEN" not in seen
    assert SECRET not in repr(channel.client.credentials)


def test_credentials_from_a_private_file_only(tmp_path, monkeypatch):
    monkeypatch.delenv("GD_WECHAT_APPID", raising=False)
    monkeypatch.delenv("GD_WECHAT_SECRET", raising=False)
    path = tmp_path / "wechat.toml"
    path.write_text(f'appid = "wx1"\nsecret = "{SECRET}"\n', "utf-8")
    os.chmod(path, 0o600)
    creds = load_credentials(WechatSettings(secrets_file=path))
    assert (creds.appid, creds.secret) == ("wx1", SECRET)
    os.chmod(path, 0o644)
    with pytest.raises(ConfigError, match="0600"):
        load_credentials(WechatSettings(secrets_file=path))
    with pytest.raises(ConfigError, match="GD_WECHAT_APPID"):
        load_credentials(WechatSettings())


def test_unconfigured_account_takes_nothing(make_channel, editions, monkeypatch):
    monkeypatch.delenv("GD_WECHAT_SECRET")
    channel = make_channel()
    assert channel.configured is False and channel.accepts(editions[idx(1)]) is False
    monkeypatch.setenv("GD_WECHAT_SECRET", SECRET)
    with pytest.raises(ConfigError, match="cover_image"):
        make_channel(cover_image="missing-cover.png")
