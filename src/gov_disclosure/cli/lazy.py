"""Start fast: commands are imported when they run, not when ``gov-disclosure`` starts.

:class:`LazyGroup` knows the built-in commands by name, import path and help summary
(:data:`BUILTIN`), and the plugins' commands through :mod:`.plugin_index` (read from a cache
of what the installed plugins registered, rebuilt when a plugin changes), so ``--help`` and a
simple command import neither the other commands nor the plugins nor their heavy libraries
(docx, openpyxl, fastapi, jinja2 …).
"""

from __future__ import annotations

import importlib

import click

from ..i18n import N_, _

# name -> (module under gov_disclosure.cli, attribute, help summary (English msgid))
BUILTIN: dict[str, tuple[str, str, str]] = {
    "init": (
        "setup_cmd",
        "init",
        N_("Create the config, the database and the first administrator."),
    ),
    "plugins": (
        "setup_cmd",
        "plugins_cmd",
        N_("List installed plugins: versions, hooks and channels."),
    ),
    "org": ("orgs_cmd", "org_group", N_("Bodies: townships, villages, departments.")),
    "actor": ("orgs_cmd", "actor_group", N_("People who draft, review and approve.")),
    "item": ("items_cmd", "item_group", N_("Disclosure items and the catalogue.")),
    "run": (
        "publish_cmd",
        "run_cmd",
        N_("Do all due work once: publish, expire, deliver and retry."),
    ),
    "deliveries": (
        "publish_cmd",
        "deliveries_cmd",
        N_("Deliveries pending, failed and done, per channel."),
    ),
    "audit": ("audit_cmd", "audit_group", N_("The tamper-evident audit log.")),
    "apply": (
        "apply_cmd",
        "apply_group",
        N_("Disclosure on application: applications, deadlines, replies."),
    ),
    "fee": (
        "fee_cmd",
        "fee_cmd",
        N_("Information processing fee for a month's applications or pages."),
    ),
    "report": (
        "report_cmd",
        "report_group",
        N_("The annual report on government information disclosure."),
    ),
    "guide": (
        "report_cmd",
        "guide_command",
        N_("The disclosure guide (.docx and .html) from the config."),
    ),
    "catalogue": (
        "report_cmd",
        "catalogue_command",
        N_("The disclosure catalogue as CSV, JSON or XLSX."),
    ),
    "archive": (
        "report_cmd",
        "archive_group",
        N_("Archive a year's records, or verify an archive."),
    ),
    "due": ("supervise_cmd", "due_cmd", N_("Everything owed, soonest first: who, by when, why.")),
    "complaint": ("supervise_cmd", "complaint_group", N_("Reports, complaints and suggestions.")),
    "scorecard": (
        "supervise_cmd",
        "scorecard_cmd",
        N_("Assessment scorecard per office for a period."),
    ),
    "worker": ("worker_cmd", "worker_cmd", N_("Work deliveries from the outbox until stopped.")),
    "serve": ("serve_cmd", "serve_cmd", N_("Serve the HTTP API.")),
    "token": (
        "serve_cmd",
        "token_group",
        N_("Bearer tokens of the HTTP API (administrators only)."),
    ),
    "demo": (
        "demo_cmd",
        "demo_cmd",
        N_("Build the demo township and publish it to every channel."),
    ),
    "calendar": (
        "calendar",
        "calendar_group",
        N_("Working days, deadlines and official holiday schedules."),
    ),
    "review": ("review", "review_group", N_("Confidentiality review: screen, mask, approve.")),
    "doctor": ("doctor_cmd", "doctor_cmd", N_("Check this office's setup and say what to fix.")),
}

# modules that add subcommands to a built-in group when imported
_ADD_ONS: dict[str, tuple[str, ...]] = {"review": ("approval_cmd",)}


def load_builtin(name: str) -> click.Command:
    """Import the built-in command ``name`` (and the modules that extend it)."""
    module, attr, summary = BUILTIN[name]
    command: click.Command = getattr(importlib.import_module(f"{__package__}.{module}"), attr)
    for extra in _ADD_ONS.get(name, ()):
        importlib.import_module(f"{__package__}.{extra}")
    command.short_help = command.short_help or summary
    return command


class LazyGroup(click.Group):
    """The top-level group: built-in and plugin commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from .plugin_index import plugin_commands

        names = set(self.commands) | set(BUILTIN) | set(plugin_commands())
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name in BUILTIN:
            command = load_builtin(cmd_name)
            self.add_command(command, cmd_name)
            return command
        from .plugin_index import register_plugin_commands

        register_plugin_commands(self)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the summaries known without importing any command."""
        from .plugin_index import plugin_commands

        plugins = plugin_commands()
        rows: list[tuple[str, str]] = []
        for name in self.list_commands(ctx):
            if name in BUILTIN:
                summary = _(BUILTIN[name][2])
            elif name in self.commands:  # loaded already: its help in today's language
                summary = self.commands[name].get_short_help_str(formatter.width)
            elif name in plugins:
                summary = plugins[name]
            else:
                continue
            rows.append((name, summary))
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)

    def mount_all(self) -> None:
        """Import every built-in command now (for tools that walk the whole tree)."""
        for name in BUILTIN:
            self.get_command(click.Context(self), name)
