"""Enum options that accept the Chinese term and the English name alike.

``--state 已撤回`` and ``--state withdrawn`` mean the same; ``--level county`` and
``--level 县`` too. An unknown value is a usage error listing every valid one (never an empty
result).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum, StrEnum
from typing import Any

import click

from ..i18n import _, chinese


def _label(member: Enum) -> str | None:
    """The member's Chinese name: its ``.label``, else the catalog's Chinese for its value."""
    label = getattr(member, "label", None)
    if isinstance(label, str):
        return label
    shown = chinese(str(member.value))
    return shown if shown != str(member.value) else None


class EnumChoice(click.ParamType):
    """A value of ``enum``: its value, its member name, or its Chinese label (``.label``)."""

    name = "choice"

    def __init__(self, enum: type[Enum], *, only: tuple[Enum, ...] | None = None) -> None:
        self.enum = enum
        self.members = tuple(only) if only is not None else tuple(enum)
        self.lookup: dict[str, Enum] = {}
        for member in self.members:
            for key in (str(member.value), member.name, _label(member)):
                if key:
                    self.lookup[key.casefold()] = member

    @classmethod
    def of(cls, name: str, values: Iterable[str]) -> EnumChoice:
        """A choice of plain ``values`` (English words in the catalog), shown ``中文/english``."""
        words: type[Enum] = StrEnum(name, {value: value for value in values})  # type: ignore[misc]
        return cls(words)

    def shown(self) -> list[str]:
        """Each valid value as ``chinese/english``."""
        out = []
        for member in self.members:
            names = dict.fromkeys(
                n for n in (_label(member), str(member.value), member.name.lower()) if n
            )
            out.append("/".join(names))
        return out

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.shown()) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, self.enum):
            return value.value
        member = self.lookup.get(str(value).strip().casefold())
        if member is None:
            self.fail(
                _("{value} is not one of: {valid}").format(
                    value=repr(value), valid=_(", ").join(self.shown())
                ),
                param,
                ctx,
            )
        return member.value
