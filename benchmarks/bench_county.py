"""A county platform (集约化平台): one database for a county government, its departments and
its townships. Does a body's catalogue, and the county-wide search, cost what they would on
that body's own database? Is the full website build linear in items?

The county (full: 1 government, 40 departments, 20 townships, 500,000 items, 5,000
applications; quick: the same 61 bodies, 30,500 items, 500 applications) is written with bulk
inserts: items with their search-index entries (the bigram text the store indexes), spread
over the bodies, and applications. Two **single-body databases** hold the very same rows and
index entries in fresh stores of their own: one township's items alone, and every item of the
county under one body (what the county-wide search would cost if the county were one body).

Figures, each a median of many queries, the county and the single-body database alternating
query by query (the same rows checked each time):
- a body's catalogue query (body, topic, year, newest 20) in the county against the same
  query on the body's own database (goal: at most 2x);
- the county-wide search (every body, newest 20) for an item's title (a few matches) and for
  a common word (about one item in forty matches) against the same search on the database of
  the same size under one body (goal: at most 2x); and, for information, the common word
  county-wide against the same word on the township's own database (a search costs what it
  searches: a bigger catalogue has more matches to order);
- the full website build over a county's editions at three sizes: time per item at the
  largest size against the smallest (goal: at most 1.25x, linear), best of two rounds, the
  sizes alternating.

Run alone: ``python -m benchmarks.bench_county [--full]``.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from benchmarks.common import Figure, load_now, print_figures
from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.demo.county import agency_code
from gov_disclosure.items.queries import catalogue
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.store.bulk import driver_time, insert_tuples
from gov_disclosure.store.search import index_items
from gov_disclosure.store.tables import items, organizations
from gov_disclosure.taxonomy import DEFAULT_COLUMNS, DEFAULT_TOPICS

GOAL_QUERY = 2.0
GOAL_LINEAR = 1.25
DEPARTMENTS = 40
TOWNSHIPS = 20
QUERIES = 300
SUBJECTS = [
    "城乡居民最低生活保障", "农村人居环境整治", "部门预算", "政府采购意向", "安全生产检查",
    "秸秆禁烧", "征兵工作", "耕地地力保护补贴", "农村危房改造", "临时救助", "防汛抗旱",
    "义务教育招生", "城乡居民医疗保险", "养老服务补贴", "道路交通管制", "重大项目建设",
    "河长制工作", "森林防火", "疫苗接种", "就业援助", "市场监管抽查", "生态环境保护",
    "国有资产管理", "统计调查", "人才引进", "高标准农田建设", "土地征收", "乡村振兴",
    "殡葬改革", "食品安全", "文明城市创建", "垃圾分类", "消防安全", "扶贫资金",
    "公共文化服务", "双拥工作", "退役军人优待", "残疾人两项补贴", "公租房配租", "招商引资",
]  # fmt: skip
KINDS = ["通知", "公告", "公示", "实施方案", "工作报告", "意见"]
COMMON_WORD = "临时救助"


@dataclass(frozen=True)
class Body:
    id: int
    name: str
    code: str
    level: str
    parent: int | None


def county_bodies() -> list[Body]:
    """1 government, the departments and the townships, with valid credit codes."""
    bodies = [Body(1, "示例县人民政府", agency_code("MB146001"), "县", None)]
    for k in range(DEPARTMENTS):
        bodies.append(Body(2 + k, f"示例县第{k + 1}局", agency_code(f"MB47{k:04d}"), "县级部门", 1))
    for k in range(TOWNSHIPS):
        bodies.append(
            Body(2 + DEPARTMENTS + k, f"示例县第{k + 1}镇人民政府", agency_code(f"MB48{k:04d}"),
                 "乡镇", 1)
        )  # fmt: skip
    return bodies


def _app(folder: Path, body: Body) -> App:
    cfg = load_config(
        {
            "organization": {"name": body.name, "credit_code": body.code},
            "actors": [{"id": "bench", "name": "基准", "unit": "办公室", "roles": ["经办人"]}],
        },
        folder,
    )
    app = App(f"sqlite:///{folder / 'bench.db'}", cfg, pm=make_plugin_manager(load_installed=False))
    app.init()
    return app


def item_rows(bodies: list[Body], n: int) -> list[tuple[Any, ...]]:
    """``n`` items spread over the bodies: (id, org_id, 索引号, title, topic, column, day)."""
    rng = random.Random(7)
    start = date(2017, 1, 1)
    rows = []
    for i in range(1, n + 1):
        body = bodies[rng.randrange(len(bodies))]
        day = start + timedelta(days=rng.randrange(3650))
        subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
        title = f"{body.name}关于{day.year}年{subject}的{KINDS[i % len(KINDS)]}（{i}）"
        topic = DEFAULT_TOPICS[rng.randrange(8)]
        column = DEFAULT_COLUMNS[rng.randrange(len(DEFAULT_COLUMNS))]
        rows.append((i, body.id, f"{body.code}/{day.year}-{i:07d}", title, topic, column, day))
    return rows


ITEM_COLUMNS = (
    "id", "org_id", "index_no", "state", "current_edition", "live_edition", "created_at",
    "title", "topic", "column_name", "year", "written_on", "published_on", "responsible_unit",
    "kind", "audience",
)  # fmt: skip


def fill(
    app: App, bodies: list[Body], rows: list[tuple[Any, ...]], org_map: dict[int, int]
) -> None:
    """Bodies (those not yet stored), items and their search-index entries, in bulk."""
    now = datetime(2026, 12, 1, tzinfo=UTC)
    with app.store.transaction() as conn:
        known = {r.credit_code for r in conn.execute(select(organizations.c.credit_code))}
        for b in bodies:
            if b.code not in known:
                conn.execute(
                    organizations.insert().values(
                        id=org_map[b.id], name=b.name, credit_code=b.code, level=b.level,
                        parent_id=org_map.get(b.parent or 0), created_at=now,
                    )
                )  # fmt: skip
        stamp = driver_time(conn, now)
        data = [
            (i, org_map[org], index_no, "published", 1, 1, stamp, title, topic, column,
             day.year, day.isoformat(), day.isoformat(), "办公室", "其他", "社会公开")
            for i, org, index_no, title, topic, column, day in rows
        ]  # fmt: skip
        for k in range(0, len(data), 50_000):
            insert_tuples(conn, items, ITEM_COLUMNS, data[k : k + 50_000])
        body = "现将有关事项通知如下，请认真贯彻落实。"
        index_items(conn, ((r[0], r[3], "", body) for r in rows), fresh=True)


def add_applications(conn: Connection, orgs: list[int], n: int) -> None:
    """``n`` open applications of companies spread over the bodies (what a county's year
    holds), stored as the service stores a registered form."""
    import json

    from gov_disclosure.applications.models import ApplicationForm
    from gov_disclosure.applications.tables import applications
    from gov_disclosure.validation import build

    rng = random.Random(11)
    now = driver_time(conn, datetime(2026, 12, 1, tzinfo=UTC))
    rows = []
    for i in range(n):
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(330))
        form = build(
            ApplicationForm,
            {
                "applicant": {"kind": "商业企业", "name": f"示例企业{i % 900}有限公司"},
                "contact": {"phone": "13800000000"},
                "request": {"description": f"{SUBJECTS[i % len(SUBJECTS)]}有关信息"},
                "arrival": {"route": "当面", "handed_in_on": day.isoformat()},
            },
        )
        rows.append(
            (i + 1, f"2026-{i + 1:05d}", orgs[rng.randrange(len(orgs))], "open",
             form.applicant.kind.value, form.applicant.name, form.applicant.key,
             json.dumps(form.applicant.public_dict(), ensure_ascii=False),
             form.contact.model_dump_json(), form.request.model_dump_json(),
             form.arrival.model_dump_json(), day.isoformat(), day.isoformat()[:7], "办公室",
             now, "bench")
        )  # fmt: skip
    columns = (
        "id", "number", "org_id", "state", "applicant_kind", "applicant_name", "applicant_key",
        "applicant", "contact", "request", "arrival", "received_on", "month", "office",
        "created_at", "created_by",
    )  # fmt: skip
    insert_tuples(conn, applications, columns, rows)


def _alternating(
    county: Callable[[dict[str, Any]], list[Any]],
    single: Callable[[dict[str, Any]], list[Any]],
    queries: list[tuple[dict[str, Any], dict[str, Any]]],
    same: bool = True,
) -> tuple[float, float, int]:
    """Median seconds of each side, query by query alternating; the same rows each time
    (``same``; else each side answers for what it holds)."""
    county_t, single_t, rows = [], [], 0
    for on_county, on_single in queries:
        t0 = time.perf_counter()
        a = county(on_county)
        t1 = time.perf_counter()
        b = single(on_single)
        t2 = time.perf_counter()
        county_t.append(t1 - t0)
        single_t.append(t2 - t1)
        if same:
            assert [r.index_no for r in a] == [r.index_no for r in b], on_county
        rows += len(a)
    return statistics.median(county_t), statistics.median(single_t), rows // len(queries)


def bench_queries(n_items: int, n_apps: int) -> list[Figure]:
    """The county's database against two single-body ones: the chosen township's items alone
    (for its catalogue) and every item of the county under one body (for the search)."""
    bodies = county_bodies()
    rows = item_rows(bodies, n_items)
    chosen = bodies[1 + DEPARTMENTS + TOWNSHIPS // 2]  # a township
    own = [r for r in rows if r[1] == chosen.id]
    with tempfile.TemporaryDirectory(prefix="bench-county-") as tmp:
        apps = {}
        for name, body, stored, org_map, part in (
            ("county", bodies[0], bodies, {b.id: b.id for b in bodies}, rows),
            ("body", chosen, [chosen], {chosen.id: 1}, own),
            ("one", bodies[0], [bodies[0]], {b.id: 1 for b in bodies}, rows),
        ):
            (Path(tmp) / name).mkdir()
            apps[name] = _app(Path(tmp) / name, body)
            fill(apps[name], stored, part, org_map)
        with apps["county"].store.transaction() as conn:
            add_applications(conn, [b.id for b in bodies], n_apps)
        rng = random.Random(3)
        picks = [own[rng.randrange(len(own))] for _ in range(QUERIES)]
        catalogue_queries = [
            ({"org_id": chosen.id, "topic": p[4], "year": p[6].year},
             {"org_id": 1, "topic": p[4], "year": p[6].year})
            for p in picks
        ]  # fmt: skip
        titles = [({"text": p[3]}, {"text": p[3]}) for p in picks[:100]]
        common = [({"text": COMMON_WORD}, {"text": COMMON_WORD})] * 100
        load = f"{load_now()}"
        conns = {name: app.store.engine.connect() for name, app in apps.items()}

        def on(name: str) -> Callable[[dict[str, Any]], list[Any]]:
            return lambda q: catalogue(conns[name], limit=20, **q)

        try:
            results = {
                "catalogue": _alternating(on("county"), on("body"), catalogue_queries),
                "title": _alternating(on("county"), on("one"), titles),
                "common": _alternating(on("county"), on("one"), common),
                "size": _alternating(on("county"), on("body"), common, same=False),
            }
        finally:
            for conn in conns.values():
                conn.close()
        load += f"→{load_now()}"
        for app in apps.values():
            app.store.dispose()
    county = f"county of {n_items:,} items, {len(bodies)} bodies"
    one = f"the same {n_items:,} items under one body"
    alone = f"the body's {len(own):,} items alone"
    out = []
    for key, label, base_label, goal in (
        ("catalogue", "a body's catalogue query (body, topic, year, newest 20)", alone, True),
        ("title", "county-wide search for an item's title (newest 20)", one, True),
        ("common", f"county-wide search for a common word ({COMMON_WORD}, newest 20)", one, True),
        ("size", f"county-wide search for {COMMON_WORD} against one body's search", alone, False),
    ):
        ours, base, n_rows = results[key]
        out.append(
            Figure(
                f"{label}, {n_rows} rows; {county}",
                ours * 1e6, "µs median", base * 1e6,
                f"the same query on a single-body database: {base_label} (same rows, same "
                "index), alternating query by query",
                ours / base,
                f"ratio <= {GOAL_QUERY:g}" if goal else "information: the search grows with "
                "what it searches",
                ours / base <= GOAL_QUERY if goal else None, load,
            )
        )  # fmt: skip
    return out


def _county_editions(n: int) -> list[Any]:
    """``n`` sample editions spread over the county's bodies (every 61st the same body)."""
    from gov_disclosure.channels import PublisherView
    from gov_disclosure.models import Level
    from testsupport.samples import bulk_editions

    views = [
        PublisherView(id=b.id, name=b.name, credit_code=b.code, level=Level(b.level))
        for b in county_bodies()
    ]
    return [
        e.model_copy(update={"org": views[i % len(views)], "publisher": views[i % len(views)].name})
        for i, e in enumerate(bulk_editions(n))
    ]


def _website_build(n: int, out: Path) -> float:
    from gov_disclosure_website import WebsiteChannel, WebsiteSettings

    from gov_disclosure.channels import ChannelContext

    editions = _county_editions(n)
    context = ChannelContext(
        data_dir=out, catalogue=lambda: editions, organization={"name": "示例县人民政府"}
    )
    settings = WebsiteSettings(out_dir=out / "site", base_url="https://xxgk.example.gov.cn/")
    channel = WebsiteChannel(settings, context)
    t0 = time.perf_counter()
    channel.rebuild()
    return time.perf_counter() - t0


def bench_website(sizes: tuple[int, ...], rounds: int) -> list[Figure]:
    load = f"{load_now()}"
    best: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-county-site-") as tmp:
        for r in range(rounds):  # the sizes alternate, so a change of load hits all alike
            for n in sizes:
                seconds = _website_build(n, Path(tmp) / f"{n}-{r}")
                best[n] = min(best.get(n, seconds), seconds)
    load += f"→{load_now()}"
    small, large = sizes[0], sizes[-1]
    per_item = {n: best[n] / n for n in sizes}
    ratio = per_item[large] / per_item[small]
    steps = ", ".join(f"{n:,}: {per_item[n] * 1e3:.2f} ms" for n in sizes)
    return [
        Figure(
            f"website full build of a county's editions, time per item at {large:,} ({steps})",
            per_item[large] * 1e3, "ms/item", per_item[small] * 1e3, f"per item at {small:,}",
            ratio, f"ratio <= {GOAL_LINEAR:g} (linear)", ratio <= GOAL_LINEAR, load,
        )
    ]  # fmt: skip


def run(quick: bool = True) -> list[Figure]:
    if quick:
        return [*bench_queries(30_500, 500), *bench_website((500, 1_000, 2_000), rounds=2)]
    return [*bench_queries(500_000, 5_000), *bench_website((5_000, 10_000, 20_000), rounds=1)]


if __name__ == "__main__":
    print_figures(run(quick="--full" not in sys.argv[1:]))
