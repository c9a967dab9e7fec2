"""Bulletin build speed: a whole 政府公报 issue (cover, 目录 with PAGEREF fields, every item's
title, metadata, body and signature in GB/T 9704 styles, saved) against the best linear
python-docx build of the same paragraphs in the same run.

The baseline is what a competent python-docx user would write: a new document, the body's
``w:sectPr`` looked up once, and for each paragraph of our issue (read back before the clock)
a new ``w:p`` with that paragraph's properties, its runs with their run properties and texts,
put before the cached ``w:sectPr`` (linear, unlike ``Document.add_paragraph``, which scans the
body on every call and turns quadratic); then saved.

Goals: at most 1.2x the linear build, and no slower per item at the large size than at the
small one (flat to 5,000 items; 10% allowed for noise). Full mode also counts the issue's pages
with LibreOffice. Quick: 1,000 and 2,000 items; full: 1,000 and 5,000.

Run alone: ``python -m benchmarks.bench_documents [--full]``.
"""

from __future__ import annotations

import copy
import sys
import tempfile
from datetime import date
from io import BytesIO
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from gov_disclosure_bulletin import BulletinSettings, build_issue
from lxml import etree

from benchmarks.common import Figure, interleaved, load_now, print_figures
from gov_disclosure.channels import MemoryChannelState, PublishedEdition
from testsupport.samples import bulk_editions

GOAL_RATIO = 1.2
GOAL_GROWTH = 1.1
PERIOD = "2026-03"
Paragraphs = list[tuple[etree._Element | None, list[tuple[etree._Element | None, str]]]]


def _editions(n: int) -> list[PublishedEdition]:
    days = [date(2026, 3, d) for d in range(1, 32)]
    return [
        e.model_copy(update={"published_on": days[i % 31], "written_on": days[i % 31]})
        for i, e in enumerate(bulk_editions(n))
    ]


def _ours(editions: list[PublishedEdition], out: Path) -> Path:
    result = build_issue(editions, PERIOD, MemoryChannelState(), BulletinSettings(), out)
    return result.path


def _paragraphs(path: Path) -> Paragraphs:
    """Each paragraph of a .docx as (its pPr, [(run's rPr, run's text)])."""
    body = docx.Document(str(path)).element.body
    out: Paragraphs = []
    for p in body.iter(qn("w:p")):
        runs = [
            (r.find(qn("w:rPr")), "".join(t.text or "" for t in r.iter(qn("w:t"))))
            for r in p.iter(qn("w:r"))
        ]
        out.append((p.find(qn("w:pPr")), runs))
    return out


def _linear(paragraphs: Paragraphs) -> None:
    """The baseline: the same paragraphs, each put before the cached ``w:sectPr``, saved."""
    document = docx.Document()
    sect_pr = document.element.body.find(qn("w:sectPr"))
    for p_pr, runs in paragraphs:
        p = OxmlElement("w:p")
        if p_pr is not None:
            p.append(copy.deepcopy(p_pr))
        for r_pr, text in runs:
            r = OxmlElement("w:r")
            if r_pr is not None:
                r.append(copy.deepcopy(r_pr))
            t = OxmlElement("w:t")
            t.text = text
            r.append(t)
            p.append(r)
        sect_pr.addprevious(p)
    document.save(BytesIO())


def _pages(path: Path, tmp: Path) -> int:
    from gov_disclosure.documents import render

    return render.page_count(render.to_pdf(path, tmp / "pdf", tmp / "profile"))


def run(quick: bool = True) -> list[Figure]:
    small, large = (1_000, 2_000) if quick else (1_000, 5_000)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        load = f"{load_now()}"
        editions = {n: _editions(n) for n in (small, large)}
        paths = {n: _ours(editions[n], tmp / str(n)) for n in (small, large)}
        paragraphs = {n: _paragraphs(paths[n]) for n in (small, large)}
        variants = {}
        for n in (small, large):
            variants[f"ours{n}"] = lambda n=n: _ours(editions[n], tmp / str(n))
            variants[f"linear{n}"] = lambda n=n: _linear(paragraphs[n])
        best = interleaved(variants, rounds=3)
        load += f"→{load_now()}"
        for n in (small, large):
            ours, linear = best[f"ours{n}"], best[f"linear{n}"]
            ratio = ours / linear
            figures.append(Figure(
                f"bulletin issue of {n:,} items ({len(paragraphs[n]):,} paragraphs)", ours, "s",
                linear, "linear python-docx build of the same paragraphs (w:p before the "
                "cached sectPr), saved", ratio, f"ratio <= {GOAL_RATIO:g}", ratio <= GOAL_RATIO,
                load,
            ))  # fmt: skip
        per_small = best[f"ours{small}"] / small * 1000
        per_large = best[f"ours{large}"] / large * 1000
        growth = per_large / per_small
        figures.append(Figure(
            f"bulletin time per item at {large:,}", per_large, "ms/item", per_small,
            f"per item at {small:,}", growth, f"ratio <= {GOAL_GROWTH:g}",
            growth <= GOAL_GROWTH, load,
        ))  # fmt: skip
        if not quick:
            for n, path in paths.items():
                pages = _pages(path, tmp)
                figures.append(Figure(
                    f"bulletin issue of {n:,} items: pages", pages, "pages", n, "items",
                    pages / n, "information (LibreOffice page count)", None,
                ))  # fmt: skip
    return figures


if __name__ == "__main__":
    print_figures(run(quick="--full" not in sys.argv[1:]))
