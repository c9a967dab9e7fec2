"""Every endpoint refuses a missing, malformed, unknown, expired and revoked token (401), and
every endpoint with a role rule refuses the wrong role (403, audit-logged)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from gov_disclosure.http.app_factory import create_app
from gov_disclosure.http.tokens import TokenRepository
from testsupport.applications import application_form
from testsupport.http_office import DRAFT, Office


def _operations(office: Office) -> list[tuple[str, str]]:
    doc = create_app(office.app).openapi()
    ops = []
    for path, methods in doc["paths"].items():
        filled = path.replace("{key}", "1").replace("{consultation}", "1")
        filled = filled.replace("{name}", "x.docx").replace("{token_id}", "1")
        filled = filled.replace("{year}", "2026")
        ops += [(method.upper(), filled) for method in methods]
    return ops


def _refused(response: requests.Response, reason: str) -> None:
    assert response.status_code == 401, (response.request.url, response.text)
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "未认证"
    assert problem["code"] == f"token-{reason}"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_every_endpoint_refuses_bad_tokens(office: Office) -> None:
    expired = office.issue("clerk", hours=1)
    revoked = office.issue("clerk")
    token_id = TokenRepository(office.app).list()[-1].id
    TokenRepository(office.app).revoke(token_id, "admin")
    office.clock.at += timedelta(hours=2)
    cases = {
        "missing": {},
        "malformed": {"Authorization": "Basic d2FuZzpzZWNyZXQ="},
        "unknown": {"Authorization": "Bearer gdt_not-a-token"},
        "expired": {"Authorization": f"Bearer {expired}"},
        "revoked": {"Authorization": f"Bearer {revoked}"},
    }
    ops = _operations(office)
    assert len(ops) >= 30
    for method, path in ops:
        for reason, headers in cases.items():
            _refused(requests.request(method, office.url + path, headers=headers), reason)


def _seed(office: Office) -> tuple[str, str]:
    clerk = office.session("clerk")
    item = clerk.post(f"{office.url}/items", json={"draft": DRAFT}).json()["item"]["index_no"]
    clerk.post(f"{office.url}/items/{item}/submit")
    number = clerk.post(f"{office.url}/applications", json=application_form()).json()["number"]
    return item, number


WRONG_ROLE = [
    # (who, method, path, body): a person whose roles do not allow it
    ("admin", "POST", "/items", {"draft": DRAFT}),  # an administrator drafts nothing
    ("admin", "POST", "/items/{item}/editions", {"draft": DRAFT}),
    ("deputy", "POST", "/items/{item}/approve", None),  # the 科室审核 stage comes first
    ("admin", "POST", "/items/{item}/submit", None),  # 送审 is for the people who draft
    ("clerk", "POST", "/items/{item}/reject", {"reason": "不通过"}),
    ("clerk", "POST", "/items/{item}/override", {"finding": 0, "reason": "已核实"}),
    ("admin", "POST", "/items/{item}/mask", None),  # a masked edition is a revision
    ("deputy", "POST", "/items/{item}/clear", {"finding": 0, "reason": "依法公示"}),
    ("clerk", "POST", "/items/{item}/clear", {"finding": 0, "reason": "依法公示"}),
    ("clerk", "POST", "/items/{item}/withdraw", {"reason": "有误"}),
    ("clerk", "POST", "/items/{item}/repeal", {"reason": "失效"}),
    ("mayor", "POST", "/applications", application_form()),
    ("mayor", "POST", "/applications/{number}/supplement", {"items": "身份证明"}),
    ("mayor", "POST", "/applications/{number}/supplement-received", {}),
    (
        "mayor",
        "POST",
        "/applications/{number}/consultations",
        {"party": "third_party", "name": "某公司"},
    ),
    ("mayor", "POST", "/applications/{number}/consultations/1/answer", {"opinion": "同意"}),
    ("clerk", "POST", "/applications/{number}/extension", {"days": 10, "reason": "需协调"}),
    ("clerk", "POST", "/applications/{number}/reply", {"type": "予以公开", "location": "网站"}),
    ("clerk", "GET", "/audit", None),
    ("clerk", "GET", "/audit/verify", None),
    ("clerk", "GET", "/tokens", None),
    ("clerk", "POST", "/tokens/1/revoke", None),
]


# every other operation has no role rule: any of the office's people may call it
NO_ROLE_RULE = {
    ("GET", "/items"),
    ("GET", "/items/{item}"),
    ("POST", "/items/{item}/screen"),
    ("GET", "/items/{item}/review"),
    ("GET", "/review/queue"),
    ("POST", "/run"),
    ("GET", "/deliveries"),
    ("GET", "/applications"),
    ("GET", "/applications/{number}"),
    ("GET", "/applications/{number}/deadline"),
    ("GET", "/applications/{number}/letters"),
    ("GET", "/applications/{number}/letters/{name}"),
    ("GET", "/due"),
    ("GET", "/calendar/add"),
    ("POST", "/reports/annual/{year}"),
}


def test_every_operation_is_either_role_checked_here_or_open_to_every_person(
    office: Office,
) -> None:
    doc = create_app(office.app).openapi()
    ops = set()
    for path, methods in doc["paths"].items():
        template = path.replace("/items/{key}", "/items/{item}")
        template = template.replace("/applications/{key}", "/applications/{number}")
        template = template.replace("{consultation}", "1").replace("{token_id}", "1")
        ops |= {(method.upper(), template) for method in methods}
    checked = {(method, path) for _who, method, path, _body in WRONG_ROLE}
    assert checked | NO_ROLE_RULE == ops, (ops - checked - NO_ROLE_RULE, checked - ops)
    assert not checked & NO_ROLE_RULE


def test_operations_without_a_role_rule_refuse_nobody(office: Office) -> None:
    item, number = _seed(office)
    params = {"start": "2026-03-05", "days": 3}
    for method, path in sorted(NO_ROLE_RULE):
        url = office.url + path.format(item=item, number=number, name="x.docx", year=2025)
        for who in ("admin", "deputy"):  # neither drafts nor handles applications
            r = office.session(who).request(method, url, params=params)
            assert r.status_code != 403, (who, method, path, r.text)


@pytest.mark.parametrize(("who", "method", "path", "body"), WRONG_ROLE)
def test_a_wrong_role_is_refused_and_logged(
    office: Office, who: str, method: str, path: str, body: object
) -> None:
    item, number = _seed(office)
    url = office.url + path.format(item=item, number=number)
    before = len(office.app.audit_entries(limit=1000))
    r = office.session(who).request(method, url, json=body)
    assert r.status_code == 403, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["title"] == "无权执行此操作"
    refused = [e for e in office.app.audit_entries(limit=1000) if e.action == "refused"]
    assert refused and refused[0].actor == who
    assert len(office.app.audit_entries(limit=1000)) == before + 1


def test_the_catalogue_is_closed_unless_the_body_opens_it(office: Office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from testsupport.http_office import office_app
    from testsupport.http_server import running

    assert requests.get(f"{office.url}/items").status_code == 401
    open_app = office_app(tmp_path / "open", office.clock, {"public_catalogue": True})
    with running(create_app(open_app)) as url:
        r = requests.get(f"{url}/items", params={"state": "draft"})
        assert r.status_code == 200
        assert r.json()["items"] == []
        assert requests.get(f"{url}/items/1").status_code == 401  # only the catalogue opens
