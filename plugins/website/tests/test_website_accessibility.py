"""axe-core (shipped by the ``axe-playwright-python`` wheel) finds no serious violations."""

from __future__ import annotations

from pathlib import Path

import pytest

axe_playwright_python = pytest.importorskip(
    "axe_playwright_python", reason="pip install axe-playwright-python (ships axe.min.js)"
)
AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
pytestmark = pytest.mark.browser


def serious(page) -> list[str]:
    """axe's serious findings on the page (axe is loaded as an init script: the site's
    Content-Security-Policy refuses inline scripts, ``add_script_tag`` among them)."""
    if not page.evaluate("typeof axe !== 'undefined'"):  # a page without the policy
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("contrast", [False, True], ids=["normal", "high-contrast"])
def test_no_serious_violations(page, site: Path, serve, editions: list, contrast: bool) -> None:
    base = serve(site)
    page.add_init_script(path=str(AXE_JS))
    paths = [
        "index.html",
        "catalogue/index.html",
        "catalogue/column/cunjicaiwu/index.html",
        f"items/{editions[2].slug}.html",  # the table with its 合计 row
        f"items/{editions[6].slug}.html",  # the attachment
        "guide.html",
        "search.html?q=公示",
    ]
    found = {}
    for path in paths:
        page.goto(base + path)
        if contrast:
            page.get_by_text("高对比度", exact=True).click()
        if problems := serious(page):
            found[path] = problems
    assert found == {}


def test_the_check_does_catch_problems(page) -> None:
    page.set_content(
        '<html lang="zh-CN"><body><main><p style="color:#bbb;background:#fff">浅灰色文字</p>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>'
    )
    found = " ".join(serious(page))
    assert "color-contrast" in found and "image-alt" in found
