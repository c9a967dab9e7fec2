"""``[channels.email]``: where the SMTP server is and who receives the e-mails.

Every key is optional: without ``host`` the channel is installed but does nothing (it accepts
no item and sends no reminder), so installing the plugin never breaks a running office.
The password is never written in the config file: ``password_env`` names the environment
variable that holds it.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

_ADDRESS = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$|^[^@\s<>\"]+@localhost$")


def check_address(value: str) -> str:
    """A bare e-mail address (``name@example.gov.cn``), without a display name."""
    value = value.strip()
    if not _ADDRESS.match(value):
        raise ValueError(f"{value!r} is not an e-mail address (name@domain)")
    return value


class EmailSettings(BaseModel):
    """The ``[channels.email]`` table. An unknown key is an error naming the key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str | None = Field(None, description="SMTP server; unset: the channel is inert")
    port: int = Field(25, ge=1, le=65535)
    starttls: bool = Field(False, description="upgrade the connection with STARTTLS")
    ca_file: Path | None = Field(
        None, description="CA certificates (PEM) to verify the server with; default: the system's"
    )
    username: str | None = None
    password_env: str | None = Field(
        None,
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
        description="name of the environment variable holding the SMTP password",
    )
    sender: str = Field("gov-disclosure@localhost", description="envelope and From address")
    sender_name: str | None = Field(None, description="From display name; default: the body")
    recipients: list[str] = Field(default_factory=list, description="addresses (sent as Bcc)")
    subject_prefix: str | None = Field(None, description="default: 【<short name>政务公开】")
    timeout_seconds: float = Field(30, gt=0, le=600)
    columns: list[str] = Field(default_factory=list, description="only these 栏目; empty: all")
    link_base: str | None = Field(None, description="website root; default: [site].base_url")

    @field_validator("sender")
    @classmethod
    def _sender(cls, value: str) -> str:
        return check_address(value)

    @field_validator("recipients")
    @classmethod
    def _recipients(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(check_address(v) for v in value))

    @property
    def configured(self) -> bool:
        """Whether the channel has a server to talk to."""
        return bool(self.host)
