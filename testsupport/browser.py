"""Headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright, for page tests.

Fixtures: ``browser`` (session-wide), ``page`` (a fresh context and page per test) and
``artifacts_dir`` (``test-artifacts/<test name>/`` for screenshots kept after the run).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    exe = chromium_path()
    if exe is None:
        pytest.fail("Debian's chromium is not installed: run the README's test command")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN")  # type: ignore[attr-defined]
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def artifacts_dir(request: pytest.FixtureRequest) -> Path:
    name = re.sub(r"[^0-9A-Za-z_.-]+", "_", request.node.nodeid)[-120:]
    path = ARTIFACTS / name
    path.mkdir(parents=True, exist_ok=True)
    return path
