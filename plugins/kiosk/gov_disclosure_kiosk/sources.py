"""Where a kiosk pulls its bundle from: a web server (with requests) or a folder (USB stick)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import requests

from gov_disclosure.redact import safe_url

from .manifest import MANIFEST_NAME, KioskSyncError

#: The largest manifest a kiosk accepts (a 100,000-item bundle's is about 40 KB).
MAX_MANIFEST = 16 * 1024 * 1024


class BundleSource(Protocol):
    name: str

    def read(self, path: str, max_size: int) -> bytes:
        """The bytes of ``path`` (bundle-relative), at most ``max_size`` of them."""


class HttpSource:
    """A bundle published on a web server, e.g. ``http://10.0.0.2/kiosk``."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url.rstrip("/")
        self.name = safe_url(self.url)  # what messages show: never the password
        self.timeout = timeout
        self.session = requests.Session()

    def read(self, path: str, max_size: int) -> bytes:
        url = f"{self.name}/{path}"
        try:
            with self.session.get(f"{self.url}/{path}", timeout=self.timeout, stream=True) as resp:
                if resp.status_code != 200:
                    raise KioskSyncError(f"{url}: HTTP {resp.status_code}")
                chunks, size = [], 0
                for chunk in resp.iter_content(chunk_size=1 << 16):
                    size += len(chunk)
                    if size > max_size:
                        raise KioskSyncError(f"{url}: larger than the manifest says")
                    chunks.append(chunk)
                return b"".join(chunks)
        except requests.RequestException as exc:
            raise KioskSyncError(f"{url}: {exc.__class__.__name__}: {exc}") from exc

    def close(self) -> None:
        self.session.close()


class FolderSource:
    """A bundle folder (a copy of the channel's ``out_dir``) or a kiosk's ``current``."""

    def __init__(self, folder: Path) -> None:
        if (
            not (folder / MANIFEST_NAME).is_file()
            and (folder / "current" / MANIFEST_NAME).is_file()
        ):
            folder = folder / "current"
        self.folder = folder
        self.name = str(folder)

    def read(self, path: str, max_size: int) -> bytes:
        file = self.folder / path
        try:
            with file.open("rb") as fh:
                data = fh.read(max_size + 1)
        except OSError as exc:
            raise KioskSyncError(f"{file}: {exc.strerror or exc}") from exc
        if len(data) > max_size:
            raise KioskSyncError(f"{file}: larger than the manifest says")
        return data

    def close(self) -> None:
        pass


def open_source(source: str | Path, timeout: float = 30.0) -> HttpSource | FolderSource:
    """An HTTP source for ``http(s)://`` URLs, else a folder."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        return HttpSource(text, timeout)
    return FolderSource(Path(source))
