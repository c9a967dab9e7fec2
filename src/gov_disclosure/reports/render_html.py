"""The report as HTML: an ``<article>`` fragment (the item body for the website channel) and a
whole page. Tables use rowspan / colspan exactly as the national template merges its cells."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from ..documents import format_date
from . import layout
from . import national_format as nf
from .annual import AnnualReport

TEMPLATES = Path(__file__).with_name("templates")


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.globals["paragraphs"] = paragraphs
    return env


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def render_fragment(report: AnnualReport) -> str:
    """The ``<article>`` with the title, six sections and three tables."""
    return (
        environment()
        .get_template("annual.html.j2")
        .render(
            report=report,
            sections=nf.SECTIONS,
            table2=layout.table2(report),
            table3=layout.table3(report),
            table4=layout.table4(report),
            date_text=format_date(report.generated_on),
        )
    )


def page(title: str, content: str) -> str:
    """A standalone page around an HTML fragment."""
    return environment().get_template("page.html.j2").render(title=title, content=Markup(content))


def render_html(report: AnnualReport) -> str:
    return page(report.title, render_fragment(report))
