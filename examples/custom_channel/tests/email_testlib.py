"""Test helpers: an aiosmtpd handler keeping what it receives, editions, a channel context."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from gov_disclosure.channels import ChannelContext, PublishedEdition, PublisherView
from gov_disclosure.models import Audience, DisclosureMode, DocumentKind, ItemState, Level
from gov_disclosure.workdays import CHINA_TZ

NOW = datetime(2026, 3, 5, 9, 0, tzinfo=CHINA_TZ)
RECIPIENTS = ["zhang@example.gov.cn", "li@example.gov.cn"]


@dataclass
class Received:
    """One message as the server got it: envelope and parsed content."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()  # type: ignore[union-attr]


@dataclass
class Inbox:
    """The aiosmtpd handler: keeps every message; refuses the addresses in ``refuse``."""

    messages: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            login, password = data.login.decode(), data.password.decode()
            self.logins.append((login, password))
            ok = login == "gongkai" and password == "s3cret-pw"
            return AuthResult(success=ok, handled=False)  # handled=False: answer 535
        return AuthResult(success=False, handled=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(**options: Any) -> Iterator[Server]:
    """An aiosmtpd server on 127.0.0.1 (a free port) checking logins with :class:`Inbox`;
    ``options`` go to its ``Controller`` (TLS, ``auth_require_tls``). Stopped on exit."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=inbox.authenticate, **options
    )
    controller.start()
    try:
        yield Server(inbox, controller, port)
    finally:
        controller.stop()


@dataclass
class Server:
    inbox: Inbox
    controller: Controller
    port: int


def make_edition(**changes: Any) -> PublishedEdition:
    data: dict[str, Any] = {
        "item_id": 7,
        "edition": 1,
        "index_no": "11320000MB1234562M/2026-00007",
        "state": ItemState.PUBLISHED,
        "org": PublisherView(
            id=1,
            name="示例镇人民政府",
            credit_code="11320000MB1234562M",
            level=Level.TOWNSHIP,
            short_name="示例镇",
        ),
        "title": "关于2026年春耕补贴发放的公告",
        "summary": "补贴于3月底前发放到户。",
        "body": "各村（社区）：\n补贴标准为每亩120元。\n<script>alert('x')</script> & 其他",
        "publisher": "示例镇人民政府",
        "doc_number": "示政发〔2026〕3号",
        "written_on": date(2026, 3, 2),
        "published_on": date(2026, 3, 3),
        "topic": "农业、林业、水利",
        "column": "惠农补贴",
        "mode": DisclosureMode.PROACTIVE,
        "ground": None,
        "audience": Audience.PUBLIC,
        "responsible_unit": "农业服务中心",
        "kind": DocumentKind.NOTICE,
        "urgent": False,
    }
    data.update(changes)
    return PublishedEdition(**data)


def make_context(tmp_path: Path) -> ChannelContext:
    return ChannelContext(
        data_dir=tmp_path / "out",
        catalogue=lambda: [],
        organization={"name": "示例镇人民政府", "short_name": "示例镇"},
        site={"base_url": "https://www.example.gov.cn/"},
        now=lambda: NOW,
    )
