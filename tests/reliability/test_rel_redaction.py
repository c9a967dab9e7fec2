"""Secrets in error text and files borrowed by hash: an SMS gateway whose error answer echoes
the Authorization header (the token must not be stored in the database nor logged), a kiosk
source URL with a password (never echoed in an error line), and an import that attaches
another body's file by its SHA-256 (refused; its own files are accepted)."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest
import rel_kit
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from gov_disclosure.errors import ChannelError, InvalidInputError
from gov_disclosure.items import records
from gov_disclosure.items.importer import import_file
from gov_disclosure.models import Level, Organization
from gov_disclosure.redact import scrub
from testsupport.core import draft

TOKEN = "SMSTOKEN-echoed-5f1e2d3c"
PASSWORD = "KioskPass-77aa"


def _echo_gateway(request: Request) -> Response:
    """A gateway that rejects every number with an error text echoing the request's
    Authorization header (as some debug-mode gateways do)."""
    auth = request.headers.get("Authorization", "")
    body = request.get_json(silent=True) or {}
    results = [
        {"ref": m.get("ref"), "status": "rejected", "error": f"unauthorized; Authorization: {auth}"}
        for m in body.get("messages", [])
    ]
    return Response(json.dumps({"results": results}), content_type="application/json")


def test_gateway_error_echoing_the_token_is_not_stored(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GD_REL_SMS_TOKEN", TOKEN)
    httpserver.expect_request("/sms", method="POST").respond_with_handler(_echo_gateway)
    extra = (
        f'[channels.sms]\nquiet_hours = ""\ntransport = "http_json"\n'
        f'[channels.sms.http]\nurl = "{httpserver.url_for("/sms")}"\n'
        'token_env = "GD_REL_SMS_TOKEN"\n'
    )
    office = rel_kit.make_office(tmp_path / "office", extra=extra)
    app = office.app()
    rel_kit.seed_approved(app, 3)
    with caplog.at_level(logging.DEBUG):
        result = app.run()
    app.store.dispose()
    sent = [r[0].headers.get("Authorization", "") for r in httpserver.log]
    assert f"Bearer {TOKEN}" in sent  # the gateway did get it, and echoed it back
    with sqlite3.connect(tmp_path / "office" / "gd.db") as conn:
        dump = "\n".join(conn.iterdump())
    places = {
        "database": dump,
        "run result": json.dumps(result, ensure_ascii=False),
        "log": caplog.text,
    }
    leaks = [name for name, text in places.items() if TOKEN in text]
    rel_kit.record(
        "secrets echoed in gateway errors, URL passwords in messages",
        runs=1,
        faults=1,
        lost=len(leaks),
        note=f"gateway echo; leaks in {leaks}",
    )
    assert "unauthorized" in dump  # the error itself was kept
    assert leaks == []


def test_kiosk_source_password_is_never_echoed(tmp_path: Path) -> None:
    from gov_disclosure_kiosk.cli import kiosk

    url = f"http://reader:{PASSWORD}@127.0.0.1:9/kiosk"  # nothing listens on port 9
    (tmp_path / "kiosk").mkdir()
    result = CliRunner().invoke(kiosk, ["pull", url, str(tmp_path / "kiosk"), "--timeout", "2"])
    text = result.output + str(result.exception or "")
    rel_kit.record(
        "secrets echoed in gateway errors, URL passwords in messages",
        runs=1,
        faults=1,
        lost=int(PASSWORD in text),
        note="kiosk pull URL",
    )
    assert result.exit_code != 0
    assert "127.0.0.1" in text and PASSWORD not in text
    err = ChannelError("website", f"POST https://cms:{PASSWORD}@cms.example/api failed")
    assert PASSWORD not in str(err)
    assert scrub("Authorization: Basic cmVhZGVyOnB3") == "Authorization: Basic ***"


def test_an_import_cannot_borrow_another_bodys_file(any_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = any_app
    secret = tmp_path / "村民名单.txt"
    secret.write_text("张三 11010519491231002X\n", encoding="utf-8")
    attachment = app.blobs.put(secret)
    app.create_item(draft(title="内部名单", attachments=[attachment]), "clerk")  # body 1
    with app.store.transaction() as conn:  # a second body in the same database
        other = records.add_organization(
            conn,
            Organization(
                name="示例村民委员会", credit_code="54320000MEA0000004", level=Level.VILLAGE
            ),
        )
    row = {
        "title": "借用附件的通知",
        "publisher": "示例村民委员会",
        "written_on": "2026-03-02",
        "topic": "综合政务",
        "column": "通知公告",
        "responsible_unit": "村委会",
        "attachments": [attachment.model_dump()],
    }
    path = tmp_path / "rows.json"
    path.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    with (
        pytest.raises(InvalidInputError, match=r"attachments\.sha256"),
        app.store.transaction() as conn,
    ):
        import_file(conn, path, other.id, "clerk")
    with app.store.transaction() as conn:  # its own body may
        assert import_file(conn, path, 1, "clerk").written == 1
    rel_kit.record("imports referencing another body's stored file", runs=2, faults=1, lost=0)
