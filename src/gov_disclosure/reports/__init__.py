"""Reports from the records: the annual report (政府信息公开工作年度报告, national format of
国办公开办函〔2021〕30号), the 公开指南, the 公开目录 exports and the yearly archive package.

See ``docs/reports.md``.
"""

from .annual import AnnualReport, ApplicationFact, build_report, count_applications
from .archive import ArchiveCheck, ArchiveSummary, build_archive, verify_archive
from .catalogue_export import Filters, catalogue_rows, export, standard_xlsx
from .checks import ReportCheckError, check_report
from .guide import render_guide
from .output import render_report, write_report
from .publish import publish_report_item
from .render_html import render_fragment
from .rollup import BodyReport, CountyReport, build_rollup, county_bodies
from .rollup_checks import RollupBodyError, RollupSumError, check_rollup
from .rollup_io import rollup_from_files, write_rollup
from .standard_catalogue import StandardCatalogue, load_standard
from .supplement import Supplement, load_supplement, parse_supplement, template

__all__ = [
    "AnnualReport",
    "ApplicationFact",
    "ArchiveCheck",
    "ArchiveSummary",
    "BodyReport",
    "CountyReport",
    "Filters",
    "ReportCheckError",
    "RollupBodyError",
    "RollupSumError",
    "StandardCatalogue",
    "Supplement",
    "build_archive",
    "build_report",
    "build_rollup",
    "catalogue_rows",
    "check_report",
    "check_rollup",
    "count_applications",
    "county_bodies",
    "export",
    "load_standard",
    "load_supplement",
    "parse_supplement",
    "publish_report_item",
    "render_fragment",
    "render_guide",
    "render_report",
    "rollup_from_files",
    "standard_xlsx",
    "template",
    "verify_archive",
    "write_report",
    "write_rollup",
]
