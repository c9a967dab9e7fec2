"""``gov-disclosure token create|list|revoke``: by an administrator, secret shown once."""

from __future__ import annotations

from pathlib import Path

from gov_disclosure.cli.main import _mount, cli
from gov_disclosure.http.tokens import TokenRefusedError, TokenRepository, digest
from testsupport.cli import office_cli

CONFIG = """
[organization]
name = "示例镇人民政府"
credit_code = "11320000MB1234562M"

[[actors]]
id = "admin"
name = "周管理"
unit = "党政综合办公室"
roles = ["管理员"]

[[actors]]
id = "wang"
name = "王晓丽"
unit = "党政综合办公室"
roles = ["经办人"]
"""


def test_create_list_revoke(tmp_path: Path) -> None:
    _mount()
    invoke = office_cli(cli, tmp_path, CONFIG)
    out = invoke("token", "create", "--actor", "wang", "--by", "admin", "--expires", "30d").output
    secret = out.strip().splitlines()[-1]
    assert secret.startswith("gdt_") and len(secret) > 40
    listed = invoke("token", "list").output
    assert "wang" in listed and "active" in listed and secret not in listed
    db = b"".join(f.read_bytes() for f in tmp_path.glob("office.db*"))  # with the WAL
    assert secret.encode() not in db and digest(secret).encode() in db
    invoke("token", "revoke", "1", "--by", "admin")
    assert "revoked" in invoke("token", "list").output

    from gov_disclosure import App

    app = App(f"sqlite:///{tmp_path / 'office.db'}")
    try:
        TokenRepository(app).authenticate(secret)
        raise AssertionError("a revoked token was accepted")
    except TokenRefusedError as exc:
        assert exc.reason == "revoked"


def test_only_an_administrator_issues_tokens(tmp_path: Path) -> None:
    _mount()
    invoke = office_cli(cli, tmp_path, CONFIG)
    refused = invoke("token", "create", "--actor", "wang", "--by", "wang", ok=False)
    assert refused.exit_code == 2 and "管理员" in refused.output
    bad = invoke(
        "token", "create", "--actor", "wang", "--by", "admin", "--expires", "soon", ok=False
    )
    assert bad.exit_code == 2 and "令牌有效期" in bad.output and "90d" in bad.output
    from gov_disclosure import App

    assert TokenRepository(App(f"sqlite:///{tmp_path / 'office.db'}")).list() == []
