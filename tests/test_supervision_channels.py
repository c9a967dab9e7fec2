"""Reminders through the SMS channel's ``notify_responsible`` (outbox transport: the exact JSON
the gateway would receive), including quiet hours and the message cap."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import gov_disclosure_sms
from gov_disclosure_sms.reminders import reminder_text
from gov_disclosure_sms.segments import count_parts

from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.supervision import Obligation, ObligationKind, run_reminders
from gov_disclosure.workdays import CHINA_TZ
from testsupport.core import CREDIT, FixedClock, draft


def _app(tmp_path: Path, clock: FixedClock, quiet: str | None) -> App:
    cfg = load_config(
        {
            "organization": {
                "name": "示例镇人民政府",
                "credit_code": CREDIT,
                "short_name": "示例镇",
            },
            "site": {"base_url": "https://www.example.gov.cn"},
            "actors": [
                {"id": "clerk", "name": "王经办", "unit": "党政综合办公室", "roles": ["经办人"]},
                {"id": "zhou", "name": "周所长", "unit": "财政所", "mobile": "139 1234 0001"},
                {"id": "wu", "name": "吴会计", "unit": "财政所"},  # no mobile: skipped
            ],
            "notify": {"columns": []},
            "channels": {
                "enabled": ["sms"],
                "sms": {
                    "transport": "outbox",
                    "outbox_path": str(tmp_path / "outbox.jsonl"),
                    "quiet_hours": quiet,
                },
            },
        },
        tmp_path,
    )
    pm = make_plugin_manager(load_installed=False, plugins=[gov_disclosure_sms])
    app = App(f"sqlite:///{tmp_path / 'sms.db'}", cfg, pm=pm, clock=clock)
    app.init()
    return app


def _lines(tmp_path: Path) -> list[dict]:
    path = tmp_path / "outbox.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_reminder_is_texted_to_the_mobiles_of_the_unit(tmp_path: Path, clock: FixedClock) -> None:
    clock.at = datetime(2026, 3, 2, 9, 0, tzinfo=CHINA_TZ)
    app = _app(tmp_path, clock, quiet=None)
    app.create_item(draft(written_on=date(2026, 1, 5)), "clerk")  # due 2 Feb: late

    [sent] = run_reminders(app)
    assert run_reminders(app) == []

    assert (sent.state, sent.recipients) == ("sent", ("wu", "zhou"))
    [line] = _lines(tmp_path)
    [message] = line["messages"]
    assert message["to"] == "13912340001"
    assert message["text"] == (
        "【示例镇】政务公开提醒（财政所）：「示例镇2026年部门预算」尚未公开（形成于2026-01-05），"
        "应于2月2日前完成（已超期16个工作日）。依据：条例第二十六条：自信息形成或者变更之日起"
        "20个工作日内"
    )


def test_quiet_hours_defer_the_reminder_to_the_next_run(tmp_path: Path, clock: FixedClock) -> None:
    clock.at = datetime(2026, 3, 2, 22, 30, tzinfo=CHINA_TZ)
    app = _app(tmp_path, clock, quiet="21:00-08:00")
    app.create_item(draft(written_on=date(2026, 1, 5)), "clerk")

    [deferred] = run_reminders(app)
    assert deferred.state == "failed" and "quiet hours" in (deferred.error or "")
    assert _lines(tmp_path) == []
    clock.at = datetime(2026, 3, 3, 9, 0, tzinfo=CHINA_TZ)
    [sent] = run_reminders(app)

    assert sent.state == "sent"
    assert len(_lines(tmp_path)) == 1


def test_a_long_reminder_is_cut_to_the_cap() -> None:
    long = Obligation(
        unit="财政所",
        kind=ObligationKind.STATUTORY,
        subject="x",
        due=date(2026, 3, 6),
        workdays_left=2,
        description="「" + "关于进一步加强和规范村级财务管理工作的实施意见" * 6 + "」尚未公开",
        why="条例第二十六条：自信息形成或者变更之日起20个工作日内",
        key="k",
    )
    one = reminder_text("示例镇", "财政所", [long], max_parts=2)
    assert count_parts(one) <= 2
    assert one.endswith("…") and "依据" not in one
    two = reminder_text("示例镇", "财政所", [long, long], max_parts=4)
    assert two.endswith("20个工作日内；另有1项") and count_parts(two) == 4
