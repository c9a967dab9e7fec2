"""Documents the rendering tests share: the March issue of the sample bulletin."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from gov_disclosure.channels import ChannelContext, MemoryChannelState, PublishedEdition
from testsupport.samples import sample_editions


def bulletin_channel(out_dir: Path, editions: list[PublishedEdition], **settings: object) -> Any:
    """A bulletin channel writing into ``out_dir``, its catalogue ``editions``, on 2026-03-31."""
    from gov_disclosure_bulletin import BulletinChannel, BulletinSettings

    context = ChannelContext(
        data_dir=out_dir,
        catalogue=lambda: editions,
        state=MemoryChannelState(),
        organization={"name": "示例镇人民政府"},
        now=lambda: datetime(2026, 3, 31),
    )
    return BulletinChannel(BulletinSettings(**settings), context)


def march_issue(out_dir: Path, extra_body: str = "") -> tuple[Path, list[PublishedEdition]]:
    """Publish the sample's public March items to a bulletin channel writing into
    ``out_dir`` and build the 2026-03 issue; ``extra_body`` is added to the first item."""
    editions = [e for e in sample_editions() if e.published_on.month == 3 and e.is_public]
    first = editions[0]
    editions[0] = first.model_copy(update={"body": f"{first.body}\n{extra_body}".strip()})
    channel = bulletin_channel(out_dir, editions)
    for e in editions:
        channel.publish(e)
    return channel.build_issue("2026-03").path, editions
