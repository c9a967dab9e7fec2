"""The bulletin channel for gov-disclosure: 政府公报 issues and 公示/公告 sheets in Word.

Registered through the ``gov_disclosure`` entry point ``bulletin``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gov_disclosure import hookimpl

from .channel import BulletinChannel, needs_notice_sheet, notice_sheet
from .issue import IssueResult, build_issue, issue_path
from .settings import BulletinSettings

if TYPE_CHECKING:
    import click

__all__ = [
    "BulletinChannel",
    "BulletinSettings",
    "IssueResult",
    "build_issue",
    "issue_path",
    "needs_notice_sheet",
    "notice_sheet",
]


@hookimpl
def register_channels(register: Any) -> None:
    register(BulletinChannel)


@hookimpl
def register_commands(cli: click.Group) -> None:
    from .cli import bulletin

    cli.add_command(bulletin)
