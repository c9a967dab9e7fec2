"""The ``gov-disclosure`` command line.

Plugin commands (the ``register_commands`` hook) reach the running command's database and
config only through this module: :func:`current_env` (where the database and config are) and
:func:`current_app` (the :class:`gov_disclosure.app.App` for them, built once per command)
and :func:`actor_option` (the acting actor of a command that changes something);
:func:`pdf_option` and :func:`with_pdfs` add a ``--pdf`` option that converts written files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .context import Env, get_env, open_app
from .identity import actor_option
from .pdf import pdf_option, with_pdfs

if TYPE_CHECKING:
    from ..app import App


def current_env() -> Env:
    """Where the running command's database and config are (``--db``, ``--config``, …)."""
    return get_env()


def current_app() -> App:
    """The App of the running command; raises when the database needs ``gov-disclosure init``."""
    return get_env().app()


__all__ = [
    "Env",
    "actor_option",
    "current_app",
    "current_env",
    "open_app",
    "pdf_option",
    "with_pdfs",
]
