"""Fuzzing the importers (``read_rows`` / ``validate_rows``), the dictionary parser and
``decode_bytes``: only library errors may come out. atheris (libFuzzer, coverage-guided) when
installed, else hypothesis over binary strings and regex-shaped rows; the count is recorded."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import fuzz_targets
import pytest
import rel_kit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

RUNS = 20_000
HERE = Path(__file__).resolve().parent

SEEDS = {
    "csv": b"\x00"
    + "title,publisher,written_on,topic,column,responsible_unit,notice_days\n"
    "通知,示例镇,2026-03-02,综合政务,通知公告,党政办,7\n".encode(),
    "json": b'\x01[{"title": "a", "written_on": "2026-03-02", "notice_days": 7, '
    b'"attachments": [], "tables": [{"caption": "c", "columns": ["a", "b"], "rows": [["x", 1]]}]}]',
    "rows": b'\x02{"title": "t", "schedule": "{\\"kind\\": \\"periodic\\"}", "urgent": "yes"}',
    "dict": b"\x03" + "机密\t保密标志\tblock\n# 注释\n内部资料\t保密标志\twarn\n".encode("gbk"),
    "bytes": b"\x04" + "各村（居）委会：\n现将有关事项通知如下。\n".encode("gb18030"),
}


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris not installed")
def test_atheris_over_importers_dictionary_and_decoding(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, data in SEEDS.items():
        (corpus / name).write_bytes(data)
    proc = subprocess.run(
        [
            sys.executable,
            str(HERE / "fuzz_targets.py"),
            f"-runs={RUNS}",
            "-seed=13",
            "-max_len=4096",
            "-max_total_time=90",
            "-print_final_stats=1",
            str(corpus),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    tail = proc.stderr[-3000:]
    assert proc.returncode == 0, f"a non-library exception escaped:\n{tail}"
    done = re.search(r"Done (\d+) runs", proc.stderr)
    assert done, tail
    runs = int(done.group(1))
    assert runs >= RUNS
    rel_kit.record("fuzzing (atheris)", runs=runs, note=f"{runs} inputs, seed 13")


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(
        st.binary(max_size=512),
        st.sampled_from(list(SEEDS.values())).flatmap(
            lambda seed: st.binary(max_size=64).map(lambda tail: seed + tail)
        ),
        st.from_regex(
            r"\A[\x00-\x04](title|topic|notice_days)[,\t\n\"{}\[\]:0-9a-z机密]{0,80}\Z"
        ).map(lambda s: s.encode("utf-8")),
    )
)
def test_hypothesis_over_the_same_targets(data: bytes) -> None:
    """Runs always (atheris or not): the same targets with hypothesis-generated inputs."""
    fuzz_targets.one_input(data)
    rel_kit.record("fuzzing (hypothesis)", runs=1)
