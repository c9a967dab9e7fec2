"""A month of a county office's work through the command line, as staff run it.

Each step is a real ``gov-disclosure`` process: set-up (init, people), items drafted, edited,
screened, approved stage by stage and published, an application received, sent a 补正
notice, completed and replied to, what is due, the publishing run, the catalogue exported
and imported back, the annual report, the office's check-up (doctor) and the audit log. Each
step exits with its one right code (0, or 2 for a bad value), none shows a traceback, and
nothing it prints is English only (a line with Latin words and no Chinese; identifiers, paths
and URLs aside): the audit log's entries of the month included.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_WORDS = re.compile(
    r"https?://\S+|\S*/\S*|\S+\.(docx|html|json|csv|xlsx|txt|toml|db|pdf|log)\b"
    r"|[0-9A-Z]{18}/\d{4}-\d+|'gov-disclosure [^']*'"
)
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
STAFF = (
    ["wang", "--name", "王晓丽", "--unit", "县政府办公室", "--role", "经办人"],
    ["li", "--name", "李建国", "--unit", "县政府办公室", "--role", "科室审核",
     "--role", "保密审查员"],
    ["zhao", "--name", "赵明", "--unit", "县人民政府", "--role", "分管领导把关"],
)  # fmt: skip
ITEMS = (
    ("示例县2026年部门预算", "财政、金融、审计", "财政预决算"),
    ("关于做好2026年冬季防火工作的通知", "其他", "通知公告"),
    ("示例县2026年第四季度低保对象公示", "民政、扶贫、救灾", "社会救助"),
)


def english_only(text: str) -> list[str]:
    """Lines with a Latin word and no Chinese character (identifiers, paths, URLs aside)."""
    found = []
    for line in text.splitlines():
        words = NOT_WORDS.sub("", line)
        if LATIN_WORD.search(words) and not CJK.search(line):
            found.append(line)
    return found


class Office:
    """Runs ``gov-disclosure`` in one folder as an office clerk would, checking each step."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # a wide terminal: a table cell is judged whole, not by the pieces it wraps into
        self.env = {**os.environ, "LANG": "zh_CN.UTF-8", "COLUMNS": "400",
                    "GOV_DISCLOSURE_CACHE_DIR": str(folder / ".cache")}  # fmt: skip
        for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "GOV_DISCLOSURE_DB",
                    "GOV_DISCLOSURE_CONFIG"):  # fmt: skip
            self.env.pop(var, None)

    def __call__(self, *args: str, code: int = 0, check_text: bool = True) -> str:
        program = "from gov_disclosure.cli.main import main; main()"
        done = subprocess.run(
            [sys.executable, "-c", program, *args],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        shown = done.stdout + done.stderr
        step = " ".join(args[:3])
        assert "Traceback" not in shown, f"{step}: {shown[-2000:]}"
        assert done.returncode == code, f"{step}: exit {done.returncode}: {shown[-1000:]}"
        if check_text:
            assert english_only(shown) == [], f"{step}: English only: {english_only(shown)}"
        elif done.stderr:
            assert english_only(done.stderr) == [], f"{step}: {english_only(done.stderr)}"
        return done.stdout


def test_the_checker_tells_english_only_lines() -> None:
    assert english_only("published 3, delivered 5") == ["published 3, delivered 5"]
    assert english_only("发布3项 published") == []
    assert english_only("/tmp/x/gov-disclosure.db\nhttp://example.gov.cn/a") == []


@pytest.mark.slow
def test_a_month_of_a_county_office(tmp_path: Path) -> None:
    run = Office(tmp_path)
    run("init", "--admin", "zhou", "--admin-name", "周敏")
    config = tmp_path / "gov-disclosure.toml"  # the office's public address, as init asks
    site = config.read_text(encoding="utf-8").replace(
        'base_url = "http://localhost:8000"', 'base_url = "https://www.shixian.gov.cn"'
    )
    assert "www.shixian.gov.cn" in site
    config.write_text(site, encoding="utf-8")
    for person in STAFF:
        run("actor", "add", *person, "--actor", "zhou")
    run("actor", "list")

    # week 1: drafts, one edited, two reviewed and published
    index_nos = []
    for title, topic, column in ITEMS:
        out = run("item", "add", "--title", title, "--written-on", "2026-11-02", "--topic",
                  topic, "--column", column, "--unit", "县政府办公室", "--author", "wang",
                  "--body", "一、基本情况\n二、工作安排")  # fmt: skip
        index_nos.append(out.split("\t")[0])
    run("item", "edit", index_nos[0], "--summary", "全县部门预算及说明", "--author", "wang")
    for index_no in index_nos[:2]:
        run("review", "screen", index_no)  # nothing personal in these: exit 0
        run("review", "submit", index_no, "--actor", "wang")
    queue = run("review", "queue", "--actor", "li")
    assert index_nos[0] in queue and index_nos[1] in queue
    for index_no in index_nos[:2]:
        run("review", "approve", index_no, "--actor", "li")
        run("review", "approve", index_no, "--actor", "zhao")
    run("review", "status", index_nos[0])
    run("item", "list")
    run("item", "list", "--state", "已发布")
    run("item", "list", "--state", "published")
    run("item", "show", index_nos[0])
    run("item", "list", "--state", "撤销", code=2)  # not a state: the valid ones listed

    # week 2: an application, its 补正, the completed application, the reply
    run("apply", "new", "--name", "张三", "--id-number", "11010519491231002X", "--phone",
        "13812345678", "--description", "2026年村级道路维修资金使用情况", "--route", "当面",
        "--actor", "wang")  # fmt: skip
    run("apply", "supplement", "1", "--items", "请写明所需信息的名称和年份", "--actor", "wang")
    run("apply", "supplement", "1", "--received", "--actor", "wang")
    run("apply", "list")
    run("apply", "show", "1")
    run("apply", "reply", "1", "--type", "予以公开", "--actor", "li")
    run("apply", "letters", "1", "--out", "letters")

    # week 3: what is owed, publishing, deliveries
    run("due")
    run("run")
    run("deliveries")

    # week 4: the catalogue out and back in, the report, the check-up, the record
    run("catalogue", "--format", "csv", "--out", "export")
    exported = next((tmp_path / "export").glob("*.csv"))
    run("item", "import", str(exported), "--author", "wang")
    template = run("report", "supplement-template", "2026", check_text=False)  # a data file
    (tmp_path / "supplement.toml").write_text(template, encoding="utf-8")
    run("report", "annual", "2026", "--supplement", "supplement.toml", "--out", "report")
    assert "没有必须修复的项目" in run("doctor")  # base_url set: nothing to fix, exit 0
    run("audit", "verify")
    record = run("audit", "log", "--limit", "1000").splitlines()  # every entry of the month
    assert all(CJK.search(line) for line in record), record
    for action in ("登记人员", "新建事项", "提交审核", "审批", "发布事项", "收到申请", "补正通知",
                   "答复申请", "渠道发布", "批量导入事项"):  # fmt: skip
        assert any(action in line for line in record), action
