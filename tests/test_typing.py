"""Type checking is part of the tests: mypy over the core and the built-in plugins
(``[tool.mypy]`` in pyproject.toml says which files and how strictly) reports no error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_mypy_finds_no_error_in_src_and_plugins() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-color-output"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1100,
    )
    assert "checked" in result.stdout or "Success" in result.stdout, result.stderr[-3000:]
    assert result.returncode == 0, result.stdout[-6000:]
