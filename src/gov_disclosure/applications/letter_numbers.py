"""文号 for application letters: ``示政公开〔2026〕12号`` from the body's own sequence.

Each letter of an application gets its number the first time it is written and keeps it
(writing the letters again prints the same numbers); numbers come from the store's
``letter_no`` counter of the letter's year, in the same transaction that records them, so a
number is never given twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, insert, select

from ..errors import ConfigError
from ..models.types import check_doc_number
from ..store.sequences import next_value
from .tables import letter_numbers

COUNTER = "letter_no"
DEFAULT_PATTERN = "{short_name}公开〔{year}〕{seq}号"


def pattern_for(pattern: str | None, prefix: str | None, organization: dict[str, object]) -> str:
    """The 文号 pattern: the configured one, else ``<letter_prefix>〔{year}〕{seq}号``, else
    ``<short name>公开〔{year}〕{seq}号``."""
    if pattern:
        return pattern
    if prefix:
        return prefix + "〔{year}〕{seq}号"
    short = str(organization.get("short_name") or organization.get("name") or "").strip()
    return DEFAULT_PATTERN.replace("{short_name}", short)


def format_number(pattern: str, year: int, seq: int) -> str:
    """``pattern`` with ``{year}`` and ``{seq}`` filled in, checked as a GB/T 9704 文号."""
    try:
        text = pattern.format(year=year, seq=seq)
        return check_doc_number(text)
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(
            "applications.letter_number_pattern",
            f"{pattern!r} does not make a 文号 such as 示政公开〔2026〕12号 "
            f"({{year}} and {{seq}} are filled in): {exc}",
        ) from None


def assign(
    conn: Connection,
    application_id: int,
    letters: Sequence[tuple[str, int]],
    pattern: str,
    now: datetime,
) -> dict[str, str]:
    """The 文号 of each ``(letter, year)``: those given before, new ones for the rest."""
    rows = conn.execute(
        select(letter_numbers.c.letter, letter_numbers.c.doc_number).where(
            letter_numbers.c.application_id == application_id
        )
    )
    numbers = {r.letter: r.doc_number for r in rows}
    for letter, year in letters:
        if letter in numbers:
            continue
        format_number(pattern, year, 1)  # a bad pattern fails before a number is taken
        seq = next_value(conn, COUNTER, str(year))
        doc_number = format_number(pattern, year, seq)
        conn.execute(
            insert(letter_numbers).values(
                application_id=application_id,
                letter=letter,
                year=year,
                seq=seq,
                doc_number=doc_number,
                created_at=now,
            )
        )
        numbers[letter] = doc_number
    return numbers
