"""The benchmark harness: self-contained corpus, honest memory figure, skipped modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks import __main__ as runner
from benchmarks import corpus
from benchmarks.common import Unavailable, interleaved, peak_memory_mb

ROOT = Path(__file__).resolve().parent.parent


def test_corpus_reads_only_its_own_seed_text():
    assert corpus.SEEDS.is_relative_to(ROOT / "benchmarks")
    assert len(corpus.seed_paragraphs()) >= 50
    source = (ROOT / "benchmarks" / "corpus.py").read_text(encoding="utf-8")
    assert "shared" not in source


def test_corpus_shapes_are_deterministic_and_as_described():
    few, many = corpus.make_terms(500, "few"), corpus.make_terms(500, "many")
    assert few == corpus.make_terms(500, "few")
    assert len({t[0] for t in few}) <= corpus.FEW_FIRST_CHARS
    assert len({t[0] for t in many}) > 300
    names = corpus.make_terms(200, "dense")
    roster = corpus.make_text(0.05, names, "dense")
    lines = roster.splitlines()[1:]
    assert lines and all(any(n in line for n in names) for line in lines)
    text = corpus.make_text(0.05, many, "many")
    assert text == corpus.make_text(0.05, many, "many")
    assert sum(text.count(t) for t in many) >= len(text) // 400


def test_peak_memory_is_the_process_own_high_water_mark():
    code = "from benchmarks.common import peak_memory_mb; print(peak_memory_mb())"
    big = bytearray(200 * 2**20)  # this process's peak rises by 200 MB
    big[::4096] = b"x" * len(big[::4096])
    child = float(
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    )
    assert peak_memory_mb() > 200
    assert child < 150  # ru_maxrss would have reported the parent's peak
    del big


def test_interleaved_times_every_variant():
    calls: list[str] = []
    best = interleaved({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, 2)
    assert calls == ["a", "b", "a", "b"]
    assert set(best) == {"a", "b"} and all(v >= 0 for v in best.values())


def test_a_module_that_cannot_run_is_a_skipped_row_saying_why(monkeypatch):
    class Module:
        @staticmethod
        def run(quick: bool) -> list[object]:
            raise Unavailable("Debian's chromium is not installed")

    monkeypatch.setitem(sys.modules, "benchmarks.bench_fake", Module)
    result = runner.run_module("bench_fake", quick=True)
    assert result["skipped"] == "Debian's chromium is not installed"
    assert result["error"] is None
    assert runner.rows([result])[0][:3] == ("fake", "skipped", "Debian's chromium is not installed")


def test_kiosk_and_workers_modules_import_without_pytest():
    code = (
        "import sys; sys.modules['pytest'] = None\n"
        "import benchmarks.bench_kiosk, benchmarks.bench_workers, benchmarks.bench_website\n"
        "from testsupport.pgserver import PostgresServer\n"
        "print('ok')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr
