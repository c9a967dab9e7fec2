"""Helpers shared by the SMS tests (a module, so test files can import them)."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from werkzeug import Request, Response

from gov_disclosure.channels import ChannelContext, PublishedEdition, PublisherView
from gov_disclosure.models import DocumentKind, Level
from testsupport import samples

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAYTIME = datetime(2025, 3, 3, 10, 0, tzinfo=SHANGHAI)
NIGHT = datetime(2025, 3, 3, 23, 30, tzinfo=SHANGHAI)
BASE_URL = "https://www.shili.gov.cn"


def make_edition(**changes: Any) -> PublishedEdition:
    """A published 惠农补贴 公告 of an SMS-sending township; ``changes`` override fields."""
    return samples.make_edition(
        **{
            "index_no": "000014349/2025-00042",
            "org": PublisherView(
                id=1,
                name="示例镇人民政府",
                credit_code="11100000000000000X",
                level=Level.TOWNSHIP,
                short_name="示例镇",
            ),
            "title": "关于2025年春耕补贴发放的公告",
            "summary": "补贴于3月底前发放到户。",
            "body": "正文",
            "written_on": date(2025, 3, 1),
            "published_on": date(2025, 3, 3),
            "topic": "农业农村",
            "column": "惠农补贴",
            "responsible_unit": "农业服务中心",
            "kind": DocumentKind.NOTICE,
            **changes,
        }
    )


def make_context(tmp_path: Path, engine: Engine | None, now: datetime = DAYTIME) -> ChannelContext:
    return ChannelContext(
        data_dir=tmp_path / "data",
        catalogue=lambda: [],
        organization={"name": "示例镇人民政府"},
        site={"base_url": BASE_URL},
        engine=engine,
        now=lambda: now,
    )


class FakeGateway:
    """A JSON gateway's behaviour: accepts every message except numbers in ``reject``;
    ``failures`` HTTP codes are answered first (one per request); every received message is
    logged in ``received`` as (number, ref)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.reject: set[str] = set()
        self.failures: list[int] = []
        self.sleep_first: float = 0.0
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        body = json.loads(request.get_data())
        with self.lock:
            self.requests.append(body)
            self.headers.append(dict(request.headers))
            failure = self.failures.pop(0) if self.failures else None
            sleep, self.sleep_first = self.sleep_first, 0.0
        if sleep:
            threading.Event().wait(sleep)
        if failure:
            return Response("busy", status=failure)
        results = []
        for item in body["messages"]:
            number, ref = item["to"], item["ref"]
            if number in self.reject:
                results.append(
                    {"ref": ref, "to": number, "status": "rejected", "error": "BLACKLISTED"}
                )
            else:
                with self.lock:
                    self.received.append((number, ref))
                results.append(
                    {"ref": ref, "to": number, "status": "accepted", "id": f"gw-{ref[:10]}"}
                )
        return Response(json.dumps({"results": results}), content_type="application/json")

    def count(self, number: str) -> int:
        return sum(1 for n, _ in self.received if n == number)


def numbers(n: int, start: int = 0) -> list[str]:
    """``n`` valid distinct mobile numbers."""
    return [f"139{start + i:08d}" for i in range(n)]


def subscribe_all(engine: Engine, nums: list[str], **kwargs: Any) -> None:
    from gov_disclosure_sms.subscribers import SubscriberBook

    book = SubscriberBook(engine)
    for number in nums:
        book.subscribe(number, consent_by="政务公开办 王某", **kwargs)
