"""Turn pydantic's ValidationError into the library's own :class:`InvalidInputError`."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InvalidInputError, term
from .i18n import N_, _

# pydantic error type -> rule (English msgid; {names} come from the error's context)
_RULES = {
    "missing": N_("is required"),
    "extra_forbidden": N_("is not a known field"),
    "string_too_short": N_("must have at least {min_length} character(s)"),
    "string_too_long": N_("must have at most {max_length} characters"),
    "too_short": N_("must have at least {min_length} entries"),
    "too_long": N_("must have at most {max_length} entries"),
    "string_pattern_mismatch": N_("has the wrong form"),
    "string_type": N_("must be text"),
    "int_parsing": N_("must be a whole number"),
    "int_type": N_("must be a whole number"),
    "float_parsing": N_("must be a number"),
    "decimal_parsing": N_("must be a number"),
    "bool_parsing": N_("must be yes or no"),
    "greater_than": N_("must be greater than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "date_parsing": N_("must be a date like 2026-03-02"),
    "date_from_datetime_parsing": N_("must be a date like 2026-03-02"),
    "date_type": N_("must be a date like 2026-03-02"),
    "datetime_parsing": N_("must be a date and time like 2026-03-02T09:30"),
    "datetime_from_date_parsing": N_("must be a date and time like 2026-03-02T09:30"),
    "enum": N_("must be one of: {expected}"),
    "literal_error": N_("must be one of: {expected}"),
    "url_parsing": N_("must be a web address"),
}

M = TypeVar("M", bound=BaseModel)


class ModelValidationError(InvalidInputError):
    """One or more fields of a record broke their rules; ``problems`` lists (field, rule)."""

    def __init__(
        self,
        model: str,
        problems: list[tuple[str, str]],
        localized_rules: list[str] | None = None,
    ) -> None:
        self.model = model
        self.problems = problems
        self.localized_rules = localized_rules or [r for _f, r in problems]
        field, rule = problems[0]
        super().__init__(field, rule)
        extra = (
            f" (+{len(problems) - 1} more: "
            + "; ".join(f"{f}: {r}" for f, r in problems[1:4])
            + ")"
            if len(problems) > 1
            else ""
        )
        self.args = (f"{model}: {field}: {rule}{extra}",)

    def localized(self) -> str:
        parts = [
            _("{field}: {rule}").format(field=term(field), rule=rule)
            for (field, _r), rule in zip(self.problems, self.localized_rules, strict=False)
        ]
        return _("; ").join(parts[:4]) + (
            _(" (+{n} more)").format(n=len(parts) - 4) if len(parts) > 4 else ""
        )


def _localized_rule(error: Any) -> str:
    """One pydantic error's rule in the user's language."""
    kind = error["type"]
    if kind == "value_error":
        return _(str(error["msg"]).removeprefix("Value error, "))
    template = _RULES.get(kind)
    if template is None:
        return _("is not valid")
    context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        return _(template).format(**context)
    except (KeyError, IndexError):
        return _("is not valid")


def describe(error: ValidationError) -> list[tuple[str, str]]:
    """(field path, rule) pairs of a pydantic error, with its 'Value error, ' prefix removed."""
    problems = []
    for e in error.errors():
        field = ".".join(str(p) for p in e["loc"]) or "(record)"
        msg = e["msg"].removeprefix("Value error, ")
        problems.append((field, msg))
    return problems


def localized_problems(error: ValidationError) -> str:
    """A pydantic error as one message in the user's language, naming each field and rule."""
    return _("; ").join(
        _("{field}: {rule}").format(
            field=term(".".join(str(p) for p in e["loc"]) or "(record)"), rule=_localized_rule(e)
        )
        for e in error.errors()
    )


def build(model: type[M], data: Any) -> M:
    """Validate ``data`` into ``model`` or raise :class:`ModelValidationError`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ModelValidationError(
            model.__name__, describe(exc), [_localized_rule(e) for e in exc.errors()]
        ) from None
