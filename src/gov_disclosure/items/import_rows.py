"""Reading and validating the rows of an import file (CSV or JSON).

Validation runs the whole list through pydantic in one call; only when that call fails are
the rows it names validated again one by one, which gives each bad row its own message with
its line number. Both paths apply the same model, so a row is good or bad the same either way.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..errors import GovDisclosureError, InvalidInputError, RowProblem
from ..models import EditionDraft
from ..review.textio import read_text
from ..validation import describe, localized_problems
from .records import check_taxonomy

MAX_IMPORT_BYTES = 512 * 1024 * 1024
LIST_FIELDS = {"attachments", "tables"}
# what a bad cell can raise besides pydantic's errors: InvalidInputError and JSONDecodeError
# are ValueErrors; TypeError / OverflowError come from a JSON cell of the wrong type
# (``"notice_days": null`` or ``1e400``), RecursionError from nesting too deep
_CELL_ERRORS = (ValueError, TypeError, OverflowError, RecursionError)


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key is None:
            raise InvalidInputError("row", "more cells than header columns")
        key = key.strip()
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                continue
            if key in LIST_FIELDS or key in {"schedule", "notice_period"}:
                value = json.loads(value)
            elif key in {"urgent"}:
                value = value.lower() in {"1", "true", "yes", "是"}
        out[key] = value
    if "notice_days" in out:
        out["notice_period"] = {"days": int(out.pop("notice_days"))}
    return out


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, raw row) pairs from a .csv or .json file (GBK files are decoded too)."""
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise InvalidInputError("file", f"larger than {MAX_IMPORT_BYTES // 2**20} MB", path.name)
    text = read_text(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(
                "file", f"not valid JSON at line {exc.lineno}: {exc.msg}", path.name
            ) from None
        except RecursionError:
            raise InvalidInputError("file", "JSON nested too deeply", path.name) from None
        if not isinstance(data, list):
            raise InvalidInputError("file", "JSON import must be a list of objects", path.name)
        return [(i, r) for i, r in enumerate(data, start=1)]
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise InvalidInputError(
            "file", f"not valid CSV at line {reader.line_num}: {exc}", path.name
        ) from None
    return rows


@cache
def _all_drafts() -> TypeAdapter[list[EditionDraft]]:
    return TypeAdapter(list[EditionDraft])


def _one_draft(line: int, data: dict[str, Any]) -> EditionDraft | RowProblem:
    """One row through the model, its errors as one message."""
    try:
        return EditionDraft.model_validate(data)
    except ValidationError as exc:
        english = "; ".join(f"{f}: {r}" for f, r in describe(exc))
        return RowProblem(line, english, localized_problems(exc))
    except _CELL_ERRORS as exc:
        return RowProblem(line, str(exc), _shown(exc))


def _shown(exc: Exception) -> str:
    """The message of a cell error in the user's language."""
    return exc.localized() if isinstance(exc, GovDisclosureError) else ""


def _validate_all(
    pending: list[tuple[int, int, dict[str, Any]]],
    outcome: list[EditionDraft | RowProblem | None],
) -> None:
    """Validate (position, line, data) rows into ``outcome[position]``: in one pydantic call
    while that succeeds, taking out the rows it rejects and validating those alone."""
    while pending:
        try:
            drafts = _all_drafts().validate_python([data for _, _, data in pending])
        except ValidationError as exc:
            places = {e["loc"][0] for e in exc.errors() if e["loc"]}
            bad = {i for i in places if isinstance(i, int)}
            if not bad or len(bad) != len(places):
                bad = set(range(len(pending)))
        except _CELL_ERRORS:  # not a validation error: let each row say which it was
            bad = set(range(len(pending)))
        else:
            for (pos, _, _), draft in zip(pending, drafts, strict=True):
                outcome[pos] = draft
            return
        for i in sorted(bad):
            pos, line, data = pending[i]
            outcome[pos] = _one_draft(line, data)
        pending = [p for i, p in enumerate(pending) if i not in bad]


def validate_rows(
    rows: list[tuple[int, dict[str, Any]]], topics: list[str] | None, columns: list[str] | None
) -> tuple[list[EditionDraft], list[RowProblem]]:
    """The good drafts in file order, and every bad row with its line number and message."""
    outcome: list[EditionDraft | RowProblem | None] = [None] * len(rows)
    pending: list[tuple[int, int, dict[str, Any]]] = []
    for pos, (line, raw) in enumerate(rows):
        try:
            if not isinstance(raw, dict):
                raise InvalidInputError("row", "must be an object")
            pending.append((pos, line, _clean(raw)))
        except _CELL_ERRORS as exc:
            outcome[pos] = RowProblem(line, str(exc), _shown(exc))
    _validate_all(pending, outcome)
    good: list[EditionDraft] = []
    bad: list[RowProblem] = []
    for (line, _), result in zip(rows, outcome, strict=True):
        if isinstance(result, RowProblem):
            bad.append(result)
        elif result is not None:
            try:
                check_taxonomy(result, topics, columns)
                good.append(result)
            except InvalidInputError as exc:
                bad.append(RowProblem(line, str(exc), exc.localized()))
    return good, bad
