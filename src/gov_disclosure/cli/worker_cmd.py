"""``worker``: a long-running delivery worker (run many, on many machines, against PostgreSQL)."""

from __future__ import annotations

import json
import logging
import sys

import click

from ..i18n import N_
from ..publishing.worker import Worker, WorkerSettings, default_worker_id
from .choices import EnumChoice
from .context import get_env, open_app

LEVELS = ("debug", "info", "warning", "error")


@click.command("worker")
@click.option("--id", "name", help=N_("unique name of this worker (default: <host>:<pid>)"))
@click.option(
    "--poll",
    "poll",
    type=float,
    default=1.0,
    show_default=True,
    help=N_("seconds to wait when nothing is due"),
)
@click.option("--once", is_flag=True, help=N_("stop when nothing is due instead of waiting"))
@click.option("--channels", help=N_("comma-separated channels this worker serves (default: all)"))
@click.option("--max-seconds", type=float, help=N_("stop cleanly after this many seconds"))
@click.option(
    "--batch", type=int, default=50, show_default=True, help=N_("deliveries claimed at a time")
)
@click.option(
    "--log-level",
    type=EnumChoice.of("LogLevel", LEVELS),
    default="info",
    show_default=True,
    help=N_("how much to log"),
)
@click.option("--json", "as_json", is_flag=True, help=N_("print the final counts as JSON"))
def worker_cmd(
    name: str | None,
    poll: float,
    once: bool,
    channels: str | None,
    max_seconds: float | None,
    batch: int,
    log_level: str,
    as_json: bool,
) -> None:
    """Work deliveries from the outbox until SIGTERM/SIGINT (clean stop: the delivery in hand
    is finished, unstarted claims are given back). Any number of workers may share one
    PostgreSQL database; see docs/scaling.md."""
    logging.basicConfig(
        level=log_level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,  # replaces the CLI's log file: a worker logs to stderr (systemd, docker)
    )
    settings = WorkerSettings(
        name=name or default_worker_id(),
        poll_seconds=poll,
        once=once,
        channels=tuple(c.strip() for c in channels.split(",") if c.strip()) if channels else None,
        max_seconds=max_seconds,
        batch=batch,
    )
    worker = Worker(open_app(get_env()).publishing, settings)
    worker.install_signal_handlers()
    stats = worker.run()
    result = {
        "worker": settings.name,
        "done": stats.done,
        "failed": stats.failed,
        "dead": stats.dead,
        "released": stats.released,
    }
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        click.echo(
            f"worker {settings.name}: delivered {stats.done}, failed {stats.failed}, "
            f"given up {stats.dead}, released {stats.released}"
        )


COMMANDS = [worker_cmd]
