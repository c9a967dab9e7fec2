"""The ``notify_responsible`` hook, called through a plugin manager as the core calls it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from email_testlib import Server, make_context
from gov_disclosure.errors import ConfigError
from gov_disclosure.models import Actor
from gov_disclosure.plugins import build_channels, make_plugin_manager

import gov_disclosure_email


@dataclass
class Obligation:
    """What the supervision module is expected to pass (attributes read with getattr)."""

    description: str
    due: date
    why: str


def _manager_with_channel(tmp_path: Path, server: Server) -> Any:
    """A manager with the plugin and the built channel (kept alive, as the App keeps it)."""
    pm = make_plugin_manager(load_installed=False, plugins=[gov_disclosure_email])
    settings = {
        "email": {
            "host": "127.0.0.1",
            "port": server.port,
            "sender": "gongkai@example.gov.cn",
            "timeout_seconds": 5,
        }
    }
    pm.built = build_channels(pm, settings, make_context(tmp_path))
    return pm


def test_one_reminder_mail_to_the_recipients_with_an_address(
    tmp_path: Path, smtp_server: Server
) -> None:
    pm = _manager_with_channel(tmp_path, smtp_server)
    obligations = [
        Obligation("公开2026年部门预算", date(2026, 3, 12), "预算批复后20日内公开"),
        "3月村级财务收支公示（按月）",
    ]
    recipients = [
        Actor(id="cz", name="周所长", unit="财政所", email="zhou@example.gov.cn"),
        Actor(id="cz2", name="吴会计", unit="财政所"),  # no e-mail: skipped
    ]

    answers = pm.hook.notify_responsible(
        unit="财政所", obligations=obligations, recipients=recipients, channels=pm.built
    )

    [got] = smtp_server.inbox.messages
    [receipt] = answers
    assert receipt.channel == "email" and receipt.action == "remind"
    assert receipt.message_ids == (got.message["Message-ID"],)
    assert receipt.details == {"unit": "财政所", "recipients": 1}
    assert got.rcpt_tos == ["zhou@example.gov.cn"]
    assert got.message["Subject"] == "【示例镇政务公开】工作提醒：财政所（2项）"
    text = got.text
    assert "1. 公开2026年部门预算（应于2026年3月12日前完成）　依据：预算批复后20日内公开" in text
    assert "2. 3月村级财务收支公示（按月）" in text
    assert "公开2026年部门预算" in got.html


def test_no_address_no_mail(tmp_path: Path, smtp_server: Server) -> None:
    pm = _manager_with_channel(tmp_path, smtp_server)

    answers = pm.hook.notify_responsible(
        unit="财政所",
        obligations=["公开预算"],
        recipients=[Actor(id="cz2", name="吴会计", unit="财政所")],
        channels=pm.built,
    )

    assert smtp_server.inbox.messages == []
    assert answers == []  # no receipt: the core records the reminder as not sent (未通知)


def test_without_the_email_channel_nothing_is_sent_and_no_receipt(smtp_server: Server) -> None:
    pm = make_plugin_manager(load_installed=False, plugins=[gov_disclosure_email])
    person = Actor(id="a", name="王", unit="办", email="wang@example.gov.cn")

    answers = pm.hook.notify_responsible(
        unit="办", obligations=["年度报告"], recipients=[person], channels={}
    )

    assert answers == [] and smtp_server.inbox.messages == []


def test_the_same_reminder_on_the_same_day_keeps_its_message_id(
    tmp_path: Path, smtp_server: Server
) -> None:
    pm = _manager_with_channel(tmp_path, smtp_server)
    args = {
        "unit": "党政综合办公室",
        "obligations": ["年度报告（1月31日前）"],
        "recipients": [
            Actor(id="a", name="王", unit="党政综合办公室", email="wang@example.gov.cn")
        ],
        "channels": pm.built,
    }

    pm.hook.notify_responsible(**args)
    pm.hook.notify_responsible(**args)

    first, second = (m.message["Message-ID"] for m in smtp_server.inbox.messages)
    assert first == second


def test_a_bad_setting_names_the_key(tmp_path: Path) -> None:
    pm = make_plugin_manager(load_installed=False, plugins=[gov_disclosure_email])

    with pytest.raises(ConfigError) as unknown:
        build_channels(pm, {"email": {"hots": "127.0.0.1"}}, make_context(tmp_path))
    with pytest.raises(ConfigError) as bad_address:
        build_channels(pm, {"email": {"recipients": ["not-an-address"]}}, make_context(tmp_path))

    assert unknown.value.key == "channels.email.hots"
    assert unknown.value.rule == "unknown key"
    assert bad_address.value.key == "channels.email.recipients"
    assert "not-an-address" in bad_address.value.rule
