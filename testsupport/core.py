"""Core test helpers: a recording channel, a fixed clock, a draft factory."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from gov_disclosure import hookimpl
from gov_disclosure.app import App
from gov_disclosure.channels import Channel, PublishedEdition, Receipt
from gov_disclosure.models import Actor, EditionDraft

CREDIT = "11320000MB1234562M"
REVIEW_ACTORS = [
    {"id": "clerk", "name": "王", "unit": "办", "roles": ["经办人"]},
    {"id": "chief", "name": "李", "unit": "办", "roles": ["科室审核", "保密审查员"]},
    {"id": "deputy", "name": "赵", "unit": "府", "roles": ["分管领导把关"]},
]
"""A clerk, a reviewer (also the 保密审查员) and a deputy: enough to take an item through review."""


class NoSettings(BaseModel):
    """The settings of a test channel that has none (unknown keys still refused)."""

    model_config = ConfigDict(extra="forbid")


class RecordingChannel(Channel):
    """A real channel that writes one line per call to a list (and can be told to fail)."""

    name = "recorder"

    class Settings(BaseModel):
        model_config = ConfigDict(extra="forbid")
        fail_times: int = 0

    calls: ClassVar[list[tuple[str, int, int]]] = []
    failures_left: ClassVar[int] = 0

    def _record(self, action: str, edition: PublishedEdition) -> Receipt:
        if RecordingChannel.failures_left > 0:
            RecordingChannel.failures_left -= 1
            raise RuntimeError("simulated outage")
        RecordingChannel.calls.append((action, edition.item_id, edition.edition))
        return Receipt(channel=self.name, action=action, location=f"mem://{edition.slug}")

    def publish(self, edition: PublishedEdition) -> Receipt:
        return self._record("publish", edition)

    def update(self, edition: PublishedEdition, previous: Receipt | None) -> Receipt:
        return self._record("update", edition)

    def withdraw(self, edition: PublishedEdition, reason: str, previous: Receipt | None) -> Receipt:
        return self._record("withdraw", edition)


class RecorderPlugin:
    @hookimpl
    def register_channels(self, register):  # type: ignore[no-untyped-def]
        register(RecordingChannel)


class FixedClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def draft(**over: object) -> EditionDraft:
    data: dict[str, object] = {
        "title": "示例镇2026年部门预算",
        "publisher": "示例镇人民政府",
        "written_on": date(2026, 3, 2),
        "topic": "财政、金融、审计",
        "column": "财政预决算",
        "responsible_unit": "财政所",
        "body": "一、部门基本情况",
    }
    data.update(over)
    return EditionDraft.model_validate(data)


def publish_through_review(app: App, key: object) -> None:
    app.submit(key, "clerk")  # type: ignore[arg-type]
    app.approve(key, "chief")  # type: ignore[arg-type]
    app.approve(key, "deputy")  # type: ignore[arg-type]


__all__ = ["Actor"]
