"""The ``sms`` channel for gov-disclosure: 短信推送 to subscribers, 预警 warnings to everyone.

Registered through the ``gov_disclosure`` entry point like any third-party plugin.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from gov_disclosure import hookimpl

from .migrations import VERSIONS
from .receipts import record_receipts
from .segments import count_parts

if TYPE_CHECKING:
    from pathlib import Path

    from gov_disclosure.channels import Channel, Receipt
    from gov_disclosure.hookspecs import Office
    from gov_disclosure.models import Actor
    from gov_disclosure.supervision import Obligation


@hookimpl
def register_channels(register: Callable[[Any], None]) -> None:
    from .channel import SmsChannel

    register(SmsChannel)


@hookimpl
def register_commands(cli: Any) -> None:
    from .cli import sms_group

    cli.add_command(sms_group)


@hookimpl
def register_migrations(register: Callable[[str], None]) -> None:
    register(str(VERSIONS))


@hookimpl
def notify_responsible(
    unit: str,
    obligations: Sequence[Obligation],
    recipients: Sequence[Actor],
    channels: Mapping[str, Channel],
) -> Receipt | None:
    """Text supervision reminders to the responsible people's mobiles (``reminders.py``)."""
    from .reminders import notify

    return notify(channels, unit, obligations, recipients)


__all__ = ["count_parts", "record_receipts"]


DEMO_SUBSCRIBERS = (
    ("13912340001", ("社会救助", "应急管理", "预警信息"), ("东村村",)),
    ("13912340002", ("村级财务",), ("西村村",)),
    ("13912340003", ("招标投标", "政策文件", "政策解读"), ()),
    ("13912340004", ("应急管理",), ("南湾村",)),
    ("13912340005", (), ()),
)


@hookimpl
def populate_demo(app: Office, out_dir: Path) -> None:
    """Subscribe a few residents (fictitious numbers, consent recorded) for the demo."""
    from .subscribers import SubscriberBook

    book = SubscriberBook(app.store.engine)
    for number, topics, areas in DEMO_SUBSCRIBERS:
        book.subscribe(
            number,
            consent_by="wang.jb",
            consent_method="便民服务中心现场书面同意",
            topics=topics,
            areas=areas,
        )
