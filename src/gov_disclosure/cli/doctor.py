"""``gov-disclosure doctor``: is this office set up to work, and what must be fixed?

Each check gives a status (``ok``; ``warn``: works, but should be looked at; ``fix``: must be
fixed) and what to do, in the user's language. Checks: the config file is valid; the
database opens and is current; the working-day calendar covers this year and next (official,
or only provisional); each enabled channel can be built with its settings; ``[site] base_url``
is a public address; the database, the private folder (SMS outbox) and key files are readable
by their owner only (0600 files, 0700 folders); Simplified Chinese fonts for documents; and
LibreOffice for PDFs.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import GovDisclosureError
from ..i18n import _
from .context import Env, check_sqlite_file, open_app


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, its status (ok / warn / fix) and what it says."""

    name: str
    status: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _ok(name: str, detail: str) -> Check:
    return Check(name, "ok", detail)


def _warn(name: str, detail: str) -> Check:
    return Check(name, "warn", detail)


def _fix(name: str, detail: str) -> Check:
    return Check(name, "fix", detail)


def run_checks(env: Env) -> list[Check]:
    """Every check, in order; later checks are skipped when the config or database fails."""
    checks: list[Check] = []
    config_name, db_name = _("config"), _("database")
    try:
        from ..config import load_config

        cfg = load_config(env.config, env.config_file.resolve().parent)
    except GovDisclosureError as exc:
        return [_fix(config_name, exc.localized())]
    where = str(env.config_file) if env.config_file.exists() else _("(none: defaults)")
    checks.append(_ok(config_name, _("valid: {path}").format(path=where)))
    try:
        check_sqlite_file(env.db_url)
        app = open_app(env)
    except GovDisclosureError as exc:
        return [*checks, _fix(db_name, exc.localized())]
    checks.append(_ok(db_name, _("current: {url}").format(url=_shown_url(env.db_url))))
    checks += _calendar(app)
    checks += _channels(app)
    checks.append(_base_url(cfg.site.base_url))
    checks += _file_modes(env, app)
    checks.append(_fonts())
    checks.append(_libreoffice())
    return checks


def _shown_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _calendar(app: Any) -> list[Check]:
    from ..workdays.results import CoverageKind

    name = _("working-day calendar")
    year = app.today().year
    found = []
    for row in app.calendar.coverage(year, year + 1):
        if row.official:
            found.append(_ok(name, _("{year}: official").format(year=row.year)))
            continue
        hint = _("load the State Council's holiday notice: gov-disclosure calendar load notice.txt")
        if row.kind == CoverageKind.PROVISIONAL:
            text = _("{year}: provisional only; {hint}").format(year=row.year, hint=hint)
            found.append(_warn(name, text))
        elif row.year == year:
            found.append(_fix(name, _("{year}: no data; {hint}").format(year=row.year, hint=hint)))
        else:
            found.append(
                _warn(name, _("{year}: no data yet; {hint}").format(year=row.year, hint=hint))
            )
    return found


def _channels(app: Any) -> list[Check]:
    name = _("channels")
    try:
        built, broken = app.kernel.channel_set()
    except GovDisclosureError as exc:
        return [_fix(name, exc.localized())]
    found = [_ok(name, _("{channel}: ready").format(channel=ch)) for ch in sorted(built)]
    for ch in sorted(built):  # what a channel itself says to fix in its settings
        found += [_warn(name, f"{ch}: {line}") for line in getattr(built[ch], "warnings", [])]
    for ch, problem in sorted(broken.items()):
        why = problem.localized() if isinstance(problem, GovDisclosureError) else str(problem)
        found.append(_fix(name, _("{channel}: cannot start: {why}").format(channel=ch, why=why)))
    if not built and not broken:
        found.append(_warn(name, _("no channel is enabled: nothing will be published")))
    return found


def _base_url(base_url: str) -> Check:
    from .run_summary import base_url_warning

    name = "[site] base_url"
    warning = base_url_warning(base_url)
    if warning:
        return _fix(name, warning)
    if not base_url.startswith("https://"):
        return _warn(name, _("{url} is not https").format(url=base_url))
    return _ok(name, base_url)


def _file_modes(env: Env, app: Any) -> list[Check]:
    name = _("file permissions")
    paths: list[tuple[Path, int]] = []
    if env.db_url.startswith("sqlite:///"):
        paths.append((Path(env.db_url.removeprefix("sqlite:///")), 0o600))
    cfg = app.config
    paths.append((cfg.resolve(cfg.storage.private_dir), 0o700))
    for key in ("key_file",):
        value = cfg.audit.get(key) if isinstance(getattr(cfg, "audit", None), dict) else None
        if value:
            paths.append((cfg.resolve(value), 0o600))
    found = []
    for path, wanted in paths:
        if not path.exists():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            found.append(
                _fix(name, _("{path} is {mode}: run chmod {wanted} {path}").format(
                    path=path, mode=oct(mode)[2:], wanted=oct(wanted)[2:]))
            )  # fmt: skip
        else:
            found.append(_ok(name, _("{path}: {mode}").format(path=path, mode=oct(mode)[2:])))
    return found


def _fonts() -> Check:
    name = _("Chinese fonts")
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return _warn(name, _("fc-list not found: cannot tell whether Chinese fonts are installed"))
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    families = sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})
    if not families:
        return _fix(
            name,
            _("no Simplified Chinese font: install fonts-noto-cjk (documents would show boxes)"),
        )
    return _ok(name, _(", ").join(families[:3]) + ("…" if len(families) > 3 else ""))


def _libreoffice() -> Check:
    name = "LibreOffice"
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        return _warn(name, _("not installed: --pdf and PDF copies of documents are unavailable"))
    return _ok(name, found)
