"""依申请公开, one small year: four applications through every kind of step, then the
年度报告 and the yearly archive.

- 张三 asks for the village road repair accounts: 予以公开 within a week;
- 李四's request is unclear: 补正, a third party (the contractor) is consulted, the mayor
  extends the period, and the reply is 部分公开 (the contractor's bank details withheld);
- a law firm asks for 120 pages: a fee by volume (1,100 yuan), paid, then 予以公开;
- 王五 asks for what the township does not hold: 无法提供.
张三's request is useful to many, so the accounts are also published proactively.
In January the office builds the 2025 年度报告 (table 三 counts these four) and the archive.

    python examples/application_year.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date
from pathlib import Path

from example_office import open_office, review_and_publish

from gov_disclosure.models import EditionDraft, WithholdingGround
from gov_disclosure.reports import build_archive, build_report, parse_supplement, write_report

ZHANG_ID = "11010519491231002X"
SUPPLEMENT = {
    "year": 2025,
    "文字": {
        "总体情况": (
            "2025年，示例镇认真贯彻《中华人民共和国政府信息公开条例》，依法办理政府信息公开申请。"
        ),
        "存在的主要问题及改进情况": "依申请公开答复文书规范化程度有待提高，将加强业务培训。",
    },
}


def form(name: str, kind: str, received: str, description: str, **extra: str) -> dict:
    applicant = {"kind": kind, "name": name, **extra}
    return {
        "applicant": applicant,
        "contact": {"phone": "13812345678"},
        "request": {"description": description},
        "arrival": {"route": "当面", "handed_in_on": received},
    }


def run(folder: Path) -> dict[str, object]:
    office = open_office(
        folder,
        {"applications": {"review_body": "示例县人民政府", "court": "示例县人民法院"}},
    )
    app, clock = office.app, office.clock
    service = app.applications
    letters = folder / "letters"

    def day(year: int, month: int, dom: int) -> date:
        """Move the office's clock to that day and return it."""
        clock.set(year, month, dom)
        return date(year, month, dom)

    clock.set(2025, 3, 3)
    road = service.new(
        form(
            "张三",
            "自然人",
            "2025-03-03",
            "2024年村道维修资金使用情况",
            id_number=ZHANG_ID,
        ),
        "wang",
    )
    service.reply(road.number, "li", type="予以公开", on=day(2025, 3, 10))
    # asked for once, useful to many: published proactively too (依申请转主动公开)
    accounts = app.create_item(
        EditionDraft(
            title="示例镇2024年村道维修资金使用情况",
            body="2024年全镇村道维修资金共计86万元，用于东村、西村等5个村12条道路的维修。",
            publisher="示例镇人民政府",
            written_on="2025-03-10",
            topic="财政、金融、审计",
            column="财政预决算",
            responsible_unit="财政所",
        ),
        "wang",
    )
    review_and_publish(app, accounts.id)

    clock.set(2025, 4, 3)
    works = service.new(
        form("李四", "自然人", "2025-04-03", "那个工程的材料", id_number="320102198001010016"),
        "wang",
    )
    service.request_supplement(
        works.number, "wang", items="请写明工程名称和年份", on=day(2025, 4, 7)
    )
    service.supplement_received(works.number, "wang", on=day(2025, 4, 14))
    consultation = service.start_consultation(
        works.number,
        "wang",
        party="third_party",
        name="某建筑公司",
        matter="合同中的银行账户信息",
        on=day(2025, 4, 16),
        service="当面送达",
    )
    service.answer_consultation(
        works.number,
        "wang",
        consultation=consultation,
        opinion="不同意公开银行账户信息",
        agrees=False,
        on=day(2025, 4, 25),
    )
    service.extend(
        works.number, "chen", days=10, reason="涉及第三方，需进一步核实", on=day(2025, 5, 6)
    )
    service.reply(
        works.number,
        "li",
        type="部分公开",
        reason=WithholdingGround.THIRD_PARTY,
        explanation="合同中第三方的银行账户信息不予公开",
        on=day(2025, 5, 20),
    )

    clock.set(2025, 6, 3)
    firm = service.new(
        form(
            "某律师事务所",
            "法律服务机构",
            "2025-06-03",
            "2020-2024年征地补偿协议",
            credit_code="31320000790001234A",
        ),
        "wang",
    )
    quote = service.fee_notice(
        firm.number, "wang", method="pages", pages=120, on=day(2025, 6, 4), service="当面送达"
    )
    service.fee_paid(firm.number, "wang", on=day(2025, 6, 10))
    service.reply(firm.number, "li", type="予以公开", on=day(2025, 6, 20))

    clock.set(2025, 9, 1)
    unknown = service.new(
        form(
            "王五", "自然人", "2025-09-01", "县高铁站选址论证报告", id_number="320102197506150028"
        ),
        "wang",
    )
    service.reply(
        unknown.number, "li", type="无法提供", reason="本机关不掌握相关政府信息", on=day(2025, 9, 5)
    )

    written: list[Path] = []
    for record in (road, works, firm, unknown):
        shown = service.deadline(record.number)
        written += service.letters(record.number, letters)
        closed = f"，{shown.closed_on.isoformat()}办结" if shown.closed_on else ""
        print(f"{record.number} {record.applicant.name}：答复期限{shown.due_text}{closed}")
    print(f"信息处理费：{quote.total}元；文书{len(written)}份，存于 {letters}")

    clock.set(2026, 1, 15)
    report = build_report(app, 2025, parse_supplement(SUPPLEMENT))
    files = write_report(report, folder / "report")
    archive = build_archive(app, 2025, folder / "archive")
    print(f"已生成《{report.title}》：{', '.join(p.name for p in files)}")
    print(f"2025年档案已归档：{archive.path}（{sum(archive.editions.values())}个版本）")
    return {
        "numbers": [r.number for r in (road, works, firm, unknown)],
        "fee": quote.total,
        "letters": [p.name for p in written],
        "report_files": [p.name for p in files],
        "table3": report.table3,
        "archive": folder / "archive",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="输出目录（默认临时目录）")
    args = parser.parse_args()
    run(args.out or Path(tempfile.mkdtemp(prefix="applications-")))
