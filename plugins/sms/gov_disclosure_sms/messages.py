"""Message texts: a template per item kind, the signature, a link, and the cost before sending.

Templates use ``{field}`` placeholders only (no attribute access). Fields: ``signature``,
``title``, ``summary``, ``link``, ``index_no``, ``doc_number``, ``publisher``, ``published_on``,
``opt_out``. The text counted is the full text a handset shows, signature included, because
Chinese providers bill it that way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from gov_disclosure.channels import PublishedEdition
from gov_disclosure.errors import ConfigError, InvalidInputError
from gov_disclosure.models import DocumentKind

from .segments import Encoding, Segmentation

_ROUTINE = "【{signature}】{title}已发布，详见{link} {opt_out}"
DEFAULT_TEMPLATES: dict[str, str] = {
    DocumentKind.WARNING.value: "【{signature}】预警：{title}。{summary} 详见{link}",
    DocumentKind.NOTICE.value: "【{signature}】公示：{title}，详见{link} {opt_out}",
    DocumentKind.POLICY.value: "【{signature}】新政策：{title}，详见{link} {opt_out}",
    DocumentKind.NORMATIVE.value: "【{signature}】新政策：{title}，详见{link} {opt_out}",
    DocumentKind.RULE.value: "【{signature}】新规章：{title}，详见{link} {opt_out}",
    DocumentKind.INTERPRETATION.value: "【{signature}】政策解读：{title}，详见{link} {opt_out}",
    DocumentKind.REPORT.value: _ROUTINE,
    DocumentKind.OTHER.value: _ROUTINE,
}
UPDATE_TEMPLATE = "【{signature}】更正：{title}已更新，以此为准，详见{link}"

_FIELD = re.compile(r"\{(\w*)\}")
_SPACES = re.compile(r"\s+")
_SIGNATURE = re.compile(r"【[^】]*】")


class MessageRefusedError(InvalidInputError):
    """A message renders empty or over the cap of parts; nothing was sent."""


@dataclass(frozen=True)
class Message:
    """A rendered message: ``text`` as the handset shows it, ``body`` without 【signature】.

    ``params`` are the field values, for providers whose approved templates take variables.
    """

    text: str
    body: str
    signature: str
    link: str
    params: Mapping[str, str]
    segmentation: Segmentation
    template_key: str = ""

    @property
    def parts(self) -> int:
        return self.segmentation.parts

    @property
    def encoding(self) -> Encoding:
        return self.segmentation.encoding


@dataclass(frozen=True)
class Cost:
    """What a send will cost, reported before anything is sent."""

    recipients: int
    parts_per_message: int
    encoding: Encoding
    length: int

    @property
    def total_parts(self) -> int:
        return self.recipients * self.parts_per_message


def item_link(base_url: str, edition: PublishedEdition) -> str:
    """The item's page on the website: ``{base_url}/items/{slug}.html``."""
    if not base_url:
        raise ConfigError("channels.sms.base_url", "needs the website's base_url for links")
    return f"{base_url.rstrip('/')}/items/{edition.slug}.html"


def check_signature(signature: str) -> str:
    """2-12 characters without the 【】 the platform adds (Alibaba Cloud's rule)."""
    name = signature.strip().strip("【】")
    if not 2 <= len(name) <= 12:
        raise ConfigError("channels.sms.signature", "2-12 characters, without 【】")
    return name


def render(
    template: str,
    edition: PublishedEdition,
    *,
    signature: str,
    link: str,
    opt_out: str = "回复TD退订",
    max_parts: int,
    kind_label: str = "",
) -> Message:
    """Fill ``template`` for ``edition``; refuse a text that is empty or over ``max_parts``."""
    params = {
        "signature": check_signature(signature),
        "title": _one_line(edition.title),
        "summary": _one_line(edition.summary),
        "link": link,
        "index_no": edition.index_no,
        "doc_number": edition.doc_number or "",
        "publisher": edition.publisher,
        "published_on": f"{edition.published_on:%Y年%m月%d日}",
        "opt_out": opt_out,
    }
    where = f"template[{kind_label or edition.kind.value}]"

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise MessageRefusedError(where, f"unknown field {{{name}}}; use {sorted(params)}")
        return params[name]

    text = _SPACES.sub(" ", _FIELD.sub(fill, template)).strip()
    body = _SIGNATURE.sub("", text, count=1).strip() if text.startswith("【") else text
    if not body:
        raise MessageRefusedError(where, "renders empty")
    seg = Segmentation.of(text)
    if seg.parts > max_parts:
        raise MessageRefusedError(
            where,
            f"takes {seg.parts} parts ({seg.length} {seg.encoding} units), "
            f"over the cap of {max_parts}",
        )
    return Message(
        text, body, params["signature"], link, params, seg, kind_label or edition.kind.value
    )


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()
