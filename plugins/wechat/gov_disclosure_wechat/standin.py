"""A local stand-in for the official account platform, for the demo and the tests.

:class:`Platform` answers the documented endpoints the channel uses, with their error
answers: ``token``, ``material/add_material`` (permanent materials), ``media/uploadimg``
(images inside an article), ``draft/add``, ``freepublish/submit|get|delete``. It checks what
the real platform checks that matters here: the AppID and AppSecret, a live access token, the
cover (``thumb_media_id``) being a permanent material, every ``<img>`` of an article being
one it re-hosted, and the material types and sizes. :class:`StandIn` serves it with the
standard library's HTTP server on 127.0.0.1 and a free port, in a thread::

    with StandIn() as platform:
        settings = {"api_base": platform.url, ...}

Nothing here reaches the network.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from gov_disclosure.files import PRIVATE, write_atomic

APPID, SECRET = "wx0000000000standin", "standin-secret"
#: Material types of ``material/add_material``: extensions and size limits (bytes).
MATERIAL_TYPES: dict[str, tuple[frozenset[str], int]] = {
    "image": (frozenset({"bmp", "png", "jpeg", "jpg", "gif"}), 10 * 1024 * 1024),
    "voice": (frozenset({"mp3", "wma", "wav", "amr"}), 2 * 1024 * 1024),
    "video": (frozenset({"mp4"}), 10 * 1024 * 1024),
    "thumb": (frozenset({"jpg", "jpeg"}), 64 * 1024),
}
UPLOADIMG = (frozenset({"jpg", "jpeg", "png"}), 1024 * 1024)  # media/uploadimg
_IMG_SRC = re.compile(r"<img\b[^>]*\bsrc=\"([^\"]*)\"", re.IGNORECASE)


@dataclass
class Upload:
    """A file of a multipart request: its form field, file name and bytes."""

    name: str
    filename: str
    data: bytes


def parse_multipart(content_type: str, body: bytes) -> list[Upload]:
    """The parts of a ``multipart/form-data`` body."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    parts = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition") or ""
        payload = part.get_payload(decode=True) or b""
        parts.append(Upload(str(name), part.get_filename() or "", payload))
    return parts


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


@dataclass
class Platform:
    """The platform's state and answers (``handle``), without any HTTP server.

    Simulated behaviours for tests: ``fail_next[path] = [errcode, …]`` answers those codes to
    the next calls of ``path``; ``review`` is the ``publish_status`` a publication ends in (0
    success, 4 review failed); ``pending_polls`` answers "publishing" that many times first;
    ``expire_after_draft`` makes every token expire right after a draft is added.
    """

    appid: str = APPID
    secret: str = SECRET
    host: str = "http://127.0.0.1"
    tokens: list[str] = field(default_factory=list)
    valid: set[str] = field(default_factory=set)
    calls: list[tuple[str, Any]] = field(default_factory=list)
    materials: dict[str, dict[str, Any]] = field(default_factory=dict)
    images: dict[str, bytes] = field(default_factory=dict)
    drafts: dict[str, dict[str, Any]] = field(default_factory=dict)
    publishes: dict[str, str] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    fail_next: dict[str, list[int]] = field(default_factory=dict)
    review: int = 0
    pending_polls: int = 0
    expire_after_draft: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def expire_tokens(self) -> None:
        self.valid.clear()

    def submitted(self) -> int:
        return sum(1 for path, _ in self.calls if path == "freepublish/submit")

    def handle(
        self, path: str, args: dict[str, str], body: bytes, content_type: str = ""
    ) -> dict[str, Any]:
        """The JSON answer to a call of ``/cgi-bin/{path}``."""
        with self.lock:
            return self._handle(path, args, body, content_type)

    def _handle(
        self, path: str, args: dict[str, str], body: bytes, content_type: str
    ) -> dict[str, Any]:
        if path == "token":
            if (args.get("appid"), args.get("secret")) != (self.appid, self.secret):
                return {"errcode": 40125, "errmsg": "invalid appsecret"}
            token = f"TOKEN{len(self.tokens)}"
            self.tokens.append(token)
            self.valid.add(token)
            return {"access_token": token, "expires_in": 7200}
        if args.get("access_token") not in self.valid:
            return {"errcode": 42001, "errmsg": "access_token expired"}
        if content_type.startswith("multipart/form-data"):
            parts = parse_multipart(content_type, body)
            self.calls.append((path, [(p.name, p.filename) for p in parts]))
            payload: Any = parts
        else:
            payload = json.loads(body.decode("utf-8") or "{}")
            self.calls.append((path, payload))
        queued = self.fail_next.get(path)
        if queued:
            return {"errcode": queued.pop(0), "errmsg": "simulated"}
        if path == "material/add_material":
            return self._add_material(args.get("type", ""), payload)
        if path == "media/uploadimg":
            return self._upload_image(payload)
        return self._answer(path, payload)

    def _media(self, parts: Any) -> Upload | None:
        if not isinstance(parts, list):
            return None
        return next((p for p in parts if p.name == "media"), None)

    def _add_material(self, kind: str, parts: Any) -> dict[str, Any]:
        media = self._media(parts)
        if kind not in MATERIAL_TYPES:
            return {"errcode": 40004, "errmsg": "invalid media type"}
        if media is None:
            return {"errcode": 41005, "errmsg": "media data missing"}
        extensions, limit = MATERIAL_TYPES[kind]
        if _extension(media.filename) not in extensions:
            return {"errcode": 40005, "errmsg": "invalid file type"}
        if len(media.data) > limit:
            return {"errcode": 40006, "errmsg": "invalid meida size"}
        media_id = f"MATERIAL{len(self.materials)}"
        answer: dict[str, Any] = {"media_id": media_id}
        if kind == "image":
            answer["url"] = self._host_image(media)
        self.materials[media_id] = {"type": kind, "filename": media.filename, **answer}
        return answer

    def _upload_image(self, parts: Any) -> dict[str, Any]:
        media = self._media(parts)
        if media is None:
            return {"errcode": 41005, "errmsg": "media data missing"}
        extensions, limit = UPLOADIMG
        if _extension(media.filename) not in extensions:
            return {"errcode": 40005, "errmsg": "invalid file type"}
        if len(media.data) > limit:
            return {"errcode": 40009, "errmsg": "invalid image size"}
        return {"url": self._host_image(media)}

    def _host_image(self, media: Upload) -> str:
        name = f"IMG{len(self.images)}.{_extension(media.filename)}"
        self.images[name] = media.data
        return f"{self.host}/mmbiz/{name}"

    def _answer(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if path == "draft/add":
            article = body["articles"][0]
            thumb = self.materials.get(article.get("thumb_media_id", ""))
            if thumb is None or thumb["type"] not in ("image", "thumb"):
                return {"errcode": 40007, "errmsg": "invalid media_id (thumb_media_id)"}
            hosted = f"{self.host}/mmbiz/"
            if any(not s.startswith(hosted) for s in _IMG_SRC.findall(article["content"])):
                return {"errcode": 45166, "errmsg": "invalid content: external image"}
            media_id = f"MEDIA{len(self.drafts)}"
            self.drafts[media_id] = article
            if self.expire_after_draft:  # the token runs out in the middle of a publish
                self.valid.clear()
            return {"media_id": media_id}
        if path == "freepublish/submit":
            if body["media_id"] not in self.drafts:
                return {"errcode": 40007, "errmsg": "invalid media_id"}
            publish_id = f"{len(self.publishes) + 100}"
            self.publishes[publish_id] = body["media_id"]
            return {"errcode": 0, "errmsg": "ok", "publish_id": publish_id}
        if path == "freepublish/get":
            return self._poll(str(body["publish_id"]))
        if path == "freepublish/delete":
            if body["article_id"] not in self.articles:
                return {"errcode": 53600, "errmsg": "invalid article_id"}
            self.deleted.append(body["article_id"])
            return {"errcode": 0, "errmsg": "ok"}
        return {"errcode": 40001, "errmsg": "unknown api"}

    def _poll(self, publish_id: str) -> dict[str, Any]:
        if self.pending_polls:
            self.pending_polls -= 1
            return {"publish_id": publish_id, "publish_status": 1}
        if self.review:
            return {"publish_id": publish_id, "publish_status": self.review, "fail_idx": [1]}
        article_id = f"ART{publish_id}"
        self.articles[article_id] = self.publishes[publish_id]
        url = f"{self.host}/s/{article_id}"
        return {
            "publish_id": publish_id,
            "publish_status": 0,
            "article_id": article_id,
            "article_detail": {"count": 1, "item": [{"idx": 1, "article_url": url}]},
        }


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _reply(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _serve(self) -> None:
        url = urlsplit(self.path)
        platform = self.server.platform
        if url.path.startswith("/mmbiz/") and url.path[7:] in platform.images:
            self._reply(200, platform.images[url.path[7:]], "application/octet-stream")
            return
        if not url.path.startswith("/cgi-bin/"):
            self._reply(404, b"not found", "text/plain")
            return
        args = {k: v[-1] for k, v in parse_qs(url.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        answer = platform.handle(
            url.path.removeprefix("/cgi-bin/"), args, body, self.headers.get("Content-Type", "")
        )
        self._reply(200, json.dumps(answer, ensure_ascii=False).encode(), "application/json")

    do_GET = do_POST = _serve

    def log_message(self, format: str, *args: Any) -> None:  # no access log on stderr
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    platform: Platform


class StandIn:
    """The platform served on ``127.0.0.1`` (a free port unless ``port`` is given)."""

    def __init__(self, platform: Platform | None = None, port: int = 0) -> None:
        self.platform = platform or Platform()
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.platform = self.platform
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.platform.host = self.url
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="wechat-standin", daemon=True
        )

    def start(self) -> StandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def demo_platform(out_dir: Path) -> Iterator[dict[str, dict[str, Any]]]:
    """The stand-in for ``gov-disclosure demo``: started on a free port, its AppID and
    AppSecret in a 0600 secrets file under the demo's private folder (removed after)."""
    secrets = out_dir / "private" / "wechat-standin.toml"
    secrets.parent.mkdir(parents=True, exist_ok=True)
    with StandIn() as standin:
        text = f'appid = "{standin.platform.appid}"\nsecret = "{standin.platform.secret}"\n'
        write_atomic(secrets, text.encode(), mode=PRIVATE)
        try:
            yield {
                "wechat": {
                    "api_base": standin.url,
                    "secrets_file": str(secrets),
                    "poll_seconds": 0,
                }
            }
        finally:
            secrets.unlink(missing_ok=True)
