"""要务定期公开: each village's monthly 村级财务收支, from the accountant's spreadsheet.

The township's 农村集体资金会计 sends one workbook a month (a sheet per village). The
script reads it, turns each sheet into a 村级财务收支 item with its table and the workbook
attached, screens and approves it, and publishes it before the 10th. 西村 misses February:
``due`` shows it as a 空白月.

    python examples/village_finance_monthly.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
import tempfile
from decimal import Decimal
from pathlib import Path

from example_office import open_office, review_and_publish
from openpyxl import Workbook, load_workbook

from gov_disclosure import App
from gov_disclosure.models import DataTable, EditionDraft, PeriodicSchedule
from gov_disclosure.supervision import compute_obligations

VILLAGES = ("东村村民委员会", "西村村民委员会")
SERIES = "村级财务收支"
MONTHLY = PeriodicSchedule(period="monthly", due_day=10, series=SERIES)
ACCOUNTS = {  # what each village spent and received, as the accountant keys it in
    "东村村民委员会": [("村集体资产租赁收入", "42000", "0"), ("村道保洁", "0", "6800")],
    "西村村民委员会": [("上级转移支付", "30000", "0"), ("农田水利维修", "0", "12500")],
}


def accountant_workbook(folder: Path, year: int, month: int, villages: tuple[str, ...]) -> Path:
    """The workbook as it arrives: a sheet per village, 项目 / 收入 / 支出, then 合计."""
    book = Workbook()
    book.remove(book.active)
    for village in villages:
        sheet = book.create_sheet(village[:2])
        sheet.append(["项目", "收入（元）", "支出（元）"])
        rows = ACCOUNTS[village]
        for row in rows:
            sheet.append([row[0], Decimal(row[1]), Decimal(row[2])])
        sheet.append(["合计", *(sum(Decimal(r[i]) for r in rows) for i in (1, 2))])
    path = folder / f"{year}年{month}月村级财务收支.xlsx"
    book.save(path)
    return path


def read_sheet(path: Path, short_name: str) -> DataTable:
    """One village's sheet as a DataTable (its 合计 row checked against the rows)."""
    sheet = load_workbook(path, read_only=True, data_only=True)[short_name]
    header, *rows = [[c for c in r] for r in sheet.iter_rows(values_only=True)]
    body = [[str(r[0]), *(Decimal(str(v)) for v in r[1:])] for r in rows if r[0] != "合计"]
    total = next([str(r[0]), *(Decimal(str(v)) for v in r[1:])] for r in rows if r[0] == "合计")
    return DataTable(caption="收支明细", columns=[str(h) for h in header], rows=body, total=total)


def publish_month(app: App, workbook: Path, village: str, year: int, month: int) -> str:
    table = read_sheet(workbook, village[:2])
    if table.total_mismatches():
        raise SystemExit(f"{village}{month}月合计与明细不符：{table.total_mismatches()}")
    draft = EditionDraft(
        title=f"{village[:2]}{year}年{month}月村级财务收支公开",
        publisher=village,
        written_on=f"{year}-{month + 1:02d}-05",
        topic="农业、林业、水利",
        column="村级财务",
        responsible_unit=village,
        schedule=MONTHLY,
        tables=(table,),
        attachments=(app.blobs.put(workbook),),
    )
    item = app.create_item(draft, "wang")
    review_and_publish(app, item.id)
    return item.index_no


def run(folder: Path) -> dict[str, object]:
    office = open_office(
        folder,
        {
            "notify": {
                "columns": ["村级财务"],
                "series": [
                    {
                        "unit": v,
                        "series": SERIES,
                        "period": "monthly",
                        "due_day": 10,
                        "since": "2026-01-01",
                    }
                    for v in VILLAGES
                ],
            }
        },
    )
    app, clock = office.app, office.clock
    inbox = folder / "inbox"
    inbox.mkdir()
    published: list[str] = []
    for month in (1, 2, 3):
        clock.set(2026, month + 1, 6)
        villages = VILLAGES if month != 2 else VILLAGES[:1]  # 西村 sends nothing in February
        workbook = accountant_workbook(inbox, 2026, month, villages)
        for village in villages:
            published.append(publish_month(app, workbook, village, 2026, month))
            print(f"{clock().date()} 已发布 {village[:2]}{month}月村级财务收支")
        app.run()

    clock.set(2026, 4, 13)
    blanks = [o for o in compute_obligations(app) if o.kind.value == "periodic" and o.late]
    for o in blanks:
        print(f"空白月（{o.unit}）：{o.description}，应于{o.due.isoformat()}前公开")
    return {"published": published, "blanks": [(o.unit, o.subject) for o in blanks]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="输出目录（默认临时目录）")
    args = parser.parse_args()
    run(args.out or Path(tempfile.mkdtemp(prefix="village-finance-")))
