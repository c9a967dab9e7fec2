"""Pushing to a remote CMS over HTTP, against a real server on localhost."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from gov_disclosure import ChannelError, ConfigError
from gov_disclosure.channels import AttachmentView, PublishedEdition


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
    assert receipt.details["remote"] == {
        "status": 200,
        "id": "cms-42",
        "files": {"uploaded": 0, "present": 0},
    }
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


# -- attachment files ---------------------------------------------------------------------------
class FakeCMS:
    """A CMS's content-addressed file store (HEAD/PUT ``/api/files/{sha256}``) and its items."""

    def __init__(self, server: HTTPServer, put_statuses: tuple[int, ...] = ()) -> None:
        self.server = server
        self.files: dict[str, bytes] = {}
        self.put_statuses = list(put_statuses)  # answered in turn to the first file PUTs
        self.answer_url: str | None = None  # a `url` to send back in the PUT's JSON
        server.expect_request(re.compile(r"^/api/files/")).respond_with_handler(self.handle)
        server.expect_request(re.compile(r"^/api/items/"), method="PUT").respond_with_json({})

    def handle(self, request: Request) -> Response:
        sha256 = request.path.rsplit("/", 1)[1]
        if request.method == "HEAD":
            return Response(status=200 if sha256 in self.files else 404)
        if self.put_statuses:
            return Response("busy", status=self.put_statuses.pop(0))
        self.files[sha256] = request.get_data()
        if self.answer_url:
            return Response(json.dumps({"url": self.answer_url}), 201, mimetype="application/json")
        return Response(status=201)

    def seen(self, method: str, prefix: str = "/api/") -> list[Request]:
        return [r for r, _ in self.server.log if r.method == method and r.path.startswith(prefix)]

    def item(self) -> dict:
        (put,) = self.seen("PUT", "/api/items/")
        return json.loads(put.get_data())


def attach(tmp_path: Path, name: str, data: bytes, **wrong: object) -> AttachmentView:
    """A stored file and its description; ``wrong`` overrides what the description says."""
    path = tmp_path / "store" / hashlib.sha256(data).hexdigest()
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    fields = {"name": name, "media_type": "application/pdf", "size": len(data), "path": path}
    fields["sha256"] = hashlib.sha256(data).hexdigest()
    return AttachmentView(**{**fields, **wrong})


def with_files(edition: PublishedEdition, *files: AttachmentView) -> PublishedEdition:
    return edition.model_copy(update={"attachments": files})


def test_publish_uploads_each_file_once_then_the_item_with_urls(
    httpserver: HTTPServer, make_channel, editions, tmp_path: Path
):
    cms = FakeCMS(httpserver)
    pdf = attach(tmp_path, "预算.pdf", b"%PDF-1.7 budget")
    xls = attach(tmp_path, "附表.xlsx", b"PK\x03\x04 table", media_type="application/vnd.ms-excel")
    e = with_files(editions[0], pdf, xls, pdf)  # the same file twice goes up once
    receipt = make_channel(remote=remote(httpserver), local=False).publish(e)
    assert cms.files == {pdf.sha256: b"%PDF-1.7 budget", xls.sha256: b"PK\x03\x04 table"}
    puts = cms.seen("PUT")
    files_first = [f"/api/files/{pdf.sha256}", f"/api/files/{xls.sha256}", f"/api/items/{e.slug}"]
    assert [r.path for r in puts] == files_first
    put = puts[1]
    assert put.headers["Content-Type"] == "application/vnd.ms-excel"
    assert put.headers["Content-Length"] == str(xls.size)
    assert put.headers["X-Content-SHA256"] == xls.sha256
    assert put.headers["Idempotency-Key"] == f"file:{xls.sha256}"
    endpoint = httpserver.url_for("/api")
    urls = [a["url"] for a in cms.item()["attachments"]]
    assert urls == [f"{endpoint}/files/{s}" for s in (pdf.sha256, xls.sha256, pdf.sha256)]
    assert receipt.details["remote"]["files"] == {"uploaded": 2, "present": 0}


def test_an_update_with_the_same_file_only_asks_for_it(
    httpserver: HTTPServer, make_channel, editions
):
    cms = FakeCMS(httpserver)
    e = editions[6]  # the sample with a real attachment
    ch = make_channel(remote=remote(httpserver))
    ch.publish(e)
    httpserver.clear_log()
    receipt = ch.update(
        e.model_copy(update={"edition": 2, "title": "示例镇2026年部门预算（更正）"}), None
    )
    assert [r.method for r in cms.seen("HEAD")] == ["HEAD"]
    assert [r.path for r in cms.seen("PUT")] == [f"/api/items/{e.slug}"]
    assert receipt.details["remote"]["files"] == {"uploaded": 0, "present": 1}


def test_the_url_the_cms_answers_is_the_one_sent(
    httpserver: HTTPServer, make_channel, editions, tmp_path: Path
):
    cms = FakeCMS(httpserver)
    cms.answer_url = "/media/2026/budget.pdf"
    e = with_files(editions[0], attach(tmp_path, "预算.pdf", b"%PDF"))
    make_channel(remote=remote(httpserver), local=False).publish(e)
    assert cms.item()["attachments"][0]["url"] == httpserver.url_for("/media/2026/budget.pdf")


def test_a_503_on_a_file_put_resends_the_whole_file(
    httpserver: HTTPServer, make_channel, editions, tmp_path: Path
):
    cms = FakeCMS(httpserver, put_statuses=(503,))
    data = os.urandom(700_000)  # many blocks: a half-sent body would show
    e = with_files(editions[0], attach(tmp_path, "大文件.pdf", data))
    settings = remote(httpserver, read_timeout=2)  # a short body would fail, not hang
    receipt = make_channel(remote=settings, local=False).publish(e)
    tries = cms.seen("PUT", "/api/files/")
    assert [r.get_data() == data for r in tries] == [True, True]
    assert cms.files == {hashlib.sha256(data).hexdigest(): data}
    assert receipt.details["remote"]["files"] == {"uploaded": 1, "present": 0}


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        ({"sha256": "0" * 64}, f"sha256 is [0-9a-f]{{64}}, expected {'0' * 64}"),
        ({"size": 3}, "size is 11 bytes, expected 3"),
        ({"path": "gone.pdf"}, r"file \S+/gone\.pdf is missing"),
    ],
)
def test_a_bad_file_stops_the_item_before_any_put(
    httpserver: HTTPServer, make_channel, editions, tmp_path: Path, wrong, message
):
    cms = FakeCMS(httpserver)
    good = attach(tmp_path, "好.pdf", b"good")
    if "path" in wrong:
        wrong = {"path": tmp_path / wrong["path"]}
    bad = attach(tmp_path, "坏文件.pdf", b"11 bytes...", **wrong)
    e = with_files(editions[0], good, bad)
    ch = make_channel(remote=remote(httpserver), local=False)
    with pytest.raises(ChannelError, match=f"attachment '坏文件.pdf': {message}") as info:
        ch.publish(e)
    assert info.value.retryable is False
    assert cms.seen("PUT") == [] and len(cms.seen("HEAD")) == 2


@pytest.mark.parametrize(("status", "retryable"), [(400, False), (413, False), (429, True)])
def test_a_4xx_on_a_file_put_is_not_retried(
    httpserver: HTTPServer, make_channel, editions, tmp_path: Path, status, retryable
):
    cms = FakeCMS(httpserver, put_statuses=(status, 201))
    e = with_files(editions[0], attach(tmp_path, "预算.pdf", b"%PDF"))
    with pytest.raises(ChannelError, match=f"'预算.pdf': PUT .* HTTP {status}") as info:
        make_channel(remote=remote(httpserver), local=False).publish(e)
    assert info.value.retryable is retryable
    assert len(cms.seen("PUT")) == 1  # the file once, no item


def test_a_head_the_cms_does_not_understand_means_put(
    httpserver: HTTPServer, make_channel, editions, tmp_path: Path
):
    f = attach(tmp_path, "预算.pdf", b"%PDF")
    httpserver.expect_request(f"/api/files/{f.sha256}", method="HEAD").respond_with_data(
        "", status=405
    )
    cms = FakeCMS(httpserver)
    make_channel(remote=remote(httpserver), local=False).publish(with_files(editions[0], f))
    assert cms.files == {f.sha256: b"%PDF"}


def test_no_file_requests_when_uploads_are_off(httpserver: HTTPServer, make_channel, editions):
    cms = FakeCMS(httpserver)
    receipt = make_channel(remote=remote(httpserver, upload_attachments=False)).publish(editions[6])
    assert [r.path for r, _ in httpserver.log] == [f"/api/items/{editions[6].slug}"]
    assert cms.item()["attachments"][0].keys() == {"name", "sha256", "size", "media_type"}
    assert "files" not in receipt.details["remote"]


def test_file_requests_carry_the_token(
    httpserver: HTTPServer, make_channel, editions, tmp_path: Path
):
    cms = FakeCMS(httpserver)
    e = with_files(editions[0], attach(tmp_path, "预算.pdf", b"%PDF"))
    make_channel(remote=remote(httpserver, token_header="X-Api-Key"), local=False).publish(e)
    file_requests = cms.seen("HEAD", "/api/files/") + cms.seen("PUT", "/api/files/")
    assert [r.headers.get("X-Api-Key") for r in file_requests] == ["Bearer s3cret"] * 2


@pytest.mark.parametrize("name", ["2026年预算附表.txt", '关于"东村; 道路"的 公示%20.pdf'])
def test_a_chinese_file_name_arrives_intact(
    httpserver: HTTPServer, make_channel, editions, tmp_path: Path, name
):
    cms = FakeCMS(httpserver)
    make_channel(remote=remote(httpserver), local=False).publish(
        with_files(editions[0], attach(tmp_path, name, b"text"))
    )
    (put,) = cms.seen("PUT", "/api/files/")
    disposition = put.headers["Content-Disposition"]
    kind, _, value = disposition.partition("; filename*=UTF-8''")
    assert kind == "attachment" and value.isascii()
    assert unquote(value, encoding="utf-8", errors="strict") == name
