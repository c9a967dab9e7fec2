"""Refresh the message catalogs: extract, merge into the .po files, compile the .mo files.

Run: ``python scripts/update_catalog.py`` after adding or changing a ``_()`` / ``N_()``
message; then translate the new entries in
``src/gov_disclosure/locale/zh_CN/LC_MESSAGES/gov_disclosure.po`` (empty ``msgstr``) and run it
again. ``--check`` only reports untranslated or stale entries (exit 1), as tests/test_i18n.py does.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "gov_disclosure" / "locale" / "zh_CN" / "LC_MESSAGES"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
SOURCES = ("src", "plugins")


def extracted() -> Catalog:
    """Every message marked in the library and the built-in plugins."""
    template = Catalog(project="gov-disclosure", fuzzy=False)
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / folder,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",),
        ):
            template.add(
                message,
                None,
                [(f"{folder}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    for text, path in help_texts().items():
        template.add(text, None, [(f"help of {path}", 0)])
    return template


def help_texts() -> dict[str, str]:
    """Each command's help summary (its catalog id) -> the command's path, core and plugins."""
    import os

    saved = os.environ.get("LANGUAGE")
    os.environ["LANGUAGE"] = "en"
    try:
        return _walk_help()
    finally:
        if saved is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = saved


def _walk_help() -> dict[str, str]:
    import click

    from gov_disclosure.cli.helptext import help_id
    from gov_disclosure.cli.main import _mount, _plugin_commands, cli

    _mount()
    _plugin_commands()
    found: dict[str, str] = {}

    def walk(command: click.Command, path: str) -> None:
        for text in (command.help, command.short_help):
            if text and help_id(text):
                found.setdefault(help_id(text), path)
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                child = command.get_command(ctx, name)
                if child is not None and not child.hidden:
                    walk(child, f"{path} {name}")

    walk(cli, "gov-disclosure")
    return found


def read(domain: str) -> Catalog:
    with (LOCALE / f"{domain}.po").open("rb") as f:
        return read_po(f, locale="zh_CN", domain=domain)


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def problems(catalog: Catalog, template: Catalog | None) -> list[str]:
    """Untranslated entries, and (with ``template``) marked messages missing from the .po."""
    found = [f"untranslated: {m.id!r}" for m in catalog if m.id and not m.string]
    if template is not None:
        found += [f"not in catalog: {m.id!r}" for m in template if m.id and m.id not in catalog]
    return found


def main(check: bool) -> int:
    template = extracted()
    catalog = read("gov_disclosure")
    if not check:
        catalog.update(template, no_fuzzy_matching=True)
        with (LOCALE / "gov_disclosure.po").open("wb") as f:
            write_po(
                f,
                catalog,
                width=100,
                omit_header=False,
                sort_output=True,
                ignore_obsolete=True,
                include_lineno=False,
            )
        catalog = read("gov_disclosure")
    bad = problems(catalog, template)
    for domain in ("gov_disclosure", "click"):
        mo = compiled(read(domain))
        target = LOCALE / f"{domain}.mo"
        if not check:
            target.write_bytes(mo)
        elif not target.exists() or target.read_bytes() != mo:
            bad.append(f"{target.name} is not compiled from {domain}.po")
    for line in bad:
        print(line, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
