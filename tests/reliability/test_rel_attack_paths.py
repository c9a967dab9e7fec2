"""Every way around "谁公开、谁审查、谁负责" that was found, walked as an attacker would, on the
command line and through the Python API: each attempt is refused, changes nothing it should
not, and leaves one ``refused`` entry in the audit log saying why.

The paths: texting a draft or a withdrawn item with ``sms send`` (and the later real
publication still reaching subscribers), a send without a sending role or inside quiet hours,
``bulletin issue`` / ``kiosk sync`` / ``website rebuild`` by a clerk, registering actors
without being an administrator, a second id for the same person (and approving one's own
item through it), a person without a role rejecting an approved, scheduled item, an unknown
or disabled actor, approving past a blocking finding, approving a draft, and acting as
someone else than the logged-in account.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import rel_kit
from sqlalchemy import select

from gov_disclosure import audit
from gov_disclosure.app import App
from gov_disclosure.authority.admin import register
from gov_disclosure.cli.identity import os_account
from gov_disclosure.cli.main import _mount, _plugin_commands, cli
from gov_disclosure.errors import GovDisclosureError, NotFoundError
from gov_disclosure.models import Actor, ItemState
from gov_disclosure.store.engine import make_store_engine
from gov_disclosure.store.tables import audit_log, editions, items, review_decisions
from testsupport.cli import office_cli
from testsupport.core import draft

_mount()
_plugin_commands()
AREA = "authority attack paths (CLI and Python API), each refused and audited"
CHINA = ZoneInfo("Asia/Shanghai")

CONFIG = """
[organization]
name = "示例镇人民政府"
credit_code = "11320000MB1234562M"
short_name = "示例镇"

[[actors]]
id = "wang"
name = "王晓丽"
unit = "党政综合办公室"
roles = ["经办人"]

[[actors]]
id = "li"
name = "李建国"
unit = "党政综合办公室"
roles = ["科室审核", "保密审查员"]

[[actors]]
id = "zhao"
name = "赵明"
unit = "示例镇人民政府"
roles = ["分管领导把关"]

[[actors]]
id = "chen"
name = "陈伟"
unit = "示例镇人民政府"
roles = ["主要领导审批"]

[channels]
enabled = ["sms", "bulletin", "kiosk", "website"]

[channels.sms]
transport = "outbox"
outbox_path = "{outbox}"
quiet_hours = "{quiet}"
"""


def quiet_now() -> str:
    """A quiet-hours window around the present moment (China time)."""
    now = datetime.now(CHINA)
    return f"{now - timedelta(hours=2):%H:%M}-{now + timedelta(hours=2):%H:%M}"


class Office:
    """An office folder run by the real CLI, and the audit log read back."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.outbox = folder / "private" / "sms-outbox.jsonl"
        self.run = office_cli(
            cli, folder, self.config(""), "--admin", "zhou", "--admin-name", "周敏"
        )
        self.engine = make_store_engine(f"sqlite:///{folder / 'office.db'}")

    def config(self, quiet: str, extra: str = "") -> str:
        return CONFIG.format(outbox=self.outbox, quiet=quiet) + extra

    def set_config(self, quiet: str = "", extra: str = "") -> None:
        (self.folder / "gov-disclosure.toml").write_text(
            self.config(quiet, extra), encoding="utf-8"
        )

    def refusals(self) -> list[Any]:
        with self.engine.connect() as conn:
            return conn.execute(select(audit_log).where(audit_log.c.action == "refused")).all()

    def refused(self, kind: str, *args: str) -> str:
        """Run a command that must be refused with ``kind`` and audited once."""
        before = len(self.refusals())
        result = self.run(*args, ok=False)
        assert result.exit_code != 0, result.output
        after = self.refusals()
        assert len(after) == before + 1, (args, result.output)
        assert json.loads(after[-1].payload)["kind"] == kind, (args, after[-1].payload)
        rel_kit.record(AREA, runs=1, faults=1)
        return result.output

    def sms_lines(self) -> list[dict[str, Any]]:
        if not self.outbox.exists():
            return []
        return [json.loads(line) for line in self.outbox.read_text(encoding="utf-8").splitlines()]

    def new_item(self, author: str = "wang", **over: Any) -> str:
        row = {
            "title": over.pop("title", "示例镇2026年部门预算"),
            "publisher": "示例镇人民政府",
            "written_on": "2026-03-02",
            "topic": "财政、金融、审计",
            "column": "财政预决算",
            "responsible_unit": "财政所",
            "body": "一、部门基本情况",
            **over,
        }
        path = self.folder / "rows.json"
        path.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
        out = self.run("item", "import", str(path), "--author", author).output
        found = re.search(r"[0-9A-Z]{18}/\d{4}-\d{5}", out)
        assert found, out
        return found.group(0)


def test_every_attack_path_on_the_command_line(tmp_path: Path) -> None:
    office = Office(tmp_path)
    run = office.run
    run("sms", "subscribe", "13912340001", "--consent-by", "wang")
    budget = office.new_item()

    # sms send: a draft, by a clerk, without an actor, by a leader: never sent
    office.refused("role", "sms", "send", budget, "--actor", "wang")
    office.refused("illegal_transition", "sms", "send", budget, "--actor", "zhao")
    assert run("sms", "send", budget, ok=False).exit_code != 0  # nobody named: not even tried
    office.refused("unknown_actor", "sms", "send", budget, "--actor", "ghost")
    assert office.sms_lines() == []

    # channel rebuilds by a clerk
    office.refused("role", "bulletin", "issue", "--period", "2026-03", "--actor", "wang")
    office.refused("role", "kiosk", "sync", "--actor", "wang")
    office.refused("role", "website", "rebuild", "--actor", "wang")

    # actor administration by a non-administrator; a second id for the same person
    second = ("actor", "add", "wang2", "--name", "王晓丽", "--unit", "党政综合办公室")
    office.refused("role", *second, "--role", "科室审核", "--actor", "wang")
    office.refused("role", "actor", "roles", "wang", "--add", "科室审核", "--actor", "li")
    office.refused("role", "actor", "disable", "li", "--reason", "x", "--actor", "wang")
    office.refused("same_person", *second, "--role", "科室审核", "--actor", "zhou")

    # review: unknown and role-less actors, a draft, a blocking finding, own work
    office.refused("illegal_transition", "review", "approve", budget, "--actor", "li")
    run("review", "submit", budget, "--actor", "wang")
    office.refused("unknown_actor", "review", "approve", budget, "--actor", "nobody")
    office.refused("role", "review", "approve", budget, "--actor", "wang")
    secret = office.new_item(title="关于内部事项的通知", body="本文件为机密★10年，不得外传。")
    run("review", "submit", secret, "--actor", "wang")
    office.refused("blocked_review", "review", "approve", secret, "--actor", "li")
    own = office.new_item(author="li", title="李建国起草的通知")
    run("review", "submit", own, "--actor", "li")
    office.refused("own_work", "review", "approve", own, "--actor", "li")

    # an approved item waiting for its publication time, rejected by someone without a role
    later = office.new_item(title="定时发布的通知", publish_at="2030-01-01T09:00:00")
    run("review", "submit", later, "--actor", "wang")
    run("review", "approve", later, "--actor", "li")
    run("review", "approve", later, "--actor", "zhao")
    run("actor", "add", "guest", "--name", "访客", "--unit", "门卫室", "--actor", "zhou")
    office.refused("role", "review", "reject", later, "--actor", "guest", "--reason", "x")
    office.refused("role", "review", "reject", later, "--actor", "li", "--reason", "x")
    office.refused("illegal_transition", "sms", "send", later, "--actor", "zhao")  # not yet live

    # the draft that was refused above is published for real: its SMS still goes out
    run("review", "approve", budget, "--actor", "li")
    run("review", "approve", budget, "--actor", "zhao")
    run("run")
    sent = office.sms_lines()
    assert len(sent) == 1 and "示例镇2026年部门预算" in json.dumps(sent, ensure_ascii=False)
    run("sms", "send", budget, "--actor", "zhao")  # sent already: nothing twice
    assert len(office.sms_lines()) == 1

    # a withdrawn item is never texted; a disabled actor is refused everywhere
    run("item", "withdraw", budget, "--actor", "zhao", "--reason", "数据有误")
    office.refused("illegal_transition", "sms", "send", budget, "--actor", "zhao")
    run("actor", "disable", "li", "--reason", "调岗", "--actor", "zhou")
    office.refused("disabled_actor", "review", "approve", secret, "--actor", "li")
    office.refused(
        "disabled_actor",
        "item",
        "add",
        "--title",
        "t",
        "--written-on",
        "2026-03-02",
        "--topic",
        "财政、金融、审计",
        "--column",
        "财政预决算",
        "--unit",
        "办",
        "--author",
        "li",
    )

    # quiet hours: refused without an emergency reason; with one it goes out, audited
    office.set_config(quiet=quiet_now())
    warning = office.new_item(title="暴雨红色预警", kind="预警信息")
    run("review", "submit", warning, "--actor", "wang")
    run("actor", "roles", "chen", "--add", "科室审核", "--actor", "zhou")
    run("review", "approve", warning, "--actor", "chen")
    run("review", "approve", warning, "--actor", "zhao")
    office.refused("quiet_hours", "sms", "send", warning, "--actor", "zhao")
    run("sms", "send", warning, "--actor", "zhao", "--emergency", "暴雨红色预警，立即转移")
    assert any("暴雨红色预警" in json.dumps(b, ensure_ascii=False) for b in office.sms_lines())
    with office.engine.connect() as conn:
        sends = [e for e in audit.entries(conn, limit=50) if e.action == "channel.send"]
    assert sends[0].actor == "zhao" and sends[0].payload["emergency"] == "暴雨红色预警，立即转移"

    # the logged-in account acts only as its own actor
    office.set_config(extra=f'\n[authority.os_accounts]\n"{os_account()}" = "wang"\n')
    office.refused("not_own_account", "review", "approve", own, "--actor", "zhao")
    office.refused("role", "sms", "send", warning)  # as wang, who may not send
    with office.engine.connect() as conn:
        assert audit.verify(conn).ok


# --- the Python API (and so every plugin) ----------------------------------------------------


def watched(app: App) -> list[Any]:
    with app.store.engine.connect() as conn:
        return [
            sorted(map(tuple, conn.execute(select(t))), key=repr)
            for t in (items, editions, review_decisions)
        ]


def refused_in(app: App, kind: str, attempt: Callable[[], object]) -> None:
    before, rows = len(refusals(app)), watched(app)
    with pytest.raises(GovDisclosureError):
        attempt()
    after = refusals(app)
    assert len(after) == before + 1 and json.loads(after[-1].payload)["kind"] == kind
    assert watched(app) == rows
    rel_kit.record(AREA, runs=1, faults=1)


def refusals(app: App) -> list[Any]:
    with app.store.engine.connect() as conn:
        return conn.execute(select(audit_log).where(audit_log.c.action == "refused")).all()


class Always:
    """Quiet hours that are always on."""

    def contains(self, moment: datetime) -> bool:
        return True


def test_every_attack_path_through_the_python_api(any_app: App) -> None:
    app = any_app
    with app.store.transaction() as conn:
        admin = Actor(id="zhou", name="周敏", unit="办", roles={"管理员"})
        register(conn, app.policy, admin, "system")
    item = app.create_item(draft(), "clerk")

    # a plugin asking for a draft as if published, or sending it
    with pytest.raises(NotFoundError):
        app.published_edition(item.id)
    refused_in(app, "role", lambda: app.authorize_send("sms", "clerk", item.id))
    refused_in(app, "illegal_transition", lambda: app.authorize_send("sms", "deputy", item.id))
    refused_in(app, "unknown_actor", lambda: app.authorize_send("sms", "ghost", item.id))

    # actors: only an administrator; one person, one actor
    wang2 = Actor(id="wang2", name="王经办", unit="党政综合办公室", roles={"科室审核"})
    refused_in(app, "role", lambda: app.add_actor(wang2, "clerk"))
    refused_in(app, "role", lambda: app.set_actor_roles("clerk", "chief", add=("科室审核",)))
    refused_in(app, "role", lambda: app.disable_actor("chief", "clerk", "x"))
    refused_in(app, "same_person", lambda: app.add_actor(wang2, "zhou"))

    # review
    refused_in(app, "illegal_transition", lambda: app.approve(item.id, "chief"))
    app.submit(item.id, "clerk")
    refused_in(app, "unknown_actor", lambda: app.approve(item.id, "nobody"))
    refused_in(app, "role", lambda: app.approve(item.id, "clerk"))
    blocked = app.create_item(draft(body="本文件为机密★10年，不得外传。"), "clerk")
    app.submit(blocked.id, "clerk")
    refused_in(app, "blocked_review", lambda: app.approve(blocked.id, "chief"))
    own = app.create_item(draft(), "chief")
    app.submit(own.id, "chief")
    refused_in(app, "own_work", lambda: app.approve(own.id, "chief"))

    # a second id of the same person (after the first is disabled) approving her own draft
    app.disable_actor("clerk", "zhou", "调岗")
    app.add_actor(wang2, "zhou")
    refused_in(app, "own_work", lambda: app.approve(blocked.id, "wang2"))
    refused_in(app, "disabled_actor", lambda: app.submit(item.id, "clerk"))

    # an approved, scheduled item: no rejection without the last stage's role
    later = app.clock() + timedelta(days=30)
    scheduled = app.create_item(draft(publish_at=later.replace(tzinfo=None)), "chief")
    app.submit(scheduled.id, "chief")
    app.set_actor_roles("mayor", "zhou", add=("科室审核",))
    app.approve(scheduled.id, "mayor")
    app.approve(scheduled.id, "deputy")
    assert app.item(scheduled.id).state is ItemState.APPROVED
    app.add_actor(Actor(id="guest", name="访客", unit="门卫室"), "zhou")
    refused_in(app, "role", lambda: app.reject(scheduled.id, "guest", "退回"))
    refused_in(app, "role", lambda: app.reject(scheduled.id, "wang2", "退回"))
    refused_in(app, "illegal_transition", lambda: app.authorize_send("x", "deputy", scheduled.id))

    # live items: only with a sending role, outside quiet hours or with an emergency reason
    refused_in(app, "own_work", lambda: app.approve(item.id, "wang2"))  # clerk's draft too
    app.approve(item.id, "chief")
    app.approve(item.id, "deputy")
    assert app.published_edition(item.id).edition == 1
    refused_in(app, "role", lambda: app.authorize_send("sms", "wang2", item.id))
    refused_in(
        app,
        "quiet_hours",
        lambda: app.authorize_send("sms", "deputy", item.id, quiet_hours=Always()),
    )
    permit = app.authorize_send("sms", "deputy", item.id, emergency="紧急", quiet_hours=Always())
    assert permit.edition is not None and permit.edition.edition == 1 and permit.emergency == "紧急"
    app.withdraw(item.id, "deputy", "撤回")
    refused_in(app, "illegal_transition", lambda: app.authorize_send("sms", "deputy", item.id))
    with pytest.raises(NotFoundError):
        app.published_edition(item.id)
    with app.store.engine.connect() as conn:
        assert audit.verify(conn).ok
