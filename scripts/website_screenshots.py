"""Make docs/images/website-*.png: the website's home, list, item and search pages at 1280 and
390 px wide, from the demo's data, in headless Chromium.

Runs the demo in a temporary folder, rebuilds its website with a complete footer (网站标识码,
ICP备案号, 公安备案号: the demo's sample values), serves it on 127.0.0.1 and takes each page's
first screen with Debian's chromium (driven by Playwright). PNGs are shrunk with pngquant when
it is installed (Debian package ``pngquant``). Usage: python scripts/website_screenshots.py
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import tomllib
from pathlib import Path

from gov_disclosure_website import WebsiteChannel, WebsiteSettings

from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.demo.runner import run_demo
from testsupport.chromium import CHROMIUM_ARGS, chromium_path

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
WIDTHS = {1280: 860, 390: 844}
FOOTER = {
    "site_code": "3205000001",
    "icp": "苏ICP备12345678号-1",
    "police_record": "苏公网安备 32050202000001号",
}


def build_site(out: Path) -> tuple[Path, str]:
    """The demo's website rebuilt with a full footer; returns (folder, an item page)."""
    run_demo(out, echo=lambda _line: None)
    config = tomllib.loads((out / "gov-disclosure.toml").read_text(encoding="utf-8"))
    app = App(f"sqlite:///{out / 'gov-disclosure.db'}", load_config(config, out))
    context = app.channel_context()
    settings = WebsiteSettings(
        out_dir=out / "screenshot-site", base_url="https://www.example.gov.cn/xxgk/", footer=FOOTER
    )
    channel = WebsiteChannel(settings, context)
    channel.rebuild()
    editions = list(context.catalogue())
    item = next((e for e in editions if e.tables), editions[0])
    return channel.out_dir, f"items/{item.slug}.html"


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def shrink(path: Path) -> None:
    """Palette PNG (pngquant) when available: a tenth of the size, no visible loss."""
    if shutil.which("pngquant"):
        subprocess.run(
            ["pngquant", "--force", "--skip-if-larger", "--quality=60-90", "--strip",
             "--output", str(path), "64", str(path)],
            check=False,
        )  # fmt: skip


def main() -> int:
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    if exe is None:
        print("Debian's chromium is not installed", file=sys.stderr)
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="website-shots-") as tmp:
        site, item = build_site(Path(tmp))
        server, base = serve(site)
        pages = {
            "home": "index.html",
            "list": "catalogue/all/index.html",
            "item": item,
            "search": "search.html?q=最低生活保障",
        }
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
                for width, height in WIDTHS.items():
                    context = browser.new_context(
                        locale="zh-CN", viewport={"width": width, "height": height}
                    )
                    page = context.new_page()
                    for name, path in pages.items():
                        page.goto(base + path)
                        if name == "search":
                            page.locator("#search-results li a").first.wait_for()
                        target = IMAGES / f"website-{name}-{width}.png"
                        page.screenshot(path=str(target))
                        shrink(target)
                        print(f"{target.name}: {target.stat().st_size // 1024} KB")
                    context.close()
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
