"""The library's own exception hierarchy.

Every error raised on purpose derives from :class:`GovDisclosureError`, so callers can catch
one class; each subclass says *what* went wrong in attributes a program can read (``field``,
``rule``, ``state`` …) and in a one-line message a person can act on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .i18n import _


def term(word: object) -> str:
    """A field, record kind, state or action name in the user's language (itself if unknown)."""
    text = str(word)
    return _(text) if text else text


class GovDisclosureError(Exception):
    """Base class of every error gov_disclosure raises on purpose.

    ``str(error)`` is English (for logs and code); :meth:`localized` is the message a person
    sees, in the user's language (Simplified Chinese unless ``LANG=en``).
    """

    def localized(self) -> str:
        """The message in the user's language (the catalog's entry for the English text)."""
        return _(str(self))


def user_message(error: GovDisclosureError) -> str:
    """What the CLI shows for ``error``: its localized message."""
    return error.localized()


class InvalidInputError(GovDisclosureError, ValueError):
    """A value broke a rule. ``field`` names the field, ``rule`` the rule it broke."""

    def __init__(
        self,
        field: str,
        rule: str,
        value: object = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.field = field
        self.params = dict(params or {})
        self.rule_template = rule
        self.rule = rule.format(**self.params) if self.params else rule
        self.value = value
        shown = "" if value is None else f" (got {value!r})"
        super().__init__(f"{field}: {self.rule}{shown}")

    def localized(self) -> str:
        rule = _(self.rule_template)
        rule = rule.format(**self.params) if self.params else rule
        shown = "" if self.value is None else _("(got {value})").format(value=repr(self.value))
        return _("{field}: {rule}").format(field=term(self.field), rule=rule) + shown


class IdentifierError(InvalidInputError):
    """An identifier (统一社会信用代码, 身份证号, mobile number …) is malformed."""


class EncodingError(InvalidInputError):
    """A text file could not be decoded (e.g. neither UTF-8 nor GBK)."""


@dataclass(frozen=True)
class RowProblem:
    """One bad row of an import: its line number in the file and what is wrong."""

    line: int
    message: str
    # the message in the user's language, when made apart from ``message``
    shown: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"

    def localized(self) -> str:
        return _("line {line}: {message}").format(
            line=self.line, message=self.shown or _(self.message)
        )


class ImportRowsError(GovDisclosureError):
    """An import found bad rows; nothing was written (unless asked to skip them)."""

    def __init__(self, source: str, problems: Sequence[RowProblem]) -> None:
        self.source = source
        self.problems = list(problems)
        first = "; ".join(str(p) for p in self.problems[:3])
        more = f" (and {len(self.problems) - 3} more)" if len(self.problems) > 3 else ""
        super().__init__(
            f"{source}: {len(self.problems)} bad row(s), nothing written: {first}{more}"
        )

    def localized(self) -> str:
        first = "; ".join(p.localized() for p in self.problems[:3])
        more = len(self.problems) - 3
        extra = _("(and {n} more)").format(n=more) if more > 0 else ""
        return _("{source}: {n} bad row(s), nothing written: {first}{more}").format(
            source=self.source, n=len(self.problems), first=first, more=extra
        )


class ConfigError(GovDisclosureError):
    """The configuration file is missing, unreadable or has a bad key."""

    def __init__(self, key: str, rule: str) -> None:
        self.key = key
        self.rule = rule
        super().__init__(f"config [{key}]: {rule}")

    def localized(self) -> str:
        return _("config [{key}]: {rule}").format(key=self.key, rule=_(self.rule))


class CalendarNotCoveredError(GovDisclosureError):
    """A date falls in a year for which no official working-day schedule is loaded."""

    def __init__(self, year: int, hint: str = "") -> None:
        self.year = year
        self.hint = hint
        hint = hint or (
            f"请用 'gov-disclosure calendar load 通知.txt' 载入国务院办公厅{year}年节假日安排通知，"
            '或在 [calendar] 中设 beyond_official = "provisional" 暂定计算'
        )
        super().__init__(
            f"工作日历：{year}年尚无官方节假日安排；{hint} "
            f"(calendar: no official working-day data for {year})"
        )

    def localized(self) -> str:
        if self.hint:
            return _("calendar: no official working-day data for {year}; {hint}").format(
                year=self.year, hint=self.hint
            )
        return _(
            "calendar: no official working-day data for {year}; load the State Council's "
            "notice with 'gov-disclosure calendar load notice.txt', or set "
            'beyond_official = "provisional" in [calendar] to compute provisionally'
        ).format(year=self.year)


class DatabaseError(GovDisclosureError):
    """The database cannot be used: not a database, a folder, unreachable or not initialised."""

    def __init__(self, where: str, problem: str, hint: str = "") -> None:
        self.where = where
        self.problem = problem
        self.hint = hint
        extra = f": {hint}" if hint else ""
        super().__init__(f"database {where}: {problem}{extra}")

    def localized(self) -> str:
        extra = _(": {hint}").format(hint=_(self.hint)) if self.hint else ""
        return (
            _("database {where}: {problem}").format(where=self.where, problem=_(self.problem))
            + extra
        )


class NotFoundError(GovDisclosureError, LookupError):
    """A record (item, organisation, actor, application …) does not exist."""

    def __init__(self, kind: str, key: object) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} {key!r} not found")

    def localized(self) -> str:
        return _("{kind} {key} not found").format(kind=term(self.kind), key=repr(self.key))


class ConflictError(GovDisclosureError):
    """A record would duplicate one that exists (same key)."""

    def __init__(self, kind: str, key: object, rule: str = "already exists") -> None:
        self.kind = kind
        self.key = key
        self.rule = rule
        super().__init__(f"{kind} {key!r}: {rule}")

    def localized(self) -> str:
        return _("{kind} {key}: {rule}").format(
            kind=term(self.kind), key=repr(self.key), rule=_(self.rule)
        )


class IllegalTransitionError(GovDisclosureError):
    """A state machine was asked for a step its diagram does not allow; nothing changed."""

    def __init__(self, subject: str, state: str, action: str, allowed: Sequence[str] = ()) -> None:
        self.subject = subject
        self.state = state
        self.action = action
        self.allowed = tuple(allowed)
        ok = f"; allowed from {state}: {', '.join(self.allowed)}" if self.allowed else ""
        super().__init__(f"{subject}: cannot {action} when {state}{ok}")

    def localized(self) -> str:
        state, action = term(self.state), term(self.action)
        text = _("{subject}: cannot {action} when {state}").format(
            subject=_subject(self.subject), action=action, state=state
        )
        if self.allowed:
            text += _("; allowed now: {steps}").format(
                steps=_(", ").join(term(a) for a in self.allowed)
            )
        return text


class PermissionDeniedError(GovDisclosureError):
    """An actor tried something they may not do (the attempt is audit-logged as ``refused``).

    ``kind`` says why: ``role`` (the actor lacks the role), ``unknown_actor``,
    ``disabled_actor``, ``own_work`` (the author approving their own edition, or one person
    passing two stages), ``quiet_hours`` or ``not_live`` (a send outside the pipeline).
    """

    def __init__(
        self, actor: str, action: str, reason: str, kind: str = "role", **params: str
    ) -> None:
        self.actor = actor
        self.action = action
        self.template = reason
        """The reason as an English message id (``{name}`` fields filled from ``params``)."""
        self.params = params
        self.reason = reason.format(**params) if params else reason
        """The reason in English, for logs and the audit log."""
        self.kind = kind
        super().__init__(f"permission denied: {actor!r} may not {action}: {self.reason}")

    def localized_reason(self) -> str:
        """The reason in the user's language."""
        text = _(self.template)
        return text.format(**self.params) if self.params else text

    def localized(self) -> str:
        return _("permission denied: {actor} may not {action}: {reason}").format(
            actor=repr(self.actor), action=term(self.action), reason=self.localized_reason()
        )


class ReviewBlockedError(GovDisclosureError):
    """Approval is blocked by unresolved blocking findings of the screening."""

    def __init__(self, subject: str, rules: Sequence[str]) -> None:
        self.subject = subject
        self.rules = tuple(rules)
        super().__init__(
            f"{subject}: blocked by {len(self.rules)} finding(s) ({', '.join(self.rules[:5])}); "
            "fix them in a new edition or override each with a reason"
        )

    def localized(self) -> str:
        return _(
            "{subject}: blocked by {n} finding(s) ({rules}); "
            "fix them in a new edition or override each with a reason"
        ).format(subject=_subject(self.subject), n=len(self.rules), rules=", ".join(self.rules[:5]))


class PluginError(GovDisclosureError):
    """A plugin failed to load, declared a bad hook, or broke the channel contract."""

    def __init__(self, plugin: str, problem: str) -> None:
        self.plugin = plugin
        self.problem = problem
        super().__init__(f"plugin {plugin!r}: {problem}")

    def localized(self) -> str:
        return _("plugin {plugin}: {problem}").format(
            plugin=repr(self.plugin), problem=_(self.problem)
        )


class ChannelError(GovDisclosureError):
    """A channel could not publish, update or withdraw; the delivery will be retried."""

    def __init__(self, channel: str, problem: str, *, retryable: bool = True) -> None:
        from .redact import scrub  # gateway answers echo tokens, URLs carry passwords

        problem = scrub(problem)
        self.channel = channel
        self.problem = problem
        self.retryable = retryable
        super().__init__(f"channel {channel!r}: {problem}")

    def localized(self) -> str:
        return _("channel {channel}: {problem}").format(
            channel=repr(self.channel), problem=_(self.problem)
        )


class AuditIntegrityError(GovDisclosureError):
    """The audit log's hash chain is broken: an entry was edited, removed or reordered."""

    def __init__(self, seq: int, problem: str) -> None:
        self.seq = seq
        self.problem = problem
        super().__init__(f"audit log entry {seq}: {problem}")

    def localized(self) -> str:
        return _("audit log entry {seq}: {problem}").format(seq=self.seq, problem=_(self.problem))


def _subject(subject: str) -> str:
    """``"item X"`` -> ``"事项 X"``: the leading record kind in the user's language."""
    kind, _sep, rest = subject.partition(" ")
    return f"{term(kind)} {rest}" if rest else term(subject)
