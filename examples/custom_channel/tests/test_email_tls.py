"""STARTTLS against a real TLS-capable SMTP server on localhost (aiosmtpd), with a test CA
(trustme): the upgrade happens before the login, the certificate is verified, and each way it
can go wrong is a clear, non-retryable ChannelError that never sends the password in clear."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from email_testlib import RECIPIENTS, Server, make_context, make_edition, running_server
from gov_disclosure.errors import ChannelError

from gov_disclosure_email import EmailChannel, EmailSettings

PASSWORD = "s3cret-pw"


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA(organization_name="示例镇 internal CA")


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[Server]:
    """An SMTP server that offers STARTTLS with a certificate for 127.0.0.1 from ``ca`` and
    refuses AUTH and mail before the upgrade."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    with running_server(
        tls_context=context, require_starttls=True, auth_require_tls=True
    ) as server:
        yield server


def _channel(tmp_path: Path, port: int, **settings: Any) -> EmailChannel:
    values: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "sender": "gongkai@example.gov.cn",
        "recipients": RECIPIENTS,
        "timeout_seconds": 5,
        "username": "gongkai",
        "password_env": "GD_SMTP_PASSWORD",
    }
    values.update(settings)
    return EmailChannel(EmailSettings(**values), make_context(tmp_path))


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GD_SMTP_PASSWORD", PASSWORD)


def test_starttls_with_the_office_ca_delivers(
    tmp_path: Path, ca: trustme.CA, tls_server: Server
) -> None:
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    channel = _channel(tmp_path, tls_server.port, starttls=True, ca_file=ca_file)

    channel.publish(make_edition())

    # the server takes AUTH only on an upgraded connection: the login proves the TLS
    assert tls_server.inbox.logins == [("gongkai", PASSWORD)]
    assert len(tls_server.inbox.messages) == 1
    assert tls_server.inbox.messages[0].rcpt_tos == RECIPIENTS


def test_an_untrusted_certificate_is_refused_and_says_what_to_set(
    tmp_path: Path, tls_server: Server
) -> None:
    channel = _channel(tmp_path, tls_server.port, starttls=True)  # the system CAs only

    with pytest.raises(ChannelError) as caught:
        channel.publish(make_edition())

    assert caught.value.retryable is False
    assert "not trusted" in str(caught.value) and "ca_file" in str(caught.value)
    assert tls_server.inbox.logins == [] and tls_server.inbox.messages == []


def test_without_starttls_the_server_refuses_and_no_password_goes_in_clear(
    tmp_path: Path, tls_server: Server
) -> None:
    channel = _channel(tmp_path, tls_server.port, starttls=False)

    with pytest.raises(ChannelError) as caught:
        channel.publish(make_edition())

    assert caught.value.retryable is False
    assert "offers no login (AUTH)" in str(caught.value) and "starttls = true" in str(caught.value)
    assert PASSWORD not in str(caught.value)
    assert tls_server.inbox.logins == [] and tls_server.inbox.messages == []


def test_starttls_against_a_server_without_it_is_a_clear_error(
    tmp_path: Path, smtp_server: Server
) -> None:
    channel = _channel(tmp_path, smtp_server.port, starttls=True)

    with pytest.raises(ChannelError) as caught:
        channel.publish(make_edition())

    assert caught.value.retryable is False
    assert "does not offer STARTTLS" in str(caught.value)
    assert smtp_server.inbox.logins == []
