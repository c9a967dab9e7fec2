"""The official account's appid and secret: from the environment or a private file."""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass, field

from gov_disclosure.errors import ConfigError

from .settings import WechatSettings


@dataclass(frozen=True)
class Credentials:
    appid: str
    secret: str = field(repr=False)  # never printed, logged or stored


def load_credentials(settings: WechatSettings) -> Credentials:
    """The environment variables win; otherwise ``secrets_file``, which must be mode 0600."""
    appid = os.environ.get(settings.appid_env, "").strip()
    secret = os.environ.get(settings.secret_env, "").strip()
    if appid and secret:
        return Credentials(appid, secret)
    path = settings.secrets_file
    if path is None:
        raise ConfigError(
            "channels.wechat.secrets_file",
            f"set {settings.appid_env} and {settings.secret_env}, or a secrets file",
        )
    try:
        mode = path.stat().st_mode
        if stat.S_IMODE(mode) & 0o077:
            raise ConfigError(
                "channels.wechat.secrets_file", f"{path} must be readable by its owner only (0600)"
            )
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError("channels.wechat.secrets_file", f"cannot read {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("channels.wechat.secrets_file", f"{path}: not TOML: {exc}") from None
    appid, secret = str(data.get("appid", "")).strip(), str(data.get("secret", "")).strip()
    if not appid or not secret:
        raise ConfigError("channels.wechat.secrets_file", f"{path} needs appid and secret")
    return Credentials(appid, secret)
