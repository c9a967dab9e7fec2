"""Every example in examples/ runs end to end on a temporary folder, as a user runs it
(a subprocess on a UTC host) and through its ``run()`` for the facts it reports."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py") if p.name != "example_office.py")


def load(name: str) -> ModuleType:
    sys.path.insert(0, str(EXAMPLES))
    try:
        spec = importlib.util.spec_from_file_location(name.removesuffix(".py"), EXAMPLES / name)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(EXAMPLES))


def run_example(name: str, tmp_path: Path) -> dict[str, Any]:
    result: dict[str, Any] = load(name).run(tmp_path / "office")
    return result


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_runs_as_a_user_runs_it(script: str, tmp_path: Path) -> None:
    env = {**os.environ, "TZ": "UTC"}
    done = subprocess.run(
        [sys.executable, script, "--out", str(tmp_path / "out")],
        cwd=EXAMPLES,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in done.stdout), done.stdout  # speaks Chinese
    assert (tmp_path / "out" / "office.db").exists()


def test_every_example_is_listed_in_the_readme() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for script in SCRIPTS:
        assert f"`{script}`" in readme, script


def test_standing_items(tmp_path: Path) -> None:
    facts = run_example("standing_items.py", tmp_path)
    assert facts["stale"] == [facts["functions"]]  # only 机构职能 is past its 12 months
    assert facts["live_during_review"] == 1  # the old edition stays live during review
    assert facts["live_after"] == 2
    assert facts["still_stale"] == []
    page = tmp_path / "office" / "output" / "website"
    assert any(page.rglob("*.html"))


def test_village_finance_monthly(tmp_path: Path) -> None:
    facts = run_example("village_finance_monthly.py", tmp_path)
    assert len(facts["published"]) == 5  # 东村 three months, 西村 January and March
    assert facts["blanks"] == [("西村村民委员会", "村级财务收支 2026年2月")]


def test_emergency_warning(tmp_path: Path) -> None:
    facts = run_example("emergency_warning.py", tmp_path)
    assert facts["minutes"] <= 60
    assert {"website", "kiosk", "sms"} <= set(facts["published_to"])
    assert len(facts["sms_recipients"]) == 3  # at 22:52, inside the SMS quiet hours
    assert set(facts["published_to"]) <= set(facts["withdrawn_from"])
    assert facts["state"] == "withdrawn"


def test_application_year(tmp_path: Path) -> None:
    facts = run_example("application_year.py", tmp_path)
    table3 = {key[-1]: cells for key, cells in facts["table3"].items()}
    assert table3["一、本年新收政府信息公开申请数量"] == [3, 0, 0, 0, 1, 0, 4]
    assert table3["（一）予以公开"][-1] == 2
    assert table3["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"][-1] == 1
    assert table3["1.本机关不掌握相关政府信息"][-1] == 1
    assert facts["fee"] == 1100  # 70 pages at 10 yuan, 20 at 20 (the first 30 free)
    kinds = {name.split("-", 2)[-1] for name in facts["letters"]}
    assert {"补正通知书.docx", "征求意见函-1.docx", "延期答复告知书.docx", "收费通知.docx"} <= kinds
    assert {p.rsplit(".", 1)[-1] for p in facts["report_files"]} == {"docx", "html", "json"}
    from gov_disclosure.reports import verify_archive

    assert verify_archive(facts["archive"]).ok


def test_oa_handoff(tmp_path: Path) -> None:
    facts = run_example("oa_handoff.py", tmp_path)
    python, http = facts["python"], facts["http"]
    assert python["index_no"] != http["index_no"]
    assert http["retried_index_no"] == http["index_no"]  # the retried hand-off made no second item
    for result in (python, http):
        assert {"website", "kiosk"} <= set(result["receipts"])
        slug = result["index_no"].replace("/", "-")
        assert result["receipts"]["website"].endswith(f"{slug}.html")
