"""Letters written as .docx and read back with python-docx."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import docx
import pytest

from gov_disclosure.applications import ApplicationService, ApplicationSettings
from gov_disclosure.applications.settings import remedy_note, settings_from_config
from gov_disclosure.errors import ConfigError
from gov_disclosure.workdays import CHINA_TZ

RAW_ID = "11010519491231002X"


def _text(path: Path) -> str:
    """The letter's text from its title on (the 文号 line above it is left out)."""
    lines = [p.text for p in docx.Document(str(path)).paragraphs if p.text]
    return "\n".join(lines[1:] if lines[0].endswith("号") else lines)


def _number(path: Path) -> str:
    return next(p.text for p in docx.Document(str(path)).paragraphs if p.text)


@pytest.fixture
def walked(app, clock) -> tuple[ApplicationService, int]:  # type: ignore[no-untyped-def]
    clock.at = datetime(2026, 6, 30, 9, 0, tzinfo=CHINA_TZ)
    service = ApplicationService(app, ApplicationSettings(letter_prefix="示政信"))
    record = service.new(
        {
            "applicant": {"kind": "自然人", "name": "张三", "id_number": RAW_ID},
            "contact": {"phone": "13812345678", "address": "示例镇人民路2号"},
            "request": {"description": "本镇2025年农村危房改造补助名单", "title": "补助名单"},
            "arrival": {"route": "邮政挂号", "signed_on": "2026-02-12"},
        },
        "clerk",
    )
    service.request_supplement(
        record.id, "clerk", items="请写明所需名单的年份", on=date(2026, 2, 24)
    )
    service.supplement_received(record.id, "clerk", on=date(2026, 3, 10))
    cid = service.start_consultation(
        record.id,
        "clerk",
        party="third_party",
        name="某建筑公司",
        matter="商业秘密",
        on=date(2026, 3, 12),
        service="当面送达",
    )
    service.answer_consultation(record.id, "clerk", cid, opinion="不同意", on=date(2026, 3, 17))
    service.extend(record.id, "mayor", days=10, reason="需要调取档案", on=date(2026, 4, 1))
    service.fee_notice(record.id, "clerk", method="pages", pages=120, on=date(2026, 4, 2))
    service.fee_paid(record.id, "clerk", on=date(2026, 4, 3))
    service.reply(
        record.id,
        "chief",
        type="部分公开",
        reason="third_party",
        explanation="名单中的个人身份信息",
        on=date(2026, 4, 10),
    )
    return service, record.id


def test_every_letter_is_written_and_reads_back(walked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service, key = walked
    paths = service.letters(key, tmp_path / "out")
    names = [p.name for p in paths]
    assert names == [
        "2026-0001-补正通知书.docx",
        "2026-0001-征求意见函-1.docx",
        "2026-0001-延期答复告知书.docx",
        "2026-0001-收费通知.docx",
        "2026-0001-告知书.docx",
    ]
    supplement = _text(paths[0])
    assert supplement.startswith("政府信息公开申请补正通知书")
    # 15 working days from 2-24: 2-25..27 1-3, 2-28 (Sat worked) 4, 3-2..6 5-9, 3-9..13 10-14,
    # 3-16 15
    assert "2026年3月16日前" in supplement and "请写明所需名单的年份" in supplement
    consult = _text(paths[1])
    assert "某建筑公司：" in consult and "第三十二条" in consult
    # the third party's 15 working days from 3-12: 3-13 1, 3-16..20 2-6, 3-23..27 7-11,
    # 3-30 12, 3-31 13, 4-1 14, 4-2 15
    assert "2026年4月2日前" in consult
    assert "张三" not in consult  # the third party is not told who asked
    extension = _text(paths[2])
    # restart 3-10 -> 4-8; 3 days paused (3-13, 3-16, 3-17) -> 4-13; +10: 4-14..17 1-4,
    # 4-20..24 5-9, 4-27 10
    assert "延长10个工作日" in extension and "2026年4月27日前" in extension
    fee = _text(paths[3])
    # 31-100: 70 x 10 = 700; 101-120: 20 x 20 = 400
    assert "1100元" in fee and "国办函〔2020〕109号" in fee
    reply = _text(paths[4])
    assert _number(paths[4]) == "示政信〔2026〕5号"  # the fifth letter of the year
    assert [_number(p) for p in paths] == [f"示政信〔2026〕{n}号" for n in range(1, 6)]
    assert "政府信息公开申请答复书" in reply and "保护第三方合法权益" in reply
    assert "第三十七条" in reply and "行政复议" in reply
    assert "示例镇人民政府" in reply and "2026年4月10日" in reply
    for path in paths:
        with zipfile.ZipFile(path) as z:
            blob = b"".join(z.read(n) for n in z.namelist())
        assert RAW_ID.encode() not in blob


def test_office_templates_override_the_built_ins(walked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service, key = walked
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "supplement.txt.j2").write_text(
        "补正通知\n{{ applicant.name }}：\n请于{{ supplement_due | cn_date }}前补正。\n",
        encoding="utf-8",
    )
    custom = ApplicationService(service.app, ApplicationSettings(templates_dir=folder))
    paths = custom.letters(key, tmp_path / "out")
    assert _text(paths[0]).splitlines()[0] == "补正通知"
    assert "请于2026年3月16日前补正。" in _text(paths[0])
    assert _text(paths[-1]).startswith("政府信息公开申请答复书")  # not overridden


def test_a_broken_template_is_a_config_error(walked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service, key = walked
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "fee.txt.j2").write_text("收费\n{{ no_such_value }}\n", encoding="utf-8")
    custom = ApplicationService(service.app, ApplicationSettings(templates_dir=folder))
    with pytest.raises(ConfigError) as err:
        custom.letters(key, tmp_path / "out")
    assert "fee" in str(err.value)


def test_letter_numbers_are_kept_and_never_given_twice(walked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service, key = walked
    first = [_number(p) for p in service.letters(key, tmp_path / "a")]
    again = [_number(p) for p in service.letters(key, tmp_path / "b")]
    assert first == again  # writing the letters again prints the same 文号
    other = service.new(
        {
            "applicant": {"kind": "自然人", "name": "李四", "id_number": RAW_ID},
            "contact": {"phone": "13812345678", "address": "示例镇人民路3号"},
            "request": {"description": "本镇2025年财政预算"},
            "arrival": {"route": "当面", "handed_in_on": "2026-04-13"},
        },
        "clerk",
    )
    service.reply(other.id, "chief", type="予以公开", on=date(2026, 4, 20))
    (reply,) = service.letters(other.id, tmp_path / "c")
    assert _number(reply) == "示政信〔2026〕6号"


def test_pattern_and_remedies_come_from_the_settings(walked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service, key = walked
    settings = ApplicationSettings(
        letter_number_pattern="示政公开〔{year}〕{seq}号",
        review_body="示例县人民政府",
        court="示例县人民法院",
    )
    custom = ApplicationService(service.app, settings)
    written = custom.letters(key, tmp_path / "out")[-1]
    reply = _text(written)
    assert _number(written) == "示政公开〔2026〕5号"
    assert "六十日内向示例县人民政府申请行政复议" in reply
    assert "六个月内向示例县人民法院提起行政诉讼" in reply
    plain = _text(
        ApplicationService(service.app, ApplicationSettings()).letters(key, tmp_path / "p")[-1]
    )
    assert "依法申请行政复议" in plain and "依法向人民法院提起行政诉讼" in plain
    assert remedy_note(ApplicationSettings()) and "复议机关" in remedy_note(ApplicationSettings())
    assert remedy_note(settings) is None


@pytest.mark.parametrize(
    "pattern", ["示政公开{seq}号", "示政公开〔{year}〕{seq}", "示政公开〔{yr}〕{seq}号"]
)
def test_a_bad_number_pattern_is_a_config_error(tmp_path: Path, pattern: str) -> None:
    with pytest.raises(ConfigError) as err:
        settings_from_config({"letter_number_pattern": pattern}, tmp_path)
    assert err.value.key == "applications.letter_number_pattern"
