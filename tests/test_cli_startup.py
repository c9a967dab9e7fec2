"""``gov-disclosure`` starts fast: commands, plugins and heavy libraries load when used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from gov_disclosure.cli.lazy import BUILTIN, load_builtin

HEAVY = (
    "sqlalchemy",
    "pydantic",
    "rich",
    "docx",
    "openpyxl",
    "fastapi",
    "jinja2",
    "alembic",
    "pypinyin",
    "gov_disclosure.app",
    "gov_disclosure_website",
    "gov_disclosure_kiosk",
    "gov_disclosure_sms",
)

PROBE = """
import sys
from gov_disclosure.cli.main import cli
try:
    cli(sys.argv[1:])
except SystemExit:
    pass
print("MODULES", " ".join(sorted(sys.modules)))
"""


def _start(tmp_path: Path, *args: str) -> tuple[str, set[str]]:
    env = {**os.environ, "GOV_DISCLOSURE_CACHE_DIR": str(tmp_path / "cache"), "LANG": "C.UTF-8"}
    env.pop("GOV_DISCLOSURE_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    out, _sep, modules = done.stdout.rpartition("MODULES ")
    return out, set(modules.split())


def test_help_imports_no_command_plugin_or_heavy_library(tmp_path: Path) -> None:
    first, _modules = _start(tmp_path, "--help")  # builds the plugin command index
    shown, modules = _start(tmp_path, "--help")
    assert shown == first
    assert "website" in shown and "sms" in shown and "item" in shown  # plugin and core commands
    loaded = [m for m in HEAVY if m in modules]
    assert loaded == [], f"--help imported {loaded}"
    _out, modules = _start(tmp_path, "--version")
    assert [m for m in HEAVY if m in modules] == []


def test_the_plugin_index_is_rebuilt_when_a_plugin_changes(tmp_path: Path) -> None:
    _start(tmp_path, "--help")
    index = tmp_path / "cache" / "plugin-commands.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["sources"] = [[folder, 1] for folder, _stamp in data["sources"]]  # an older plugin
    data["plugins"] = {}
    index.write_text(json.dumps(data), encoding="utf-8")
    shown, modules = _start(tmp_path, "--help")
    assert "website" in shown and "gov_disclosure_website" in modules  # read again
    assert json.loads(index.read_text(encoding="utf-8"))["plugins"]


def test_a_blocked_plugin_adds_no_command(tmp_path: Path) -> None:
    (tmp_path / "gov-disclosure.toml").write_text('[plugins]\nblocked = ["sms"]\n', "utf-8")
    shown, _modules = _start(tmp_path, "--help")
    assert "website" in shown and "\n  sms " not in shown


def test_a_plugin_command_runs_after_a_lazy_start(tmp_path: Path) -> None:
    shown, modules = _start(tmp_path, "sms", "--help")
    assert "gov_disclosure_sms" in modules and "subscribe" in shown


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_every_builtin_entry_names_its_command(name: str) -> None:
    command = load_builtin(name)
    assert isinstance(command, click.Command) and command.name == name


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOV_DISCLOSURE_CACHE_DIR": str(tmp_path / "cache"), "LANG": "C.UTF-8"}
    for var in ("GOV_DISCLOSURE_CONFIG", "GOV_DISCLOSURE_DB"):
        env.pop(var, None)
    code = "from gov_disclosure.cli.main import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=tmp_path, env=env, capture_output=True, text=True
    )


def test_item_list_on_a_current_database_loads_no_plugin(tmp_path: Path) -> None:
    assert _cli(tmp_path, "init", "--admin", "zhou", "--admin-name", "周敏").returncode == 0
    _start(tmp_path, "item", "list")  # the full schema check, remembered
    shown, modules = _start(tmp_path, "item", "list")
    assert "索引号" in shown
    slow = ("alembic", "gov_disclosure_kiosk", "gov_disclosure_website", "pypinyin", "openpyxl")
    assert [m for m in slow if m in modules] == []
    # nor the App, its services, the pydantic models or the working-day calendar
    unneeded = (
        "gov_disclosure.app",
        "gov_disclosure.config",
        "gov_disclosure.channels",
        "gov_disclosure.models.item",
        "gov_disclosure.authority.checks",
        "gov_disclosure.workdays",
        "chinese_calendar",
        "pydantic.main",
        "numpy",
    )
    assert [m for m in unneeded if m in modules] == []


def test_a_changed_config_is_checked_again_before_a_listing(tmp_path: Path) -> None:
    assert _cli(tmp_path, "init", "--admin", "zhou", "--admin-name", "周敏").returncode == 0
    assert _cli(tmp_path, "item", "list").returncode == 0  # checks remembered
    _out, modules = _start(tmp_path, "item", "list")
    assert "gov_disclosure.config" not in modules
    (tmp_path / "gov-disclosure.toml").write_text("[nonsense]\nkey = 1\n", encoding="utf-8")
    refused = _cli(tmp_path, "item", "list")
    assert refused.returncode == 2 and "nonsense" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_database_behind_the_code_is_still_refused(tmp_path: Path) -> None:
    assert _cli(tmp_path, "init", "--admin", "zhou", "--admin-name", "周敏").returncode == 0
    assert _cli(tmp_path, "item", "list").returncode == 0
    (tmp_path / "gov-disclosure.db").unlink()
    import sqlite3

    with sqlite3.connect(tmp_path / "gov-disclosure.db") as db:  # an older database
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        db.execute("INSERT INTO alembic_version VALUES ('0001')")
    refused = _cli(tmp_path, "item", "list")
    assert refused.returncode == 2 and "尚未初始化或版本过旧" in refused.stderr
    assert "Traceback" not in refused.stderr
