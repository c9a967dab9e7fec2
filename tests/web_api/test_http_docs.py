"""docs/http-api.md's curl examples run, in order, against a fresh office; each answer shown
in the page is the answer received."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

from testsupport.http_office import Office

DOC = Path(__file__).resolve().parents[2] / "docs" / "http-api.md"
FENCE = re.compile(r"```(\w+)\n(.*?)```", re.S)


def examples() -> list[tuple[str, str | None]]:
    """(bash block, the json block right after it or None) for every block calling $GD_URL."""
    blocks = [(m.group(1), m.group(2), m.start(), m.end()) for m in FENCE.finditer(DOC.read_text())]
    out = []
    for i, (lang, body, _, end) in enumerate(blocks):
        if lang != "bash" or "$GD_URL" not in body:
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        adjacent = (
            following and following[0] == "json" and not DOC.read_text()[end : following[2]].strip()
        )
        out.append((body, following[1] if adjacent else None))  # type: ignore[index]
    return out


def _values(text: str) -> list[Any]:
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_the_pages_examples_give_the_answers_shown(office: Office) -> None:
    found = examples()
    assert len(found) >= 5 and sum(1 for _, shown in found if shown) >= 5
    env = {
        **os.environ,
        "GD_URL": office.url,
        "TOKEN": office.tokens["clerk"],
        "REVIEWER_TOKEN": office.tokens["chief"],
    }
    for script, shown in found:
        done = subprocess.run(
            ["bash", "-c", "set -euo pipefail\n" + script], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, script + done.stderr
        if shown is not None:
            assert _values(done.stdout) == _values(shown), script
