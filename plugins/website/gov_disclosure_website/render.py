"""Jinja2 templates (ours, overridable by a user folder) and the filters pages use."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import jinja2
import nh3
from markupsafe import Markup

from .manifest import letter_hex

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES = PACKAGE_DIR / "templates"
STATIC = PACKAGE_DIR / "static"
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CST = timezone(timedelta(hours=8), "CST")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; "
    "base-uri 'none'; object-src 'none'"
)
"""The Content-Security-Policy of every page (a ``<meta>`` tag: a static site cannot rely
on the server's headers): scripts and styles only from the site's own files, never inline,
no plugins, no ``<base>`` and nothing loaded from elsewhere."""


def cell(value: object) -> str:
    """A table cell: numbers with thousands separators, text as it is."""
    if isinstance(value, Decimal):
        return f"{value:,}"
    return str(value)


def paragraphs(text: str) -> list[str]:
    """Plain-text body → paragraphs (one per non-empty line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def rich(html: str) -> Markup:
    """Rich HTML from an editor, through nh3's allow-list (no scripts, handlers or styles)."""
    return Markup(nh3.clean(html))


def xml_text(value: object) -> str:
    """Drop characters XML 1.0 forbids (autoescape still escapes ``<`` ``&`` …)."""
    return _XML_BAD.sub("", str(value))


def rfc822(day: date) -> str:
    return format_datetime(datetime.combine(day, time(0, 0), tzinfo=_CST))


class Renderer:
    """Renders named templates; ``fingerprint`` changes whenever a template or style does."""

    def __init__(self, templates_dir: Path | None, settings_json: str) -> None:
        loaders: list[jinja2.BaseLoader] = []
        if templates_dir is not None:
            loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
        loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=jinja2.select_autoescape(("html", "xml"), default=True),
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # templates read once, as the fingerprint is: no stat() per page
        )
        self.env.filters.update(cell=cell, paragraphs=paragraphs, rich=rich, xml=xml_text)
        self.env.filters["rfc822"] = rfc822
        self.env.globals["csp"] = CSP
        self.fingerprint = self._fingerprint(templates_dir, settings_json)
        self._templates: dict[str, jinja2.Template] = {}

    def render(self, name: str, **context: Any) -> str:
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self.env.get_template(name)
        return template.render(**context)

    @staticmethod
    def _fingerprint(templates_dir: Path | None, settings_json: str) -> str:
        h = hashlib.sha256(b"gov_disclosure_website:1")
        h.update(settings_json.encode())
        folders = [TEMPLATES, STATIC] + ([templates_dir] if templates_dir else [])
        for folder in folders:
            for f in sorted(folder.rglob("*")):
                if f.is_file():
                    h.update(str(f.relative_to(folder)).encode())
                    h.update(f.read_bytes())
        return letter_hex(h.hexdigest()[:16])


def settings_fingerprint(settings: Any, organization: dict[str, Any], base_url: str) -> str:
    """What besides templates every page depends on, as stable JSON."""
    data = settings.model_dump(mode="json", exclude={"remote", "out_dir", "local"})
    return json.dumps(
        [data, organization, base_url], ensure_ascii=False, sort_keys=True, default=str
    )
