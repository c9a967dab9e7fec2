"""Supervision rules one at a time: thresholds, retries, complaints, settings, Art. 39."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from gov_disclosure import hookimpl
from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.errors import (
    ChannelError,
    ConfigError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.supervision import (
    add_complaint,
    compute_obligations,
    list_complaints,
    looks_like_complaint,
    reply_complaint,
    run_reminders,
    supervision_settings,
)
from gov_disclosure.supervision.tables import complaints, reminders_sent
from gov_disclosure.workdays import CHINA_TZ
from testsupport.core import CREDIT, FixedClock, RecorderPlugin, draft, publish_through_review

ACTORS = [
    {"id": "clerk", "name": "王经办", "unit": "党政综合办公室", "roles": ["经办人"]},
    {"id": "chief", "name": "李主任", "unit": "党政综合办公室", "roles": ["科室审核"]},
    {"id": "deputy", "name": "赵副镇长", "unit": "镇政府", "roles": ["分管领导把关"]},
    {"id": "zhou", "name": "周所长", "unit": "财政所", "roles": []},
]


class Flaky:
    """Records calls; raises ChannelError for the first ``failures`` of them."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.calls: list[tuple[str, str, tuple[str, ...]]] = []

    @hookimpl
    def notify_responsible(self, unit, obligations, recipients):  # type: ignore[no-untyped-def]
        if self.failures:
            self.failures -= 1
            raise ChannelError("test", "gateway down")
        for o in obligations:
            self.calls.append((unit, o.key, tuple(r.id for r in recipients)))


def _app(tmp_path: Path, clock: FixedClock, plugin: Any, **notify: Any) -> App:
    cfg = load_config(
        {
            "organization": {"name": "示例镇人民政府", "credit_code": CREDIT},
            "actors": ACTORS,
            "notify": {"columns": [], **notify},
        },
        tmp_path,
    )
    pm = make_plugin_manager(load_installed=False, plugins=[RecorderPlugin(), plugin])
    app = App(f"sqlite:///{tmp_path / 'rules.db'}", cfg, pm=pm, clock=clock)
    app.init()
    return app


def _at(clock: FixedClock, day: date) -> None:
    clock.at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=CHINA_TZ)


def test_an_obligation_first_seen_late_gets_one_reminder_not_four(tmp_path, clock) -> None:
    plugin = Flaky()
    app = _app(tmp_path, clock, plugin)
    _at(clock, date(2026, 3, 2))
    item = app.create_item(draft(written_on=date(2026, 1, 5)), "clerk")  # due 2 Feb

    [sent] = run_reminders(app)
    run_reminders(app)

    assert (sent.level, sent.state, sent.obligation.workdays_left) == ("late", "sent", -16)
    assert plugin.calls == [("财政所", f"statutory:{item.index_no}:e1", ("zhou",))]


def test_a_failed_reminder_is_tried_again_on_the_next_run(tmp_path, clock) -> None:
    plugin = Flaky(failures=1)
    app = _app(tmp_path, clock, plugin)
    _at(clock, date(2026, 3, 2))
    app.create_item(draft(written_on=date(2026, 2, 24)), "clerk")  # due 23 Mar
    _at(clock, date(2026, 3, 16))  # 5 working days left

    [failed] = run_reminders(app)
    [again] = run_reminders(app)
    assert run_reminders(app) == []

    assert (failed.state, failed.error) == ("failed", "ChannelError: channel 'test': gateway down")
    assert (again.state, again.level) == ("sent", "5")
    assert len(plugin.calls) == 1


def test_a_unit_with_nobody_to_tell_is_not_marked_sent(tmp_path, clock) -> None:
    plugin = Flaky()
    app = _app(tmp_path, clock, plugin)
    _at(clock, date(2026, 3, 2))
    app.create_item(draft(written_on=date(2026, 1, 5), responsible_unit="林业站"), "clerk")

    first, second = run_reminders(app), run_reminders(app)

    assert [r.state for r in first + second] == ["unaddressed", "unaddressed"]
    with app.store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(reminders_sent)).scalar() == 0
    assert plugin.calls == []


def test_configured_recipients_must_be_known_actors(tmp_path, clock) -> None:
    app = _app(tmp_path, clock, Flaky(), recipients={"财政所": ["nobody"]})
    _at(clock, date(2026, 3, 2))
    app.create_item(draft(written_on=date(2026, 1, 5)), "clerk")

    with pytest.raises(ConfigError) as err:
        run_reminders(app)
    assert err.value.key == "notify.recipients.财政所"


def test_a_change_to_a_published_item_is_owed_within_20_working_days(tmp_path, clock) -> None:
    app = _app(tmp_path, clock, Flaky())
    _at(clock, date(2026, 3, 2))
    item = app.create_item(draft(), "clerk")
    publish_through_review(app, item.index_no)
    assert compute_obligations(app) == []
    _at(clock, date(2026, 3, 9))
    app.revise(item.index_no, draft(formed_on=date(2026, 3, 9)), "clerk")

    [owed] = compute_obligations(app)

    # 20 working days from 9 Mar: 10-13, 16-20, 23-27, 30-31 Mar, 1-3 Apr, 7 Apr (6 Apr off)
    assert (owed.key, owed.due, owed.workdays_left) == (
        f"statutory:{item.index_no}:e2",
        date(2026, 4, 7),
        20,
    )
    assert owed.description == "「示例镇2026年部门预算」变更后的内容尚未公开（形成于2026-03-09）"
    assert owed.why == "条例第二十六条：自信息形成或者变更之日起20个工作日内"
    assert compute_obligations(app, within=19) == []


def test_thresholds_and_late_reminders_follow_the_settings(tmp_path, clock) -> None:
    plugin = Flaky()
    app = _app(tmp_path, clock, plugin, thresholds=[3], remind_late=False)
    _at(clock, date(2026, 3, 2))
    app.create_item(draft(written_on=date(2026, 2, 24)), "clerk")  # due 23 Mar
    levels = []
    for day in (16, 17, 18, 23, 24, 25):
        _at(clock, date(2026, 3, day))
        levels += [(day, r.level) for r in run_reminders(app)]
    assert levels == [(18, "3")]


def test_complaints_are_registered_answered_and_owed(tmp_path, clock) -> None:
    app = _app(tmp_path, clock, Flaky(), complaint_days=10)
    _at(clock, date(2026, 3, 2))
    item = app.create_item(draft(), "clerk")
    made = add_complaint(
        app,
        {
            "kind": "投诉",
            "route": "监督电话",
            "item": item.index_no,
            "text": "预算表不全",
            "name": "赵某",
            "contact": "13812345678",
        },
        "clerk",
    )
    # 10 working days from 2 Mar
    assert (made.number, made.office, made.due) == ("JD2026-0001", "财政所", date(2026, 3, 16))
    assert [o.key for o in compute_obligations(app) if o.kind.value == "complaint"] == [
        "complaint:JD2026-0001"
    ]
    _at(clock, date(2026, 3, 17))
    done = reply_complaint(app, made.number, "zhou", "已补充完整表格")
    assert (done.replied_on, done.on_time) == (date(2026, 3, 17), False)
    assert list_complaints(app, open_only=True) == []
    with pytest.raises(ConflictError):
        reply_complaint(app, made.number, "zhou", "again")


def test_bad_complaints_write_nothing(tmp_path, clock) -> None:
    app = _app(tmp_path, clock, Flaky())
    _at(clock, date(2026, 3, 2))
    with pytest.raises(InvalidInputError) as no_office:
        add_complaint(app, {"kind": "举报", "text": "有人乱收费"}, "clerk")
    with pytest.raises(NotFoundError):
        add_complaint(app, {"kind": "举报", "text": "x", "item": "NOPE/2026-00001"}, "clerk")
    with pytest.raises(InvalidInputError) as bad_kind:
        add_complaint(app, {"kind": "表扬", "text": "x", "office": "财政所"}, "clerk")
    with pytest.raises(InvalidInputError) as future:
        add_complaint(
            app,
            {"kind": "举报", "text": "x", "office": "财政所", "received_on": "2026-03-03"},
            "clerk",
        )
    with pytest.raises(PermissionDeniedError):  # an unknown actor: refused and audited
        add_complaint(app, {"kind": "举报", "text": "x", "office": "财政所"}, "ghost")
    made = add_complaint(
        app, {"kind": "意见建议", "text": "建议增加公开栏", "office": "财政所"}, "clerk"
    )
    with pytest.raises(InvalidInputError) as early:
        reply_complaint(app, made.number, "zhou", "已采纳", on=date(2026, 3, 1))

    assert no_office.value.field == "office"
    assert "kind" in bad_kind.value.field
    assert future.value.field == "received_on"
    assert early.value.field == "on"
    with app.store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(complaints)).scalar() == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我要举报村干部侵占低保金，请严肃处理", True),
        ("投诉镇政府工作人员办事拖拉", True),
        ("要求追究相关人员的责任", True),
        ("我建议在村里增设公开栏", True),
        ("申请公开2025年投诉处理情况", False),
        ("请提供本镇举报电话和受理记录", False),
        ("申请公开2026年部门预算", False),
        ("", False),
    ],
)
def test_looks_like_complaint(text: str, expected: bool) -> None:
    assert looks_like_complaint(text) is expected


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"thresholds": [5, -1]}, "notify.thresholds"),
        ({"thresholds": [1, 1]}, "notify.thresholds"),
        ({"complaint_days": 0}, "notify.complaint_days"),
        ({"colums": ["x"]}, "notify.colums"),
        (
            {
                "series": [
                    {
                        "unit": "东村",
                        "series": "村级财务收支",
                        "period": "monthly",
                        "since": "2026-01-01",
                    }
                ]
            },
            "notify.series",
        ),
        (
            {
                "series": [
                    {
                        "unit": "东村",
                        "series": "x",
                        "period": "weekly",
                        "due_day": 1,
                        "since": "2026-01-01",
                    }
                ]
            },
            "notify.series.0.period",
        ),
    ],
)
def test_bad_notify_settings_name_the_key(raw: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as err:
        supervision_settings(raw)
    assert err.value.key == key


def test_default_settings() -> None:
    s = supervision_settings({})
    assert (s.thresholds, s.remind_late, s.complaint_days, s.horizon_days) == (
        (5, 1, 0),
        True,
        15,
        92,
    )
