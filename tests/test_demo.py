"""`gov-disclosure demo`, the README's first command: a realistic township published to every
built-in channel, offline, with personal data masked and the audit log intact."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from click.testing import CliRunner
from sqlalchemy import func, select

from gov_disclosure import audit
from gov_disclosure.app import App
from gov_disclosure.cli.main import _mount, _plugin_commands, cli
from gov_disclosure.demo import run_demo
from gov_disclosure.identifiers import is_valid_mobile, is_valid_resident_id
from gov_disclosure.store.tables import deliveries, items

EVENING = datetime(2026, 11, 27, 22, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
ID_LIKE = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
MOBILE_LIKE = re.compile(r"(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo as run at 22:30 China time, inside the SMS channel's default quiet hours
    (21:00-08:00): the README's first command must work whenever a new user runs it."""
    out = tmp_path_factory.mktemp("demo")
    with time_machine.travel(EVENING, tick=True):
        summary = run_demo(out, echo=lambda _line: None)
    return out, summary


def _app(out: Path) -> App:
    import tomllib

    from gov_disclosure.config import load_config

    raw = tomllib.loads((out / "gov-disclosure.toml").read_text(encoding="utf-8"))
    return App(f"sqlite:///{out / 'gov-disclosure.db'}", load_config(raw, out))


def test_every_builtin_channel_gets_the_township(demo):
    out, summary = demo
    app = _app(out)
    with app.store.engine.connect() as conn:
        n_items = conn.execute(select(func.count()).select_from(items)).scalar_one()
        states = dict(
            conn.execute(
                select(deliveries.c.state, func.count()).group_by(deliveries.c.state)
            ).all()
        )
        channels = {
            r.channel
            for r in conn.execute(select(deliveries.c.channel).where(deliveries.c.state == "done"))
        }
        assert audit.verify(conn).ok
    assert n_items >= 50
    assert set(states) == {"done"}, states  # nothing failed, nothing pending
    assert {"website", "kiosk", "bulletin", "sms", "wechat"} <= channels
    # WeChat: articles on the local stand-in the demo started and stopped; its secrets gone
    assert re.search(r"^\s+wechat\s+\d+ 次投递完成；例如 http://127\.0\.0\.1:", summary, re.M)
    assert not (out / "private" / "wechat-standin.toml").exists()
    data = out / "output"
    assert (data / "website" / "index.html").exists()
    assert (data / "kiosk" / "index.html").exists()
    assert sorted(p.name for p in (data / "bulletin").glob("bulletin-2026-*.docx"))[0] == (
        "bulletin-2026-01.docx"
    )
    sms = [
        json.loads(line) for line in (out / "private" / "sms-outbox.jsonl").read_text().splitlines()
    ]
    texts = [m["text"] for batch in sms for m in batch["messages"]]
    assert texts and all(t.startswith("【示例镇人民政府】") for t in texts)
    for name in ("website", "kiosk", "bulletin", "sms"):
        assert re.search(rf"^\s+{name}\s+\d+ 次投递完成", summary, re.M)


def test_withdrawn_notice_is_gone_and_published_items_have_pages(demo):
    out, _ = demo
    site = out / "output" / "website"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "集中供养对象名单" not in home
    pages = list((site / "items").glob("*.html"))
    assert len(pages) >= 45
    site_text = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert "集中供养对象名单" not in site_text  # gone from every page …
    notices = [p for p in pages if "信息已撤回" in p.read_text(encoding="utf-8")]
    assert len(notices) == 1  # … and a short notice in its place, with the reason
    assert "名单有误，经核实后另行公布" in notices[0].read_text(encoding="utf-8")


def test_no_public_output_carries_a_full_id_or_mobile_number(demo):
    out, _ = demo
    leaks = []
    for path in (out / "output").rglob("*"):
        public = ".build" not in path.parts and path.suffix in {".html", ".js", ".json", ".xml"}
        if path.is_file() and public:
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [(path.name, m) for m in ID_LIKE.findall(text) if is_valid_resident_id(m)]
            leaks += [(path.name, m) for m in MOBILE_LIKE.findall(text) if is_valid_mobile(m)]
            leaks += [(path.name, m) for m in ID_LIKE.findall(text)]  # any 18-digit run
    assert leaks == []
    dibao = (out / "output" / "website" / "items").glob("*.html")
    masked = [p for p in dibao if "3201**********0016" in p.read_text(encoding="utf-8")]
    assert masked, "the 低保 list is published with its ID numbers masked"


def _texts_of_every_output(root: Path):  # type: ignore[no-untyped-def]
    """(path relative to ``root``, text) of every output file, and of every member of a
    zip-based one (.docx, .xlsx, archives) as ``path!member``."""
    # the website's .build holds its build state (page digests, never served): a hex digest
    # can hold a run of digits that reads as an old 15-digit ID number
    for path in sorted(p for p in root.rglob("*") if p.is_file() and ".build" not in p.parts):
        for member, text in _texts_of(path):
            yield path.relative_to(root).as_posix() + member, text


def _texts_of(path: Path):  # type: ignore[no-untyped-def]
    """("!member" or "", text) of ``path``, or of each member of a zip-based file: the bytes
    decoded as UTF-8, markup left in."""
    import io
    import zipfile

    data = path.read_bytes()
    if not data.startswith(b"PK\x03\x04"):
        yield "", data.decode("utf-8", errors="replace")
        return
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            yield f"!{member.filename}", archive.read(member).decode("utf-8", errors="replace")


def _id_or_mobile(text: str) -> list[tuple[str, str]]:
    """(kind, masked form) of each valid 身份证号 (18 or 15 digits) or mobile number in
    ``text``, in any written form (separators, markup between the digits)."""
    from gov_disclosure.review import DataKind, find_personal_data

    kinds = (DataKind.RESIDENT_ID, DataKind.OLD_ID, DataKind.MOBILE)
    return [(d.kind.value, d.masked) for d in find_personal_data(text) if d.kind in kinds]


def test_no_output_file_or_zip_member_holds_a_valid_id_or_mobile(demo):
    """Site (feeds included), kiosk, bulletin and screen, every file and every zip member, in
    every written form: no valid 身份证号 or mobile number. The 低保 list's workbook was
    attached with full numbers; its masked copy is what went out."""
    from gov_disclosure.review import read_attachment

    out, _ = demo
    leaks, names = [], []
    for name, text in _texts_of_every_output(out / "output"):
        names.append(name)
        leaks += [(name, *found) for found in _id_or_mobile(text)]
    assert leaks == []
    # every channel's folder was read, the feeds, and the members of each zip-based format
    folders = {n.split("/", 1)[0] for n in names}
    assert {"website", "kiosk", "bulletin"} <= folders, folders
    assert any(n.startswith("website/feeds/") and n.endswith(".xml") for n in names)
    assert any(n.endswith(".docx!word/document.xml") for n in names)  # bulletins were read
    assert any(".xlsx!xl/worksheets/" in n for n in names)  # the workbook's sheets were read
    workbooks = [p for p in (out / "output").rglob("*.xlsx")]
    assert workbooks, "the masked 低保名单.xlsx is published"
    text = read_attachment(workbooks[0])
    assert "3201**********0016" in text and "张某某" in text
    # the same scan finds the numbers in the office's own original workbook (never published)
    originals = [p for p in (out / "files").rglob("*") if p.is_file()]
    found = [f for p in originals for _m, text in _texts_of(p) for f in _id_or_mobile(text)]
    assert {"resident_id", "mobile"} <= {kind for kind, _ in found}


def test_sms_texts_hold_no_id_or_mobile(demo):
    """What went to the SMS gateway: the recipients' numbers (the outbox is private, 0600,
    outside the output folder), but no ID or mobile number in any message's text."""
    out, _ = demo
    outbox = out / "private" / "sms-outbox.jsonl"
    texts = [
        m["text"]
        for line in outbox.read_text(encoding="utf-8").splitlines()
        for m in json.loads(line)["messages"]
    ]
    assert texts
    assert [found for t in texts for found in _id_or_mobile(t)] == []
    assert not (out / "output" / "website" / outbox.name).exists()


def test_sms_preview_and_dry_run_from_the_command_line(demo):
    out, _ = demo
    _mount()
    _plugin_commands()
    runner = CliRunner()
    base = ["--db", str(out / "gov-disclosure.db"), "--config", str(out / "gov-disclosure.toml")]
    index_no = "11320000MB1234562M/2026-00001"
    preview = runner.invoke(cli, [*base, "sms", "preview", index_no])
    assert preview.exit_code == 0, preview.output
    assert preview.output.startswith("【示例镇人民政府】示例镇人民政府机构职能")
    assert "part(s) per message" in preview.output
    dry = runner.invoke(cli, [*base, "sms", "send", index_no, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "nothing was sent" in dry.output.lower() or "未发送" in dry.output


def test_running_the_demo_again_only_runs_due_work(demo):
    """A minute later nothing is due: the second run finds the built demo and delivers nothing
    again (later, expiring 公示 and finished months would rightly be due)."""
    out, _ = demo
    with time_machine.travel(EVENING + timedelta(minutes=1), tick=True):
        again = run_demo(out, echo=lambda _line: None)
    assert "投递 0，失败 0" in again
