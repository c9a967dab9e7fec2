"""The channel contract: accepts, publish, update, withdraw, templates, cap, quiet hours."""

from __future__ import annotations

import json
import logging
from datetime import datetime

import pytest
from gov_disclosure_sms.channel import QuietHoursError
from gov_disclosure_sms.messages import MessageRefusedError
from gov_disclosure_sms.segments import count_parts
from sms_testlib import BASE_URL, DAYTIME, NIGHT, SHANGHAI, make_edition, numbers, subscribe_all

from gov_disclosure.channels import Action
from gov_disclosure.errors import ChannelError, ConfigError
from gov_disclosure.models import Audience, DisclosureMode, DocumentKind


def test_accepts(make_channel, engine) -> None:
    channel = make_channel()
    assert not channel.accepts(make_edition())  # nobody subscribed yet
    subscribe_all(engine, numbers(1), topics=["教育"])
    assert not channel.accepts(make_edition())
    assert channel.accepts(make_edition(kind=DocumentKind.WARNING, topic="应急管理"))
    assert channel.accepts(make_edition(topic="教育"))
    assert not channel.accepts(make_edition(topic="教育", audience=Audience.INTERNAL))
    assert not channel.accepts(make_edition(topic="教育", mode=DisclosureMode.ON_REQUEST))


def test_outbox_writes_what_a_gateway_receives(make_channel, engine, tmp_path) -> None:
    subscribe_all(engine, numbers(3))
    channel = make_channel(batch_size=2)
    receipt = channel.publish(make_edition())
    lines = (
        (tmp_path / "data-private" / "sms-outbox.jsonl").read_text(encoding="utf-8").splitlines()
    )
    bodies = [json.loads(line) for line in lines]
    assert [len(b["messages"]) for b in bodies] == [2, 1]
    assert [m["to"] for b in bodies for m in b["messages"]] == numbers(3)
    assert receipt.details["sent_for_real"] is False
    assert receipt.details["transport"] == "outbox"


def test_message_text_and_cost(make_channel, engine) -> None:
    subscribe_all(engine, numbers(4))
    channel = make_channel()
    plan = channel.plan(make_edition())
    link = f"{BASE_URL}/items/000014349-2025-00042.html"
    assert (
        plan.message.text
        == f"【示例镇人民政府】公示：关于2025年春耕补贴发放的公告，详见{link} 回复TD退订"
    )
    units = len(plan.message.text.encode("utf-16-le")) // 2
    expected = 1 if units <= 70 else -(-units // 67)
    assert units > 70 and plan.cost.parts_per_message == expected == 2
    assert plan.cost.total_parts == 4 * plan.cost.parts_per_message
    assert plan.message.parts == count_parts(plan.message.text)


def test_template_over_the_cap_is_refused_before_sending(make_channel, engine, tmp_path) -> None:
    subscribe_all(engine, numbers(2))
    long_title = "关于" + "春耕补贴" * 60 + "的公告"
    channel = make_channel(max_parts=2)
    with pytest.raises(MessageRefusedError) as err:
        channel.plan(make_edition(title=long_title))
    assert "over the cap of 2" in err.value.rule and err.value.field == "template[公示公告]"
    with pytest.raises(ChannelError) as failed:
        channel.publish(make_edition(title=long_title))
    assert not failed.value.retryable
    assert not (tmp_path / "data-private" / "sms-outbox.jsonl").exists()  # nothing went out


def test_template_rendering_empty_is_refused(make_channel, engine) -> None:
    subscribe_all(engine, numbers(1))
    channel = make_channel(templates={"公示公告": "【{signature}】{summary}"})
    with pytest.raises(MessageRefusedError) as err:
        channel.plan(make_edition(summary="  "))
    assert err.value.rule == "renders empty"
    bad = make_channel(templates={"公示公告": "{title} {nope}"})
    with pytest.raises(MessageRefusedError) as err:
        bad.plan(make_edition())
    assert "unknown field {nope}" in err.value.rule


def test_link_needs_a_base_url(tmp_path, engine) -> None:
    from gov_disclosure_sms.channel import SmsChannel, SmsSettings
    from sms_testlib import make_context

    context = make_context(tmp_path, engine)
    context.site = {}
    with pytest.raises(ConfigError):
        SmsChannel(SmsSettings(), context).plan(make_edition())
    channel = SmsChannel(SmsSettings(base_url="https://x.gov.cn/"), context)
    assert "https://x.gov.cn/items/" in channel.plan(make_edition()).message.text


def test_quiet_hours_hold_routine_pushes_not_warnings(make_channel, engine, tmp_path) -> None:
    subscribe_all(engine, numbers(2), topics=["农业农村"])
    night = make_channel(now=NIGHT)
    with pytest.raises(QuietHoursError) as err:
        night.publish(make_edition())
    assert err.value.retryable
    assert err.value.not_before == datetime(2025, 3, 4, 8, 0, tzinfo=SHANGHAI)
    warning = make_edition(
        kind=DocumentKind.WARNING,
        index_no="W/2025-1",
        topic="应急管理",
        title="大风蓝色预警",
        summary="今夜阵风8级，请加固棚架。",
    )
    receipt = night.publish(warning)
    assert receipt.details["recipients"] == 2 and receipt.details["text"].startswith(
        "【示例镇人民政府】预警：大风蓝色预警。今夜阵风8级"
    )
    immediate = make_edition(schedule_kind="immediate", index_no="I/2025-1")
    assert night.publish(immediate).details["accepted"] == 2
    early = make_channel(now=datetime(2025, 3, 4, 7, 59, tzinfo=SHANGHAI))
    with pytest.raises(QuietHoursError):
        early.publish(make_edition())
    assert make_channel(now=DAYTIME, quiet_hours=None).publish(make_edition())


def test_update_and_withdraw(make_channel, engine, tmp_path) -> None:
    subscribe_all(engine, numbers(2))
    channel = make_channel()
    first = channel.publish(make_edition())
    quiet_update = channel.update(make_edition(edition=2), first)
    assert quiet_update.details["sent"] == 0 and quiet_update.action is Action.UPDATE
    withdrawn = channel.withdraw(make_edition(), "内容有误", first)
    assert withdrawn.details["sent"] == 0 and withdrawn.action is Action.WITHDRAW
    outbox = tmp_path / "data-private" / "sms-outbox.jsonl"
    assert len(outbox.read_text(encoding="utf-8").splitlines()) == 1
    loud = make_channel(notify_updates=True)
    receipt = loud.update(make_edition(edition=2), first)
    assert receipt.details["text"].startswith("【示例镇人民政府】更正：")
    assert receipt.location == "sms:000014349/2025-00042@2/update"


def test_dry_run_records_nothing(make_channel, engine, tmp_path) -> None:
    subscribe_all(engine, numbers(3))
    channel = make_channel()
    plan = channel.dry_run(make_edition(), tmp_path / "dry.jsonl")
    assert plan.cost.recipients == 3
    assert len((tmp_path / "dry.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    assert channel.sender.report(plan.key).counts == {}


def test_logs_mask_numbers(make_channel, engine, caplog) -> None:
    subscribe_all(engine, numbers(2))
    with caplog.at_level(logging.DEBUG):
        make_channel().publish(make_edition())
    assert caplog.text and all(n not in caplog.text for n in numbers(2))


def test_signature_rule(make_channel, engine) -> None:
    subscribe_all(engine, numbers(1))
    with pytest.raises(ConfigError):
        make_channel(signature="示").plan(make_edition())
    plan = make_channel(signature="【示例镇】").plan(make_edition())
    assert plan.message.text.startswith("【示例镇】")
