"""Turn pydantic's ValidationError into the library's own :class:`InvalidInputError`."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InvalidInputError

M = TypeVar("M", bound=BaseModel)


class ModelValidationError(InvalidInputError):
    """One or more fields of a record broke their rules; ``problems`` lists (field, rule)."""

    def __init__(self, model: str, problems: list[tuple[str, str]]) -> None:
        self.model = model
        self.problems = problems
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


def describe(error: ValidationError) -> list[tuple[str, str]]:
    """(field path, rule) pairs of a pydantic error, with its 'Value error, ' prefix removed."""
    problems = []
    for e in error.errors():
        field = ".".join(str(p) for p in e["loc"]) or "(record)"
        msg = e["msg"].removeprefix("Value error, ")
        problems.append((field, msg))
    return problems


def build(model: type[M], data: Any) -> M:
    """Validate ``data`` into ``model`` or raise :class:`ModelValidationError`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ModelValidationError(model.__name__, describe(exc)) from None
