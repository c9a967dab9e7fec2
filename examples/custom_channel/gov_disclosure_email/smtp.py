"""Hand a message to the SMTP server, turning every failure into a :class:`ChannelError`.

A failure that may pass (server down, timeout, a 4xx answer) is ``retryable``: the core
records it and tries again later with backoff. One that will not pass by waiting (login
refused, every recipient refused with a 5xx answer) is not. The password never appears in
an error or a log line.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage

from gov_disclosure.errors import ChannelError

from .settings import EmailSettings

CHANNEL = "email"


def send(
    settings: EmailSettings,
    password: str | None,
    message: EmailMessage,
    recipients: Sequence[str],
) -> dict[str, str]:
    """Send ``message`` to ``recipients``; returns the refused addresses with the reason."""
    where = f"{settings.host}:{settings.port}"
    try:
        with smtplib.SMTP(
            settings.host or "", settings.port, timeout=settings.timeout_seconds
        ) as s:
            if settings.starttls:
                _upgrade(s, settings, where)
            if settings.username:
                _login(s, settings.username, password or "", where)
            refused = s.send_message(message, from_addr=settings.sender, to_addrs=list(recipients))
    except smtplib.SMTPAuthenticationError as exc:
        raise ChannelError(
            CHANNEL,
            f"{where} refused the login of {settings.username!r} ({exc.smtp_code})",
            retryable=False,
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        raise ChannelError(
            CHANNEL,
            f"{where} refused every recipient: {_refusals(exc.recipients)}",
            retryable=any(code < 500 for code in codes),
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise ChannelError(
            CHANNEL,
            f"{where} answered {exc.smtp_code}: {_text(exc.smtp_error)}",
            retryable=exc.smtp_code < 500,
        ) from None
    except ssl.SSLCertVerificationError as exc:  # waiting will not make it trusted
        raise ChannelError(
            CHANNEL,
            f"{where}: the server's certificate is not trusted ({exc.verify_message}); "
            "set [channels.email] ca_file to the CA that issued it",
            retryable=False,
        ) from None
    except UnicodeEncodeError:  # smtplib logs in with ASCII only
        raise ChannelError(
            CHANNEL, "smtplib sends only ASCII user names and passwords", retryable=False
        ) from None
    except (OSError, smtplib.SMTPException) as exc:  # refused, unreachable, timeout, TLS
        raise ChannelError(
            CHANNEL, f"cannot reach SMTP server {where}: {type(exc).__name__}: {exc}"
        ) from None
    return {addr: f"{code} {_text(text)}" for addr, (code, text) in refused.items()}


def _upgrade(s: smtplib.SMTP, settings: EmailSettings, where: str) -> None:
    try:
        s.starttls(context=ssl.create_default_context(cafile=settings.ca_file))
    except smtplib.SMTPNotSupportedError:
        raise ChannelError(
            CHANNEL, f"{where} does not offer STARTTLS (starttls = true)", retryable=False
        ) from None


def _login(s: smtplib.SMTP, username: str, password: str, where: str) -> None:
    try:
        s.login(username, password)
    except smtplib.SMTPNotSupportedError:
        hint = "" if s.sock and isinstance(s.sock, ssl.SSLSocket) else "; set starttls = true"
        raise ChannelError(
            CHANNEL, f"{where} offers no login (AUTH) on this connection{hint}", retryable=False
        ) from None


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _refusals(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{addr} ({code} {_text(text)})" for addr, (code, text) in refused.items())
