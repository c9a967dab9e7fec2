"""examples/http_client (curl and requests) walk the whole flow against a live server; and a
newcomer's path: the demo folder, an administrator, tokens, ``gov-disclosure serve``, curl."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests

from testsupport.http_office import Office

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "http_client"


def _env(url: str, tokens: dict[str, str], out: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "GD_URL": url,
        "CLERK_TOKEN": tokens["clerk"],
        "REVIEWER_TOKEN": tokens["reviewer"],
        "LEADER_TOKEN": tokens["leader"],
        "OUT": str(out),
        **extra,
    }


def _check_run(output: str, out: Path) -> None:
    assert "state: 已发布" in output or "approved, state: 已发布" in output, output
    assert "mem://" in output or ": done" in output, output
    assert "答复期限" in output, output
    (letter,) = out.glob("*告知书*.docx")
    with zipfile.ZipFile(letter) as docx:
        assert "张三" in docx.read("word/document.xml").decode()


@pytest.mark.parametrize("command", [["bash", "flow.sh"], [sys.executable, "flow.py"]])
def test_the_examples_walk_the_flow(office: Office, tmp_path: Path, command: list[str]) -> None:
    tokens = {
        "clerk": office.tokens["clerk"],
        "reviewer": office.tokens["chief"],
        "leader": office.tokens["deputy"],
    }
    env = _env(office.url, tokens, tmp_path, RECEIVED_ON="2026-03-02")
    done = subprocess.run(command, cwd=EXAMPLES, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    _check_run(done.stdout, tmp_path)
    assert len(office.app.applications.list(open_only=False)) == 1


def _cli(folder: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "gov_disclosure.cli", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "UTC"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_a_newcomer_serves_the_demo_and_walks_it_with_curl(tmp_path: Path) -> None:
    """What docs/http-api.md tells a newcomer to type, in that order."""
    _cli(tmp_path, "demo", "--out", "demo")
    demo = tmp_path / "demo"
    tokens = {
        role: _cli(demo, "token", "create", "--actor", actor, "--by", "liu.gl").splitlines()[
            -1
        ]  # the demo's 管理员
        for role, actor in (("clerk", "wang.jb"), ("reviewer", "li.zr"), ("leader", "zhao.fz"))
    }
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gov_disclosure.cli", "serve", "--port", str(port)],
        cwd=demo,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/openapi.json", timeout=10).ok:
                    break
            except requests.RequestException:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.2)
        env = _env(url, tokens, tmp_path, RECEIVED_ON="2026-11-02")  # a covered year
        done = subprocess.run(
            ["bash", str(EXAMPLES / "flow.sh")], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        _check_run(done.stdout, tmp_path)
        page = requests.get(f"{url}/items", headers={"Authorization": f"Bearer {tokens['clerk']}"})
        assert page.json()["next_cursor"]  # the demo's sixty items span pages
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    assert '"route":"/items/{key}/approve"' in log  # the access log, one JSON line per request
    assert "张三" not in log and "11010519491231002X" not in log
