"""Website channel: full build speed and memory, and the cost of an incremental rebuild.

Figures (quick: 2,000 items; full: 100,000):
- full build in pages/s, against a bare Jinja2 loop rendering the same item pages to files;
- peak memory (ru_maxrss of a child process) against a child that only holds the catalogue;
- incremental rebuild after one item changes: the median time of ``UPDATES`` single-item
  updates (each a different item, on the channel object that did the full build, as in a
  delivery run) as a share of the full build (goal < 1%), and files written (goal: only the
  pages that show the item);
- the same for the first delivery of a new channel object (a new process): it reads the
  manifest and sorts the catalogue once (informational).

Run: ``python -m benchmarks.bench_website [--full]``.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jinja2

from benchmarks.common import Figure

UPDATES = 7

BARE = jinja2.Template(
    "<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>{{ e.title }}</title>"
    "</head><body><h1>{{ e.title }}</h1><table>"
    "<tr><th>索引号</th><td>{{ e.index_no }}</td></tr><tr><th>发布机构</th><td>{{ e.publisher }}"
    "</td></tr><tr><th>发布日期</th><td>{{ e.published_on }}</td></tr></table>"
    "{% for p in e.body.splitlines() %}<p>{{ p }}</p>{% endfor %}</body></html>",
    autoescape=True,
)


def _bare_loop(n: int, out: Path) -> tuple[float, int]:
    from testsupport.samples import bulk_editions

    editions = bulk_editions(n)
    (out / "items").mkdir(parents=True)
    t0 = time.perf_counter()
    for e in editions:
        (out / "items" / f"{e.slug}.html").write_text(BARE.render(e=e), encoding="utf-8")
    return time.perf_counter() - t0, len(editions)


def _child(mode: str, n: int, out: Path) -> dict[str, Any]:
    """Runs in a subprocess so that ru_maxrss is this work's own peak."""
    from gov_disclosure_website import WebsiteChannel, WebsiteSettings

    from gov_disclosure.channels import ChannelContext
    from testsupport.samples import bulk_editions

    editions = bulk_editions(n)
    result: dict[str, Any] = {}
    if mode == "build":
        context = ChannelContext(
            data_dir=out, catalogue=lambda: editions, organization={"name": "示例镇人民政府"}
        )
        settings = WebsiteSettings(out_dir=out / "site", base_url="https://xxgk.example.gov.cn/")
        channel = WebsiteChannel(settings, context)
        t0 = time.perf_counter()
        report = channel.rebuild()
        result["full_s"] = time.perf_counter() - t0
        result["full_files"] = len(report.written)
        result["item_pages"] = sum(p.startswith("items/") for p in report.written)
        times, files, pages = [], [], []
        for k in range(UPDATES + 1):
            if k == UPDATES:  # the first delivery of a new process
                channel = WebsiteChannel(settings, context)
            at = (n // 2 + 7_919 * k) % n
            e = editions[at]
            changed = e.model_copy(update={"edition": 2, "title": f"{e.title}（修订{k}）"})
            editions[at] = changed
            t0 = time.perf_counter()
            channel.update(changed, None)
            times.append(time.perf_counter() - t0)
            assert channel.last_report is not None
            files.append(len(channel.last_report.written))
            pages.append(sum(not p.startswith("search/") for p in channel.last_report.written))
        result["inc_s"] = statistics.median(times[:UPDATES])
        result["inc_all_s"] = times[:UPDATES]
        result["inc_files"] = statistics.median(files[:UPDATES])
        result["inc_pages"] = max(pages[:UPDATES])
        result["cold_s"], result["cold_files"] = times[UPDATES], files[UPDATES]
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _spawn(mode: str, n: int, out: Path) -> dict[str, Any]:
    code = (
        "import json, sys; from pathlib import Path; from benchmarks.bench_website import _child;"
        f"print(json.dumps(_child({mode!r}, {n}, Path({str(out)!r}))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(quick: bool) -> list[Figure]:
    n = 2_000 if quick else 100_000
    with tempfile.TemporaryDirectory(prefix="bench-website-") as tmp:
        root = Path(tmp)
        bare_s, bare_pages = _bare_loop(n, root / "bare")
        base = _spawn("catalogue", n, root / "none")
        built = _spawn("build", n, root / "built")
    bare_rate = bare_pages / bare_s
    rate = built["full_files"] / built["full_s"]
    item_rate = built["item_pages"] / built["full_s"]
    share = built["inc_s"] / built["full_s"]
    return [
        Figure(
            f"full build, {n:,} items: files/s (pages, feeds, search shards)",
            rate,
            "files/s",
            bare_rate,
            "bare Jinja2 loop writing the item pages",
            rate / bare_rate,
            "informational",
            None,
        ),
        Figure(
            f"full build, {n:,} items: item pages/s",
            item_rate,
            "pages/s",
            bare_rate,
            "bare Jinja2 loop writing the item pages",
            item_rate / bare_rate,
            "informational",
            None,
        ),
        Figure(
            f"full build, {n:,} items: peak memory",
            built["maxrss_mb"],
            "MB",
            base["maxrss_mb"],
            "process holding only the catalogue",
            built["maxrss_mb"] / base["maxrss_mb"],
            "informational",
            None,
        ),
        Figure(
            f"incremental rebuild after one item changes: time (median of {UPDATES}; "
            f"range {min(built['inc_all_s']):.3f}-{max(built['inc_all_s']):.3f} s)",
            built["inc_s"],
            "s",
            built["full_s"],
            "full build",
            share,
            "ratio < 0.01",
            share < 0.01,
        ),
        Figure(
            f"incremental rebuild after one item changes: files written (median of {UPDATES})",
            built["inc_files"],
            "files",
            built["full_files"],
            "full build",
            built["inc_files"] / built["full_files"],
            "only the pages that show the item (<= 20 pages + search shards)",
            built["inc_pages"] <= 20,
        ),
        Figure(
            "first delivery of a new process (reads the manifest, sorts the catalogue)",
            built["cold_s"],
            "s",
            built["full_s"],
            "full build",
            built["cold_s"] / built["full_s"],
            "informational",
            None,
        ),
    ]


if __name__ == "__main__":
    for figure in run(quick="--full" not in sys.argv):
        ratio = "" if figure.ratio is None else f"  ratio {figure.ratio:.4f}"
        print(
            f"{figure.name}: {figure.value:,.3f} {figure.unit} (baseline {figure.baseline:,.3f}"
            f" {figure.baseline_label}){ratio}  goal: {figure.goal}  met: {figure.met}"
        )
