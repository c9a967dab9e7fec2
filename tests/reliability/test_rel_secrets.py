"""Gateway keys and tokens: read from the environment or from a file only its owner can read
(a group- or world-readable file is refused), and never written anywhere: a publish with
distinctive secrets and logging at DEBUG, then every output file, the log, the database file,
its dump (``iterdump``) and the audit log are searched for them."""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import rel_kit
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from gov_disclosure import audit
from gov_disclosure.errors import ConfigError

SECRETS = {
    "sms_token": "SMSTOKEN-7f3a9c1e-LEAKCHECK",
    "aliyun_secret": "ALIYUNSECRET-51d0e8b2-LEAKCHECK",
    "cms_token": "CMSTOKEN-c0ffee42-LEAKCHECK",
    "smtp_password": "SMTPPASS-9b8a7c6d-LEAKCHECK",
}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _gateway(request: Request) -> Response:
    body = request.get_json(silent=True) or {}
    results = [
        {"ref": m.get("ref"), "to": m.get("to"), "status": "accepted", "id": f"m{n}"}
        for n, m in enumerate(body.get("messages", []))
    ]
    return Response(json.dumps({"results": results}), content_type="application/json")


def _aliyun(request: Request) -> Response:
    return Response(
        json.dumps({"Code": "OK", "Message": "OK", "BizId": "900", "RequestId": "r"}),
        content_type="application/json",
    )


def _sms_config(transport: str, httpserver: HTTPServer, tmp_path: Path) -> str:
    if transport == "http_json":
        httpserver.expect_request("/sms", method="POST").respond_with_handler(_gateway)
        return (
            f'[channels.sms]\nquiet_hours = ""\ntransport = "http_json"\n'
            f'[channels.sms.http]\nurl = "{httpserver.url_for("/sms")}"\n'
            'token_env = "GD_REL_SMS_TOKEN"\n'
        )
    secret = tmp_path / "aliyun-secret"
    secret.write_text(SECRETS["aliyun_secret"] + "\n", encoding="utf-8")
    secret.chmod(0o600)
    httpserver.expect_request("/", method="POST").respond_with_handler(_aliyun)
    return (
        f'[channels.sms]\nquiet_hours = ""\ntransport = "aliyun"\n'
        f'[channels.sms.aliyun]\nendpoint = "{httpserver.url_for("/")}"\n'
        f'access_key_id = "LTAI-test-id"\nsecret_env = ""\nsecret_file = "{secret}"\n'
        'template_codes = {"其他" = "SMS_0001"}\n'
    )


def _files_holding(root: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path}: {n.decode()}" for n in needles if n in data]
    return found


@pytest.mark.parametrize("transport", ["http_json", "aliyun"])
def test_secrets_never_reach_outputs_logs_database_or_audit(
    transport: str, tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GD_REL_SMS_TOKEN", SECRETS["sms_token"])
    monkeypatch.setenv("GD_REL_SMTP_PASSWORD", SECRETS["smtp_password"])
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
    cms_token = tmp_path / "cms-token"
    cms_token.write_text(SECRETS["cms_token"] + "\n", encoding="utf-8")
    cms_token.chmod(0o600)
    httpserver.expect_request(re.compile(r"/api/items/.*")).respond_with_json({"id": 1})
    extra = _sms_config(transport, httpserver, tmp_path) + (
        f'[channels.website.remote]\nendpoint = "{httpserver.url_for("/api")}"\n'
        f'token_file = "{cms_token}"\nretries = 0\n'
        f'[channels.email]\nhost = "127.0.0.1"\nport = {_closed_port()}\nusername = "xxgk"\n'
        'password_env = "GD_REL_SMTP_PASSWORD"\nrecipients = ["xxgk@example.gov.cn"]\n'
        "timeout_seconds = 2\n"
    )
    office = rel_kit.make_office(tmp_path / "office", extra=extra)
    log_file = tmp_path / "office" / "debug.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        app = office.app()
        rel_kit.seed_approved(app, 12)
        result: dict[str, Any] = app.run()
        app.run()  # the retries of what failed (the SMTP server is not there)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()
    assert result["delivered"] >= 12 * 2, result  # website (with the remote push) and kiosk
    assert any(r[0].path.startswith("/api/items/") for r in httpserver.log)
    assert log_file.stat().st_size > 0
    needles = [v.encode() for v in SECRETS.values()]
    leaks = _files_holding(tmp_path / "office", needles)
    with sqlite3.connect(tmp_path / "office" / "gd.db") as conn:
        dump = "\n".join(conn.iterdump())
    leaks += [f"database dump: {n.decode()}" for n in needles if n.decode() in dump]
    with app.store.engine.connect() as conn:
        entries = json.dumps(
            [e.payload for e in audit.entries(conn, limit=10**6)], ensure_ascii=False
        )
    leaks += [f"audit log: {n.decode()}" for n in needles if n.decode() in entries]
    sent = [r[0].headers.get("Authorization", "") for r in httpserver.log]
    rel_kit.record(
        "secrets (grep of outputs, log, database, audit)",
        runs=1,
        faults=len(SECRETS),
        lost=0,
        note=f"{transport}: {sum(1 for _ in (tmp_path / 'office').rglob('*'))} "
        f"files searched, leaks {len(leaks)}",
    )
    assert leaks == [], leaks
    if transport == "http_json":  # the token was really used, so the search means something
        assert f"Bearer {SECRETS['sms_token']}" in sent
    else:  # the Alibaba Cloud secret signed real requests
        assert any(b"Signature=" in r[0].get_data() for r in httpserver.log if r[0].path == "/")


def test_secret_files_readable_by_others_are_refused(tmp_path: Path) -> None:
    """SMS gateway token, Alibaba Cloud secret and the website's CMS token from a file: mode
    0644 / 0640 refused with a ConfigError that does not echo the secret; 0600 accepted."""
    from gov_disclosure_sms.transports import (
        AliyunSettings,
        AliyunTransport,
        HttpJsonSettings,
        HttpJsonTransport,
    )
    from gov_disclosure_website.remote import RemoteTransport
    from gov_disclosure_website.settings import RemoteSettings

    secret = tmp_path / "secret"
    secret.write_text("FILESECRET-LEAKCHECK\n", encoding="utf-8")
    builders = {
        "sms http token": lambda: HttpJsonTransport(
            HttpJsonSettings(url="http://127.0.0.1:9/sms", token_file=secret)
        ),
        "aliyun secret": lambda: AliyunTransport(
            AliyunSettings(access_key_id="id", secret_env=None, secret_file=secret)
        ),
        "website cms token": lambda: RemoteTransport(
            RemoteSettings(endpoint="http://127.0.0.1:9/api", token_file=secret)
        ),
    }
    for mode in (0o644, 0o640, 0o604):
        secret.chmod(mode)
        for name, build in builders.items():
            with pytest.raises(ConfigError) as info:
                build()
            assert "FILESECRET" not in str(info.value), name
            rel_kit.record("secrets (file permissions)", runs=1, faults=1)
    secret.chmod(0o600)
    for build in builders.values():
        transport = build()
        transport.close()
    assert os.stat(secret).st_mode & 0o077 == 0
