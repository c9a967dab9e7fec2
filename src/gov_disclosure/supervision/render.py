"""The scorecard as a terminal table and as an internal HTML page.

The page is for internal use (考核评议): it is written under ``<data_dir>/internal/`` and never
handed to a channel, so it cannot reach the public website. It carries ``noindex``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, select_autoescape
from rich.table import Table

from ..files import write_atomic
from .scorecard import Scorecard, UnitScore
from .settings import supervision_settings

if TYPE_CHECKING:
    from ..kernel import Kernel

COLUMNS = (
    ("责任单位", lambda u: u.unit),
    ("按时公开率", lambda u: percent(u.on_time_share)),
    ("按时/发布", lambda u: f"{u.on_time}/{u.published}"),
    ("逾期未公开", lambda u: str(u.overdue_unpublished)),
    ("空白月", lambda u: str(len(u.blank_months))),
    ("空白栏目", lambda u: str(len(u.blank_columns))),
    ("形成至公开(工作日中位数)", lambda u: _num(u.median_workdays)),
    ("申请按时答复", lambda u: f"{u.applications_on_time}/{u.applications_closed}"),
    ("答复类型", lambda u: reply_types(u)),
    ("审查意见被越过", lambda u: str(u.overrides)),
    ("举报投诉按时答复", lambda u: f"{u.complaints_on_time}/{u.complaints_answered}"),
    ("举报投诉逾期未复", lambda u: str(u.complaints_overdue_open)),
    ("提醒已发", lambda u: str(u.reminders_sent)),
    ("提醒未通知", lambda u: str(u.reminders_unsent)),
)

_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex, nofollow">
<title>{{ org }}政务公开工作考核情况（{{ card.start }}至{{ card.end }}）</title>
<style>
body { font-family: "Noto Sans CJK SC", sans-serif; margin: 2em; color: #222; }
.banner { background: #fbe9e7; border: 1px solid #d84315; padding: .5em 1em; }
table { border-collapse: collapse; margin-top: 1em; }
th, td { border: 1px solid #999; padding: .3em .6em; text-align: center; }
td.unit { text-align: left; }
ul { margin: .2em 0; }
</style>
</head>
<body>
<p class="banner">仅供内部考核使用，不对外公开。</p>
<h1>{{ org }}政务公开工作考核情况</h1>
<p>考核期间：{{ card.start }}至{{ card.end }}（统计截至{{ card.as_of }}）</p>
<table>
<thead><tr>{% for head in heads %}<th>{{ head }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in rows %}<tr>
{% for cell in row %}<td{% if loop.first %} class="unit"{% endif %}>{{ cell }}</td>
{% endfor %}</tr>
{% endfor %}</tbody>
</table>
{% for unit in card.units if unit.blank_months or unit.blank_columns %}
<h2>{{ unit.unit }}</h2>
{% if unit.blank_months %}<p>空白月：</p><ul>
{% for m in unit.blank_months %}<li>{{ m }}</li>{% endfor %}</ul>{% endif %}
{% if unit.blank_columns %}<p>空白栏目：</p><ul>
{% for c in unit.blank_columns %}<li>{{ c }}</li>{% endfor %}</ul>{% endif %}
{% endfor %}
</body>
</html>
"""
_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def reply_types(unit: UnitScore) -> str:
    return "，".join(f"{k}{v}" for k, v in unit.reply_types.items()) or "—"


def rows(card: Scorecard) -> list[list[str]]:
    return [[cell(u) for _, cell in COLUMNS] for u in card.units]


def scorecard_table(card: Scorecard) -> Table:
    table = Table(title=f"政务公开工作考核 {card.start}至{card.end}（截至{card.as_of}）")
    for head, _ in COLUMNS:
        table.add_column(head)
    for row in rows(card):
        table.add_row(*row)
    return table


def scorecard_html(card: Scorecard, org: str) -> str:
    heads = [head for head, _ in COLUMNS]
    return _ENV.from_string(_PAGE).render(card=card, org=org, heads=heads, rows=rows(card))


def internal_dir(kernel: Kernel) -> Path:
    data_dir = kernel.config.resolve(kernel.config.storage.data_dir)
    return data_dir / supervision_settings(kernel.config.notify).internal_dir


def write_scorecard_html(kernel: Kernel, card: Scorecard, path: Path | None = None) -> Path:
    """Write the page (default ``<data_dir>/internal/scorecard-<start>-<end>.html``)."""
    target = path or internal_dir(kernel) / f"scorecard-{card.start}-{card.end}.html"
    return write_atomic(target, scorecard_html(card, kernel.config.organization.name))
