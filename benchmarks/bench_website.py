"""Website channel: full build speed and memory, and the cost of an incremental rebuild.

Figures (quick: 2,000 items; full: 100,000):
- full build time against a bare Jinja2 loop producing the same files in the same folder: every
  item page rendered from a one-template page (title, metadata table, body paragraphs) and
  every other file our build wrote (lists, feeds, search shards, assets; their bytes read
  before the clock) written as it is (goal: at most 2x);
- peak memory of the process that builds: ``VmHWM`` of that child process (its own peak, not
  the parent's, which ``ru_maxrss`` would inherit), against a child that only holds the
  catalogue (goal at 100,000 items: at most 300 MB);
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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jinja2

from benchmarks.common import Figure, load_now, peak_memory_mb, print_figures

UPDATES = 7
GOAL_TIME = 2.0
GOAL_MEMORY_MB = 300.0

BARE = jinja2.Template(
    "<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>{{ e.title }}</title>"
    "</head><body><h1>{{ e.title }}</h1><table>"
    "<tr><th>索引号</th><td>{{ e.index_no }}</td></tr><tr><th>发布机构</th><td>{{ e.publisher }}"
    "</td></tr><tr><th>发布日期</th><td>{{ e.published_on }}</td></tr></table>"
    "{% for p in e.body.splitlines() %}<p>{{ p }}</p>{% endfor %}</body></html>",
    autoescape=True,
)


def _bare_loop(n: int, site: Path, written: list[str], out: Path) -> float:
    """Seconds for a bare Jinja2 loop to write the files of our build into ``out``: item pages
    from :data:`BARE`, every other file with the bytes our build gave it."""
    from testsupport.samples import bulk_editions

    editions = bulk_editions(n)
    others = [(p, (site / p).read_bytes()) for p in written if not p.startswith("items/")]
    folders = {(out / p).parent for p, _ in others} | {out / "items"}
    t0 = time.perf_counter()
    for folder in sorted(folders):
        folder.mkdir(parents=True, exist_ok=True)
    for e in editions:
        (out / "items" / f"{e.slug}.html").write_text(BARE.render(e=e), encoding="utf-8")
    for p, data in others:
        (out / p).write_bytes(data)
    return time.perf_counter() - t0


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
        result["written"] = sorted(report.written)
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
    result["peak_mb"] = peak_memory_mb()
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
        load = f"{load_now()}"
        base = _spawn("catalogue", n, root / "none")
        built = _spawn("build", n, root / "built")
        bare_s = _bare_loop(n, root / "built" / "site", built["written"], root / "bare")
        load += f"→{load_now()}"
    ratio = built["full_s"] / bare_s
    share = built["inc_s"] / built["full_s"]
    memory_goal = f"<= {GOAL_MEMORY_MB:g} MB at 100,000 items"
    return [
        Figure(
            f"full build, {n:,} items ({built['full_files']:,} files: pages, feeds, search)",
            built["full_s"], "s", bare_s,
            "bare Jinja2 loop writing the same files (item pages from one template)",
            ratio, f"ratio <= {GOAL_TIME:g}", ratio <= GOAL_TIME, load,
        ),
        Figure(
            f"full build, {n:,} items: peak memory (VmHWM of the building process)",
            built["peak_mb"], "MB", base["peak_mb"], "a process holding only the catalogue",
            built["peak_mb"] / base["peak_mb"],
            memory_goal if not quick else f"information (goal {memory_goal}, full mode)",
            built["peak_mb"] <= GOAL_MEMORY_MB if not quick else None, load,
        ),
        Figure(
            f"incremental rebuild after one item changes: time (median of {UPDATES}; "
            f"range {min(built['inc_all_s']):.3f}-{max(built['inc_all_s']):.3f} s)",
            built["inc_s"], "s", built["full_s"], "full build", share, "ratio < 0.01",
            share < 0.01, load,
        ),
        Figure(
            f"incremental rebuild after one item changes: files written (median of {UPDATES})",
            built["inc_files"], "files", built["full_files"], "full build",
            built["inc_files"] / built["full_files"],
            "only the pages that show the item (<= 20 pages + search shards)",
            built["inc_pages"] <= 20, load,
        ),
        Figure(
            "first delivery of a new process (reads the manifest, sorts the catalogue)",
            built["cold_s"], "s", built["full_s"], "full build",
            built["cold_s"] / built["full_s"], "information", None, load,
        ),
    ]  # fmt: skip


if __name__ == "__main__":
    print_figures(run(quick="--full" not in sys.argv[1:]))
