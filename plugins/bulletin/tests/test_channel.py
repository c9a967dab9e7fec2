"""The bulletin channel: queueing, numbering, 更正, withdrawals, notice sheets, bad input."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import click
import docx
import gov_disclosure_bulletin
import pluggy
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from gov_disclosure_bulletin import BulletinChannel, BulletinSettings, build_issue, ledger

from gov_disclosure.channels import (
    Action,
    ChannelContext,
    ChannelState,
    MemoryChannelState,
    PublishedEdition,
)
from gov_disclosure.documents import TableTotalError
from gov_disclosure.errors import ConflictError, InvalidInputError
from gov_disclosure.hookspecs import PROJECT
from gov_disclosure.models import Audience, DataTable
from testsupport.samples import sample_editions


class Clock:
    def __init__(self, when: datetime) -> None:
        self.when = when

    def __call__(self) -> datetime:
        return self.when


@pytest.fixture
def editions() -> list[PublishedEdition]:
    return [e for e in sample_editions() if e.published_on.year == 2026]


def make_channel(
    tmp_path: Path,
    catalogue: list[PublishedEdition],
    clock: Clock,
    state: ChannelState | None = None,
    **settings: object,
) -> BulletinChannel:
    context = ChannelContext(
        data_dir=tmp_path,
        catalogue=lambda: catalogue,
        state=state or MemoryChannelState(),
        organization={"name": "示例镇人民政府"},
        now=clock,
    )
    return BulletinChannel(BulletinSettings(**settings), context)


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text]


def march(editions: list[PublishedEdition]) -> list[PublishedEdition]:
    return [e for e in editions if e.published_on.month == 3]


def test_publish_queues_and_writes_notice_sheets(tmp_path: Path, editions) -> None:
    channel = make_channel(tmp_path, editions, Clock(datetime(2026, 3, 20)))
    receipts = {e.index_no: channel.publish(e) for e in march(editions)}
    issue_file = tmp_path / "bulletin" / "bulletin-2026-03.docx"
    for edition in march(editions):
        receipt = receipts[edition.index_no]
        assert receipt.channel == "bulletin" and receipt.action is Action.PUBLISH
        assert receipt.location == str(issue_file)
        sheet = receipt.details.get("notice_sheet")
        if edition.notice_period is not None:
            assert sheet == str(tmp_path / "bulletin" / "notices" / f"{edition.slug}.docx")
            assert Path(sheet).exists() and texts(Path(sheet))[0] == edition.title
        else:
            assert sheet is None
    assert not issue_file.exists()  # the issue is built per period, not per item
    notices = sorted(p.name for p in (tmp_path / "bulletin" / "notices").iterdir())
    assert len(notices) == sum(1 for e in march(editions) if e.notice_period is not None)


def test_issue_cover_contents_and_items(tmp_path: Path, editions) -> None:
    channel = make_channel(tmp_path, editions, Clock(datetime(2026, 3, 31)))
    public = [e for e in march(editions) if e.audience is Audience.PUBLIC]
    for e in march(editions):
        if channel.accepts(e):
            channel.publish(e)
    result = channel.build_issue("2026-03")
    assert result.items == len(public) and result.record.label() == "2026年第1期(总第1期)"
    lines = texts(result.path)
    assert lines[:3] == ["示例镇人民政府公报", "2026年第1期(总第1期)", "2026年3月31日"]
    assert lines[3] == "目　　录"
    body = lines[lines.index("目　　录") :]
    for e in public:
        assert sum(line.startswith(e.title) for line in body) == 2  # 目录 entry and the title
        assert f"索引号：{e.index_no}" in body
        assert f"发布机构：{e.publisher}　主题分类：{e.topic}" in body
    assert "示政发〔2026〕3号" in body
    assert "成文日期：2026年3月2日　发布日期：2026年3月5日" in body
    assert not any("内部" in line for line in lines)  # the internal item stays out
    doc = docx.Document(str(result.path))
    assert len(doc.tables) == 1 and doc.tables[0].rows[-1].cells[0].text == "合计"
    instr = " ".join(t.text for t in doc.element.body.iter("{*}instrText"))
    assert instr.count("PAGEREF") == len(public)
    update = doc.settings.element.find(qn("w:updateFields"))  # Word fills the 目录 on open
    assert update is not None and update.get(qn("w:val")) == "true"


def test_numbers_per_year_and_running_total_never_reused(tmp_path: Path, editions) -> None:
    state = MemoryChannelState()
    clock = Clock(datetime(2026, 3, 20))
    catalogue = editions[:1]
    channel = make_channel(tmp_path, catalogue, clock, state, total_offset=13)
    channel.publish(editions[0])
    first = channel.build_issue("2026-03")
    assert first.record.label() == "2026年第1期(总第14期)"
    with pytest.raises(ConflictError):
        channel.build_issue("2026-03")
    again = channel.build_issue("2026-03", rebuild=True)
    assert again.record == first.record
    clock.when = datetime(2026, 4, 2)
    april = editions[1].model_copy(update={"published_on": date(2026, 4, 2)})
    catalogue.append(april)
    channel.publish(april)
    assert channel.build_issue("2026-04").record.label() == "2026年第2期(总第15期)"
    later = editions[2].model_copy(update={"published_on": date(2027, 1, 4)})
    catalogue.append(later)
    clock.when = datetime(2027, 1, 5)
    channel.publish(later)
    assert channel.build_issue("2027-01").record.label() == "2027年第1期(总第16期)"


def test_items_published_before_the_channel_existed_join_their_period(
    tmp_path: Path, editions
) -> None:
    state = MemoryChannelState()
    channel = make_channel(tmp_path, editions, Clock(datetime(2026, 4, 1)), state)
    result = channel.build_issue("2026-03")  # nothing delivered: taken from the catalogue
    expected = [e for e in march(editions) if channel.accepts(e)]
    assert result.items == len(expected)
    channel.publish(expected[0])  # a late delivery of a printed item is not printed again
    assert ledger.pending(state) == []


def test_empty_period_takes_no_number(tmp_path: Path, editions) -> None:
    state = MemoryChannelState()
    channel = make_channel(tmp_path, editions, Clock(datetime(2026, 5, 1)), state)
    with pytest.raises(InvalidInputError) as info:
        channel.build_issue("2026-05")
    assert info.value.field == "period"
    with pytest.raises(InvalidInputError):
        channel.build_issue("2026-13")
    assert state.get("issue-total") is None


def test_update_prints_a_correction_in_the_next_issue(tmp_path: Path, editions) -> None:
    catalogue = editions[:1]
    clock = Clock(datetime(2026, 3, 20))
    channel = make_channel(tmp_path, catalogue, clock)
    policy = editions[0]
    channel.publish(policy)
    channel.build_issue("2026-03")
    second = policy.model_copy(
        update={"edition": 2, "replaces_edition": 1, "body": "现将修订后的方案印发给你们。"}
    )
    catalogue[0] = second
    clock.when = datetime(2026, 4, 8)
    receipt = channel.update(second, None)
    assert receipt.action is Action.UPDATE and receipt.details["replaces_edition"] == "1"
    result = channel.build_issue("2026-04")
    assert (result.items, result.corrections) == (0, 1)
    lines = texts(result.path)
    title = f"关于《{policy.title}》的更正"
    assert sum(line.startswith(title) for line in lines) == 2  # contents and heading
    note = next(line for line in lines if line.startswith("本刊2026年第1期"))
    assert f"（索引号：{policy.index_no}，第1版）已更新为第2版" in note
    assert "现将修订后的方案印发给你们。" in lines


def test_publish_then_update_in_one_period_prints_once(tmp_path: Path, editions) -> None:
    catalogue = editions[:1]
    channel = make_channel(tmp_path, catalogue, Clock(datetime(2026, 3, 20)))
    channel.publish(editions[0])
    catalogue[0] = editions[0].model_copy(update={"edition": 2, "body": "第二版正文。"})
    channel.update(catalogue[0], None)
    result = channel.build_issue("2026-03")
    assert (result.items, result.corrections) == (1, 0)
    assert "第二版正文。" in texts(result.path)


def test_withdrawal_listed_and_sheet_removed(tmp_path: Path, editions) -> None:
    catalogue = list(editions)
    clock = Clock(datetime(2026, 3, 20))
    channel = make_channel(tmp_path, catalogue, clock)
    notice = next(e for e in editions if e.notice_period is not None)
    sheet = Path(channel.publish(notice).details["notice_sheet"])
    channel.build_issue("2026-03")
    catalogue.remove(notice)
    clock.when = datetime(2026, 4, 3)
    receipt = channel.withdraw(notice, "公示对象信息有误", None)
    assert receipt.details["removed_sheet"] == str(sheet) and not sheet.exists()
    channel.publish(editions[0].model_copy(update={"index_no": editions[0].index_no + "9"}))
    result = channel.build_issue("2026-04")
    assert result.withdrawals == 1
    line = next(x for x in texts(result.path) if x.startswith(f"《{notice.title}》"))
    assert "原刊于本刊2026年第1期(总第1期)" in line and "撤回原因：公示对象信息有误" in line


def test_expire_only_takes_the_sheet_down(tmp_path: Path, editions) -> None:
    state = MemoryChannelState()
    channel = make_channel(tmp_path, editions, Clock(datetime(2026, 3, 20)), state)
    notice = next(e for e in editions if e.notice_period is not None)
    sheet = Path(channel.publish(notice).details["notice_sheet"])
    pending = ledger.pending(state)
    receipt = channel.expire(notice, None)
    assert receipt.action is Action.EXPIRE and not sheet.exists()
    assert ledger.pending(state) == pending


def test_publishing_twice_queues_once(tmp_path: Path, editions) -> None:
    state = MemoryChannelState()
    channel = make_channel(tmp_path, editions, Clock(datetime(2026, 3, 20)), state)
    channel.publish(editions[0])
    channel.publish(editions[0])  # a delivery retried
    assert len(ledger.pending(state)) == 1


def test_item_without_title_stops_the_issue_before_numbering(tmp_path: Path, editions) -> None:
    state = MemoryChannelState()
    untitled = editions[0].model_copy(update={"title": "  "})
    with pytest.raises(InvalidInputError) as info:
        build_issue([untitled], "2026-03", state, BulletinSettings(), tmp_path)
    assert info.value.field == "title" and untitled.index_no in str(info.value)
    assert state.get("issue-total") is None and not list(tmp_path.iterdir())


def test_wrong_total_stops_the_issue_before_numbering(tmp_path: Path, editions) -> None:
    state = MemoryChannelState()
    bad = DataTable(
        caption="西村村2026年2月财务收支明细",
        columns=["项目", "收入"],
        rows=[["上级补助", Decimal("1000.00")], ["租金", Decimal("250.00")]],
        total=["合计", Decimal("1350.00")],
    )
    item = editions[2].model_copy(update={"tables": (bad,)})
    with pytest.raises(TableTotalError) as info:
        build_issue([item], "2026-03", state, BulletinSettings(), tmp_path)
    assert (info.value.caption, info.value.column) == ("西村村2026年2月财务收支明细", "收入")
    assert state.get("issue-total") is None


def test_a_long_roster_is_a_multi_page_sheet_not_a_failed_delivery(tmp_path, editions) -> None:
    state = MemoryChannelState()
    channel = make_channel(tmp_path, editions, Clock(datetime(2026, 3, 20)), state)
    notice = next(e for e in editions if e.notice_period is not None)
    names = [f"第{i}户某某，东村村，月保障金额780元。" for i in range(1, 61)]
    long = notice.model_copy(update={"body": "\n".join(names)})
    receipt = channel.publish(long)
    sheet = Path(receipt.details["notice_sheet"])
    printed = texts(sheet)
    assert all(name in printed for name in names)
    footer = docx.Document(str(sheet)).sections[0].footer._element
    assert footer.xpath(".//w:instrText[contains(., 'PAGE')]")  # page numbers on a long sheet
    assert [e.index_no for e in ledger.pending(state)] == [long.index_no]


def test_an_older_config_with_notice_max_pages_still_loads_and_paginates(
    tmp_path, editions
) -> None:
    channel = make_channel(
        tmp_path, editions, Clock(datetime(2026, 3, 20)), MemoryChannelState(), notice_max_pages=1
    )
    notice = next(e for e in editions if e.notice_period is not None)
    names = [f"第{i}户某某，东村村，月保障金额780元。" for i in range(1, 61)]
    receipt = channel.publish(notice.model_copy(update={"body": "\n".join(names)}))
    assert all(name in texts(Path(receipt.details["notice_sheet"])) for name in names)


def test_hooks_register_channel_and_command(tmp_path: Path, editions) -> None:
    pm = pluggy.PluginManager(PROJECT)
    from gov_disclosure import hookspecs

    pm.add_hookspecs(hookspecs)
    pm.register(gov_disclosure_bulletin)
    found: list[type] = []
    pm.hook.register_channels(register=found.append)
    assert found == [BulletinChannel]
    cli = click.Group("gov-disclosure")
    pm.hook.register_commands(cli=cli)
    assert "bulletin" in cli.commands

    channel = make_channel(tmp_path, editions, Clock(datetime(2026, 3, 31)))
    for e in march(editions):
        if channel.accepts(e):
            channel.publish(e)

    asked: list[tuple[str, str]] = []

    class Core:  # the two calls the command makes of the core's App, recorded
        def authorize_send(self, name: str, actor: str) -> str:
            asked.append((name, actor))
            return "permit"

        def record_send(self, permit: str, outcome: dict) -> None:
            asked.append((permit, outcome["period"]))

    class Obj:
        def channel(self, name: str) -> BulletinChannel:
            assert name == "bulletin"
            return channel

        def app(self) -> Core:
            return Core()

    args = ["bulletin", "issue", "--period", "2026-03", "--actor", "zhao"]
    result = CliRunner().invoke(cli, args, obj=Obj())
    assert result.exit_code == 0, result.output
    assert "2026年第1期(总第1期)" in result.output
    assert (tmp_path / "bulletin" / "bulletin-2026-03.docx").exists()
    assert asked == [("bulletin", "zhao"), ("permit", "2026-03")]  # checked first, then audited
    no_core = CliRunner().invoke(cli, args)
    assert no_core.exit_code != 0 and "channel" in no_core.output


def test_finished_periods_are_issued_at_the_next_delivery(tmp_path: Path, editions) -> None:
    """auto_issue: March entries wait while March runs; the first delivery in April issues
    March (numbered 1), and an item belongs to the period of its 发布日期, not of its delivery."""
    clock = Clock(datetime(2026, 3, 20))
    channel = make_channel(tmp_path, editions, clock)
    public = [e for e in march(editions) if channel.accepts(e)]
    channel.publish(public[0])
    assert not (tmp_path / "bulletin" / "bulletin-2026-03.docx").exists()
    clock.when = datetime(2026, 4, 2)
    late = public[1]  # published in March, delivered in April
    receipt = channel.publish(late)
    assert receipt.details["period"] == "2026-03"
    issued = tmp_path / "bulletin" / "bulletin-2026-03.docx"
    assert issued.exists()
    body = "\n".join(texts(issued))
    assert public[0].title in body and late.title in body and "2026年第1期" in body
    off = make_channel(tmp_path / "off", editions, Clock(datetime(2026, 4, 2)), auto_issue=False)
    off.publish(public[0])
    assert not (tmp_path / "off" / "bulletin" / "bulletin-2026-03.docx").exists()
