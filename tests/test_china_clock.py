"""One clock: China's date whatever the host's time zone and hour.

The date-sensitive commands run in a separate Python process with ``TZ`` set and the wall clock
fixed by time-machine, at 23:30 UTC (07:30 the next morning in China) and at 03:00 UTC.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine

from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.errors import ConfigError
from gov_disclosure.workdays import CHINA_TZ, OfficeClock, in_zone, local_date

CONFIG = """\
[organization]
name = "示例镇人民政府"
credit_code = "11320000MB1234562M"
short_name = "示例镇"

[[actors]]
id = "clerk"
name = "王经办"
unit = "党政综合办公室"
roles = ["经办人"]
"""

# Runs each command of a JSON list in one process, under time-machine's frozen instant.
RUNNER = """
import io, json, sys, contextlib
from datetime import datetime
import time_machine
from gov_disclosure.cli.main import cli, _mount
_mount()
instant = datetime.fromisoformat(sys.argv[1])
results = []
with time_machine.travel(instant, tick=False):
    for args in json.loads(sys.argv[2]):
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main(args, prog_name="gov-disclosure", standalone_mode=False)
            except SystemExit as exc:
                code = exc.code or 0
            except Exception as exc:
                code, err = 99, io.StringIO(repr(exc))
        results.append({"code": code, "out": out.getvalue(), "err": err.getvalue()})
print(json.dumps(results, ensure_ascii=False))
"""

SCENARIOS = [
    ("UTC", "2026-12-06T23:30:00+00:00"),
    ("America/Los_Angeles", "2026-12-06T23:30:00+00:00"),
    ("Asia/Shanghai", "2026-12-06T23:30:00+00:00"),
    ("UTC", "2026-12-07T03:00:00+00:00"),
]
CHINA_DAY = date(2026, 12, 7)  # the office's date in every scenario


def _run(folder: Path, tz: str, instant: str, commands: list[list[str]]) -> list[dict[str, str]]:
    base = ["--db", str(folder / "office.db"), "--config", str(folder / "gov-disclosure.toml")]
    env = {**os.environ, "TZ": tz}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, instant, json.dumps([[*base, *c] for c in commands])],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(("tz", "instant"), SCENARIOS)
def test_date_sensitive_commands_use_chinas_date(tmp_path: Path, tz: str, instant: str) -> None:
    (tmp_path / "gov-disclosure.toml").write_text(CONFIG, encoding="utf-8")
    commands = [
        ["init"],
        ["apply", "new", "--name", "张三", "--kind", "自然人", "--id-number",
         "11010519491231002X", "--phone", "13812345678", "--description", "危房改造补助名单",
         "--actor", "clerk"],
        ["apply", "list"],
        ["apply", "show", "1"],
        ["due", "--json"],
        ["complaint", "add", "--kind", "举报", "--text", "公开栏未更新", "--office",
         "党政综合办公室", "--actor", "clerk"],
        ["complaint", "list", "--json"],
        ["item", "add", "--title", "关于开展冬季防火检查的通知", "--written-on",
         CHINA_DAY.isoformat(), "--topic", "财政、金融、审计", "--column", "财政预决算", "--unit",
         "党政综合办公室", "--author", "clerk"],
        ["run"],
    ]  # fmt: skip
    results = _run(tmp_path, tz, instant, commands)
    for args, result in zip(commands, results, strict=True):
        assert result["code"] == 0, (tz, args, result)
    new, listed, shown, due, complaint, complaints = (r["out"] for r in results[1:7])
    # registered today (China's date), with a 暂定 deadline in 2027 (no official data yet)
    assert f"收到 {CHINA_DAY}" in new and "答复期限 2027-01-0" in new and "暂定" in new
    assert str(CHINA_DAY) in listed and "共1件申请" in listed and "暂定" in listed
    assert f"收到日期：{CHINA_DAY}" in shown and "剩余20个工作日" in shown
    owed = [o for o in json.loads(due) if o["kind"] == "application"]
    assert len(owed) == 1 and owed[0]["provisional"] is True
    assert owed[0]["workdays_left"] == 20
    assert "答复期限" in complaint
    assert [c["received_on"] for c in json.loads(complaints)] == [CHINA_DAY.isoformat()]


def test_app_today_is_chinas_date_under_any_host_zone() -> None:
    late = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
    with time_machine.travel(late, tick=False):
        app = App("sqlite://", load_config({}))
        assert app.today() == CHINA_DAY
        assert app.clock().utcoffset() is not None
        assert app.utc_now() == late
    # an injected clock answering in another zone is read in China's zone
    app = App("sqlite://", load_config({}), clock=lambda: late)
    assert app.today() == CHINA_DAY and app.clock().tzinfo is CHINA_TZ


def test_naive_moments_are_chinas_wall_time() -> None:
    naive = datetime(2026, 12, 7, 7, 30)
    assert in_zone(naive).tzinfo is CHINA_TZ and in_zone(naive).hour == 7
    assert local_date(datetime(2026, 12, 6, 16, 0, tzinfo=UTC)) == CHINA_DAY
    assert local_date(datetime(2026, 12, 6, 15, 59, tzinfo=UTC)) == date(2026, 12, 6)
    clock = OfficeClock(lambda: naive)
    assert clock.today() == CHINA_DAY and clock.utc() == datetime(2026, 12, 6, 23, 30, tzinfo=UTC)


def test_time_zone_setting_for_a_body_elsewhere() -> None:
    late = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
    app = App("sqlite://", load_config({"calendar": {"time_zone": "UTC"}}), clock=lambda: late)
    assert app.today() == date(2026, 12, 6)
    with pytest.raises(ConfigError) as caught:
        App("sqlite://", load_config({"calendar": {"time_zone": "Mars/Olympus"}}))
    assert "calendar.time_zone" in str(caught.value)
