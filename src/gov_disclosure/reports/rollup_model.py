"""What a county roll-up holds: each body's own report and the county total."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InvalidInputError
from ..models import Organization
from .annual import AnnualReport


@dataclass(frozen=True)
class BodyReport:
    """One body's own report inside the roll-up."""

    org: Organization
    report: AnnualReport
    supplied: bool = True
    """False when the body had no supplement file (its other-systems numbers are 0)."""


@dataclass
class CountyReport:
    """The roll-up: the county total (an :class:`AnnualReport` in the national format) and the
    bodies it sums, the county government first."""

    year: int
    county: Organization
    total: AnnualReport
    bodies: list[BodyReport]
    previous_bodies: dict[str, list[int]] | None = field(default=None)
    """Last year's 结转下年度继续办理 per credit code (from last year's roll-up), if given."""

    @property
    def title(self) -> str:
        return self.total.title

    def body(self, key: str) -> BodyReport:
        """A body's report by credit code or name."""
        for b in self.bodies:
            if key in (b.org.credit_code, b.org.name):
                return b
        raise InvalidInputError("org", "not a body of this roll-up", key)
