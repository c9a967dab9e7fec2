"""What ``gov-disclosure run`` (and the demo) print: one summary with counts, in Chinese.

Details (each delivery, each reminder nobody could be given) go to the log; the terminal gets
one line of counts, the failures (at most ten, then how many more) and the warnings an office
must act on, such as a ``base_url`` still on localhost while items are published.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import click

from ..i18n import _

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}


def local_base_url(base_url: str) -> bool:
    """Whether ``base_url`` points at this machine (so no one else can open its links)."""
    host = (urlsplit(base_url).hostname or "").lower()
    return host in LOCAL_HOSTS or host.endswith(".localhost")


def base_url_warning(base_url: str) -> str | None:
    """The warning for a ``[site] base_url`` on localhost, or None."""
    if not local_base_url(base_url):
        return None
    return _(
        "[site] base_url is {url}: links, QR codes, feeds and the sitemap point at this "
        "machine; set the public address of the website in the config"
    ).format(url=base_url)


def summary_line(result: dict[str, Any]) -> str:
    """The counts of one run."""
    return _(
        "published {published}, expired {expired}, delivered {delivered}, failed {failed}, "
        "given up {dead}, reminded {reminded}, not reminded (nobody to tell) {not_reminded}"
    ).format(**{k: result.get(k, 0) for k in (
        "published", "expired", "delivered", "failed", "dead", "reminded", "not_reminded"
    )})  # fmt: skip


def print_summary(result: dict[str, Any], base_url: str) -> None:
    """Print one run's summary, failures and warnings."""
    click.echo(summary_line(result))
    closed = result.get("applications_closed") or []
    if closed:
        click.echo(
            _("applications closed (补正 or fee period passed): {numbers}").format(
                numbers=_(", ").join(closed)
            )
        )
    errors = list(result.get("errors") or [])
    for e in errors[:10]:
        click.echo(_("  failed: {error}").format(error=e), err=True)
    if len(errors) > 10:
        click.echo(
            _("  … and {n} more failures (see the log)").format(n=len(errors) - 10), err=True
        )
    warnings = [_(w) for w in result.get("warnings") or []]
    publishes = any(result.get(k) for k in ("published", "delivered", "expired"))
    local = base_url_warning(base_url)
    if local and publishes:
        warnings.append(local)
    for w in warnings:
        click.echo(_("  warning: {warning}").format(warning=w), err=True)
