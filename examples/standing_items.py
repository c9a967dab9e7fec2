"""常务长期公开: a township's standing items and their currency checks.

机构职能 and 办事指南 are published once and kept current. A year later ``due`` flags
机构职能 as needing its currency check (常年公开核查); the office revises it, and while the
revision is in review the old edition stays live on every channel.

    python examples/standing_items.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from example_office import Office, open_office, review_and_publish

from gov_disclosure.models import EditionDraft, StandingSchedule
from gov_disclosure.supervision import compute_obligations

FUNCTIONS_V1 = (
    "一、主要职责：贯彻执行党和国家的方针政策……\n"
    "二、内设机构：党政综合办公室、经济发展办公室、社会事务办公室。"
)
FUNCTIONS_V2 = FUNCTIONS_V1 + "\n三、2026年机构改革后新设：综合行政执法办公室。"


def standing(title: str, body: str, months: int, written_on: str) -> EditionDraft:
    return EditionDraft(
        title=title,
        body=body,
        publisher="示例镇人民政府",
        written_on=written_on,
        topic="综合政务",
        column="机构职能" if "职能" in title else "办事指南",
        responsible_unit="党政综合办公室",
        schedule=StandingSchedule(review_every_months=months),
    )


def run(folder: Path) -> dict[str, object]:
    office: Office = open_office(folder)
    app, clock = office.app, office.clock

    clock.set(2025, 3, 3)
    functions = app.create_item(
        standing("示例镇人民政府机构职能", FUNCTIONS_V1, 12, "2025-03-03"), "wang"
    )
    review_and_publish(app, functions.id)
    clock.set(2025, 9, 1)
    guide = app.create_item(
        standing("示例镇便民服务中心办事指南", "办理时间：工作日8:30—17:30。", 12, "2025-09-01"),
        "wang",
    )
    review_and_publish(app, guide.id)
    app.run()
    print(f"已发布常年公开事项：{functions.index_no}（机构职能）、{guide.index_no}（办事指南）")

    clock.set(2026, 3, 16)
    stale = [o for o in compute_obligations(app) if o.kind.value == "currency" and o.late]
    for o in stale:
        print(f"待核查（{o.unit}）：{o.description}，应于{o.due.isoformat()}前核查，{o.left_text}")

    app.revise(
        functions.id,
        standing("示例镇人民政府机构职能", FUNCTIONS_V2, 12, "2026-03-16"),
        "wang",
    )
    app.submit(functions.id, "wang")
    live_during_review = app.published_edition(functions.id).edition
    print(f"修订稿审核中，网站上仍为第{live_during_review}版")
    app.approve(functions.id, "li")
    app.approve(functions.id, "zhao")
    summary = app.run()
    live_after = app.published_edition(functions.id).edition
    print(f"审核通过，现行版本为第{live_after}版；投递：{summary}")
    still_stale = [o for o in compute_obligations(app) if o.kind.value == "currency" and o.late]
    print(f"仍待核查：{len(still_stale)}项")
    return {
        "stale": [o.subject for o in stale],
        "live_during_review": live_during_review,
        "live_after": live_after,
        "still_stale": [o.subject for o in still_stale],
        "functions": functions.index_no,
        "guide": guide.index_no,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="输出目录（默认临时目录）")
    args = parser.parse_args()
    run(args.out or Path(tempfile.mkdtemp(prefix="standing-")))
