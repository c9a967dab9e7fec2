"""急务即时公开: a 强对流天气预警 out within the hour, at night, then withdrawn when lifted.

At 22:30 the county weather office warns of severe convection. The township's clerk drafts a
预警信息 (an immediate item: due within one hour), it is reviewed, and ``run`` publishes it to
the website, the kiosk and every SMS subscriber, although 21:00-08:00 are SMS quiet hours:
warnings are the exception. At 06:00 the warning is lifted and withdrawn from every channel.

    python examples/emergency_warning.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import datetime
from pathlib import Path

from example_office import CHINA, open_office, review_and_publish
from gov_disclosure_sms.subscribers import SubscriberBook

from gov_disclosure.models import DocumentKind, EditionDraft, ImmediateSchedule

RESIDENTS = ("13812340001", "13812340002", "15951230003")
CHANNEL_NAMES = {"website": "网站", "kiosk": "查询机", "sms": "短信", "bulletin": "公报"}


def warning_draft(event_at: datetime) -> EditionDraft:
    return EditionDraft(
        title="示例镇关于防范强对流天气的紧急通知",
        body=(
            "县气象台2026年7月14日22时30分发布强对流天气黄色预警：未来6小时内我镇将出现雷暴大风、"
            "短时强降水。请居民关好门窗、远离低洼地带，非必要不外出。"
            "防汛值班电话：0510-88881234。"
        ),
        publisher="示例镇人民政府",
        written_on=event_at.date(),
        topic="民政、扶贫、救灾",
        column="应急管理",
        responsible_unit="党政综合办公室",
        kind=DocumentKind.WARNING,
        urgent=True,
        schedule=ImmediateSchedule(event_at=event_at, within_hours=1),
    )


def run(folder: Path) -> dict[str, object]:
    office = open_office(folder, {"notify": {"columns": []}})
    app, clock = office.app, office.clock
    book = SubscriberBook(app.store.engine, now=clock)
    for number in RESIDENTS:
        # whatever their topics, a warning reaches every subscriber
        book.subscribe(number, consent_by="wang", topics=["农业补贴"])

    event_at = datetime(2026, 7, 14, 22, 30, tzinfo=CHINA)
    clock.set(2026, 7, 14, 22, 38)
    item = app.create_item(warning_draft(event_at), "wang")
    review_and_publish(app, item.id)
    clock.set(2026, 7, 14, 22, 52)
    app.run()
    sent = app.deliveries(item_id=item.id)
    minutes = int((clock() - event_at).total_seconds() // 60)
    channels = sorted({d["channel"] for d in sent if d["state"] == "done"})
    print(
        f"{clock():%H:%M} 预警已发布（事件发生后{minutes}分钟）："
        + "、".join(CHANNEL_NAMES.get(c, c) for c in channels)
    )
    outbox = app.channel_context().private_folder() / "sms-outbox.jsonl"
    batches = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
    recipients = sorted({m["to"] for batch in batches for m in batch["messages"]})
    print(f"短信已送达{len(recipients)}位订阅居民（免打扰时段对预警不适用）")

    clock.set(2026, 7, 15, 6, 0)
    app.withdraw(item.id, "zhao", "县气象台已于6时解除强对流天气预警")
    app.run()
    withdrawn = sorted(
        d["channel"]
        for d in app.deliveries(item_id=item.id)
        if d["action"] == "withdraw" and d["state"] == "done"
    )
    print(
        f"{clock():%H:%M} 预警解除，已从各渠道撤回："
        + "、".join(CHANNEL_NAMES.get(c, c) for c in withdrawn)
    )
    return {
        "index_no": item.index_no,
        "minutes": minutes,
        "published_to": channels,
        "sms_recipients": recipients,
        "withdrawn_from": withdrawn,
        "state": app.item(item.id).state.value,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="输出目录（默认临时目录）")
    args = parser.parse_args()
    run(args.out or Path(tempfile.mkdtemp(prefix="warning-")))
