"""Build the demo: config, database, a small county (示例县人民政府, two departments, 示例镇 and
its villages), people, items and applications; review them; publish to every built-in
channel; print where each output is."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from .. import audit
from ..app import App
from ..config import load_config
from ..i18n import _
from ..models import EditionDraft, Level, Organization
from ..store.tables import deliveries
from ..workdays import CHINA_TZ
from . import county, township
from .stand_ins import stand_ins, with_channel_settings

DEMO_CONFIG = {
    "organization": {
        "name": "示例镇人民政府",
        "credit_code": township.TOWNSHIP_CODE,
        "short_name": "示例镇",
        "office": "示例镇党政综合办公室",
        "address": "示例县示例镇人民路1号",
        "postcode": "214000",
        "office_hours": "工作日上午8:30—12:00，下午14:00—17:30",
        "phone": "0510-88881234",
        "fax": "0510-88881230",
        "email": "xxgk@example.gov.cn",
        "website": "http://localhost:8000",
    },
    "site": {"base_url": "http://localhost:8000"},
    "storage": {"files_dir": "files", "data_dir": "output", "private_dir": "private"},
    "review": {
        "stages": {
            "routine": ["科室审核", "分管领导把关"],
            "important": ["科室审核", "分管领导把关", "主要领导审批"],
        }
    },
    "actors": township.actors() + county.actors(),
    # the demo's SMS go to the outbox file and reach nobody, so quiet hours (免打扰) would
    # only hold them back when the demo runs in the evening
    "channels": {"sms": {"quiet_hours": ""}},
}


class DemoClock:
    """The demo moves its clock to each item's publication day, then to the real now."""

    def __init__(self) -> None:
        self.at: datetime | None = None

    def __call__(self) -> datetime:
        return self.at or datetime.now(CHINA_TZ)


def _write_config(out: Path) -> Path:
    import tomllib

    path = out / "gov-disclosure.toml"
    if not path.exists():
        path.write_text(_toml(DEMO_CONFIG), encoding="utf-8")
    tomllib.loads(path.read_text(encoding="utf-8"))
    return path


def _toml(data: dict[str, Any]) -> str:
    import json

    lines: list[str] = []
    for section, values in data.items():
        if section == "actors":
            for a in values:
                lines.append("[[actors]]")
                lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in a.items()]
            continue
        simple = {k: v for k, v in values.items() if not isinstance(v, dict)}
        lines.append(f"[{section}]")
        lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in simple.items()]
        for k, v in values.items():
            if isinstance(v, dict):
                lines.append(f"[{section}.{k}]")
                lines += [f"{kk} = {json.dumps(vv, ensure_ascii=False)}" for kk, vv in v.items()]
    return "\n".join(lines) + "\n"


def _body(app: App, existing: dict[str, int], org: Organization) -> int:
    """The id of ``org``, registered (by the demo's administrator) when missing."""
    if org.credit_code not in existing:
        made = app.add_organization(org, "liu.gl")
        assert made.id is not None  # a stored body has its id
        existing[org.credit_code] = made.id
    return existing[org.credit_code]


def _orgs(app: App) -> dict[int | str, int]:
    """The county's bodies by the demo's keys: 0 the township (configured), 1… its villages,
    ``county``, ``finance``, ``civil``."""
    existing = {o.credit_code: o.id for o in app.organizations() if o.id is not None}
    ids: dict[int | str, int] = {0: existing[township.TOWNSHIP_CODE]}
    c = county.COUNTY
    ids["county"] = _body(
        app,
        existing,
        Organization(
            name=c["name"], credit_code=c["code"], level=Level.COUNTY, short_name=c["short_name"]
        ),
    )
    if app.organization(ids[0]).parent_id != ids["county"]:  # the township is under the county
        app.edit_organization(ids[0], "liu.gl", parent_id=ids["county"])
    for key, dept in zip(("finance", "civil"), county.DEPARTMENTS, strict=True):
        ids[key] = _body(
            app,
            existing,
            Organization(
                name=dept["name"],
                credit_code=dept["code"],
                level=Level.DEPARTMENT,
                parent_id=ids["county"],
                short_name=dept["short_name"],
            ),
        )
    for i, village in enumerate(township.VILLAGES, start=1):
        name = f"{village}民委员会" if not village.endswith("社区") else f"{village}居民委员会"
        org = Organization(
            name=name,
            credit_code=township.village_code(i),
            level=Level.VILLAGE,
            parent_id=ids[0],
            short_name=village,
        )
        ids[i] = _body(app, existing, org)
    return ids


APPROVER = {"科室审核": "li.zr", "分管领导把关": "zhao.fz", "主要领导审批": "chen.zz"}


def _publish_item(
    app: App, clock: DemoClock, spec: dict[str, Any], org_ids: dict[int | str, int]
) -> str:
    """Create, screen, review (overriding blocks with a recorded reason) and publish one item."""
    data = {k: v for k, v in spec.items() if not k.startswith("_")}
    if "_workbook" in spec:  # the office's own file: stored, never an output as it is
        name, write = spec["_workbook"]
        with tempfile.TemporaryDirectory() as tmp:
            data["attachments"] = [app.blobs.put(write(Path(tmp) / name))]
    draft = EditionDraft.model_validate(data)
    day: date = spec["_publish_on"]
    clock.at = datetime.combine(day, time(9, 30), CHINA_TZ)
    org = spec.get("_org", 0)
    approvers = county.APPROVER if isinstance(org, str) else APPROVER  # the county's own
    item = app.create_item(draft, spec["_author"], org_ids[org])
    app.submit(item.id, spec["_author"])
    st = app.review_status(item.id)
    for finding in st.blocking:
        app.override(item.id, approvers["科室审核"], finding, "演示：经保密审查员核实，可以公开")
    for stage in st.stages:
        app.approve(item.id, approvers[stage])
    if spec.get("_withdraw"):
        clock.at = datetime.combine(day, time(16, 0), CHINA_TZ)
        app.run()
        app.withdraw(item.id, "zhao.fz", spec["_withdraw"])
    return item.index_no


def _applications(app: App, clock: DemoClock, org_ids: dict[int | str, int]) -> None:
    """依申请公开 applications made to several bodies, some answered."""
    service = app.applications
    for spec in county.applications():
        received = date.fromisoformat(spec["form"]["arrival"]["handed_in_on"])
        clock.at = datetime.combine(received, time(10, 0), CHINA_TZ)
        record = service.new(spec["form"], spec["clerk"], org=org_ids[spec["org"]])
        if spec["reply"]:
            reply = dict(spec["reply"])
            by, on = reply.pop("by"), reply.pop("on")
            clock.at = datetime.combine(on, time(10, 0), CHINA_TZ)
            service.reply(record.id, by, on=on, **reply)


def run_demo(out_dir: Path, echo: Callable[[str], None] = print) -> str:
    """Create (or refresh) the demo in ``out_dir`` and return a printable summary."""
    out = out_dir.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with stand_ins(out) as channel_settings:  # local stand-ins of services (WeChat)
        return _run_demo(out, echo, channel_settings)


def _run_demo(out: Path, echo: Callable[[str], None], channels: dict[str, Any]) -> str:
    config_path = _write_config(out)
    import tomllib

    data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    cfg = load_config(with_channel_settings(data, channels), out)
    clock = DemoClock()
    app = App(f"sqlite:///{out / 'gov-disclosure.db'}", cfg, clock=clock)
    app.init()
    if (
        app.store.engine.connect()
        .execute(select(func.count()).select_from(deliveries))
        .scalar_one()
    ):
        echo("demo already built here; running due work only")
    else:
        org_ids = _orgs(app)
        app.pm.hook.populate_demo(app=app, out_dir=out)
        specs = sorted(township.items() + county.items(), key=lambda s: s["_publish_on"])
        echo(f"示例县: {len(specs)} items, screening, reviewing and publishing …")
        policy_index: str | None = None
        for spec in specs:
            if spec.get("kind") == "政策解读":
                spec = {**spec, "interprets": policy_index}
            index_no = _publish_item(app, clock, spec, org_ids)
            if spec.get("kind") == "行政规范性文件" and "_org" not in spec:
                policy_index = index_no
        _applications(app, clock, org_ids)
    clock.at = None
    result = app.run()
    return _summary(app, out, result)


def _summary(app: App, out: Path, result: dict[str, Any]) -> str:
    with app.store.engine.connect() as conn:
        states = Counter(
            r.state for r in conn.execute(select(deliveries.c.channel, deliveries.c.state))
        )
        per_channel = Counter(
            r.channel
            for r in conn.execute(select(deliveries.c.channel).where(deliveries.c.state == "done"))
        )
        report = audit.verify(conn)
        locations: dict[str, str] = {}
        for r in conn.execute(
            select(deliveries.c.channel, deliveries.c.receipt).where(deliveries.c.state == "done")
        ):
            if r.receipt and r.receipt.get("location"):
                locations.setdefault(r.channel, r.receipt["location"])
    audit_state = _("intact") if report.ok else _("BROKEN")
    lines = [
        "",
        "示例镇人民政府 政务公开演示 / gov-disclosure demo",
        _("  folder:        {path}").format(path=out),
        _("  database:      {path}").format(path=out / "gov-disclosure.db"),
        _("  config:        {path}").format(path=out / "gov-disclosure.toml"),
        _("  channels:      {names}").format(
            names=", ".join(app.channels) or _("(none installed)")
        ),
        _("  this run:      delivered {delivered}, failed {failed}, expired {expired}").format(
            delivered=result["delivered"], failed=result["failed"], expired=result["expired"]
        ),
        _("  deliveries:    {states}").format(
            states="，".join(f"{_(state)} {n}" for state, n in sorted(states.items()))
        ),
        _("  audit log:     {state} ({n} entries)").format(state=audit_state, n=report.checked),
    ]
    for name in app.channels:
        done = _("{name} {n} deliveries done").format(
            name=f"{name:<14}", n=per_channel.get(name, 0)
        )
        if name in locations:
            done += _("; e.g. {location}").format(location=locations[name])
        lines.append("  " + done)
    data_dir = app.config.resolve(app.config.storage.data_dir)
    lines.append(_("  outputs in {path}:").format(path=data_dir))
    for entry in sorted(data_dir.iterdir()) if data_dir.exists() else []:
        files = [p for p in entry.rglob("*") if p.is_file()] if entry.is_dir() else [entry]
        lines.append(
            _("    {name} {n} file(s)").format(name=f"{entry.name:<22}", n=f"{len(files):>5}")
        )
    private = app.config.resolve(app.config.storage.private_dir)
    if private.exists():
        lines.append(_("  personal data (owner only, never served) in {path}").format(path=private))
    site = data_dir / "website" / "index.html"
    if site.exists():
        lines.append(
            _("  open the website: python3 -m http.server -d {folder} 8000, then {url}").format(
                folder=site.parent, url="http://localhost:8000/"
            )
        )
    kiosk = data_dir / "kiosk" / "index.html"
    if kiosk.exists():
        lines.append(_("  open the kiosk:   {url}").format(url=f"file://{kiosk}"))
    return "\n".join(lines)
