"""A strict Content-Security-Policy on every page of the website, and the site still works
under it: headless Chromium opens every HTML page of a published office site over HTTP,
collecting ``securitypolicyviolation`` events; the search page finds an item, the reading
switches (大字 / 高对比度) work and are remembered; an inline script injected into a page is
blocked (the policy is really enforced). No page causes a violation of its own."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
import rel_kit

pytestmark = pytest.mark.browser

WATCH = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', function (e) {"
    "  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });"
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    office = rel_kit.make_office(tmp_path / "office")
    app = office.app()
    rel_kit.seed_approved(app, 12)
    app.run()
    app.store.dispose()
    root = tmp_path / "office" / "out" / "website"
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=root))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", root
    httpd.shutdown()


def test_every_page_has_a_strict_policy_and_no_violation(browser, site) -> None:  # type: ignore[no-untyped-def]
    base, root = site
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(WATCH)
    page = context.new_page()
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    violations: dict[str, list[str]] = {}
    for rel in pages:
        html = (root / rel).read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in html, rel
        assert "<script>" not in html and "<style" not in html and " style=" not in html, rel
        page.goto(base + rel)
        page.wait_for_load_state("load")
        found = page.evaluate("window.__csp")
        if found:
            violations[rel] = found
    # the search page works under the policy
    page.goto(base + "search.html")
    page.get_by_label("搜索关键词").fill("通知")
    page.get_by_role("button", name="搜索").click()
    page.locator("#search-results li a").first.wait_for()
    assert page.locator("#search-results li a").count() > 0
    assert page.evaluate("window.__csp") == []
    # the reading switches work and are remembered (prefs.js, an external script)
    page.goto(base + "index.html")
    page.get_by_text("大字", exact=True).click()
    page.goto(base + pages[-1])
    page.wait_for_function("document.getElementById('opt-large').checked")
    assert page.evaluate("window.__csp") == []
    # an inline script injected into a page is blocked: the policy is enforced
    ran = page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__inline = 1'; document.head.appendChild(s);"
        " return window.__inline === 1; }"
    )
    page.wait_for_function("window.__csp.length > 0")
    context.close()
    rel_kit.record(
        "Content-Security-Policy (pages opened in Chromium, violations)",
        runs=len(pages) + 2,
        faults=1,
        lost=len(violations) + int(ran),
        note=f"{len(pages)} pages, violations {dict(list(violations.items())[:3])}",
    )
    assert not ran
    assert violations == {}
