"""Model validation: 文号, date order, withheld grounds, tables' 合计, errors as our own."""

from datetime import date
from decimal import Decimal

import pytest

from gov_disclosure.errors import InvalidInputError
from gov_disclosure.models import DataTable, EditionDraft, Organization
from gov_disclosure.validation import ModelValidationError, build

BASE = {
    "title": "通知",
    "publisher": "示例镇人民政府",
    "written_on": "2026-03-02",
    "topic": "综合政务",
    "column": "通知公告",
    "responsible_unit": "党政办",
}


@pytest.mark.parametrize(
    ("number", "rule"),
    [
        ("浚政办[2025]43号", "〔〕"),
        ("浚政办〔2025〕第43号", "no 第"),
        ("浚政办〔2025〕043号", "no leading zeros"),
        ("浚政办〔25〕43号", "must look like"),
    ],
)
def test_doc_number_rules(number, rule):
    with pytest.raises(ModelValidationError) as exc:
        build(EditionDraft, {**BASE, "doc_number": number})
    assert exc.value.field == "doc_number" and rule in exc.value.rule


def test_good_doc_number_and_errors_are_ours():
    assert build(EditionDraft, {**BASE, "doc_number": "浚政办〔2025〕43号"}).doc_number
    with pytest.raises(InvalidInputError):
        build(EditionDraft, {**BASE, "title": " "})


def test_withheld_needs_ground_and_only_withheld_has_one():
    with pytest.raises(ModelValidationError, match="statutory ground"):
        build(EditionDraft, {**BASE, "mode": "不予公开"})
    ok = build(EditionDraft, {**BASE, "mode": "不予公开", "ground": "process_info"})
    assert ok.ground.label == "属于四类过程性信息"
    with pytest.raises(ModelValidationError, match="only 不予公开"):
        build(EditionDraft, {**BASE, "ground": "process_info"})


def test_published_before_written_is_an_error():
    from gov_disclosure.models import Edition

    with pytest.raises(ModelValidationError, match="发布日期 cannot be before 成文日期"):
        build(
            Edition,
            {
                **BASE,
                "item_id": 1,
                "number": 1,
                "author": "a",
                "created_at": "2026-03-02T00:00:00",
                "published_on": "2026-03-01",
            },
        )


def test_organization_credit_code_checked():
    with pytest.raises(ModelValidationError, match="check character"):
        build(Organization, {"name": "x", "credit_code": "91350100M000100Y44", "level": "县"})
    org = build(Organization, {"name": "x", "credit_code": "91350100M000100Y43", "level": "县"})
    assert org.org_code == "M000100Y4"


def test_table_total_mismatch_names_column():
    t = DataTable(
        caption="收支",
        columns=["项目", "收入"],
        rows=[["a", Decimal("1.10")], ["b", Decimal("2.20")]],
        total=["合计", Decimal("3.40")],
    )
    assert t.total_mismatches() == [("收入", Decimal("3.40"), Decimal("3.30"))]
    assert date(2026, 1, 1)
