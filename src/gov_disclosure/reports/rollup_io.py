"""The roll-up from files (the county's supplement, a folder of the bodies' supplements, last
year's roll-up JSON) and to files (docx, html, json written atomically)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .output import REPORT_FORMATS, write_files
from .rollup import CountyReport, build_rollup, county_bodies, load_supplements
from .supplement import Supplement


def _previous(supplement: Supplement, supplement_file: Path | None) -> Path | None:
    if supplement.previous is None or supplement_file is None:
        return None
    path = Path(supplement.previous.file)
    return path if path.is_absolute() else supplement_file.parent / path


def rollup_from_files(
    app: Any,
    year: int,
    supplement: Supplement,
    supplement_file: Path | None,
    folder: Path | None,
    org_id: int | None = None,
) -> CountyReport:
    """:func:`.rollup.build_rollup` with the bodies' supplements read from ``folder`` and, when
    the county's supplement names last year's report (``上年报告``), the carried-over rows of
    the county and of each body read from it."""
    from .rollup import read_previous_bodies
    from .supplement import read_carried_forward

    root_id = org_id or app.default_org_id()
    bodies = county_bodies(app.organizations(), root_id)
    supplements = load_supplements(folder, bodies[1:], year) if folder is not None else {}
    last_year = _previous(supplement, supplement_file)
    return build_rollup(
        app,
        year,
        supplement,
        org_id=root_id,
        supplements=supplements,
        previous=read_previous_bodies(last_year) if last_year else None,
        previous_total=read_carried_forward(last_year) if last_year else None,
    )


def write_rollup(
    county: CountyReport, out_dir: Path, formats: Iterable[str] = REPORT_FORMATS
) -> list[Path]:
    """Render every format, then write them (a rendering error writes nothing)."""
    from .render_rollup import render_rollup

    return write_files(render_rollup(county, formats), out_dir)
