"""Who is acting on the command line.

Trust model: the CLI trusts the operating system's account. When ``[authority.os_accounts]``
binds accounts to actors, a command acts as the actor of the account running it (read from
the process's user id, not from ``$USER``, which anyone can set) and refuses ``--actor`` for
anyone else; an account that is not bound is refused. Without the table, ``--actor`` names the
actor and is believed, as the Python API believes its caller: set the table on a shared
office server.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click

from ..errors import GovDisclosureError, PermissionDeniedError
from ..i18n import N_
from .context import Env


def os_account() -> str:
    """The login name of the process's effective user."""
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):  # no pwd database (Windows): the session's user
        import getpass

        return getpass.getuser()


def _refuse(env: Env, actor: str, action: str, reason: str, kind: str) -> None:
    """Log the refusal (when the database is there) and raise it."""
    error = PermissionDeniedError(actor, action, reason, kind=kind)
    try:
        from .. import audit

        app = env.app()
        with app.store.transaction() as conn:
            audit.append(
                conn,
                actor,
                "refused",
                f"actor:{actor}",
                {"action": action, "reason": reason, "kind": kind, "os_account": os_account()},
            )
    except GovDisclosureError:
        pass  # no database yet: nothing to log into
    raise error


def resolve_actor(
    env: Env, given: str | None, option: str = "--actor", action: str = "", required: bool = True
) -> str | None:
    """The acting actor: the logged-in account's when accounts are bound, else ``given``
    (None when nobody is named and ``required`` is false)."""
    accounts = (env.config.get("authority") or {}).get("os_accounts") or {}
    action = action or "cli"
    if accounts:
        login = os_account()
        bound = accounts.get(login)
        if bound is None:
            _refuse(
                env,
                given or login,
                action,
                f"操作系统账户 {login} 未绑定人员 the account is not bound to an actor "
                "([authority.os_accounts])",
                "unbound_account",
            )
        if given and given != bound:
            _refuse(
                env,
                given,
                action,
                f"当前账户 {login} 绑定的人员是 {bound}，不能以 {given} 的身份操作 "
                f"the account {login} acts as {bound} only",
                "not_own_account",
            )
        return str(bound)
    if not given and not required:
        return None
    if not given:
        raise GovDisclosureError(
            f"请用 {option} 指明操作人员 name the acting actor with {option} "
            "(or bind operating-system accounts in [authority.os_accounts])"
        )
    return given


def actor_option(
    *names: str,
    help: str = N_("the acting person (default: the logged-in account's actor)"),
    required: bool = True,
) -> Callable[[Any], Any]:
    """``--actor`` (or ``names``) resolved by :func:`resolve_actor` while parsing; with
    ``required=False`` the command gets None when nobody is named (and no account is bound)."""
    names = names or ("--actor",)

    def resolve(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        env = ctx.find_object(Env)
        if env is None:  # a command run outside gov-disclosure's own CLI group
            env = Env()
        return resolve_actor(env, value, param.opts[0], ctx.command_path, required)

    return click.option(*names, default=None, callback=resolve, help=help)
