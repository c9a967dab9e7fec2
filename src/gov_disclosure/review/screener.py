"""The screener: built-in rules + dictionaries + plugin rules over every text of an edition."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import pluggy

from ..errors import PluginError
from .dictionary import DEFAULT_DICTIONARY, Term, TermMatcher, load_dictionary
from .findings import Batch, Finding, Findings, Rule, Severity
from .markings import SecretMarkingRule
from .personal_rule import PersonalDataRule
from .readers import ManualReviewNeeded, read_attachment

DictionarySource = str | Path | Iterable[Term]
FileLocator = Callable[[str], Path]
"""Where an attachment's file is, from its sha256 (e.g. ``BlobStore.open_path``)."""


class Screener:
    """Runs every rule over a text or over an edition's title, summary, body, tables, attachments.

    :param rules: extra rule objects (``name`` + ``find(text)``), e.g. from plugins.
    :param dictionaries: dictionary files or iterables of :class:`Term`; all are merged into
        one automaton with the default dictionary (unless ``default_dictionary=False``).
    :param builtin: include the secret-marking and personal-data rules.
    :param keep_numbers: the office's own published numbers (监督电话, 咨询电话, 传真), which the
        personal-data rule never flags.
    """

    def __init__(
        self,
        *,
        rules: Iterable[Rule] = (),
        dictionaries: Iterable[DictionarySource] = (),
        builtin: bool = True,
        default_dictionary: bool = True,
        keep_numbers: Collection[str] = (),
    ) -> None:
        sources: list[DictionarySource] = [DEFAULT_DICTIONARY] if default_dictionary else []
        sources.extend(dictionaries)
        self.matcher = TermMatcher(t for source in sources for t in _terms_of(source))
        self.keep_numbers = frozenset(keep_numbers)
        own: list[Any] = [SecretMarkingRule(), PersonalDataRule(keep_numbers)] if builtin else []
        self._builtin: tuple[Any, ...] = (*own, self.matcher)
        self._plugin: tuple[Rule, ...] = tuple(_checked(r) for r in rules)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule, built-in ones first."""
        return (*self._builtin, *self._plugin)

    @classmethod
    def from_plugins(
        cls, pm: pluggy.PluginManager, *, dictionaries: Iterable[DictionarySource] = (), **kw: Any
    ) -> Screener:
        """A screener with the rules and dictionaries plugins add (``register_screening_rules``)."""
        rules: list[Rule] = []
        extra: list[DictionarySource] = list(dictionaries)
        pm.hook.register_screening_rules(
            register_rule=rules.append, register_dictionary=extra.append
        )
        return cls(rules=rules, dictionaries=extra, **kw)

    def screen_text(self, text: str, field: str = "text") -> Findings:
        """Every finding of every rule in ``text``, ordered by position (built on first use,
        see :class:`.findings.Findings`)."""
        batches: list[Batch] = []
        for builtin in self._builtin:
            found = builtin.find(text, field)
            if isinstance(found, Findings):
                batches.extend(found.batches())
            else:
                batches.append(_ready(list(found)))
        for rule in self._plugin:
            batches.append(_ready(_run_plugin_rule(rule, text, field)))
        return Findings(batches)

    def screen(
        self,
        subject: Any,
        *,
        attachment_texts: Mapping[str, str] | None = None,
        files: FileLocator | None = None,
    ) -> list[Finding]:
        """Screen a text, or an edition (``EditionDraft``, ``Edition``, ``PublishedEdition``).

        Attachments are read (:func:`.readers.read_attachment`) from their ``path`` when they
        have one, else from ``files(sha256)``; or pass their text in ``attachment_texts`` by
        attachment name. An attachment screening cannot read (a scan, an unknown format) is a
        blocking finding: a person checks it and overrides with a reason. A corrupt,
        password-protected or oversized file raises :class:`.UnreadableDocumentError`.
        """
        return self.screen_fields(texts_of(subject, attachment_texts, files))

    def screen_fields(self, fields: Iterable[tuple[str, str | None]]) -> list[Finding]:
        """Screen (field, text) pairs from :func:`texts_of` (None: needs manual review)."""
        findings: list[Finding] = []
        for field, text in fields:
            if text is None:
                findings.append(_unscreened(field))
            else:
                findings.extend(self.screen_text(text, field))
        return findings


@functools.cache
def default_screener() -> Screener:
    """The built-in rules and the default dictionary (built once per process)."""
    return Screener()


def screen(subject: Any, **kw: Any) -> list[Finding]:
    """Screen a text or an edition with :func:`default_screener` (see :meth:`Screener.screen`)."""
    return default_screener().screen(subject, **kw)


def texts_of(
    subject: Any,
    attachment_texts: Mapping[str, str] | None = None,
    files: FileLocator | None = None,
) -> list[tuple[str, str | None]]:
    """(field, text) pairs to screen; the text is None for an attachment a person must review
    (a scan, a format screening does not read, or no file given)."""
    if isinstance(subject, str):
        return [("text", subject)]
    pairs: list[tuple[str, str | None]] = [
        (name, getattr(subject, name, "") or "") for name in ("title", "summary", "body")
    ]
    for table in getattr(subject, "tables", ()):
        rows = [table.caption, "\t".join(table.columns)]
        rows += ["\t".join(str(c) for c in row) for row in table.rows]
        pairs.append((f"table:{table.caption}", "\n".join(rows)))
    given = attachment_texts or {}
    for att in getattr(subject, "attachments", ()):
        field = f"attachment:{att.name}"
        if att.name in given:
            pairs.append((field, given[att.name]))
            continue
        path = getattr(att, "path", None)
        if path is None and files is not None:
            path = files(att.sha256)
        pairs.append((field, _attachment_text(att.name, path)))
    return pairs


def _attachment_text(name: str, path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return read_attachment(path, name)
    except ManualReviewNeeded:
        return None


def _terms_of(source: DictionarySource) -> Iterable[Term]:
    if isinstance(source, str | Path):
        return load_dictionary(source)
    terms = list(source)
    bad = [t for t in terms if not isinstance(t, Term)]
    if bad:
        raise PluginError("register_dictionary", f"expected a path or Term objects, got {bad[0]!r}")
    return terms


def _checked(rule: Any) -> Rule:
    name = getattr(rule, "name", None)
    if not isinstance(name, str) or not name or not callable(getattr(rule, "find", None)):
        raise PluginError(repr(rule), "a screening rule needs a 'name' and a 'find(text)' method")
    return rule


def _run_plugin_rule(rule: Rule, text: str, field: str) -> list[Finding]:
    try:
        found = list(rule.find(text))
    except Exception as exc:
        raise PluginError(rule.name, f"screening rule failed: {exc!r}") from exc
    out: list[Finding] = []
    for f in found:
        if not isinstance(f, Finding) or not 0 <= f.start <= f.end <= len(text):
            raise PluginError(rule.name, f"returned a bad finding (no Finding in the text): {f!r}")
        out.append(dataclasses.replace(f, field=field))
    return out


def _ready(found: list[Finding]) -> Batch:
    return (len(found), lambda: found)


def _unscreened(field: str) -> Finding:
    name = field.removeprefix("attachment:")
    return Finding(
        rule="attachment_unscreened",
        severity=Severity.BLOCK,
        start=0,
        end=0,
        matched="",
        message_zh=(
            f"附件「{name}」无法自动审查（扫描件或不支持的格式），须人工审查后由保密审查员说明理由放行"
        ),
        message_en=(
            f"attachment '{name}' could not be screened automatically (a scan or an unread "
            "format): a person reviews it, and an override with a reason lets it through"
        ),
        field=field,
    )
