"""Attachments as platform materials, images inside the article, and the cover image.

The platform keeps files of four kinds as permanent materials (永久素材,
``material/add_material``): images (bmp, png, jpeg, jpg, gif up to 10 MB), voice (mp3, wma,
wav, amr up to 2 MB), video (mp4 up to 10 MB) and thumbs. An attachment of those kinds is
uploaded as a material; an image (jpg or png up to 1 MB) is also uploaded with
``media/uploadimg`` and shown inside the article at the URL the platform returns (articles may
show only images the platform hosts). Other attachments (PDF, Word, Excel …) have no material
type: the article names them and links the item page on the body's own site.

Every upload is saved in the delivery's progress as soon as the platform answers, so a rerun
uploads nothing twice. The cover (``thumb_media_id``) is the configured material id, else the
body's configured cover image, else a generated default; an uploaded cover is remembered by
its SHA-256 in the channel state and reused by every article.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gov_disclosure.channels import AttachmentView, ChannelState, PublishedEdition

from .client import WechatClient

MATERIAL_TYPES = {
    "image": ({"bmp", "png", "jpeg", "jpg", "gif"}, 10 * 1024 * 1024),
    "voice": ({"mp3", "wma", "wav", "amr"}, 2 * 1024 * 1024),
    "video": ({"mp4"}, 10 * 1024 * 1024),
}
INLINE_IMAGE = ({"jpg", "jpeg", "png"}, 1024 * 1024)  # media/uploadimg
COVER_SIZE = (900, 383)  # the platform's 2.35:1 cover
COVER_COLOUR, BAND_COLOUR = (0xB7, 0x1C, 0x1C), (0xF5, 0xE6, 0xC8)


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def material_type(attachment: AttachmentView) -> str | None:
    """The material type the platform takes ``attachment`` as (``None``: not a material)."""
    for kind, (extensions, limit) in MATERIAL_TYPES.items():
        if _extension(attachment.name) in extensions and attachment.size <= limit:
            return kind
    return None


def inline_image(attachment: AttachmentView) -> bool:
    """Whether ``attachment`` can be shown inside the article (``media/uploadimg``)."""
    extensions, limit = INLINE_IMAGE
    return _extension(attachment.name) in extensions and attachment.size <= limit


def upload_attachments(
    client: WechatClient,
    edition: PublishedEdition,
    progress: dict[str, Any],
    save: Callable[[], None],
) -> None:
    """Upload ``edition``'s attachments not uploaded yet; ``progress`` gains ``materials``
    (name → media_id) and ``images`` (name → URL), saved after each upload."""
    materials = progress.setdefault("materials", {})
    images = progress.setdefault("images", {})
    for attachment in edition.attachments:
        kind = material_type(attachment)
        if kind is not None and attachment.name not in materials:
            fields = {}
            if kind == "video":
                intro = {"title": attachment.name[:64], "introduction": edition.title[:120]}
                fields["description"] = json.dumps(intro, ensure_ascii=False)
            data = client.upload(
                "/cgi-bin/material/add_material",
                attachment.name,
                attachment.path.read_bytes(),
                params={"type": kind},
                fields=fields,
            )
            materials[attachment.name] = str(data["media_id"])
            save()
        if inline_image(attachment) and attachment.name not in images:
            data = client.upload(
                "/cgi-bin/media/uploadimg", attachment.name, attachment.path.read_bytes()
            )
            images[attachment.name] = str(data["url"])
            save()


def default_cover() -> bytes:
    """A plain cover (PNG, 900 × 383): a red field with a light band, made without Pillow."""
    width, height = COVER_SIZE
    band = range(height * 2 // 3, height * 2 // 3 + 12)
    red, light = bytes(COVER_COLOUR) * width, bytes(BAND_COLOUR) * width
    raw = b"".join(b"\x00" + (light if y in band else red) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def cover_media_id(
    client: WechatClient, state: ChannelState, configured: str, cover_image: Path | None
) -> str:
    """The ``thumb_media_id`` of every article (see the module's docstring)."""
    if configured:
        return configured
    if cover_image is not None:
        name, data = cover_image.name, cover_image.read_bytes()
    else:
        name, data = "cover.png", default_cover()
    # materials belong to an account on a platform: the key names both
    account = hashlib.sha256(f"{client.api_base} {client.credentials.appid}".encode())
    key = f"cover:{account.hexdigest()[:16]}:{hashlib.sha256(data).hexdigest()}"
    known = state.get(key)
    if known:
        return str(known["media_id"])
    answer = client.upload("/cgi-bin/material/add_material", name, data, params={"type": "image"})
    state.set(key, {"media_id": str(answer["media_id"]), "name": name})
    return str(answer["media_id"])
