"""Messages people see, Chinese first: gettext catalogs with English message ids.

Every message a user sees (CLI errors, statuses, prompts, help summaries) is written in code
as English wrapped in :func:`_` (or :func:`ngettext`) and translated from the catalog
``locale/zh_CN/LC_MESSAGES/gov_disclosure.po`` (compiled to ``.mo``). Simplified Chinese is
the default; English is shown when the user's locale asks for it: ``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES`` or ``LANG`` (the first one set, in that order) starting with ``en``. Logs
stay English whatever the locale (log the English text, not ``_()`` of it).

Click's own messages ("Missing option", "No such command" …) come from the ``click``
catalog beside ours: :func:`install_click` points click's translation functions here.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

DOMAIN = "gov_disclosure"
CLICK_DOMAIN = "click"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language() -> str:
    """``"en"`` when the locale asks for English, else ``"zh_CN"`` (the default)."""
    for var in _LOCALE_VARS:
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh_CN"
    return "zh_CN"


def is_english() -> bool:
    """Whether messages are shown in English (``LANG=en…``)."""
    return language() == "en"


@lru_cache(maxsize=8)
def _catalog(domain: str, lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(domain, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` (English) in the user's language."""
    return _catalog(DOMAIN, language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the user's language."""
    return _catalog(DOMAIN, language()).ngettext(singular, plural, n)


def chinese(message: str) -> str:
    """``message`` in Simplified Chinese whatever the locale (itself when the catalog lacks it)."""
    return _catalog(DOMAIN, "zh_CN").gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (translate at use)."""
    return message


# click stores these in its options once (at first use): kept English there, they are
# translated when help is rendered (gov_disclosure.cli.helptext), in the language of that moment
_RENDER_TIME = frozenset({"Show this message and exit.", "Show the version and exit."})


def _click_gettext(message: str) -> str:
    if message in _RENDER_TIME:
        return message
    return _catalog(CLICK_DOMAIN, language()).gettext(message)


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(CLICK_DOMAIN, language()).ngettext(singular, plural, n)


def install_click() -> None:
    """Translate click's own messages (usage errors, help headings) from our ``click`` catalog."""
    import sys

    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = _click_gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = _click_ngettext  # type: ignore[attr-defined]
