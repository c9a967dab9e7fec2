"""Pushing to a remote CMS over HTTP, against a real server on localhost."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from gov_disclosure import ChannelError, ConfigError


def remote(httpserver: HTTPServer, **extra: object) -> dict:
    return {
        "endpoint": httpserver.url_for("/api"),
        "token_env": "GD_TEST_CMS_TOKEN",
        "backoff": 0.01,
        **extra,
    }


@pytest.fixture(autouse=True)
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GD_TEST_CMS_TOKEN", "s3cret")


def test_publish_puts_the_item_with_the_token(httpserver: HTTPServer, make_channel, editions):
    e = editions[0]
    httpserver.expect_oneshot_request(
        f"/api/items/{e.slug}",
        method="PUT",
        headers={"Authorization": "Bearer s3cret"},
    ).respond_with_json({"id": "cms-42"})
    ch = make_channel(remote=remote(httpserver))
    receipt = ch.publish(e)
    httpserver.check_assertions()
    body = json.loads(httpserver.log[0][0].get_data())
    assert body["index_no"] == e.index_no and body["title"] == e.title
    assert body["url"] == receipt.location and "<h1>" in body["html"]
    assert httpserver.log[0][0].headers["Idempotency-Key"] == f"{e.index_no}:1:publish"
    assert receipt.details["remote"] == {"status": 200, "id": "cms-42"}
    assert (ch.out_dir / f"items/{e.slug}.html").exists()


def test_withdraw_deletes_with_the_reason(httpserver: HTTPServer, make_channel, editions):
    e = editions[3]
    httpserver.expect_oneshot_request(f"/api/items/{e.slug}", method="DELETE").respond_with_data(
        "", status=204
    )
    make_channel(remote=remote(httpserver), local=False).withdraw(e, "信息有误", None)
    assert json.loads(httpserver.log[0][0].get_data())["reason"] == "信息有误"


def test_5xx_is_retried_then_succeeds(httpserver: HTTPServer, make_channel, editions):
    e = editions[0]
    path = f"/api/items/{e.slug}"
    httpserver.expect_ordered_request(path, method="PUT").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request(path, method="PUT").respond_with_data("oops", status=500)
    httpserver.expect_ordered_request(path, method="PUT").respond_with_json({"id": "x"})
    receipt = make_channel(remote=remote(httpserver), local=False).publish(e)
    assert len(httpserver.log) == 3
    assert receipt.details["remote"]["status"] == 200


def test_5xx_every_time_gives_a_retryable_error(httpserver: HTTPServer, make_channel, editions):
    httpserver.expect_request(f"/api/items/{editions[0].slug}").respond_with_data("", status=502)
    ch = make_channel(remote=remote(httpserver, retries=2), local=False)
    with pytest.raises(ChannelError, match="HTTP 502") as info:
        ch.publish(editions[0])
    assert info.value.retryable is True
    assert len(httpserver.log) == 3  # first try + 2 retries


@pytest.mark.parametrize(("status", "retryable"), [(400, False), (401, False), (429, True)])
def test_4xx_is_not_retried(httpserver: HTTPServer, make_channel, editions, status, retryable):
    httpserver.expect_request(f"/api/items/{editions[0].slug}").respond_with_data(
        "bad", status=status
    )
    ch = make_channel(remote=remote(httpserver), local=False)
    with pytest.raises(ChannelError, match=f"HTTP {status}") as info:
        ch.publish(editions[0])
    assert info.value.retryable is retryable
    assert len(httpserver.log) == 1


def test_timeout_is_retried_and_then_reported(httpserver: HTTPServer, make_channel, editions):
    def slow(request: Request) -> Response:
        time.sleep(0.6)
        return Response("late", status=200)

    httpserver.expect_request(f"/api/items/{editions[0].slug}").respond_with_handler(slow)
    ch = make_channel(remote=remote(httpserver, retries=1, read_timeout=0.2), local=False)
    with pytest.raises(ChannelError, match=r"Timeout|ConnectionError") as info:
        ch.publish(editions[0])
    assert info.value.retryable is True
    deadline = time.monotonic() + 3
    while len(httpserver.log) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(httpserver.log) == 2  # the first try and one retry both reached the server


def test_token_from_a_file(httpserver: HTTPServer, make_channel, editions, tmp_path: Path):
    token = tmp_path / "token"
    token.write_text("file-token\n", encoding="utf-8")
    token.chmod(0o600)  # a secret file only its owner can read (group/others refused)
    httpserver.expect_request(
        f"/api/items/{editions[0].slug}", headers={"X-Api-Key": "file-token"}
    ).respond_with_json({})
    settings = remote(
        httpserver, token_env=None, token_file=token, token_header="X-Api-Key", token_prefix=""
    )
    make_channel(remote=settings, local=False).publish(editions[0])
    assert httpserver.log[0][1].status_code == 200


def test_missing_token_is_a_config_error(make_channel, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GD_TEST_CMS_TOKEN")
    with pytest.raises(ConfigError) as info:
        make_channel(
            remote={"endpoint": "http://127.0.0.1:9/api", "token_env": "GD_TEST_CMS_TOKEN"}
        )
    assert info.value.key == "channels.website.remote.token_env"
