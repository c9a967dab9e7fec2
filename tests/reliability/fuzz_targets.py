"""Fuzz targets over the importers, the dictionary parser and ``decode_bytes``.

``one_input(data)`` feeds one input to a target chosen by its first byte; only library errors
(:class:`GovDisclosureError` subclasses) may come out. Run as a script it is an atheris
(libFuzzer) harness: ``python fuzz_targets.py -runs=20000 -seed=13``; libFuzzer prints
``Done N runs`` at the end and stops with a non-zero status on the first other exception.
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="gd-fuzz-"))


def _targets() -> list:  # type: ignore[type-arg]
    from gov_disclosure.items.importer import read_rows, validate_rows
    from gov_disclosure.review.dictionary import parse_dictionary
    from gov_disclosure.review.textio import decode_bytes

    def import_file(data: bytes, suffix: str) -> None:
        path = TMP / f"in{suffix}"
        path.write_bytes(data)
        validate_rows(read_rows(path), ["综合政务"], ["通知公告"])

    def rows_json(data: bytes) -> None:
        try:
            raw = json.loads(data.decode("utf-8", "replace"))
        except (json.JSONDecodeError, RecursionError):
            return
        validate_rows([(1, raw)] if not isinstance(raw, list) else list(enumerate(raw)), None, None)

    def dictionary(data: bytes) -> None:
        parse_dictionary(decode_bytes(data, "fuzz.txt"), "fuzz.txt")

    return [
        lambda d: import_file(d, ".csv"),
        lambda d: import_file(d, ".json"),
        rows_json,
        dictionary,
        lambda d: decode_bytes(d, "fuzz.bin"),
    ]


TARGETS: list = []  # type: ignore[type-arg]


def one_input(data: bytes) -> None:
    from gov_disclosure.errors import GovDisclosureError

    if not TARGETS:
        TARGETS.extend(_targets())
    if not data:
        return
    target = TARGETS[data[0] % len(TARGETS)]
    with contextlib.suppress(GovDisclosureError):
        target(data[1:])


def main() -> None:
    import atheris

    with atheris.instrument_imports(include=["gov_disclosure"]):
        import gov_disclosure.items.importer
        import gov_disclosure.review.dictionary
        import gov_disclosure.review.textio  # noqa: F401
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
