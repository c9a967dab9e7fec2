"""The library's own exception hierarchy.

Every error raised on purpose derives from :class:`GovDisclosureError`, so callers can catch
one class; each subclass says *what* went wrong in attributes a program can read (``field``,
``rule``, ``state`` …) and in a one-line message a person can act on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class GovDisclosureError(Exception):
    """Base class of every error gov_disclosure raises on purpose."""


class InvalidInputError(GovDisclosureError, ValueError):
    """A value broke a rule. ``field`` names the field, ``rule`` the rule it broke."""

    def __init__(self, field: str, rule: str, value: object = None) -> None:
        self.field = field
        self.rule = rule
        self.value = value
        shown = "" if value is None else f" (got {value!r})"
        super().__init__(f"{field}: {rule}{shown}")


class IdentifierError(InvalidInputError):
    """An identifier (统一社会信用代码, 身份证号, mobile number …) is malformed."""


class EncodingError(InvalidInputError):
    """A text file could not be decoded (e.g. neither UTF-8 nor GBK)."""


@dataclass(frozen=True)
class RowProblem:
    """One bad row of an import: its line number in the file and what is wrong."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


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


class ConfigError(GovDisclosureError):
    """The configuration file is missing, unreadable or has a bad key."""

    def __init__(self, key: str, rule: str) -> None:
        self.key = key
        self.rule = rule
        super().__init__(f"config [{key}]: {rule}")


class CalendarNotCoveredError(GovDisclosureError):
    """A date falls in a year for which no official working-day schedule is loaded."""

    def __init__(self, year: int, hint: str = "") -> None:
        self.year = year
        hint = hint or (
            f"请用 'gov-disclosure calendar load 通知.txt' 载入国务院办公厅{year}年节假日安排通知，"
            '或在 [calendar] 中设 beyond_official = "provisional" 暂定计算'
        )
        super().__init__(
            f"工作日历：{year}年尚无官方节假日安排；{hint} "
            f"(calendar: no official working-day data for {year})"
        )


class NotFoundError(GovDisclosureError, LookupError):
    """A record (item, organisation, actor, application …) does not exist."""

    def __init__(self, kind: str, key: object) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} {key!r} not found")


class ConflictError(GovDisclosureError):
    """A record would duplicate one that exists (same key)."""

    def __init__(self, kind: str, key: object, rule: str = "already exists") -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} {key!r}: {rule}")


class IllegalTransitionError(GovDisclosureError):
    """A state machine was asked for a step its diagram does not allow; nothing changed."""

    def __init__(self, subject: str, state: str, action: str, allowed: Sequence[str] = ()) -> None:
        self.subject = subject
        self.state = state
        self.action = action
        self.allowed = tuple(allowed)
        ok = f"; allowed from {state}: {', '.join(self.allowed)}" if self.allowed else ""
        super().__init__(f"{subject}: cannot {action} when {state}{ok}")


class PermissionDeniedError(GovDisclosureError):
    """An actor tried something they may not do (the attempt is audit-logged as ``refused``).

    ``kind`` says why: ``role`` (the actor lacks the role), ``unknown_actor``,
    ``disabled_actor``, ``own_work`` (the author approving their own edition, or one person
    passing two stages), ``quiet_hours`` or ``not_live`` (a send outside the pipeline).
    """

    def __init__(self, actor: str, action: str, reason: str, kind: str = "role") -> None:
        self.actor = actor
        self.action = action
        self.reason = reason
        self.kind = kind
        super().__init__(f"无权操作 permission denied: {actor!r} may not {action}: {reason}")


class ReviewBlockedError(GovDisclosureError):
    """Approval is blocked by unresolved blocking findings of the screening."""

    def __init__(self, subject: str, rules: Sequence[str]) -> None:
        self.subject = subject
        self.rules = tuple(rules)
        super().__init__(
            f"{subject}: blocked by {len(self.rules)} finding(s) ({', '.join(self.rules[:5])}); "
            "fix them in a new edition or override each with a reason"
        )


class PluginError(GovDisclosureError):
    """A plugin failed to load, declared a bad hook, or broke the channel contract."""

    def __init__(self, plugin: str, problem: str) -> None:
        self.plugin = plugin
        self.problem = problem
        super().__init__(f"plugin {plugin!r}: {problem}")


class ChannelError(GovDisclosureError):
    """A channel could not publish, update or withdraw; the delivery will be retried."""

    def __init__(self, channel: str, problem: str, *, retryable: bool = True) -> None:
        from .redact import scrub  # gateway answers echo tokens, URLs carry passwords

        problem = scrub(problem)
        self.channel = channel
        self.problem = problem
        self.retryable = retryable
        super().__init__(f"channel {channel!r}: {problem}")


class AuditIntegrityError(GovDisclosureError):
    """The audit log's hash chain is broken: an entry was edited, removed or reordered."""

    def __init__(self, seq: int, problem: str) -> None:
        self.seq = seq
        self.problem = problem
        super().__init__(f"audit log entry {seq}: {problem}")
