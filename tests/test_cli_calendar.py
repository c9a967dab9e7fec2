"""``gov-disclosure calendar`` through click's CliRunner, with a real config file and folder."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gov_disclosure.app import App
from gov_disclosure.cli.calendar import calendar_group
from gov_disclosure.config import load_config

# TEST FIXTURE, NOT OFFICIAL: an invented 2027 arrangement (see test_workdays_files.py).
FIXTURE_2027 = """\
year = 2027
source = "TEST FIXTURE - not the official 2027 notice"

[[holiday]]
name = "元旦"
start = 2027-01-01
end = 2027-01-05
workdays = [2027-01-09]
"""


ACTOR = '[[actors]]\nid = "clerk"\nname = "王经办"\nunit = "办公室"\nroles = ["经办人"]\n'


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "gov-disclosure.toml"
    path.write_text(f"{ACTOR}\n[calendar]\nextra_holidays = [2025-09-29]\n", encoding="utf-8")
    return path


def run(config: Path, *args: str) -> Result:
    """Run ``calendar …`` with the config, on an initialised office database beside it."""
    db = config.parent / "office.db"
    if not db.exists():
        raw = tomllib.loads(config.read_text(encoding="utf-8"))
        App(f"sqlite:///{db}", load_config(raw, config.parent)).init()
    env = {"GOV_DISCLOSURE_CONFIG": str(config), "GOV_DISCLOSURE_DB": str(db)}
    return CliRunner().invoke(calendar_group, list(args), env=env)


def test_add_and_explain(tmp_path: Path) -> None:
    plain = tmp_path / "plain.toml"
    plain.write_text("", encoding="utf-8")
    result = run(plain, "add", "2025-09-26", "20", "--explain")
    assert result.exit_code == 0, result.output
    first, *rest = result.output.splitlines()
    assert first.startswith("2025-10-30") and "official" in first
    assert any("2025-09-28" in line and "counted" in line and "调休" in line for line in rest)
    assert any("2025-10-01" in line and "skipped" in line and "国庆节" in line for line in rest)


def test_local_override_from_config(config: Path) -> None:
    result = run(config, "add", "2025-09-26", "20")
    assert result.output.startswith("2025-10-31"), result.output
    coverage = run(config, "coverage", "--from", "2025", "--to", "2025")
    assert "overridden" in coverage.output


def test_not_covered_is_one_clear_error(config: Path) -> None:
    config.write_text('[calendar]\nbeyond_official = "refuse"\n', encoding="utf-8")
    result = run(config, "add", "2026-12-04", "20")
    assert result.exit_code == 1
    assert "2027年尚无官方节假日安排" in result.output and "calendar load" in result.output
    assert "Traceback" not in result.output


def test_provisional_by_default_and_with_the_flag(config: Path) -> None:
    for args in (("add", "2026-12-04", "20"), ("add", "2026-12-04", "20", "--provisional")):
        result = run(config, *args)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("2027-01-04") and "暂定" in result.output


def test_is_workday_and_between(config: Path) -> None:
    yes = run(config, "is-workday", "2026-02-14")
    assert yes.exit_code == 0 and "：工作日" in yes.output and "调休" in yes.output
    no = run(config, "is-workday", "2025-10-08")
    assert "非工作日" in no.output and "国庆节" in no.output
    assert run(config, "between", "2025-09-26", "2025-10-31").output.strip() == "20"
    bad = run(config, "is-workday", "2025-02-30")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_load_then_compute_and_coverage(config: Path, tmp_path: Path) -> None:
    source = tmp_path / "2027-notice.toml"
    source.write_text(FIXTURE_2027, encoding="utf-8")
    loaded = run(config, "load", str(source), "--actor", "clerk", "--yes")
    assert loaded.exit_code == 0, loaded.output
    assert "2027-01-09 周六  上班  元旦调休上班" in loaded.output
    saved = config.parent / "gov-disclosure-calendar" / "2027.toml"
    assert saved.read_text(encoding="utf-8") == FIXTURE_2027
    result = run(config, "add", "2026-12-04", "20")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2027-01-06") and "官方" in result.output
    coverage = run(config, "coverage", "--from", "2026", "--to", "2028")
    lines = coverage.output.splitlines()
    assert any("2027" in line and "official (loaded file)" in line for line in lines)
    assert any("2028" in line and "provisional" in line for line in lines)


def test_load_bad_file_names_line_and_writes_nothing(config: Path, tmp_path: Path) -> None:
    source = tmp_path / "2027-notice.toml"
    source.write_text(FIXTURE_2027.replace("2027-01-09", "2027-01-07"), encoding="utf-8")
    result = run(config, "load", str(source), "--actor", "clerk", "--yes")
    assert result.exit_code == 1
    assert "line 8" in result.output and "holiday[1].workdays" in result.output
    assert not (config.parent / "gov-disclosure-calendar").exists()


def test_data_dir_from_config(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "gov-disclosure.toml"
    config.parent.mkdir()
    config.write_text(f'{ACTOR}\n[calendar]\ndata_dir = "../holidays"\n', encoding="utf-8")
    source = tmp_path / "n.toml"
    source.write_text(FIXTURE_2027, encoding="utf-8")
    assert run(config, "load", str(source), "--actor", "clerk", "--yes").exit_code == 0
    assert (tmp_path / "holidays" / "2027.toml").is_file()


def test_bad_config_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "gov-disclosure.toml"
    config.write_text("[calendar]\nprovisional = 'often'\n", encoding="utf-8")
    result = run(config, "add", "2025-09-26", "20")
    assert result.exit_code == 1 and "calendar.provisional" in result.output
