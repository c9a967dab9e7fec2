"""A page of the site: its path, the digest of its inputs and how to render it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from gov_disclosure.channels import AttachmentView


@dataclass
class Page:
    path: str
    digest: str
    render: Callable[[], str]
    files: list[tuple[AttachmentView, str]] = field(default_factory=list)


def item_path(slug: str) -> str:
    return f"items/{slug}.html"
