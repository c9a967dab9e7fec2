"""A township's 2026, scripted day by day, for the supervision tests.

Two villages owe 村级财务收支 monthly (每月10日前公开上月): 东村 publishes on the 1st except
June's accounts (out on 14 July, late); 西村 misses April and May (空白月). 财政所's budget goes
out late, a warning goes out a day late, applications run close to their deadlines, and two
complaints arrive (one never answered).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine

from gov_disclosure import hookimpl
from gov_disclosure.app import App
from gov_disclosure.applications import ApplicationService
from gov_disclosure.config import load_config
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.supervision import add_complaint, reply_complaint, run_reminders
from gov_disclosure.workdays import CHINA_TZ
from testsupport.applications import application_form
from testsupport.core import CREDIT, FixedClock, RecorderPlugin, draft, publish_through_review

VILLAGES = ("东村村民委员会", "西村村民委员会")
ID_NUMBER = "11010519491231002X"

CONFIG: dict[str, Any] = {
    "organization": {"name": "示例镇人民政府", "credit_code": CREDIT, "short_name": "示例镇"},
    "actors": [
        {"id": "clerk", "name": "王经办", "unit": "党政综合办公室", "roles": ["经办人"]},
        {
            "id": "chief",
            "name": "李主任",
            "unit": "党政综合办公室",
            "roles": ["科室审核", "保密审查员"],
            "mobile": "13912340009",
        },
        {"id": "deputy", "name": "赵副镇长", "unit": "镇政府", "roles": ["分管领导把关"]},
        {"id": "mayor", "name": "陈镇长", "unit": "镇政府", "roles": ["主要领导审批"]},
        {"id": "dong", "name": "东村文书", "unit": "东村村民委员会", "roles": ["经办人"]},
        {"id": "xi", "name": "西村文书", "unit": "西村村民委员会", "roles": ["经办人"]},
    ],
    "notify": {
        "thresholds": [5, 1, 0],
        "remind_late": True,
        "recipients": {"党政综合办公室": ["chief"]},
        "fallback": ["chief"],
        "columns": ["村级财务", "政策解读", "人事信息"],
        "series": [
            {
                "unit": village,
                "series": "村级财务收支",
                "period": "monthly",
                "due_day": 10,
                "since": "2026-01-01",
            }
            for village in VILLAGES
        ],
    },
    "publishing": {"backoff_seconds": 1, "timeout_seconds": 5},
}


@dataclass
class Recorder:
    """A plugin recording every ``notify_responsible`` call as (day, unit, key, recipients)."""

    clock: FixedClock
    calls: list[tuple[date, str, str, tuple[str, ...]]] = field(default_factory=list)

    @hookimpl
    def notify_responsible(self, unit, obligations, recipients):  # type: ignore[no-untyped-def]
        for o in obligations:
            self.calls.append((self.clock().date(), unit, o.key, tuple(r.id for r in recipients)))


def make_township(tmp_path: Path, clock: FixedClock) -> tuple[App, Recorder]:
    recorder = Recorder(clock)
    pm = make_plugin_manager(load_installed=False, plugins=[RecorderPlugin(), recorder])
    app = App(
        f"sqlite:///{tmp_path / 'township.db'}", load_config(CONFIG, tmp_path), pm=pm, clock=clock
    )
    app.init()
    return app, recorder


@dataclass
class Township:
    """The script's state: index numbers of the items it created, by name."""

    app: App
    keys: dict[str, str] = field(default_factory=dict)

    def publish(self, name: str, **fields: Any) -> str:
        item = self.app.create_item(draft(**fields), "clerk")
        publish_through_review(self.app, item.index_no)
        self.keys[name] = item.index_no
        return item.index_no

    def accounts(self, village: str, month: int, day: date) -> None:
        short = village[:2]
        self.publish(
            f"{short}{month}",
            title=f"{short}2026年{month}月村级财务收支公开",
            written_on=day,
            column="村级财务",
            topic="农业、林业、水利",
            responsible_unit=village,
            publisher=village,
            schedule={
                "kind": "periodic",
                "period": "monthly",
                "due_day": 10,
                "series": "村级财务收支",
            },
        )

    def apply(self, received: date) -> str:
        record = ApplicationService(self.app).new(
            application_form(
                received.isoformat(), description=f"{received.month}月的村道维修资金使用情况"
            ),
            "clerk",
        )
        return record.number


def script(town: Township) -> dict[date, list[Callable[[], Any]]]:
    """What happens on which day (each morning, before the day's run)."""
    app, d = town.app, date
    events: dict[date, list[Callable[[], Any]]] = {}

    def on(day: date, action: Callable[[], Any]) -> None:
        events.setdefault(day, []).append(action)

    for month in range(1, 12):
        first = d(2026, month + 1, 1)
        if month != 6:
            on(first, lambda m=month, f=first: town.accounts(VILLAGES[0], m, f))
        if month not in (4, 5):
            on(first, lambda m=month, f=first: town.accounts(VILLAGES[1], m, f))
    on(d(2026, 7, 14), lambda: town.accounts(VILLAGES[0], 6, d(2026, 7, 14)))

    on(
        d(2026, 1, 5),
        lambda: town.publish(
            "职能",
            title="示例镇人民政府机构职能",
            written_on=d(2026, 1, 5),
            column="机构职能",
            topic="综合政务",
            responsible_unit="党政综合办公室",
            schedule={"kind": "standing", "review_every_months": 6},
        ),
    )
    on(d(2026, 7, 8), lambda: _revise_and_publish(app, town.keys["职能"], d(2026, 7, 8)))

    on(
        d(2026, 2, 2),
        lambda: town.keys.__setitem__(
            "预算", app.create_item(draft(written_on=d(2026, 2, 2)), "clerk").index_no
        ),
    )
    on(d(2026, 3, 12), lambda: publish_through_review(app, town.keys["预算"]))

    on(
        d(2026, 4, 7),
        lambda: town.keys.__setitem__(
            "办法",
            app.create_item(
                draft(
                    title="关于印发《示例镇村级财务管理办法》的通知",
                    written_on=d(2026, 4, 7),
                    column="政策文件",
                    topic="综合政务",
                    responsible_unit="党政综合办公室",
                    kind="行政规范性文件",
                    doc_number="示政规〔2026〕1号",
                ),
                "clerk",
            ).index_no,
        ),
    )
    on(d(2026, 4, 9), lambda: publish_through_review(app, town.keys["办法"]))
    on(
        d(2026, 4, 20),
        lambda: town.publish(
            "解读",
            title="《示例镇村级财务管理办法》政策解读",
            written_on=d(2026, 4, 20),
            column="政策解读",
            topic="综合政务",
            responsible_unit="党政综合办公室",
            kind="政策解读",
            interprets=town.keys["办法"],
        ),
    )

    on(
        d(2026, 8, 12),
        lambda: town.keys.__setitem__(
            "预警",
            app.create_item(
                draft(
                    title="关于做好强对流天气防范应对工作的紧急通知",
                    written_on=d(2026, 8, 12),
                    column="应急管理",
                    topic="市场监管、安全生产监管",
                    responsible_unit="应急管理办公室",
                    kind="预警信息",
                    schedule={
                        "kind": "immediate",
                        "event_at": "2026-08-12T07:30:00",
                        "within_hours": 2,
                    },
                ),
                "clerk",
            ).index_no,
        ),
    )
    on(d(2026, 8, 13), lambda: publish_through_review(app, town.keys["预警"]))

    on(d(2026, 9, 14), lambda: _notice_with_override(town))

    service = ApplicationService(app)
    on(d(2026, 3, 2), lambda: town.apply(d(2026, 3, 2)))
    on(
        d(2026, 3, 20),
        lambda: service.reply("2026-0001", "chief", type="予以公开", reason="予以提供"),
    )
    on(d(2026, 5, 11), lambda: town.apply(d(2026, 5, 11)))
    on(
        d(2026, 6, 8),
        lambda: service.reply(
            "2026-0002", "chief", type="无法提供", reason="本机关不掌握相关政府信息"
        ),
    )
    on(d(2026, 7, 20), lambda: town.apply(d(2026, 7, 20)))
    on(
        d(2026, 8, 19),
        lambda: service.reply(
            "2026-0003", "chief", type="予以公开", reason="已主动公开", location="示例镇政府网站"
        ),
    )

    on(
        d(2026, 4, 13),
        lambda: add_complaint(
            app,
            {
                "kind": "举报",
                "route": "监督电话",
                "office": "西村村民委员会",
                "text": "西村3月以后的村级财务收支没有公开",
            },
            "clerk",
        ),
    )
    on(
        d(2026, 5, 6),
        lambda: reply_complaint(app, "JD2026-0001", "xi", "已督促西村补公开，并在村务公开栏张贴"),
    )
    on(
        d(2026, 10, 12),
        lambda: add_complaint(
            app,
            {
                "kind": "投诉",
                "route": "网上",
                "item": town.keys["预算"],
                "text": "部门预算公开的表格不全",
            },
            "clerk",
        ),
    )
    return events


def _revise_and_publish(app: App, key: str, day: date) -> None:
    app.revise(
        key,
        draft(
            title="示例镇人民政府机构职能",
            written_on=day,
            column="机构职能",
            topic="综合政务",
            responsible_unit="党政综合办公室",
            schedule={"kind": "standing", "review_every_months": 6},
        ),
        "clerk",
    )
    app.approve(key, "chief")
    app.approve(key, "deputy")


def _notice_with_override(town: Township) -> None:
    app = town.app
    item = app.create_item(
        draft(
            title="示例镇2026年9月城乡最低生活保障对象公示",
            written_on=date(2026, 9, 14),
            column="社会救助",
            topic="民政、扶贫、救灾",
            responsible_unit="社会事务办公室",
            kind="公示公告",
            notice_period={"days": 7},
            body=f"刘某某，身份证号{ID_NUMBER}，北岭村，因病致困。",
        ),
        "clerk",
    )
    town.keys["低保"] = item.index_no
    app.submit(item.index_no, "clerk")
    for finding in app.review_status(item.index_no).blocking:
        app.override(item.index_no, "chief", finding, "经核对系本人同意公示")
    app.approve(item.index_no, "chief")
    app.approve(item.index_no, "deputy")


def simulate(
    town: Township,
    clock: FixedClock,
    start: date,
    end: date,
    snapshot: Callable[[date], None] | None = None,
) -> None:
    """Each day at 09:00: the day's events, then the reminders, then ``app.run()``. The wall
    clock travels with the app's clock, so what the store stamps with the real time (review
    decisions, audit entries) falls on the simulated day whatever day the tests run."""
    events = script(town)
    day = start
    while day <= end:
        clock.at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=CHINA_TZ)
        with time_machine.travel(clock.at, tick=True):
            for action in events.get(day, []):
                action()
            run_reminders(town.app)
            town.app.run()
            if snapshot is not None:
                snapshot(day)
        day += timedelta(days=1)
