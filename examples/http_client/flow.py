"""The gov-disclosure HTTP API from Python with ``requests``: the same flow as flow.sh.

A draft with an attachment → review → published → delivered; an application → its reply
letter (.docx). Settings come from the same environment variables as flow.sh (GD_URL,
CLERK_TOKEN, REVIEWER_TOKEN, LEADER_TOKEN, RECEIVED_ON, OUT).

    python flow.py
"""

from __future__ import annotations

import base64
import os
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import requests

GD_URL = os.environ.get("GD_URL", "http://127.0.0.1:8080")
TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()


class Client:
    """One person's session: their token on every request, problems raised with their detail."""

    def __init__(self, token: str) -> None:
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def call(
        self, method: str, path: str, body: object = None, **headers: str
    ) -> requests.Response:
        r = self.session.request(method, GD_URL + path, json=body, headers=headers, timeout=60)
        if r.status_code >= 400:  # application/problem+json: a Chinese title and detail
            problem = r.json()
            raise RuntimeError(f"{r.status_code} {problem['title']}: {problem['detail']}")
        return r


def main() -> None:
    clerk = Client(os.environ["CLERK_TOKEN"])
    reviewer = Client(os.environ["REVIEWER_TOKEN"])
    leader = Client(os.environ["LEADER_TOKEN"])
    out = Path(os.environ.get("OUT", "."))

    # 1. A draft with an attachment; the Idempotency-Key makes a retry safe
    csv = "项目,金额\n办公经费,12000\n".encode()
    draft = {
        "draft": {
            "title": "示例镇2026年部门预算（接口示例）",
            "publisher": "示例镇人民政府",
            "written_on": "2026-03-02",
            "topic": "财政、金融、审计",
            "column": "财政预决算",
            "responsible_unit": "财政所",
            "body": "一、部门基本情况",
        },
        "files": [{"name": "预算表.csv", "content_base64": base64.b64encode(csv).decode()}],
    }
    key = {"Idempotency-Key": f"item-{uuid.uuid4()}"}
    item = clerk.call("POST", "/items", draft, **key).json()["item"]
    print("drafted ", item["index_no"], f"(id {item['id']})")

    # 2. Review: screened on submission, approved stage by stage; the last stage publishes
    print("next stage:", clerk.call("POST", f"/items/{item['id']}/submit").json()["next_stage"])
    reviewer.call("POST", f"/items/{item['id']}/approve")
    print("state:", leader.call("POST", f"/items/{item['id']}/approve").json()["state_label"])

    # 3. Deliver, then the receipts
    print("delivered", clerk.call("POST", "/run").json()["delivered"])
    for d in clerk.call("GET", f"/deliveries?item_id={item['id']}").json():
        print(f"  {d['channel']}: {d['state']} {(d['receipt'] or {}).get('location', '')}")

    # 4. The catalogue, page by page with the cursor
    page = clerk.call("GET", "/items?state=published&limit=3").json()
    print("catalogue page:", len(page["items"]), "next cursor:", page["next_cursor"])

    # 5. An application, registered once however often the request is retried
    form = {
        "applicant": {"kind": "自然人", "name": "张三", "id_number": "11010519491231002X"},
        "contact": {"phone": "13812345678"},
        "request": {"description": "本镇2025年农村危房改造补助名单"},
        "arrival": {"route": "当面", "handed_in_on": os.environ.get("RECEIVED_ON", TODAY)},
    }
    key = {"Idempotency-Key": f"apply-{uuid.uuid4()}"}
    application = clerk.call("POST", "/applications", form, **key).json()
    number = application["number"]
    print("application", number, "reply due", application["due"])
    print("\n".join(clerk.call("GET", f"/applications/{number}/deadline").json()["explanation"]))

    # 6. The reply and its letter (.docx)
    reply = {"type": "予以公开", "location": "示例镇人民政府门户网站“政府信息公开”专栏"}
    print("reply:", reviewer.call("POST", f"/applications/{number}/reply", reply).json()["state"])
    names = clerk.call("GET", f"/applications/{number}/letters").json()
    letter = next(n for n in names if "告知书" in n)
    data = clerk.call("GET", f"/applications/{number}/letters/{quote(letter)}").content
    (out / letter).write_bytes(data)
    print("letter  ", out / letter)


if __name__ == "__main__":
    main()
