"""Website channel: full build speed and memory, and the cost of an incremental rebuild.

Figures (quick: 2,000 items; full: 100,000):
- full build time against a bare Jinja2 loop writing the same files: every page rendered from
  our templates with the very context our build gave it (recorded in another build before
  the clock, the output checked byte for byte) and written with ``Path.write_text``, every
  file our build writes without a template (search shards, assets) written with its bytes.
  The build streams the catalogue in batches made on demand, as the core reads the store
  (``ChannelContext.batches``), and its time includes making them (twice: one pass for the
  site model, one for item pages and the search index). The ratio is what the build adds:
  reading the catalogue, the site model, digests and manifest, the search index, contained
  atomic writes (goal: at most 2x);
- peak memory of that building process: its ``VmHWM`` (its own peak, not the parent's, which
  ``ru_maxrss`` would inherit), against a child that only holds the whole catalogue as a list
  (goal at 100,000 items: at most 300 MB);
- incremental rebuild after one item changes: the median time of ``UPDATES`` single-item
  updates (each a different item, on the channel object that did a full build, over a
  catalogue held in memory as the core's cache holds it in a delivery run) as a share of
  that full build (goal < 1%), and files written (goal: only the pages that show the item);
  the first update after the full build also makes the site model the deliveries keep;
- the same for the first delivery of a new channel object (a new process): it reads the
  manifest and sorts the catalogue once (informational).

Quick mode runs the bare loop and our build twice, alternating (best of each); full mode once.
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

from benchmarks.common import Figure, load_now, peak_memory_mb, print_figures

UPDATES = 7
GOAL_TIME = 2.0
GOAL_MEMORY_MB = 300.0


def _bare_loop(n: int, out: Path) -> dict[str, Any]:
    """A bare Jinja2 loop writing the same pages: our templates and the very contexts our
    build gives them (recorded from a build in ``out/site``), each page rendered with
    ``template.render`` and written with ``Path.write_text`` into ``out/bare``; every file
    our build writes without a template (search shards, assets) written with its bytes."""
    from gov_disclosure_website import WebsiteChannel, WebsiteSettings
    from gov_disclosure_website.builder import Builder

    from gov_disclosure.channels import ChannelContext
    from testsupport.samples import bulk_editions

    editions = bulk_editions(n)
    context = ChannelContext(
        data_dir=out, catalogue=lambda: editions, organization={"name": "示例镇人民政府"}
    )
    settings = WebsiteSettings(out_dir=out / "site", base_url="https://xxgk.example.gov.cn/")
    channel = WebsiteChannel(settings, context)
    recorded: list[tuple[str, str, dict[str, Any]]] = []
    render, write = channel.renderer.render, Builder._write
    current: list[str] = []

    def recording(name: str, **page: Any) -> str:
        recorded.append((current[-1], name, page))
        return render(name, **page)

    def writing(builder: Builder, page: Any, *args: Any, **kw: Any) -> None:
        current.append(page.path)
        write(builder, page, *args, **kw)

    channel.renderer.render = recording  # type: ignore[method-assign]
    Builder._write = writing  # type: ignore[method-assign]
    try:
        written = channel.rebuild().written
    finally:
        Builder._write = write  # type: ignore[method-assign]
    site, bare = out / "site", out / "bare"
    rendered = {path for path, _, _ in recorded}
    others = [(p, (site / p).read_bytes()) for p in written if p not in rendered]
    env = channel.renderer.env
    folders = sorted({(bare / p).parent for p in written})
    t0 = time.perf_counter()
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    for path, name, page in recorded:
        (bare / path).write_text(env.get_template(name).render(**page), encoding="utf-8")
    for path, data in others:
        (bare / path).write_bytes(data)
    seconds = time.perf_counter() - t0
    for path, _, _ in recorded[:: max(1, len(recorded) // 50)]:  # the same pages, byte for byte
        assert (bare / path).read_bytes() == (site / path).read_bytes(), path
    return {"bare_s": seconds, "pages": len(recorded), "files": len(recorded) + len(others)}


def _child(mode: str, n: int, out: Path) -> dict[str, Any]:
    """Runs in a subprocess so that ``VmHWM`` is this work's own peak.

    ``build``: the full build, streaming the catalogue in batches made on demand (as the core
    reads the store), so the process never holds every edition; ``updates``: incremental
    rebuilds on a channel over a catalogue held in memory; ``catalogue``: only that list.
    """
    from gov_disclosure_website import WebsiteChannel, WebsiteSettings

    from gov_disclosure.channels import ChannelContext
    from testsupport.samples import bulk_batches, bulk_editions

    settings = WebsiteSettings(out_dir=out / "site", base_url="https://xxgk.example.gov.cn/")
    org = {"name": "示例镇人民政府"}
    result: dict[str, Any] = {}
    if mode == "bare":
        return _bare_loop(n, out)
    if mode == "build":
        streamed = ChannelContext(
            data_dir=out,
            catalogue=lambda: bulk_editions(n),
            batches=lambda size: bulk_batches(n, size),
            organization=org,
        )
        channel = WebsiteChannel(settings, streamed)
        t0 = time.perf_counter()
        report = channel.rebuild()
        result["full_s"] = time.perf_counter() - t0
        result["full_files"] = len(report.written)
        result["item_pages"] = sum(p.startswith("items/") for p in report.written)
        result["peak_mb"] = peak_memory_mb()
        return result
    editions = bulk_editions(n)
    if mode == "updates":
        context = ChannelContext(data_dir=out, catalogue=lambda: editions, organization=org)
        channel = WebsiteChannel(settings, context)
        t0 = time.perf_counter()
        channel.rebuild()
        result["full_s"] = time.perf_counter() - t0
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
    n, rounds = (2_000, 2) if quick else (100_000, 1)
    load = f"{load_now()}"
    builds, bares = [], []
    with tempfile.TemporaryDirectory(prefix="bench-website-") as tmp:
        root = Path(tmp)
        base = _spawn("catalogue", n, root / "none")
        for r in range(rounds):  # alternating, so a change of load hits both alike
            bares.append(_spawn("bare", n, root / f"bare{r}"))
            builds.append(_spawn("build", n, root / f"built{r}"))
        updates = _spawn("updates", n, root / "updated")
    load += f"→{load_now()}"
    built = min(builds, key=lambda b: b["full_s"])
    bare = min(bares, key=lambda b: b["bare_s"])
    bare_s = bare["bare_s"]
    assert bare["files"] == built["full_files"], (bare["files"], built["full_files"])
    ratio = built["full_s"] / bare_s
    share = updates["inc_s"] / updates["full_s"]
    memory_goal = f"<= {GOAL_MEMORY_MB:g} MB at 100,000 items"
    return [
        Figure(
            f"full build, {n:,} items ({built['full_files']:,} files: pages, feeds, search)",
            built["full_s"], "s", bare_s,
            f"bare Jinja2 loop: the same {bare['pages']:,} pages from our templates and "
            "contexts, written with write_text; the other files with their bytes",
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
            f"range {min(updates['inc_all_s']):.3f}-{max(updates['inc_all_s']):.3f} s)",
            updates["inc_s"], "s", updates["full_s"], "full build", share, "ratio < 0.01",
            share < 0.01, load,
        ),
        Figure(
            f"incremental rebuild after one item changes: files written (median of {UPDATES})",
            updates["inc_files"], "files", built["full_files"], "full build",
            updates["inc_files"] / built["full_files"],
            "only the pages that show the item (<= 20 pages + search shards)",
            updates["inc_pages"] <= 20, load,
        ),
        Figure(
            "first delivery of a new process (reads the manifest, sorts the catalogue)",
            updates["cold_s"], "s", updates["full_s"], "full build",
            updates["cold_s"] / updates["full_s"], "information", None, load,
        ),
    ]  # fmt: skip


if __name__ == "__main__":
    print_figures(run(quick="--full" not in sys.argv[1:]))
