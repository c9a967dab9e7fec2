"""The ``sms`` channel: pushes items to subscribers who asked for them, warnings to everyone."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from gov_disclosure.channels import (
    Action,
    Channel,
    ChannelContext,
    PublishedEdition,
    Receipt,
)
from gov_disclosure.errors import ChannelError, ConfigError
from gov_disclosure.files import create_private
from gov_disclosure.workdays import in_zone

from .fanout import FanOut, FanOutPolicy
from .messages import (
    DEFAULT_TEMPLATES,
    UPDATE_TEMPLATE,
    Cost,
    Message,
    MessageRefusedError,
    item_link,
    render,
)
from .pacing import Backoff
from .quiet import QuietHours
from .sender import Sender, SendKey, SendPolicy, SendReport, Status, masked_rejections
from .subscribers import SubscriberBook, is_warning
from .tables import metadata
from .transports import (
    AliyunSettings,
    AliyunTransport,
    Batch,
    HttpJsonSettings,
    HttpJsonTransport,
    OutboxTransport,
    Outgoing,
    Transport,
)
from .transports.http_json import FieldMap

log = logging.getLogger(__name__)


SIGNATURE_MAX = 12


class SmsSettings(BaseModel):
    """``[channels.sms]`` in the config file."""

    model_config = ConfigDict(extra="forbid")

    transport: Literal["outbox", "http_json", "aliyun"] = "outbox"
    outbox_path: Path | None = Field(
        None, description="default: <private_dir>/sms-outbox.jsonl, never in the public output"
    )
    http: HttpJsonSettings | None = None
    aliyun: AliyunSettings | None = None
    signature: str | None = Field(None, description="default: the body's short name or name")
    templates: dict[str, str] = Field(default_factory=dict, description="by item kind (类别)")
    update_template: str = UPDATE_TEMPLATE
    notify_updates: bool = False
    opt_out_hint: str = "回复TD退订"
    max_parts: int = Field(4, ge=1, le=10)
    quiet_hours: str | None = "21:00-08:00"
    timezone: str = "Asia/Shanghai"
    batch_size: int = Field(1000, ge=1)
    requests_per_second: float | None = Field(None, gt=0)
    messages_per_second: float | None = Field(None, gt=0)
    max_attempts: int = Field(4, ge=1, le=20)
    backoff_seconds: float = Field(1.0, ge=0)
    base_url: str | None = Field(None, description="fallback when [site].base_url is unset")
    fanout_threshold: int | None = Field(
        None, ge=1, description="warnings to at least this many go out by fan-out (workers)"
    )
    fanout_part_size: int = Field(1000, ge=1, description="recipients per fan-out request")
    fanout_stale_seconds: float = Field(600, gt=0, description="'sending' older: unknown")


class QuietHoursError(ChannelError):
    """A routine push during quiet hours: retry at ``not_before``."""

    def __init__(self, not_before: datetime) -> None:
        self.not_before = not_before
        super().__init__("sms", f"quiet hours; routine pushes wait until {not_before:%H:%M}")


@dataclass(frozen=True)
class Plan:
    """What a send would do: the message, the numbers and the cost."""

    key: SendKey
    message: Message
    numbers: list[str]
    cost: Cost
    warning: bool


def make_transport(settings: SmsSettings, context: ChannelContext) -> Transport:
    """The configured transport."""
    if settings.transport == "http_json":
        if settings.http is None:
            raise ConfigError("channels.sms.http", "required when transport = 'http_json'")
        return HttpJsonTransport(settings.http)
    if settings.transport == "aliyun":
        if settings.aliyun is None:
            raise ConfigError("channels.sms.aliyun", "required when transport = 'aliyun'")
        return AliyunTransport(settings.aliyun)
    return outbox_for(settings, context)


def outbox_for(
    settings: SmsSettings, context: ChannelContext, path: Path | None = None
) -> OutboxTransport:
    """The outbox transport; its file holds phone numbers, so it is created 0600 and kept
    out of the public output folder (an old config naming a path inside it still works,
    with a warning)."""
    fields = settings.http.fields if settings.http else FieldMap()
    extra = settings.http.extra if settings.http else {}
    target = path or settings.outbox_path or context.private_folder() / "sms-outbox.jsonl"
    _warn_if_public(target, context.data_dir)
    return OutboxTransport(target, fields, extra, settings.batch_size)


def _warn_if_public(outbox: Path, data_dir: Path) -> None:
    if outbox.resolve().is_relative_to(data_dir.resolve()):
        log.warning(
            "短信发件箱 %s 位于公开输出目录 %s 内，其中有手机号码：请把 [channels.sms] "
            "outbox_path 改到输出目录之外",
            outbox,
            data_dir,
        )
    old = data_dir / "sms-outbox.jsonl"
    if old != outbox and old.is_file():
        log.warning(
            "旧的短信发件箱 %s 仍在公开输出目录中（含手机号码）；新的发件箱在 %s，"
            "请移走或删除旧文件",
            old,
            outbox,
        )


class SmsChannel(Channel):
    """短信推送: subscribers get the items they chose; 预警 warnings reach everyone."""

    name: ClassVar[str] = "sms"
    Settings: ClassVar[type[BaseModel]] = SmsSettings
    description: ClassVar[str] = "短信推送 (SMS to subscribers; warnings to everyone)"

    def __init__(
        self,
        settings: BaseModel,
        context: ChannelContext,
        transport: Transport | None = None,
        sender_options: dict | None = None,
    ) -> None:
        super().__init__(settings, context)
        self.settings: SmsSettings = SmsSettings.model_validate(settings.model_dump())
        self.engine: Engine = context.engine or self._own_engine(context.data_dir)
        self.book = SubscriberBook(self.engine, now=self._now)
        self.transport = transport or make_transport(self.settings, context)
        s = self.settings
        self.quiet = QuietHours.parse(s.quiet_hours, s.timezone) if s.quiet_hours else None
        policy = SendPolicy(
            batch_size=s.batch_size,
            requests_per_second=s.requests_per_second,
            messages_per_second=s.messages_per_second,
            max_attempts=s.max_attempts,
            backoff=Backoff(base=s.backoff_seconds),
        )
        self.sender = Sender(
            self.engine, self.transport, policy, now=self._now, **(sender_options or {})
        )
        self._fanout: FanOut | None = None

    @staticmethod
    def _own_engine(data_dir: Path) -> Engine:
        create_private(data_dir / "sms.db")  # phone numbers: owner only
        engine = create_engine(f"sqlite:///{data_dir / 'sms.db'}")
        metadata.create_all(engine)
        return engine

    def _now(self) -> datetime:
        moment = self.context.now()
        return in_zone(moment)

    # --- the contract ---------------------------------------------------------------

    def accepts(self, edition: PublishedEdition) -> bool:
        """Public proactive items some subscriber wants; warnings whenever anyone subscribes."""
        return super().accepts(edition) and self.book.any_interest(edition)

    def publish(self, edition: PublishedEdition) -> Receipt:
        return self._deliver(self._plan_or_refuse(edition, Action.PUBLISH), Action.PUBLISH)

    def update(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        """Sends a correction notice only when ``notify_updates`` is set."""
        if not self.settings.notify_updates:
            return Receipt(
                channel=self.name,
                action=Action.UPDATE,
                details={"sent": 0, "note": "updates are not pushed by SMS"},
            )
        return self._deliver(self._plan_or_refuse(edition, Action.UPDATE), Action.UPDATE)

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        return Receipt(
            channel=self.name,
            action=Action.WITHDRAW,
            details={"sent": 0, "note": "SMS already sent cannot be recalled"},
        )

    def close(self) -> None:
        self.transport.close()

    # --- planning and sending ---------------------------------------------------------

    def message_for(self, edition: PublishedEdition, action: Action = Action.PUBLISH) -> Message:
        """Render the edition's text; MessageRefusedError when empty or over the cap."""
        if action is Action.UPDATE:
            template, label = self.settings.update_template, "update"
        else:
            kind = edition.kind.value
            template = self.settings.templates.get(kind) or DEFAULT_TEMPLATES[kind]
            label = kind
        base_url = self.context.site.get("base_url") or self.settings.base_url or ""
        return render(
            template,
            edition,
            signature=self.signature(edition),
            link=item_link(base_url, edition),
            opt_out=self.settings.opt_out_hint,
            max_parts=self.settings.max_parts,
            kind_label=label,
        )

    def signature(self, edition: PublishedEdition) -> str:
        """【…】 signature: the body's full name (``【示例镇人民政府】``) unless it is longer than
        providers allow (12 characters), then its short name; a setting overrides both."""
        org = self.context.organization
        names = [
            org.get("name") or edition.org.name,
            org.get("short_name") or edition.org.short_name,
        ]
        fitting = [n for n in names if n and len(n) <= SIGNATURE_MAX]
        return self.settings.signature or org.get("sms_signature") or (fitting or names)[0] or ""

    def plan(self, edition: PublishedEdition, action: Action = Action.PUBLISH) -> Plan:
        """Message, recipients and cost, before anything is sent."""
        message = self.message_for(edition, action)
        numbers = self.book.recipients_for(edition) if Channel.accepts(self, edition) else []
        cost = Cost(len(numbers), message.parts, message.encoding, message.segmentation.length)
        key = SendKey(edition.index_no, edition.edition, action.value)
        return Plan(key, message, numbers, cost, self.bypasses_quiet_hours(edition))

    def _plan_or_refuse(self, edition: PublishedEdition, action: Action) -> Plan:
        """A plan; a refused template is a delivery failure no retry can fix."""
        try:
            return self.plan(edition, action)
        except MessageRefusedError as exc:
            raise ChannelError(self.name, str(exc), retryable=False) from exc

    @staticmethod
    def bypasses_quiet_hours(edition: PublishedEdition) -> bool:
        return is_warning(edition) or edition.schedule_kind == "immediate"

    def dry_run(self, edition: PublishedEdition, outbox: Path) -> Plan:
        """Write what would be sent to ``outbox`` (JSONL); no status is recorded."""
        plan = self.plan(edition)
        transport = outbox_for(self.settings, self.context, outbox)
        size = min(self.settings.batch_size, self.transport.max_batch)
        for start in range(0, len(plan.numbers), size):
            chunk = plan.numbers[start : start + size]
            transport.send_batch(
                Batch(
                    f"dry-run:{plan.key.idem_key}#{start}",
                    plan.message,
                    [Outgoing(n, f"dry-{start + i}") for i, n in enumerate(chunk)],
                )
            )
        return plan

    def _deliver(self, plan: Plan, action: Action) -> Receipt:
        now = self._now()
        if not plan.warning and self.quiet is not None and self.quiet.contains(now):
            log.info("sms %s: deferred by quiet hours", plan.key.idem_key)
            raise QuietHoursError(self.quiet.ends_after(now))
        log.info(
            "sms %s: %d recipient(s) x %d part(s) = %d part(s) (%s)",
            plan.key.idem_key,
            plan.cost.recipients,
            plan.cost.parts_per_message,
            plan.cost.total_parts,
            plan.cost.encoding,
        )
        if self._fans_out(plan):
            return self._hand_to_fanout(plan, action)
        report = self.sender.send(plan.key, plan.message, plan.numbers)
        if report.outstanding:
            raise ChannelError(
                self.name,
                f"{report.outstanding} recipient(s) not accepted yet "
                f"({report.stopped or 'interrupted'}); a retry sends only those",
                retryable=True,
            )
        return self._receipt(plan, report, action)

    # --- fan-out (many workers, one county-wide warning) ------------------------------

    def _fans_out(self, plan: Plan) -> bool:
        limit = self.settings.fanout_threshold
        return plan.warning and limit is not None and len(plan.numbers) >= limit

    @property
    def fanout(self) -> FanOut:
        if self._fanout is None:
            s = self.settings
            policy = FanOutPolicy(
                part_size=s.fanout_part_size,
                messages_per_second=s.messages_per_second,
                max_attempts=s.max_attempts,
                backoff=Backoff(base=s.backoff_seconds),
                stale_seconds=s.fanout_stale_seconds,
            )
            self._fanout = FanOut(self.engine, self.transport, policy)
        return self._fanout

    def _hand_to_fanout(self, plan: Plan, action: Action) -> Receipt:
        """Register the recipients; workers send them (``parallel_work``)."""
        total = self.fanout.prepare(plan.key, plan.message, plan.numbers)
        parts = -(-total // self.fanout.part_size)
        return Receipt(
            channel=self.name,
            action=action,
            location=f"sms:{plan.key.idem_key}",
            details={
                "idempotency_key": plan.key.idem_key,
                "fanout": True,
                "recipients": total,
                "parts": parts,
                "parts_total": total * plan.cost.parts_per_message,
                "text": plan.message.text,
                "note": "sent by the workers in parallel; see docs/scaling.md",
            },
        )

    def parallel_work(self, worker: str, should_stop: Callable[[], bool]) -> int:
        """Called by ``gov-disclosure worker`` between outbox batches: send a few parts of any
        open fan-out; returns the recipients sent to (0 when there is nothing to do)."""
        if self.settings.fanout_threshold is None:
            return 0
        return self.fanout.work(worker, should_stop, max_parts=10)

    def _receipt(self, plan: Plan, report: SendReport, action: Action) -> Receipt:
        details = {
            "idempotency_key": plan.key.idem_key,
            "transport": self.transport.name,
            "sent_for_real": self.transport.sends_for_real,
            "text": plan.message.text,
            "encoding": plan.cost.encoding.value,
            "parts_per_message": plan.cost.parts_per_message,
            "recipients": plan.cost.recipients,
            "parts_total": plan.cost.total_parts,
            "counts": report.counts,
            "accepted": report.count(Status.ACCEPTED, Status.DELIVERED, Status.UNDELIVERED),
            "rejected": masked_rejections(self.engine, plan.key),
            "unknown": report.count(Status.UNKNOWN),
        }
        return Receipt(
            channel=self.name,
            action=action,
            location=f"sms:{plan.key.idem_key}",
            message_ids=report.message_ids,
            details=details,
        )


__all__ = ["MessageRefusedError", "Plan", "QuietHoursError", "SmsChannel", "SmsSettings"]
