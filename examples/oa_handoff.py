"""An OA system hands a signed-off document to the library, and keeps the receipts.

The OA's 发文 workflow ends with a signed 公文 (.docx) and its 文号. Marked 主动公开, it goes
to gov-disclosure: as a draft with the document attached and its text as the body, reviewed
(保密审查 and the approval stages), published and delivered; the OA stores the 索引号 and
where each channel put it. The same hand-off twice: through the Python API, and over the
HTTP API with ``requests`` (a Java or .NET OA does the same with its own HTTP client; the
server here runs in-process on 127.0.0.1, as ``gov-disclosure serve`` would).

    python examples/oa_handoff.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from docx import Document
from example_office import Office, open_office, review_and_publish

from gov_disclosure.models import DocumentKind, EditionDraft


@dataclass(frozen=True)
class SignedDocument:
    """What the OA knows when the 签发 is done."""

    path: Path
    title: str
    doc_number: str
    written_on: str
    text: str
    oa_id: str  # the OA's own record id (ASCII): the Idempotency-Key of its hand-off


def oa_document(folder: Path, title: str, number: str) -> SignedDocument:
    """The signed-off .docx as the OA produced it (title, 文号, body)."""
    paragraphs = [
        "各村（社区），镇各办（所）：",
        "为进一步规范村级小微权力运行，现将有关事项通知如下：",
        "一、村级重大事项实行“四议两公开”。",
        "二、村务公开栏每月10日前更新。",
    ]
    document = Document()
    document.add_paragraph(title)
    document.add_paragraph(number)
    for text in paragraphs:
        document.add_paragraph(text)
    path = folder / f"{number}.docx"
    document.save(path)
    serial = "".join(ch for ch in number if ch.isdigit())
    return SignedDocument(path, title, number, "2026-03-02", "\n".join(paragraphs), f"fw-{serial}")


def draft_for(doc: SignedDocument) -> dict[str, object]:
    return {
        "title": doc.title,
        "body": doc.text,
        "publisher": "示例镇人民政府",
        "doc_number": doc.doc_number,
        "written_on": doc.written_on,
        "topic": "综合政务",
        "column": "政策文件",
        "responsible_unit": "党政综合办公室",
        "kind": DocumentKind.NORMATIVE.value,
    }


def receipts(deliveries: list[dict[str, Any]]) -> dict[str, str]:
    """channel → where the item went, for the OA's own record of the 发文."""
    return {
        d["channel"]: str((d["receipt"] or {}).get("location", ""))
        for d in deliveries
        if d["state"] == "done"
    }


def by_python_api(office: Office, doc: SignedDocument) -> dict[str, object]:
    app = office.app
    attachment = app.blobs.put(doc.path)
    item = app.create_item(
        EditionDraft.model_validate({**draft_for(doc), "attachments": [attachment]}), "wang"
    )
    review_and_publish(app, item.id)
    app.run()
    return {"index_no": item.index_no, "receipts": receipts(app.deliveries(item_id=item.id))}


def by_http_api(office: Office, doc: SignedDocument) -> dict[str, object]:
    from gov_disclosure.http.app_factory import create_app
    from gov_disclosure.http.tokens import TokenRepository

    app = office.app
    tokens = TokenRepository(app)
    secret = {p: tokens.create(p, "admin", None).secret for p in ("wang", "li", "zhao")}
    with serving(create_app(app)) as url:

        def call(person: str, method: str, path: str, body: object = None, **headers: str) -> Any:
            headers["Authorization"] = f"Bearer {secret[person]}"
            answer = requests.request(method, url + path, json=body, headers=headers, timeout=60)
            if answer.status_code >= 400:  # application/problem+json, in Chinese
                problem = answer.json()
                raise SystemExit(f"{answer.status_code} {problem['title']}：{problem['detail']}")
            return answer.json()

        content = base64.b64encode(doc.path.read_bytes()).decode()
        body = {
            "draft": draft_for(doc),
            "files": [{"name": doc.path.name, "content_base64": content}],
        }
        # the OA's own record id as the Idempotency-Key: a retried hand-off makes one item
        key = {"Idempotency-Key": doc.oa_id}
        item = call("wang", "POST", "/items", body, **key)["item"]
        again = call("wang", "POST", "/items", body, **key)["item"]
        call("wang", "POST", f"/items/{item['id']}/submit")
        call("li", "POST", f"/items/{item['id']}/approve")
        call("zhao", "POST", f"/items/{item['id']}/approve")
        call("wang", "POST", "/run")
        found = call("wang", "GET", f"/deliveries?item_id={item['id']}")
    return {
        "index_no": item["index_no"],
        "retried_index_no": again["index_no"],
        "receipts": receipts(found),
    }


@contextlib.contextmanager
def serving(api: object) -> Iterator[str]:
    """Serve ``api`` with uvicorn on a free 127.0.0.1 port while the block runs."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(api, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("HTTP 服务未能启动")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(20)
        sock.close()


def run(folder: Path) -> dict[str, object]:
    office = open_office(folder, {"notify": {"columns": []}})
    office.clock.set(2026, 3, 4)
    inbox = folder / "from-oa"
    inbox.mkdir()
    first = oa_document(inbox, "示例镇关于规范村级小微权力运行的通知", "示政发〔2026〕12号")
    second = oa_document(inbox, "示例镇关于做好2026年村务公开工作的通知", "示政发〔2026〕13号")
    python = by_python_api(office, first)
    print(f"Python 接口：{first.doc_number} → 索引号 {python['index_no']}")
    http = by_http_api(office, second)
    print(f"HTTP 接口：{second.doc_number} → 索引号 {http['index_no']}（重试未重复登记）")
    for name, result in (("Python", python), ("HTTP", http)):
        for channel, where in sorted(result["receipts"].items()):  # type: ignore[union-attr]
            print(f"  OA 回执（{name}）{channel}：{where}")
    return {"python": python, "http": http}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="输出目录（默认临时目录）")
    args = parser.parse_args()
    run(args.out or Path(tempfile.mkdtemp(prefix="oa-handoff-")))
