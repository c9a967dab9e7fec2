"""Write the display bundle: the page, its script and style, the slides and the playlist.

Layout of the bundle folder::

    index.html        the page (CSP: nothing may be loaded from outside the folder)
    screen.css  screen.js
    data/slides.js    window.SCREEN_DATA = {config, slides}: a script, so file:// works
    playlist.txt      one line per item, for LED controllers that take text

Every file is replaced atomically and ``index.html`` is written last, so a browser reloading
during a sync sees the old bundle or the new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template, select_autoescape

from gov_disclosure.channels import PublishedEdition
from gov_disclosure.files import SafeDir, UnsafeOutputError, locked

from .settings import ScreenSettings
from .slides import playlist, slide

STATIC = ("screen.css", "screen.js")
PLAYLIST = "playlist.txt"
SLIDES = "data/slides.js"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; "
    "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True)
class BuildResult:
    """Where the bundle is, how many items it shows and which files changed."""

    root: Path
    shown: tuple[str, ...]  # 索引号 on screen, in display order
    written: tuple[str, ...]

    @property
    def items(self) -> int:
        return len(self.shown)


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


@cache
def _template() -> Template:
    env = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True)
    return env.from_string(_static("index.html.j2").decode("utf-8"))


def _version(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def config(settings: ScreenSettings, organization: str) -> dict[str, Any]:
    return {
        "title": settings.title,
        "organization": organization,
        "width": settings.width,
        "height": settings.height,
        "mode": "scroll" if settings.scrolling else "slides",
        "seconds_per_item": settings.seconds_per_item,
        "scroll_speed": settings.scroll_speed,
    }


def bundle_files(
    editions: Sequence[PublishedEdition], settings: ScreenSettings, base_url: str, organization: str
) -> dict[str, bytes]:
    """Every file of the bundle for ``editions`` (already chosen and ordered)."""
    with_qr = not settings.scrolling
    data = {
        "config": config(settings, organization),
        "slides": [slide(e, base_url, with_qr) for e in editions],
    }
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    files = {name: _static(name) for name in STATIC}
    files[SLIDES] = f"window.SCREEN_DATA={body};\n".encode()
    files[PLAYLIST] = playlist(editions).encode(settings.playlist_encoding)
    versions = {name: _version(content) for name, content in files.items()}
    html = _template().render(
        csp=CSP, title=settings.title, organization=organization, versions=versions
    )
    files["index.html"] = html.encode("utf-8")
    return files


def _current(folder: SafeDir, name: str) -> bytes | None:
    """The file's bytes now (None when missing or a link, which the write then replaces)."""
    try:
        return folder.read(name)
    except UnsafeOutputError:
        return None


class BundleWriter:
    """Writes a bundle into ``root``, rewriting only files whose content changed."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the bundle's lock (deliveries may run in several processes at once)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with locked(self.root.parent / f".{self.root.name}.lock"):
            yield

    def write(self, files: dict[str, bytes], shown: Sequence[str]) -> BuildResult:
        written = []
        order = sorted(files, key=lambda name: name == "index.html")  # the page last
        with SafeDir(self.root) as folder:
            for name in order:
                if _current(folder, name) != files[name]:
                    folder.write(name, files[name], durable=True)
                    written.append(name)
        return BuildResult(self.root, tuple(shown), tuple(written))
