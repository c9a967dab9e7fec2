"""Hostile input published through the real pipeline (App → review → run) to the website
and the kiosk, then every page opened in Chromium: no script runs, no dialog opens, no
request leaves 127.0.0.1 / file://, and a beacon server on 127.0.0.1 is never called.
Path traversal in attachment names and 索引号 never writes outside the output folders."""

from __future__ import annotations

import hashlib
import http.server
import os
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote

import pytest
import rel_kit
from pydantic import ValidationError

from gov_disclosure.app import App
from gov_disclosure.errors import GovDisclosureError
from gov_disclosure.models import Attachment
from testsupport.core import draft, publish_through_review

BEACON = "http://127.0.0.1:{port}/pwned"
PAYLOADS = [
    '<script>window.__pwned=1;new Image().src="{b}/s"</script>',
    "<img src=x onerror=\"window.__pwned=2;fetch('{b}/i')\">",
    '"><svg/onload="window.__pwned=3">',
    "javascript:window.__pwned=4//",
    "</title><script>window.__pwned=5</script>",
    "{{{{7*7}}}}${{7*7}}<iframe src={b}/f></iframe>",
    '<a href="javascript:window.__pwned=6">点我</a><a href="{b}/a">链接</a>',
    '<style>@import "{b}/css";</style><link rel=stylesheet href={b}/l>',
    '<base href={b}/><meta http-equiv=refresh content="0;url={b}/m">',
    "'-alert(7)-'\"-alert(8)-\"</script><script>alert(9)</script>",
]


class _Hits(http.server.SimpleHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        if self.path.startswith("/pwned"):
            _Hits.hits.append(self.path)
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """One server on 127.0.0.1: the website folder, and the /pwned beacon."""
    root = tmp_path / "office" / "out" / "website"
    root.mkdir(parents=True)
    _Hits.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Hits, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()


def _publish_hostile(app: App, beacon: str, tmp_path: Path) -> list[int]:
    ids = []
    for n, raw in enumerate(PAYLOADS):
        payload = raw.format(b=beacon)
        source = tmp_path / f"a{n}.txt"
        source.write_text(f"附件{n}", encoding="utf-8")
        stored = app.blobs.put(source)
        attachment = Attachment(
            name=f"{payload[:200]}.txt",
            media_type="text/plain",
            size=stored.size,
            sha256=stored.sha256,
        )
        item = app.create_item(
            draft(
                title=f"示例镇测试通知{n}{payload}"[:300],
                summary=payload,
                body=f"<p>正文第{n}段</p>{payload}",
                attachments=(attachment,),
            ),
            "clerk",
        )
        publish_through_review(app, item.id)
        ids.append(item.id)
    result = app.run()
    assert result["failed"] == 0 and result["delivered"] >= 2 * len(PAYLOADS), result
    return ids


@pytest.mark.browser
def test_payloads_never_run_on_the_website_or_the_kiosk(
    tmp_path: Path,
    server: tuple[str, Path],
    page,
    artifacts_dir: Path,  # type: ignore[no-untyped-def]
) -> None:
    origin, site = server
    beacon = BEACON.format(port=origin.rsplit(":", 1)[1])
    office = rel_kit.make_office(
        tmp_path / "office",
        extra=f'[channels.website]\nbase_url = "{origin}/"\nbody_html = true\n'
        '[channels]\nenabled = ["website", "kiosk"]\n',
    )
    app = office.app()
    _publish_hostile(app, beacon.rsplit("/", 1)[0] + "/pwned", tmp_path)
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    queries = [p.format(b=beacon) for p in PAYLOADS[:5]] + ["示例镇测试"]
    visited = 0
    for path in pages + [f"search.html?q={quote(q)}" for q in queries]:
        page.goto(f"{origin}/{path}")
        page.wait_for_timeout(30)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        visited += 1
    page.screenshot(path=str(artifacts_dir / "website-search.png"))
    kiosk = (tmp_path / "office" / "out" / "kiosk" / "index.html").as_uri()
    page.goto(kiosk)
    page.locator("#open-search").click()
    for query in [*queries, "示例镇"]:
        page.locator("#q").fill("")
        page.locator("#q").focus()
        page.keyboard.insert_text(query)
        page.wait_for_timeout(30)
    buttons = page.locator("#results button[data-slug]")
    opened = min(buttons.count(), 5)
    for i in range(opened):
        page.goto(kiosk)
        page.locator("#open-search").click()
        page.locator("#q").focus()
        page.keyboard.insert_text("示例镇")
        page.locator("#results button[data-slug]").nth(i).click()
        page.wait_for_selector("#screen-item:not([hidden]) #item h2")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        visited += 1
    page.screenshot(path=str(artifacts_dir / "kiosk-item.png"))
    outside = [
        u for u in requests if not u.startswith((origin, "file://", "data:", "blob:", "about:"))
    ]
    rel_kit.record(
        "XSS through the pipeline (Chromium)",
        runs=visited,
        faults=len(PAYLOADS) * 4 + len(queries) * 2,
        note=f"{len(PAYLOADS)} payloads in title/summary/body/attachment name, "
        f"{len(queries)} search queries; {visited} page views; beacon hits {len(_Hits.hits)}",
    )
    assert opened >= 1
    assert dialogs == [], dialogs
    assert _Hits.hits == [], _Hits.hits
    assert outside == [], outside[:5]


HOSTILE_NAMES = [
    "../../../../../../tmp/gd-evil.txt",
    "/tmp/gd-evil-abs.txt",
    "..\\..\\..\\gd-evil-win.txt",
    "a\x00b/../../gd-evil-nul.txt",
    "....//....//gd-evil-dots.txt",
    ".htaccess",
]


def _tree(root: Path, skip: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and skip not in p.parents
    }


def test_path_traversal_in_attachment_names_and_index_numbers(tmp_path: Path) -> None:
    office = rel_kit.make_office(tmp_path / "office", extra="[channels.website]\nlocal = true\n")
    app = office.app()
    out = tmp_path / "office" / "out"
    before = _tree(tmp_path, out)
    evil_tmp = set(Path("/tmp").glob("gd-evil*"))
    refused = published = 0
    for n, name in enumerate(HOSTILE_NAMES):
        source = tmp_path / f"f{n}.txt"
        source.write_text(f"附件{n}", encoding="utf-8")
        stored = app.blobs.put(source)
        index_no = [
            "../../../../tmp/gd-evil/2026-1",
            "/etc/2026-2",
            "..\\x/2026-3",
            "a\x00b/2026-4",
            "....//2026-5",
            "./2026-6",
        ][n]
        if any(ord(ch) < 32 for ch in name):  # control characters are refused at entry
            with pytest.raises(ValidationError, match="control characters"):
                Attachment(
                    name=name, media_type="text/plain", size=stored.size, sha256=stored.sha256
                )
            refused += 1
            continue
        edition = draft(
            title=f"示例镇通知{n}",
            notice_period={"days": 5},
            attachments=(
                Attachment(
                    name=name, media_type="text/plain", size=stored.size, sha256=stored.sha256
                ),
            ),
        )
        try:
            item = app.create_item(edition, "clerk", index_no=index_no)
        except GovDisclosureError:  # a hostile 索引号 is refused at entry …
            refused += 1
            item = app.create_item(edition, "clerk")  # … the hostile file name still goes out
        publish_through_review(app, item.id)
        published += 1
    app.run()
    after = _tree(tmp_path, out)
    new_outside = sorted(set(after) - set(before) - {str(p) for p in tmp_path.glob("f*.txt")})
    private = office.root / "gov-disclosure-private"  # the outbox and signing key, by design
    new_outside = [
        p
        for p in new_outside
        if "/files/" not in p
        and not p.endswith(("gd.db", "gd.db-wal", "gd.db-shm", "audit-anchors.jsonl"))
        and not Path(p).is_relative_to(private)
    ]
    escaped = [p for p in out.rglob("*") if not p.resolve().is_relative_to(out.resolve())]
    rel_kit.record(
        "path traversal",
        runs=len(HOSTILE_NAMES),
        faults=2 * len(HOSTILE_NAMES),
        note=f"{published} published, {refused} refused at entry",
    )
    assert new_outside == [], new_outside
    assert escaped == []
    assert set(Path("/tmp").glob("gd-evil*")) == evil_tmp
    assert not [p for p in out.rglob("*") if p.name in ("passwd", ".htaccess") or "\x00" in p.name]
    _ = os
