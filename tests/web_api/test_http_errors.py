"""Problem details (RFC 9457) with Chinese title/detail, field and rule; 404/409/413/422/429;
idempotent POSTs; CORS off unless configured; the access log keeps no personal data."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import requests

from gov_disclosure.http.app_factory import create_app
from gov_disclosure.http.errors import problem_for
from testsupport.applications import RESIDENT_ID, application_form
from testsupport.http_office import DRAFT, Office, office_app
from testsupport.http_server import running


def _problem(r: requests.Response, status: int, code: str) -> dict[str, object]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"] == f"urn:gov-disclosure:problem:{code}"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["title"] + body["detail"])
    assert "Traceback" not in r.text
    return body


def test_not_found_conflict_and_validation(office: Office) -> None:
    clerk = office.session("clerk")
    body = _problem(clerk.get(f"{office.url}/items/99999"), 404, "not-found")
    assert body["detail"] == "未找到公开事项：99999"
    key = clerk.post(f"{office.url}/items", json={"draft": DRAFT}).json()["item"]["index_no"]
    conflict = _problem(
        office.session("chief").post(f"{office.url}/items/{key}/approve"), 409, "state-conflict"
    )
    assert conflict["rule"] == "state:draft"
    bad = dict(DRAFT, written_on="2026-02-30")
    invalid = _problem(clerk.post(f"{office.url}/items", json={"draft": bad}), 422, "invalid-input")
    assert invalid["field"] == "draft.written_on"
    assert invalid["rule"].startswith("date")
    cursor = _problem(
        clerk.get(f"{office.url}/items", params={"cursor": "forged"}), 422, "invalid-input"
    )
    assert (cursor["field"], cursor["rule"]) == (
        "cursor",
        "a next_cursor value from a previous page of the same query",
    )
    limit = _problem(clerk.get(f"{office.url}/items?limit=0"), 422, "invalid-input")
    assert limit["field"] == "query.limit"  # as FastAPI names a query parameter
    assert _problem(clerk.get(f"{office.url}/nowhere"), 404, "not-found")["title"] == "资源不存在"


def test_an_unexpected_error_says_nothing_about_the_code() -> None:
    problem, _ = problem_for(RuntimeError("password=secret in /srv/app.py line 3"))
    assert problem.status == 500
    assert "secret" not in problem.detail and "app.py" not in problem.detail


def test_cursor_pagination_walks_the_catalogue_once(office: Office) -> None:
    clerk = office.session("clerk")
    for i in range(5):
        clerk.post(f"{office.url}/items", json={"draft": dict(DRAFT, title=f"通知{i}")})
    seen, cursor = [], None
    while True:
        page = clerk.get(f"{office.url}/items", params={"limit": 2, "cursor": cursor}).json()
        seen += [row["title"] for row in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
        if len(seen) == 2:  # newer items arrive between the pages: no row skipped or repeated
            for i in range(2):
                clerk.post(f"{office.url}/items", json={"draft": dict(DRAFT, title=f"新通知{i}")})
            other = clerk.get(f"{office.url}/items", params={"cursor": cursor, "topic": "综合政务"})
            assert _problem(other, 422, "invalid-input")["field"] == "cursor"  # another query
    assert seen == [f"通知{i}" for i in reversed(range(5))]  # newest first, each once


def test_a_retried_post_with_the_same_key_registers_once(office: Office) -> None:
    clerk = office.session("clerk")
    headers = {"Idempotency-Key": "oa-2026-000123"}
    first = clerk.post(f"{office.url}/applications", json=application_form(), headers=headers)
    again = clerk.post(f"{office.url}/applications", json=application_form(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert len(office.app.applications.list(open_only=False)) == 1
    other = application_form(description="另一项信息")
    reused = clerk.post(f"{office.url}/applications", json=other, headers=headers)
    assert _problem(reused, 422, "idempotency-key-reused")["field"] == "Idempotency-Key"
    fresh = clerk.post(f"{office.url}/applications", json=other, headers={"Idempotency-Key": "k2"})
    assert fresh.status_code == 201
    assert len(office.app.applications.list(open_only=False)) == 2


def test_a_failed_post_frees_its_key_for_the_corrected_retry(office: Office) -> None:
    clerk = office.session("clerk")
    headers = {"Idempotency-Key": "draft-7"}
    bad = clerk.post(f"{office.url}/items", json={"draft": dict(DRAFT, title="")}, headers=headers)
    assert bad.status_code == 422
    good = clerk.post(f"{office.url}/items", json={"draft": DRAFT}, headers=headers)
    assert good.status_code == 201


@pytest.fixture
def strict(tmp_path: Path, office: Office):  # type: ignore[no-untyped-def]
    """A second office with small limits and CORS for one origin."""
    limits = {
        "max_body_bytes": 2048,
        "rate_limit_per_minute": 3,
        "cors_origins": ["https://oa.example.gov.cn"],
    }
    app = office_app(tmp_path / "strict", office.clock, limits)
    from gov_disclosure.http.tokens import TokenRepository

    secret = TokenRepository(app).create("clerk", "admin", None).secret
    with running(create_app(app)) as url:
        yield url, {"Authorization": f"Bearer {secret}"}


def test_size_cap_rate_limit_and_cors(office: Office, strict) -> None:  # type: ignore[no-untyped-def]
    url, auth = strict
    big = {"draft": dict(DRAFT, body="字" * 2000)}
    _problem(requests.post(f"{url}/items", json=big, headers=auth), 413, "too-large")
    codes = [requests.get(f"{url}/due", headers=auth).status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200]
    _problem(limited := requests.get(f"{url}/due", headers=auth), 429, "rate-limited")
    assert int(limited.headers["Retry-After"]) >= 1
    preflight = {"Origin": "https://oa.example.gov.cn", "Access-Control-Request-Method": "GET"}
    assert (
        requests.options(f"{url}/items", headers=preflight).headers["access-control-allow-origin"]
        == "https://oa.example.gov.cn"
    )
    assert (
        "access-control-allow-origin"
        not in requests.options(f"{office.url}/items", headers=preflight).headers
    )


def test_the_access_log_keeps_no_personal_data(
    office: Office, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="gov_disclosure.http.access")
    clerk = office.session("clerk")
    number = clerk.post(f"{office.url}/applications", json=application_form()).json()["number"]
    clerk.get(f"{office.url}/applications/{number}", params={"note": "张三"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name.endswith("access")]
    assert {"method": "GET", "route": "/applications/{key}", "status": 200}.items() <= lines[
        -1
    ].items()
    assert lines[-1]["token"] == 2
    text = " ".join(r.getMessage() for r in caplog.records)
    for private in ("张三", RESIDENT_ID, "13812345678", number, "clerk", "127.0.0.1"):
        assert private not in text


def test_a_copy_waits_for_the_running_request_and_a_dead_claim_expires(office: Office) -> None:
    from datetime import timedelta

    from gov_disclosure.http.idempotency import IdempotencyStore, request_fingerprint

    body = json.dumps({"draft": DRAFT}).encode()
    store = IdempotencyStore(office.app)
    assert store.claim("clerk", "k-running", request_fingerprint("/items", b"", body)) is None
    clerk = office.session("clerk")
    headers = {"Idempotency-Key": "k-running", "Content-Type": "application/json"}
    copy = clerk.post(f"{office.url}/items", data=body, headers=headers)
    _problem(copy, 409, "idempotency-in-progress")
    office.clock.at += timedelta(minutes=11)  # the first request never answered: a dead claim
    retried = clerk.post(f"{office.url}/items", data=body, headers=headers)
    assert retried.status_code == 201, retried.text


def test_an_administrator_revokes_a_token_over_http(office: Office) -> None:
    clerk = office.session("clerk")
    assert clerk.get(f"{office.url}/due").status_code == 200
    listed = office.session("admin").get(f"{office.url}/tokens").json()
    clerks = next(t["id"] for t in listed if t["actor"] == "clerk")
    revoked = office.session("admin").post(f"{office.url}/tokens/{clerks}/revoke")
    assert revoked.json()["state"] == "revoked"
    assert _problem(clerk.get(f"{office.url}/due"), 401, "token-revoked")["title"] == "未认证"
