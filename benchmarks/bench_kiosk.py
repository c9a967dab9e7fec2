"""Kiosk bundle: build time and size, incremental publish, and in-browser search and start-up.

- Full build of N items (seconds) against a plain JSON dump of the same editions (the least
  any export must do), and the bundle's size on disk against that dump's size.
- One item published into the built bundle (seconds, files written) against the full build.
- In Debian's Chromium (Playwright, the test suite's flags): median time of a 拼音首字母 query
  over the N items, measured with ``performance.now()`` in the page (goal under 50 ms), against
  a naive ``includes`` scan over the same rows in the same page; and time to first screen
  (file://) against the 10-item sample bundle's.

Run alone: ``python -m benchmarks.bench_kiosk [--full]`` (quick: 5,000 items; full: 100,000).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from gov_disclosure_kiosk import KioskChannel, KioskSettings
from gov_disclosure_kiosk.bundle import BuildOptions, BundleBuilder
from gov_disclosure_kiosk.searchkeys import ABBREVIATIONS

from benchmarks.common import Figure, Unavailable, timed
from gov_disclosure.channels import ChannelContext
from testsupport.chromium import CHROMIUM_ARGS, chromium_path
from testsupport.samples import bulk_editions, sample_editions

SEARCH_GOAL_MS = 50.0
FIRST_SCREEN_GOAL_MS = 3000.0
QUERIES = [
    "db", "cz", "ys", "dl", "jy", "yl", "jz", "bt", "gh", "aqsc",
    "gydb", "gycz", "gyys", "gydl", "gyjy", "gyyl", "gyjz", "gybt", "gygh", "tz",
]  # fmt: skip
MEASURE = """(queries) => {
    const c = window.KIOSK.catalog, fast = [], naive = [], counts = [];
    for (let round = 0; round < 3; round++) {
        queries.forEach((q, i) => {
            let t0 = performance.now();
            const a = c.search(q);
            fast.push([i, performance.now() - t0]);
            t0 = performance.now();
            const b = c.naiveSearch(q);
            naive.push([i, performance.now() - t0]);
            const same = a.length === b.length && a.every((x, k) => x === b[k]);
            counts.push([a.length, b.length, same]);
        });
    }
    return {fast, naive, counts};
}"""


def _options(workers: int) -> BuildOptions:
    return BuildOptions(
        base_url="https://gk.example.gov.cn", title="政务公开查询", organization="示例镇人民政府",
        idle_seconds=90, orientation="auto", page_size=8, shards=64,
        abbreviations=ABBREVIATIONS, workers=workers,
    )  # fmt: skip


def _size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def _per_query_median(pairs: list[list[float]]) -> float:
    by_query: dict[int, list[float]] = {}
    for i, ms in pairs:
        by_query.setdefault(int(i), []).append(ms)
    return statistics.median(statistics.median(v) for v in by_query.values())


def _sample_bundle(tmp: Path) -> Path:
    context = ChannelContext(
        data_dir=tmp, catalogue=lambda: sample_editions(tmp / "att"),
        site={"base_url": "https://gk.example.gov.cn"}, now=lambda: datetime(2026, 3, 6),
    )  # fmt: skip
    return KioskChannel(KioskSettings(out_dir=tmp / "sample"), context).rebuild().root


def _require_browser() -> str:
    """Chromium's path; :class:`Unavailable` when Playwright or Chromium is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise Unavailable("playwright is not installed: pip install -e '.[bench]'") from exc
    path = chromium_path()
    if path is None:
        raise Unavailable("Debian's chromium is not installed (apt-get install chromium)")
    return path


def _browser_figures(bundle: Path, sample: Path) -> tuple[float, float, float, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=_require_browser(), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1080, "height": 1920})

        def first_screen(root: Path) -> float:
            times = []
            for _ in range(3):
                page.goto(f"{root.as_uri()}/index.html")
                page.wait_for_selector("html[data-ready='1']", timeout=300_000)
                times.append(page.evaluate("window.KIOSK.readyAt"))
            return statistics.median(times)

        small = first_screen(sample)
        big = first_screen(bundle)
        result = page.evaluate(MEASURE, QUERIES)
        browser.close()
    for fast, naive, same in result["counts"]:
        if not same:
            raise AssertionError(f"search and baseline disagree ({fast} and {naive} hits)")
    return (_per_query_median(result["fast"]), _per_query_median(result["naive"]), big, small)


def run(quick: bool) -> list[Figure]:
    n = 5_000 if quick else 100_000
    _require_browser()  # before the build: say at once when this cannot run
    editions = bulk_editions(n)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        dump = tmp / "catalogue.json"

        def plain_dump() -> None:
            rows = [e.model_dump(mode="json") for e in editions]
            dump.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")

        dump_s = timed(plain_dump)
        builder = BundleBuilder(tmp / "bundle", _options(os.cpu_count() or 1))
        build_s = timed(lambda: builder.build(editions))
        size, dump_size = _size(builder.root), dump.stat().st_size
        changed = [*editions[:-1], editions[-1].model_copy(update={"title": "关于低保复核的通知"})]
        results = []
        inc_s = timed(lambda: results.append(builder.build(changed)))
        written = len(results[0].written) + 1  # and the manifest
        search_ms, naive_ms, first_ms, small_ms = _browser_figures(
            builder.root, _sample_bundle(tmp)
        )
    return [
        Figure(f"kiosk bundle build, {n:,} items", build_s, "s", dump_s,
               "plain JSON dump of the same editions", build_s / dump_s,
               "none set (issue asks for seconds)", None),
        Figure(f"kiosk bundle size on disk, {n:,} items", size / 1e6, "MB", dump_size / 1e6,
               "plain JSON dump's size", size / dump_size, "none set (issue asks for size)",
               None),
        Figure(f"kiosk publish one item into {n:,} ({written} files written)", inc_s, "s",
               build_s, "full build", inc_s / build_s, "ratio <= 0.25", inc_s / build_s <= 0.25),
        Figure(f"kiosk 拼音首字母 search over {n:,} items (median of {len(QUERIES)})", search_ms,
               "ms", naive_ms, "naive includes() scan, same page", search_ms / naive_ms,
               f"<= {SEARCH_GOAL_MS:g} ms", search_ms <= SEARCH_GOAL_MS),
        Figure(f"kiosk time to first screen, {n:,} items (file://)", first_ms, "ms", small_ms,
               "10-item sample bundle", first_ms / small_ms, f"<= {FIRST_SCREEN_GOAL_MS:g} ms",
               first_ms <= FIRST_SCREEN_GOAL_MS),
    ]  # fmt: skip


def main() -> None:
    for f in run(quick="--full" not in sys.argv[1:]):
        print(
            f"{f.name}: {f.value:,.2f} {f.unit} vs {f.baseline:,.2f} ({f.baseline_label})  "
            f"ratio {f.ratio:.2f} ({f.goal}: {f.met})"
        )


if __name__ == "__main__":
    main()
