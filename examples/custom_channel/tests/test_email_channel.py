"""EmailChannel against a real SMTP server on localhost: publish, update, withdraw, failures."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from email_testlib import RECIPIENTS, Server, free_port, make_context, make_edition
from gov_disclosure.channels import Action, PublishedEdition
from gov_disclosure.errors import ChannelError, ConfigError
from gov_disclosure.models import Audience, ItemState

from gov_disclosure_email import EmailChannel, EmailSettings

MakeChannel = Callable[..., EmailChannel]
TITLE = "关于2026年春耕补贴发放的公告"


def test_publish_sends_one_chinese_mail_to_every_recipient(
    make_channel: MakeChannel, smtp_server: Server, edition: PublishedEdition
) -> None:
    receipt = make_channel().publish(edition)

    [got] = smtp_server.inbox.messages
    assert got.mail_from == "gongkai@example.gov.cn"
    assert sorted(got.rcpt_tos) == sorted(RECIPIENTS)
    assert got.message["Subject"] == f"【示例镇政务公开】{TITLE}"
    assert got.message["From"].addresses[0].display_name == "示例镇人民政府"
    assert not any(addr in str(got.message["To"]) for addr in RECIPIENTS)  # sent as Bcc
    assert got.message["Message-ID"] == receipt.message_ids[0]
    assert got.message["X-Gov-Disclosure-Index"] == edition.index_no
    text = got.text
    for line in (
        "索引号：11320000MB1234562M/2026-00007",
        "文号：示政发〔2026〕3号",
        "成文日期：2026年3月2日",
        "发布日期：2026年3月3日",
        "补贴标准为每亩120元。",
        "全文：https://www.example.gov.cn/items/11320000MB1234562M-2026-00007.html",
    ):
        assert line in text
    assert receipt.channel == "email" and receipt.action is Action.PUBLISH
    assert receipt.location == "https://www.example.gov.cn/items/11320000MB1234562M-2026-00007.html"
    assert receipt.details["recipients"] == 2


def test_html_part_escapes_the_item_text(
    make_channel: MakeChannel, smtp_server: Server, edition: PublishedEdition
) -> None:
    make_channel().publish(edition)

    html = smtp_server.inbox.messages[0].html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; 其他" in html
    assert "<script>" not in html
    assert '<a href="https://www.example.gov.cn/items/' in html


def test_update_threads_under_the_first_mail(
    make_channel: MakeChannel, smtp_server: Server, edition: PublishedEdition
) -> None:
    channel = make_channel()
    first = channel.publish(edition)
    second = make_edition(edition=2, replaces_edition=1, body="补贴标准调整为每亩150元。")

    receipt = channel.update(second, first)

    got = smtp_server.inbox.messages[1]
    assert got.message["Subject"] == f"【示例镇政务公开】更新：{TITLE}"
    assert "本条信息已更新（第2版）" in got.text
    assert "每亩150元" in got.text
    assert got.message["In-Reply-To"] == first.message_ids[0]
    assert receipt.message_ids[0] != first.message_ids[0]
    assert receipt.action is Action.UPDATE


def test_repeal_is_mailed_as_such(
    make_channel: MakeChannel, smtp_server: Server, edition: PublishedEdition
) -> None:
    repealed = make_edition(state=ItemState.REPEALED, withdrawn_reason="被新政策替代")

    make_channel().update(repealed, None)

    got = smtp_server.inbox.messages[0]
    assert got.message["Subject"] == f"【示例镇政务公开】已废止：{TITLE}"
    assert "本文件已废止：被新政策替代" in got.text
    assert "有效性：已废止" in got.text


def test_withdraw_gives_the_reason_and_no_link(
    make_channel: MakeChannel, smtp_server: Server, edition: PublishedEdition
) -> None:
    channel = make_channel(subject_prefix="［通知］")
    first = channel.publish(edition)

    receipt = channel.withdraw(edition, "数据有误，核实后重新发布", first)

    got = smtp_server.inbox.messages[1]
    assert got.message["Subject"] == f"［通知］撤回：{TITLE}"
    assert "撤回原因：数据有误，核实后重新发布" in got.text
    assert "全文：" not in got.text
    assert receipt.action is Action.WITHDRAW and receipt.location is None


def test_a_repeated_delivery_is_not_mailed_twice(
    make_channel: MakeChannel, smtp_server: Server, edition: PublishedEdition
) -> None:
    channel = make_channel()
    first = channel.publish(edition)
    again = channel.publish(edition)

    assert len(smtp_server.inbox.messages) == 1
    assert again.message_ids == first.message_ids
    assert again.details["repeat"] is True


def test_the_message_id_is_the_same_for_the_same_delivery_elsewhere(
    make_channel: MakeChannel, smtp_server: Server, edition: PublishedEdition
) -> None:
    """A channel that lost its state sends again, but recognisably (same Message-ID)."""
    make_channel().publish(edition)
    make_channel().publish(edition)

    ids = [m.message["Message-ID"] for m in smtp_server.inbox.messages]
    assert len(ids) == 2 and ids[0] == ids[1]


def test_server_down_is_a_retryable_channel_error(
    make_channel: MakeChannel, edition: PublishedEdition
) -> None:
    channel = make_channel(port=free_port())  # nothing listens there

    with pytest.raises(ChannelError) as caught:
        channel.publish(edition)

    assert caught.value.retryable is True
    assert caught.value.channel == "email"
    assert "cannot reach SMTP server 127.0.0.1" in caught.value.problem


def test_every_recipient_refused_is_not_retryable(
    make_channel: MakeChannel, smtp_server: Server, edition: PublishedEdition
) -> None:
    smtp_server.inbox.refuse = set(RECIPIENTS)

    with pytest.raises(ChannelError) as caught:
        make_channel().publish(edition)

    assert caught.value.retryable is False
    assert "zhang@example.gov.cn (550" in caught.value.problem


def test_one_refused_recipient_is_reported_in_the_receipt(
    make_channel: MakeChannel, smtp_server: Server, edition: PublishedEdition
) -> None:
    smtp_server.inbox.refuse = {"li@example.gov.cn"}

    receipt = make_channel().publish(edition)

    assert smtp_server.inbox.messages[0].rcpt_tos == ["zhang@example.gov.cn"]
    assert receipt.details["recipients"] == 1
    assert receipt.details["refused"]["li@example.gov.cn"].startswith("550")


def test_login_uses_the_password_from_the_environment_and_never_logs_it(
    make_channel: MakeChannel,
    smtp_server: Server,
    edition: PublishedEdition,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("GD_SMTP_PASSWORD", "s3cret-pw")
    caplog.set_level(logging.DEBUG)
    channel = make_channel(username="gongkai", password_env="GD_SMTP_PASSWORD")

    channel.publish(edition)
    channel.publish(edition)

    assert smtp_server.inbox.logins == [("gongkai", "s3cret-pw")]
    assert len(smtp_server.inbox.messages) == 1
    assert "s3cret" not in caplog.text
    assert "s3cret" not in repr(channel.settings)


def test_a_refused_login_is_not_retryable(
    make_channel: MakeChannel, edition: PublishedEdition, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GD_SMTP_PASSWORD", "wrong")
    channel = make_channel(username="gongkai", password_env="GD_SMTP_PASSWORD")

    with pytest.raises(ChannelError) as caught:
        channel.publish(edition)

    assert caught.value.retryable is False
    assert "wrong" not in str(caught.value)


def test_a_missing_password_variable_fails_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GD_NO_SUCH_VAR", raising=False)
    settings = EmailSettings(host="127.0.0.1", username="x", password_env="GD_NO_SUCH_VAR")

    with pytest.raises(ConfigError) as caught:
        EmailChannel(settings, make_context(tmp_path))

    assert caught.value.key == "channels.email.password_env"


def test_accepts_public_items_of_the_chosen_columns_only(
    make_channel: MakeChannel, edition: PublishedEdition
) -> None:
    channel = make_channel(columns=["惠农补贴"])

    assert channel.accepts(edition)
    assert not channel.accepts(make_edition(column="财政预决算"))
    assert not channel.accepts(make_edition(audience=Audience.INTERNAL))


def test_an_unconfigured_channel_accepts_nothing(tmp_path: Path, edition: PublishedEdition) -> None:
    assert not EmailChannel(EmailSettings(), make_context(tmp_path)).accepts(edition)
    no_one = EmailSettings(host="127.0.0.1", recipients=[])
    assert not EmailChannel(no_one, make_context(tmp_path)).accepts(edition)


def test_expiry_sends_nothing(
    make_channel: MakeChannel, smtp_server: Server, edition: PublishedEdition
) -> None:
    receipt = make_channel().expire(edition, None)

    assert smtp_server.inbox.messages == []
    assert receipt.action is Action.EXPIRE and receipt.details == {"sent": False}
