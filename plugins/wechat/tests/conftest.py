"""A local stand-in for the official account platform (pytest-httpserver) and a channel."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from gov_disclosure_wechat import WechatChannel, WechatSettings
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from gov_disclosure.channels import ChannelContext, MemoryChannelState
from testsupport.samples import sample_editions

APPID, SECRET = "wx0123456789abcdef", "s3cr3t-not-for-logs"


class FakePlatform:
    """Implements token, draft/add, freepublish/submit|get|delete and their error answers.

    ``fail_next[path] = [errcode, ...]`` makes the next calls of ``path`` answer those codes;
    ``review`` is the ``publish_status`` submissions end in (0 success, 4 review failed);
    ``pending_polls`` answers "publishing" (1) that many times first.
    """

    def __init__(self) -> None:
        self.tokens: list[str] = []
        self.valid: set[str] = set()
        self.calls: list[tuple[str, Any]] = []
        self.drafts: dict[str, dict[str, Any]] = {}
        self.publishes: dict[str, str] = {}
        self.articles: dict[str, str] = {}
        self.deleted: list[str] = []
        self.fail_next: dict[str, list[int]] = {}
        self.review = 0
        self.pending_polls = 0
        self.expire_after_draft = False
        self.hold_submit: tuple[threading.Event, threading.Event] | None = None

    def expire_tokens(self) -> None:
        self.valid.clear()

    def __call__(self, request: Request) -> Response:
        path = request.path.removeprefix("/cgi-bin/")
        if path == "token":
            args = request.args
            if (args.get("appid"), args.get("secret")) != (APPID, SECRET):
                return self._json({"errcode": 40125, "errmsg": "invalid appsecret"})
            token = f"TOKEN{len(self.tokens)}"
            self.tokens.append(token)
            self.valid.add(token)
            return self._json({"access_token": token, "expires_in": 7200})
        if request.args.get("access_token") not in self.valid:
            return self._json({"errcode": 42001, "errmsg": "access_token expired"})
        body = json.loads(request.get_data().decode("utf-8"))
        self.calls.append((path, body))
        if path == "freepublish/submit" and self.hold_submit is not None:
            reached, release = self.hold_submit
            self.hold_submit = None
            reached.set()
            release.wait(30)  # the client is killed meanwhile: this call never took effect
            return self._json({"errcode": -1, "errmsg": "client gone"})
        queued = self.fail_next.get(path)
        if queued:
            return self._json({"errcode": queued.pop(0), "errmsg": "simulated"})
        return self._json(self._answer(path, body))

    def _answer(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if path == "draft/add":
            media_id = f"MEDIA{len(self.drafts)}"
            self.drafts[media_id] = body["articles"][0]
            if self.expire_after_draft:  # the token runs out in the middle of a publish
                self.valid.clear()
            return {"media_id": media_id}
        if path == "freepublish/submit":
            if body["media_id"] not in self.drafts:
                return {"errcode": 40007, "errmsg": "invalid media_id"}
            publish_id = f"{len(self.publishes) + 100}"
            self.publishes[publish_id] = body["media_id"]
            return {"errcode": 0, "errmsg": "ok", "publish_id": publish_id}
        if path == "freepublish/get":
            if self.pending_polls:
                self.pending_polls -= 1
                return {"publish_id": body["publish_id"], "publish_status": 1}
            if self.review:
                return {
                    "publish_id": body["publish_id"],
                    "publish_status": self.review,
                    "fail_idx": [1],
                }
            article_id = f"ART{body['publish_id']}"
            self.articles[article_id] = self.publishes[body["publish_id"]]
            return {
                "publish_id": body["publish_id"],
                "publish_status": 0,
                "article_id": article_id,
                "article_detail": {
                    "count": 1,
                    "item": [{"idx": 1, "article_url": f"https://mp.weixin.qq.com/s/{article_id}"}],
                },
            }
        if path == "freepublish/delete":
            if body["article_id"] not in self.articles:
                return {"errcode": 53600, "errmsg": "invalid article_id"}
            self.deleted.append(body["article_id"])
            return {"errcode": 0, "errmsg": "ok"}
        return {"errcode": 40001, "errmsg": "unknown api"}

    @staticmethod
    def _json(data: dict[str, Any]) -> Response:
        return Response(json.dumps(data, ensure_ascii=False), content_type="application/json")

    def submitted(self) -> int:
        return sum(1 for path, _ in self.calls if path == "freepublish/submit")


@pytest.fixture
def platform(httpserver: HTTPServer) -> FakePlatform:
    fake = FakePlatform()
    httpserver.expect_request("/cgi-bin/token").respond_with_handler(fake)
    for api in ("draft/add", "freepublish/submit", "freepublish/get", "freepublish/delete"):
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
            "thumb_media_id": "THUMB",
            "poll_seconds": 0,
        }
        return WechatChannel(WechatSettings(**{**base, **settings}), context)

    return make
