"""Ed25519 signatures on kiosk bundles: a kiosk installs only bundles its office signed.

The office keeps one key pair (``[channels.kiosk] signing_key``, default
``<private_dir>/kiosk-signing.key``, created 0600 on the first build, never inside the
output). Every build signs ``manifest.json`` (which lists every file of the bundle, the page
template and scripts included, with its SHA-256) into ``manifest.sig``. A kiosk trusts the
public keys in ``DEST/trusted-keys`` (one base64 key a line, installed by hand from
``gov-disclosure kiosk public-key``); ``kiosk pull`` and ``kiosk verify`` refuse a bundle whose
signature does not verify under one of them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from gov_disclosure.errors import ConfigError
from gov_disclosure.files import PRIVATE

from .manifest import KioskSyncError

SIGNATURE_NAME = "manifest.sig"
TRUSTED_NAME = "trusted-keys"


def key_id(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


def public_text(key: Ed25519PrivateKey) -> str:
    """The public key as one line of base64 (what ``trusted-keys`` holds)."""
    return base64.b64encode(public_bytes(key)).decode()


def load_or_create(path: Path) -> Ed25519PrivateKey:
    """The office's signing key at ``path``; created (mode 0600) when missing. A key file
    readable by group or others is refused."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the private folder
        seed = Ed25519PrivateKey.generate().private_bytes_raw()
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        fd = os.open(path, flags, PRIVATE)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(base64.b64encode(seed).decode() + "\n")
    if path.stat().st_mode & 0o077:
        raise ConfigError("channels.kiosk.signing_key", f"{path} must be 0600 (owner only)")
    try:
        seed = base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
        return Ed25519PrivateKey.from_private_bytes(seed)
    except ValueError:
        raise ConfigError("channels.kiosk.signing_key", f"{path} is not a key") from None


def sign(key: Ed25519PrivateKey, manifest: bytes) -> bytes:
    """The ``manifest.sig`` bytes for ``manifest``."""
    body = {
        "algorithm": "ed25519",
        "key_id": key_id(public_bytes(key)),
        "signature": base64.b64encode(key.sign(manifest)).decode(),
    }
    return (json.dumps(body, indent=1) + "\n").encode()


def parse_public(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip(), validate=True))
    except ValueError:
        raise ConfigError("kiosk public key", f"not an Ed25519 public key: {text[:20]}") from None


def read_trusted(source: Path | str) -> list[Ed25519PublicKey]:
    """Public keys from a ``trusted-keys`` file (one a line, ``#`` comments) or one key."""
    path = Path(source)
    text = path.read_text(encoding="ascii") if path.is_file() else str(source)
    lines = [ln.split("#")[0].strip() for ln in text.splitlines()]
    return [parse_public(ln) for ln in lines if ln]


def check(manifest: bytes, signature: bytes | None, trusted: list[Ed25519PublicKey]) -> str:
    """The id of the trusted key that signed ``manifest``; KioskSyncError otherwise."""
    if not trusted:
        raise KioskSyncError("没有受信任的公钥（trusted-keys），拒绝安装", retryable=False)
    if not signature:
        raise KioskSyncError("更新包没有签名（manifest.sig），拒绝安装", retryable=False)
    try:
        body = json.loads(signature.decode("utf-8"))
        raw = base64.b64decode(body["signature"], validate=True)
    except (ValueError, KeyError, TypeError):
        raise KioskSyncError("签名文件格式不对，拒绝安装", retryable=False) from None
    for public in trusted:
        try:
            public.verify(raw, manifest)
        except InvalidSignature:
            continue
        return key_id(public.public_bytes_raw())
    raise KioskSyncError("签名与本单位公钥不符，拒绝安装", retryable=False)
