"""``serve`` (the HTTP API) and ``token create|list|revoke`` (its bearer tokens)."""

from __future__ import annotations

import click
from rich.table import Table

from ..i18n import N_, _
from .context import get_env, open_app
from .identity import actor_option
from .output import console


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help=N_("address to listen on"))
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(1, 65535),
    help=N_("port to listen on"),
)
def serve_cmd(host: str, port: int) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json, browsable at /docs)."""
    from ..http.server import serve

    app = open_app(get_env())
    click.echo(
        _("gov-disclosure HTTP API at {url}").format(url=f"http://{host}:{port}/docs"), err=True
    )
    serve(app, host, port)


@click.group("token")
def token_group() -> None:
    """Bearer tokens of the HTTP API, each bound to one actor (管理员 only)."""


@token_group.command("create")
@click.option("--actor", required=True, help=N_("the person the token acts as"))
@actor_option("--by", "admin", help=N_("the administrator issuing it"))
@click.option(
    "--expires", default="90d", show_default=True, help=N_("lifetime, e.g. 90d, 12h or never")
)
def token_create(actor: str, admin: str, expires: str) -> None:
    """Issue a token; its secret is printed once and stored only as a hash."""
    from ..http.tokens import TokenRepository, parse_lifetime

    issued = TokenRepository(open_app(get_env())).create(actor, admin, parse_lifetime(expires))
    until = issued.info.expires_at.isoformat() if issued.info.expires_at else _("never")
    click.echo(
        _("token {id} for {actor}, expires {until} (shown once, keep it safe):").format(
            id=issued.info.id, actor=actor, until=until
        )
    )
    click.echo(issued.secret)


@token_group.command("list")
def token_list() -> None:
    """Every token (never its secret): actor, state, expiry."""
    from ..http.tokens import TokenRepository

    app = open_app(get_env())
    now = app.utc_now()
    table = Table("id", "actor", "secret starts", "state", "by", "created", "expires")
    for t in TokenRepository(app).list():
        table.add_row(
            str(t.id),
            t.actor,
            t.hint + "…",
            t.state(now),
            t.created_by,
            f"{t.created_at:%Y-%m-%d}",
            f"{t.expires_at:%Y-%m-%d}" if t.expires_at else "never",
        )
    console(width=120).print(table)


@token_group.command("revoke")
@click.argument("token_id", type=int)
@actor_option("--by", "admin", help=N_("the administrator revoking it"))
def token_revoke(token_id: int, admin: str) -> None:
    """Revoke a token at once."""
    from ..http.tokens import TokenRepository

    info = TokenRepository(open_app(get_env())).revoke(token_id, admin)
    click.echo(_("token {id} of {actor} revoked").format(id=info.id, actor=info.actor))


COMMANDS = [serve_cmd, token_group]
