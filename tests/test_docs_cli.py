"""docs/cli.md documents every command: its reference part is regenerated and compared."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_is_current():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts/gen_cli_docs.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)  # type: ignore[union-attr]
    current = (ROOT / "docs/cli.md").read_text(encoding="utf-8")
    assert gen.render() == current, "docs/cli.md is stale: run python scripts/gen_cli_docs.py"
    for command in ("item import", "review approve", "calendar load", "audit verify", "run"):
        assert f"### `gov-disclosure {command}`" in current
