"""The plugin inside the real core: review, the outbox, ``run``, retries and withdrawal."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from email_testlib import Server, free_port
from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.models import EditionDraft
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.workdays import CHINA_TZ

import gov_disclosure_email

CREDIT = "11320000MB1234562M"


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 3, 5, 9, 0, tzinfo=CHINA_TZ)

    def __call__(self) -> datetime:
        return self.at


def make_app(tmp_path: Path, port: int, clock: Clock) -> App:
    config: dict[str, Any] = {
        "organization": {"name": "示例镇人民政府", "credit_code": CREDIT, "short_name": "示例镇"},
        "site": {"base_url": "https://www.example.gov.cn/"},
        "actors": [
            {"id": "clerk", "name": "王经办", "unit": "党政综合办公室", "roles": ["经办人"]},
            {"id": "chief", "name": "李主任", "unit": "党政综合办公室", "roles": ["科室审核"]},
            {"id": "deputy", "name": "赵副镇长", "unit": "镇政府", "roles": ["分管领导把关"]},
        ],
        "publishing": {"backoff_seconds": 1, "timeout_seconds": 10},
        "channels": {
            "email": {
                "host": "127.0.0.1",
                "port": port,
                "sender": "gongkai@example.gov.cn",
                "recipients": ["zhang@example.gov.cn"],
                "timeout_seconds": 5,
            }
        },
    }
    pm = make_plugin_manager(load_installed=False, plugins=[gov_disclosure_email])
    app = App(
        f"sqlite:///{tmp_path / 'office.db'}", load_config(config, tmp_path), pm=pm, clock=clock
    )
    app.init()
    return app


def publish_budget(app: App) -> int:
    draft = EditionDraft(
        title="示例镇2026年部门预算",
        publisher="示例镇人民政府",
        written_on=date(2026, 3, 2),
        topic="财政、金融、审计",
        column="财政预决算",
        responsible_unit="财政所",
        body="一、部门基本情况\n二、收支预算总表",
    )
    item = app.create_item(draft, "clerk")
    app.submit(item.id, "clerk")
    app.approve(item.id, "chief")
    app.approve(item.id, "deputy")
    return item.id  # type: ignore[return-value]


def test_published_then_withdrawn_through_the_outbox(tmp_path: Path, smtp_server: Server) -> None:
    app = make_app(tmp_path, smtp_server.port, Clock())
    item_id = publish_budget(app)

    first = app.run()
    app.withdraw(item_id, "deputy", "预算数据需要更正")
    second = app.run()

    assert first["delivered"] == 1 and second["delivered"] == 1
    published, withdrawn = smtp_server.inbox.messages
    assert published.message["Subject"] == "【示例镇政务公开】示例镇2026年部门预算"
    assert "二、收支预算总表" in published.text
    assert withdrawn.message["Subject"] == "【示例镇政务公开】撤回：示例镇2026年部门预算"
    assert "撤回原因：预算数据需要更正" in withdrawn.text
    assert withdrawn.message["In-Reply-To"] == published.message["Message-ID"]


def test_server_down_is_recorded_and_retried_later(tmp_path: Path, smtp_server: Server) -> None:
    clock = Clock()
    down = make_app(tmp_path, free_port(), clock)
    publish_budget(down)

    failed = down.run()
    assert failed["failed"] == 1
    assert "cannot reach SMTP server" in failed["errors"][0]

    up = make_app(tmp_path, smtp_server.port, clock)  # the server is reachable again
    clock.at += timedelta(minutes=5)  # past the backoff
    retried = up.run()

    assert retried["delivered"] == 1
    assert len(smtp_server.inbox.messages) == 1
