"""A reminder is a delivery: only a channel's receipt makes it "sent".

With only the website-like recording channel enabled nothing can remind: ``run`` must not
count the reminders, each stays 未通知 (shown by ``due`` and the scorecard) and is tried again
on the next run, when a channel that can remind answers with a receipt.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click
from click.testing import CliRunner
from sqlalchemy import select

from gov_disclosure import hookimpl
from gov_disclosure.app import App
from gov_disclosure.channels import Action, Receipt
from gov_disclosure.cli.context import Env
from gov_disclosure.cli.main import GuardedGroup
from gov_disclosure.cli.setup_cmd import init
from gov_disclosure.cli.supervise_cmd import COMMANDS
from gov_disclosure.config import load_config
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.supervision.tables import reminders_sent
from testsupport.core import CREDIT, FixedClock, RecorderPlugin, draft

ACTORS = [
    {"id": "clerk", "name": "王经办", "unit": "党政综合办公室", "roles": ["经办人"]},
    {"id": "zhou", "name": "周所长", "unit": "财政所", "roles": ["经办人"]},
]
CONFIG = {
    "organization": {"name": "示例镇人民政府", "credit_code": CREDIT},
    "actors": ACTORS,
    "notify": {"columns": []},
}


@click.group(cls=GuardedGroup)
@click.option("--db")
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: Path | None) -> None:
    ctx.obj = Env(db=db, config_path=config_path)


for command in (*COMMANDS, init):
    cli.add_command(command)


class Texter:
    """A plugin that can remind: it answers with a receipt."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    @hookimpl
    def notify_responsible(self, unit, obligations, recipients):  # type: ignore[no-untyped-def]
        self.sent += [o.key for o in obligations]
        return Receipt(channel="texter", action=Action.REMIND, message_ids=("m1",))


def office(tmp_path: Path, clock: FixedClock, *plugins: object, init: bool = True) -> App:
    pm = make_plugin_manager(load_installed=False, plugins=[RecorderPlugin(), *plugins])
    cfg = load_config(CONFIG, tmp_path)
    app = App(f"sqlite:///{tmp_path / 'office.db'}", cfg, pm=pm, clock=clock)
    if init:
        app.init()
    return app


def states(app: App) -> list[str]:
    with app.store.engine.connect() as conn:
        return [r.state for r in conn.execute(select(reminders_sent.c.state))]


def test_without_a_reminding_channel_nothing_is_recorded_as_sent(tmp_path: Path) -> None:
    clock = FixedClock(datetime(2026, 3, 2, 9, 0).astimezone())
    app = office(tmp_path, clock)
    app.create_item(draft(written_on=date(2026, 1, 5)), "clerk")  # due 2 Feb: late

    first = app.run()
    again = app.run()

    assert (first["reminded"], first["not_reminded"]) == (0, 1)
    assert (again["reminded"], again["not_reminded"]) == (0, 1)  # tried again, still nobody
    assert states(app) == ["unsent"]

    # `due` and the scorecard show it
    config = tmp_path / "gov-disclosure.toml"
    config.write_text(
        '[organization]\nname = "示例镇人民政府"\ncredit_code = "11320000MB1234562M"\n'
        "[notify]\ncolumns = []\n",
        encoding="utf-8",
    )
    base = ["--db", str(tmp_path / "office.db"), "--config", str(config)]
    assert CliRunner().invoke(cli, [*base, "init"]).exit_code == 0  # the installed plugins' tables
    due = CliRunner().invoke(cli, [*base, "due", "--today", "2026-03-02"])
    assert due.exit_code == 0, due.output
    assert "未通知" in due.output
    as_json = CliRunner().invoke(cli, [*base, "due", "--today", "2026-03-02", "--json"])
    assert [o["notice"] for o in json.loads(as_json.output)] == ["未通知"]
    card = app.supervision.scorecard(date(2026, 1, 1), date(2026, 12, 31))
    [finance] = [u for u in card.units if u.unit == "财政所"]
    assert (finance.reminders_sent, finance.reminders_unsent) == (0, 1)

    # a channel that can remind comes: the same reminder goes out, with its receipt
    texter = Texter()
    fixed = office(tmp_path, clock, texter, init=False)  # the CLI's init ran last
    assert fixed.run()["reminded"] == 1
    assert states(fixed) == ["sent"] and len(texter.sent) == 1
    with fixed.store.engine.connect() as conn:
        [receipts] = conn.execute(select(reminders_sent.c.receipts)).scalars()
    assert receipts[0]["channel"] == "texter" and receipts[0]["message_ids"] == ["m1"]
    assert fixed.run()["reminded"] == 0  # never twice
