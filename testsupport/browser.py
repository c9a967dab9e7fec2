"""Headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright, for page tests.

Fixtures: ``browser`` (session-wide), ``page`` (a fresh context and page per test) and
``artifacts_dir`` (``test-artifacts/<test name>/`` for screenshots kept after the run).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from testsupport.chromium import CHROMIUM_ARGS, chromium_path

__all__ = ["CHROMIUM_ARGS", "artifacts_dir", "browser", "chromium_path", "page"]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


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
