"""Each body's annual report holds only its own records: a village on a township's platform
gets none of the township's items, applications or fees, and the other way round."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from reports_testlib import SUPPLEMENT_2025, build_applications, build_items, on
from test_reports_annual import EXPECTED_TABLE3

from gov_disclosure.applications import ApplicationService
from gov_disclosure.cli import report_cmd
from gov_disclosure.cli.main import cli
from gov_disclosure.demo.township import village_code
from gov_disclosure.models import DocumentKind, Level, Organization
from gov_disclosure.reports import build_report
from gov_disclosure.reports import national_format as nf
from gov_disclosure.reports.supplement import parse_supplement
from testsupport.core import CREDIT

for _command in report_cmd.COMMANDS:
    cli.add_command(_command)

VILLAGE = "东村村民委员会"


@pytest.fixture
def township(app, clock):  # type: ignore[no-untyped-def]
    """The township's 2025 (14 applications received, 100 元 of fees) and a village under it
    with one 行政规范性文件 and one application of its own."""
    build_items(app, clock)
    build_applications(app, clock)
    parent = app.default_org_id()
    org = Organization(
        name=VILLAGE, credit_code=village_code(1), level=Level.VILLAGE, parent_id=parent
    )
    with app.store.transaction() as conn:  # registered as `org add` does, without an admin
        from gov_disclosure.bodies.records import add_organization

        village = add_organization(conn, org).id
    with on(clock, date(2025, 6, 3)):
        created = app.create_item(_village_draft("东村村规民约（2025年修订）"), "clerk", village)
        from testsupport.core import publish_through_review

        publish_through_review(app, created.index_no)
    service = ApplicationService(app)
    form = {
        "applicant": {"kind": "自然人", "name": "村民甲", "id_number": "11010519491231002X"},
        "contact": {"phone": "13812345678"},
        "request": {"description": "2025年东村村集体土地承包合同"},
        "arrival": {"route": "当面", "handed_in_on": "2025-05-06"},
    }
    record = service.new(form, "clerk", org=village)
    service.reply(record.id, "chief", type="予以公开", on=date(2025, 5, 15))
    return app, village


def _village_draft(title: str):  # type: ignore[no-untyped-def]
    from testsupport.core import draft

    return draft(
        title=title,
        kind=DocumentKind.NORMATIVE,
        written_on=date(2025, 6, 1),
        publisher=VILLAGE,
        column="政策文件",
        topic="综合政务",
        responsible_unit=VILLAGE,
    )


def _supplement():  # type: ignore[no-untyped-def]
    return parse_supplement(tomllib.loads(SUPPLEMENT_2025))


def test_a_villages_report_holds_none_of_the_townships_records(township) -> None:
    app, village = township
    report = build_report(app, 2025, _supplement(), org_id=village)
    assert report.organization == VILLAGE
    assert report.table3[nf.NEW][-1] == 1  # its own application, not the township's 14
    assert report.table3[nf.CARRIED_IN][-1] == 0
    assert report.table3[(nf.RESULTS, nf.GRANTED)][-1] == 1
    assert report.fees_collected == Decimal(0) and report.fees_paid_count == 0
    assert report.rules[nf.NORMATIVE] == [1, 0, 1] and report.rules[nf.RULE] == [0, 0, 0]


def test_the_townships_report_holds_none_of_the_villages_records(township) -> None:
    app, _village = township
    report = build_report(app, 2025, _supplement())  # the configured body: the township
    rows = {nf.row_label(row): values for row, values in report.table3.items()}
    assert [(label, rows[label]) for label, _ in EXPECTED_TABLE3] == EXPECTED_TABLE3
    assert report.fees_collected == Decimal(100) and report.fees_paid_count == 1
    assert report.rules[nf.NORMATIVE] == [3, 1, 3]  # the village's file is not counted here


def test_report_annual_org_on_the_command_line(township, tmp_path: Path) -> None:
    app, _village = township
    config = tmp_path / "gov-disclosure.toml"
    config.write_text(
        f'[organization]\nname = "示例镇人民政府"\ncredit_code = "{CREDIT}"\n'
        '[plugins]\nblocked = ["website", "bulletin", "kiosk", "sms", "screen", "wechat"]\n',
        encoding="utf-8",
    )
    base = ["--db", app.store.url, "--config", str(config)]
    out = tmp_path / "village"
    result = CliRunner().invoke(
        cli,
        [
            *base,
            "report",
            "annual",
            "2025",
            "--org",
            VILLAGE,
            "--format",
            "json",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert data["title"] == f"{VILLAGE}2025年政府信息公开工作年度报告"
    assert data["table3"]["rows"][0]["values"][-1] == 1
    assert data["fees_collected"] == {"yuan": "0", "applications": 0}
