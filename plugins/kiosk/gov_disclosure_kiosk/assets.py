"""The bundle's fixed files: the page, its scripts and styles, and the kiosk's config script."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from jinja2 import Environment, Template, select_autoescape

from .manifest import digest

if TYPE_CHECKING:
    from .bundle import BuildOptions

STATIC = ("kiosk.css", "search.js", "keyboard.js", "app.js")

#: No remote load of any kind: scripts, styles and images only from the bundle (QR codes are
#: data: images), no network requests from script, no forms, no plugins.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-src 'none'"
)


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


@cache
def static_files() -> dict[str, bytes]:
    """The scripts and the stylesheet, copied as they are."""
    return {name: _static(name) for name in STATIC}


@cache
def _template() -> Template:
    env = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True)
    return env.from_string(_static("index.html.j2").decode("utf-8"))


def config_script(options: BuildOptions) -> bytes:
    """``data/config.js``: the settings the page reads (title, idle time, orientation …)."""
    config = {
        "title": options.title,
        "organization": options.organization,
        "idle_seconds": options.idle_seconds,
        "orientation": options.orientation,
        "page_size": options.page_size,
        "shards": options.shards,
    }
    body = json.dumps(config, ensure_ascii=False, separators=(",", ":"))
    return f"window.KIOSK_CONFIG={body};\n".encode()


def render_index_html(options: BuildOptions, index_versions: Sequence[tuple[str, str]]) -> bytes:
    """``index.html``: the page skeleton and its scripts, each with a version for caches."""
    versions = {name: digest(data)[:12] for name, data in static_files().items()}
    html = _template().render(
        csp=CSP,
        title=options.title,
        organization=options.organization,
        idle_seconds=options.idle_seconds,
        versions=versions,
        config_version=digest(config_script(options))[:12],
        index_scripts=index_versions,
    )
    return html.encode("utf-8")
