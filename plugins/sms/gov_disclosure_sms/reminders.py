"""Supervision reminders by SMS (the ``notify_responsible`` hook): a short Chinese text to the
mobiles of the people responsible, through the SMS channel's configured transport.

Inert when the ``sms`` channel is not enabled. A reminder is routine: during quiet hours it
raises :class:`QuietHoursError`, and the caller tries it again on its next run. The same
reminder to the same numbers on the same day is one send (the sender's idempotency key).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from gov_disclosure.channels import Action, Channel, Receipt
from gov_disclosure.errors import ChannelError, IdentifierError
from gov_disclosure.identifiers import validate_mobile

from .channel import QuietHoursError, SmsChannel
from .messages import Message, check_signature
from .segments import Segmentation
from .sender import SendKey, SendReport

log = logging.getLogger(__name__)


def _mobiles(recipients: Sequence[Any]) -> list[str]:
    numbers = []
    for person in recipients:
        raw = getattr(person, "mobile", None)
        if not raw:
            continue
        try:
            numbers.append(validate_mobile(raw))
        except IdentifierError:
            log.warning("reminder: %s has no valid mobile number; skipped", person.id)
    return list(dict.fromkeys(numbers))


def _when(day: Any) -> str:
    return f"{day.month}月{day.day}日" if isinstance(day, date) else ""


def _line(obligation: Any, with_why: bool) -> str:
    text = getattr(obligation, "description", "") or str(obligation)
    due = getattr(obligation, "due", None)
    left = getattr(obligation, "left_text", "")
    if due is not None:
        text += f"，应于{_when(due)}前完成"
    if left:
        text += f"（{left}）"
    why = getattr(obligation, "why", "")
    if with_why and why:
        text += f"。依据：{why}"
    return text


def reminder_text(signature: str, unit: str, obligations: Sequence[Any], max_parts: int) -> str:
    """``【示例镇】政务公开提醒（财政所）：……`` within ``max_parts`` parts: the rule is
    dropped first, then the first obligation's text is shortened."""
    head = f"【{check_signature(signature)}】政务公开提醒（{unit}）："
    more = f"；另有{len(obligations) - 1}项" if len(obligations) > 1 else ""
    for with_why in (True, False):
        text = head + _line(obligations[0], with_why) + more
        if Segmentation.of(text).parts <= max_parts:
            return text
    text = head + _line(obligations[0], False)
    while Segmentation.of(text + "…" + more).parts > max_parts and len(text) > len(head) + 4:
        text = text[:-1]
    return text + "…" + more


def send_reminder(
    channel: SmsChannel, unit: str, obligations: Sequence[Any], recipients: Sequence[Any]
) -> SendReport | None:
    """Text the reminder to the recipients' mobiles; None when there is nobody or nothing."""
    numbers = _mobiles(recipients)
    if not numbers or not obligations:
        log.info("no reminder texted to %s: no mobile number or nothing owed", unit)
        return None
    now = channel._now()
    if channel.quiet is not None and channel.quiet.contains(now):
        raise QuietHoursError(channel.quiet.ends_after(now))
    org = channel.context.organization
    signature = channel.settings.signature or org.get("short_name") or org.get("name") or "政务公开"
    text = reminder_text(signature, unit, obligations, channel.settings.max_parts)
    keys = [str(getattr(o, "key", "") or o) for o in obligations]
    digest = hashlib.sha256(
        "|".join([unit, *keys, *numbers, now.date().isoformat()]).encode()
    ).hexdigest()[:20]
    body = text.split("】", 1)[1]
    message = Message(
        text,
        body,
        check_signature(signature),
        "",
        {"text": body},
        Segmentation.of(text),
        "reminder",
    )
    report = channel.sender.send(SendKey(f"reminder/{digest}", 1, "remind"), message, numbers)
    if report.outstanding:
        raise ChannelError(
            "sms", f"reminder to {unit}: {report.outstanding} number(s) not accepted yet"
        )
    return report


def notify(
    channels: Mapping[str, Channel],
    unit: str,
    obligations: Sequence[Any],
    recipients: Sequence[Any],
) -> Receipt | None:
    """The hook's body: text through the core's built ``sms`` channel, if enabled; the receipt
    says what went out (None when nothing did: no channel, no mobile number)."""
    channel = channels.get("sms")
    if not isinstance(channel, SmsChannel):
        return None
    report = send_reminder(channel, unit, obligations, recipients)
    if report is None:
        return None
    return Receipt(
        channel="sms",
        action=Action.REMIND,
        message_ids=report.message_ids,
        details={"unit": unit, "counts": report.counts, "key": report.idem_key},
    )
