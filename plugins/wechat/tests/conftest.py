"""A local stand-in for the official account platform (pytest-httpserver) and a channel."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from gov_disclosure_wechat import WechatChannel, WechatSettings
from gov_disclosure_wechat.standin import Platform
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from gov_disclosure.channels import ChannelContext, MemoryChannelState
from testsupport.samples import sample_editions

APPID, SECRET = "wx0123456789abcdef", "s3cr3t-not-for-logs"
APIS = (
    "material/add_material",
    "media/uploadimg",
    "draft/add",
    "freepublish/submit",
    "freepublish/get",
    "freepublish/delete",
)


class FakePlatform(Platform):
    """The plugin's stand-in platform behind pytest-httpserver, plus ``hold_submit``: the
    next ``freepublish/submit`` waits (the test kills its client meanwhile) and never takes
    effect."""

    def __init__(self) -> None:
        super().__init__(appid=APPID, secret=SECRET)
        self.hold_submit: tuple[threading.Event, threading.Event] | None = None

    def __call__(self, request: Request) -> Response:
        path = request.path.removeprefix("/cgi-bin/")
        held = path == "freepublish/submit" and self.hold_submit is not None
        if held and request.args.get("access_token") in self.valid:
            assert self.hold_submit is not None
            self.calls.append((path, json.loads(request.get_data())))
            reached, release = self.hold_submit
            self.hold_submit = None
            reached.set()
            release.wait(30)  # the client is killed meanwhile: this call never took effect
            return self._json({"errcode": -1, "errmsg": "client gone"})
        answer = self.handle(
            path, dict(request.args), request.get_data(), request.headers.get("Content-Type", "")
        )
        return self._json(answer)

    @staticmethod
    def _json(data: dict[str, Any]) -> Response:
        return Response(json.dumps(data, ensure_ascii=False), content_type="application/json")


@pytest.fixture
def platform(httpserver: HTTPServer) -> FakePlatform:
    fake = FakePlatform()
    fake.host = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/cgi-bin/token").respond_with_handler(fake)
    for api in APIS:
        httpserver.expect_request(f"/cgi-bin/{api}", method="POST").respond_with_handler(fake)
    return fake


@pytest.fixture
def editions(tmp_path: Path):
    return {e.index_no: e for e in sample_editions(tmp_path / "attachments")}


@pytest.fixture
def make_channel(httpserver: HTTPServer, tmp_path: Path, monkeypatch, editions):
    monkeypatch.setenv("GD_WECHAT_APPID", APPID)
    monkeypatch.setenv("GD_WECHAT_SECRET", SECRET)
    state = MemoryChannelState()

    def make(**settings: object) -> WechatChannel:
        context = ChannelContext(
            data_dir=tmp_path / "data",
            catalogue=lambda: list(editions.values()),
            site={"base_url": "https://gk.example.gov.cn"},
            state=state,
        )
        base = {
            "api_base": httpserver.url_for("").rstrip("/"),
            "poll_seconds": 0,
        }
        return WechatChannel(WechatSettings(**{**base, **settings}), context)

    return make
