"""The store: CSV import against raw ``sqlite3.executemany`` of the same rows, and the
catalogue query against raw ``sqlite3`` running the same SQL on the same file.

The import's baseline is what it writes, written raw: its items, editions and search entries
are read back as plain tuples (索引号, edition JSON and bigram text already made), then timed
as three ``executemany`` calls and a commit into a fresh store with the same migrations,
indexes, FTS table and connection settings. The ratio is the library's own cost (reading,
validating, numbering, serialising, tokenising). A second figure sets that raw write against
the CSV's cells written into one plain table with no index: what the schema itself costs
(the import against that plain write is reported beside it).

The catalogue query is timed against raw ``sqlite3`` running the very SQL text and parameters
our query sends to the driver (``sqlite_statement``; SQLite's trace shows both run the same
statement with the same values), on the same database file, the two alternating query by query
(medians of 300 queries, the same rows checked). Goal: at most 2x.

Run alone: ``python -m benchmarks.bench_store [--full]`` (full: 100,000 imported rows, catalogues
of 10,000 and 1,000,000 items; quick: 20,000 rows, catalogues of 10,000 and 100,000).
"""

from __future__ import annotations

import csv
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import Figure, load_now, print_figures, timed
from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.items.importer import import_file
from gov_disclosure.items.queries import catalogue, sqlite_statement
from gov_disclosure.plugins import make_plugin_manager
from gov_disclosure.store.tables import items, organizations
from gov_disclosure.taxonomy import DEFAULT_COLUMNS, DEFAULT_TOPICS

CREDIT = "11320000MB1234562M"
GOAL_IMPORT = 1.5
GOAL_CATALOGUE = 2.0
FIELDS = [
    "title",
    "publisher",
    "written_on",
    "topic",
    "column",
    "responsible_unit",
    "summary",
    "body",
    "doc_number",
]


def _rows(n: int) -> list[list[str]]:
    rng = random.Random(1)
    start = date(2020, 1, 1)
    rows = []
    for i in range(n):
        day = start + timedelta(days=rng.randrange(2000))
        rows.append(
            [
                f"关于做好第{i}项工作的通知",
                "示例镇人民政府",
                day.isoformat(),
                rng.choice(DEFAULT_TOPICS),
                rng.choice(DEFAULT_COLUMNS),
                "党政综合办公室",
                "内容概述",
                "通知正文。" * 10,
                f"示政发〔{day.year}〕{i + 1}号",
            ]
        )
    return rows


def _app(folder: Path) -> App:
    cfg = load_config(
        {
            "organization": {"credit_code": CREDIT},
            "actors": [{"id": "bench", "name": "基准", "unit": "党政办", "roles": ["经办人"]}],
        },
        folder,
    )
    app = App(f"sqlite:///{folder / 'bench.db'}", cfg, pm=make_plugin_manager(load_installed=False))
    app.init()
    return app


def _write_csv(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(FIELDS)
        w.writerows(_rows(n))


def _written_rows(db: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    """What the import wrote, as (INSERT statement, rows as plain tuples) per table."""
    out = []
    with closing(sqlite3.connect(db)) as con:
        for table, select in [
            ("items", "SELECT * FROM items ORDER BY id"),
            ("editions", "SELECT * FROM editions ORDER BY id"),
            ("item_search", "SELECT rowid, content FROM item_search ORDER BY rowid"),
        ]:
            cur = con.execute(select)
            names = [d[0] for d in cur.description]
            sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            out.append((sql, cur.fetchall()))
    return out


def _raw_same_schema(folder: Path, written: list[tuple[str, list[tuple[object, ...]]]]) -> float:
    """Seconds for plain sqlite3 to write ``written`` into a fresh store: same migrations,
    indexes and FTS table, the store's own connection settings (WAL, foreign keys)."""
    app = _app(folder)
    raw = app.store.engine.raw_connection()
    try:
        db = raw.driver_connection
        assert isinstance(db, sqlite3.Connection)

        def write() -> None:
            db.execute("BEGIN IMMEDIATE")
            for sql, rows in written:
                db.executemany(sql, rows)
            db.execute("COMMIT")

        return timed(write)
    finally:
        raw.close()
        app.store.dispose()


def _raw_plain_table(folder: Path, path: Path) -> float:
    """Seconds for plain sqlite3 to write the CSV's cells into one table with no index."""

    def write() -> None:
        db = sqlite3.connect(folder / "plain.db")
        db.execute(f"CREATE TABLE t (id INTEGER PRIMARY KEY, {', '.join(FIELDS)})")
        with path.open(encoding="utf-8", newline="") as f:
            r = csv.reader(f)
            next(r)
            db.executemany(
                f"INSERT INTO t ({', '.join(FIELDS)}) VALUES ({', '.join('?' * len(FIELDS))})", r
            )
        db.commit()
        db.close()

    return timed(write)


def _import_once(n: int) -> tuple[float, float, float]:
    """Seconds for (the import, raw writes of its rows into the same schema, raw writes of the
    CSV into one plain table), each on a fresh database."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "items.csv"
        _write_csv(path, n)
        (folder / "ours").mkdir()
        app = _app(folder / "ours")

        def ours() -> None:
            with app.store.transaction() as conn:
                import_file(conn, path, 1, "bench")

        ours_s = timed(ours)
        app.store.dispose()
        written = _written_rows(folder / "ours" / "bench.db")
        assert len(written[0][1]) == n
        (folder / "raw").mkdir()
        same_s = _raw_same_schema(folder / "raw", written)
        plain_s = _raw_plain_table(folder, path)
    return ours_s, same_s, plain_s


def bench_import(n: int, repeat: int) -> list[Figure]:
    """Best of ``repeat`` runs, each on fresh databases."""
    load = f"{load_now()}"
    runs = [_import_once(n) for _ in range(repeat)]
    load += f"→{load_now()}"
    ours_s, same_s, plain_s = (min(r[k] for r in runs) for k in range(3))
    return [
        Figure(
            f"import {n:,} items from CSV",
            n / ours_s,
            "items/s",
            n / same_s,
            "raw sqlite3.executemany of the same rows into the store's tables "
            "(items, editions, search index; prepared before the clock)",
            ours_s / same_s,
            f"ratio (time) <= {GOAL_IMPORT:g}",
            ours_s / same_s <= GOAL_IMPORT,
            load,
        ),
        Figure(
            f"import {n:,} items from CSV, against a plain table",
            n / ours_s,
            "items/s",
            n / plain_s,
            "raw sqlite3.executemany of the CSV cells into one plain table, no index",
            ours_s / plain_s,
            "information (time ratio)",
            None,
            load,
        ),
        Figure(
            f"raw write of those {n:,} rows into the store's tables: the schema's own cost",
            n / same_s,
            "items/s",
            n / plain_s,
            "raw sqlite3.executemany of the CSV cells into one plain table, no index",
            same_s / plain_s,
            "information (time ratio)",
            None,
            load,
        ),
    ]


def _fill(app: App, n: int) -> None:
    rng = random.Random(2)
    start = date(2016, 1, 1)
    batch = []
    with app.store.transaction() as conn:
        conn.execute(
            organizations.insert(),
            [
                {
                    "name": f"单位{k}",
                    "credit_code": f"BENCH{k:013d}",
                    "level": "乡镇",
                    "created_at": start,
                }
                for k in range(2, 51)
            ],
        )
        for i in range(n):
            day = start + timedelta(days=rng.randrange(3650))
            batch.append(
                {
                    "org_id": 1 + i % 50,
                    "index_no": f"{CREDIT}/{day.year}-{i:07d}",
                    "state": "published",
                    "current_edition": 1,
                    "live_edition": 1,
                    "created_at": day,
                    "title": f"通知{i}",
                    "topic": rng.choice(DEFAULT_TOPICS[:8]),
                    "column_name": rng.choice(DEFAULT_COLUMNS),
                    "year": day.year,
                    "written_on": day,
                    "published_on": day,
                    "responsible_unit": "党政办",
                    "kind": "其他",
                    "audience": "社会公开",
                }
            )
            if len(batch) == 20_000:
                conn.execute(items.insert(), batch)
                batch = []
        if batch:
            conn.execute(items.insert(), batch)


def _traced(conn: sqlite3.Connection, run: Callable[[], object]) -> list[str]:
    """The SELECT statements SQLite ran during ``run()``, values expanded into the text."""
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        run()
    finally:
        conn.set_trace_callback(None)
    return [s for s in seen if s.lstrip().upper().startswith("SELECT")]


def _catalogue_times(app: App, db: Path, repeats: int = 300) -> tuple[float, float, int]:
    """Median seconds of (our catalogue query, raw sqlite3 running the same SQL with the same
    parameters on the same file), the two alternating query by query; and rows returned."""
    rng = random.Random(3)
    queries = [
        {
            "org_id": 1 + rng.randrange(50),
            "topic": rng.choice(DEFAULT_TOPICS[:8]),
            "year": 2016 + rng.randrange(10),
            "limit": 20,
        }
        for _ in range(repeats)
    ]
    raw = sqlite3.connect(db)
    ours_t, raw_t, rows = [], [], 0
    try:
        with app.store.engine.connect() as conn:
            driver = conn.connection.dbapi_connection
            assert isinstance(driver, sqlite3.Connection)
            sql = [sqlite_statement(conn, **q) for q in queries]  # type: ignore[arg-type]
            # the very statement our query runs, with the same values
            statement, params = sql[0]
            ours_ran = _traced(driver, lambda: catalogue(conn, **queries[0]))  # type: ignore[arg-type]
            assert ours_ran == _traced(raw, lambda: raw.execute(statement, params).fetchall())
            for q, (statement, params) in zip(queries, sql, strict=True):
                t0 = time.perf_counter()
                got = catalogue(conn, **q)  # type: ignore[arg-type]
                t1 = time.perf_counter()
                expected = raw.execute(statement, params).fetchall()
                t2 = time.perf_counter()
                ours_t.append(t1 - t0)
                raw_t.append(t2 - t1)
                assert [r.id for r in got] == [r[0] for r in expected]
                rows += len(got)
    finally:
        raw.close()
    return statistics.median(ours_t), statistics.median(raw_t), rows // repeats


def bench_catalogue(sizes: tuple[int, ...]) -> list[Figure]:
    figures = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            app = _app(Path(tmp))
            _fill(app, n)
            load = f"{load_now()}"
            ours, raw, rows = _catalogue_times(app, Path(tmp) / "bench.db")
            load += f"→{load_now()}"
            app.store.dispose()
        figures.append(
            Figure(
                f"catalogue query (body, topic, year, newest 20; {rows} rows) at {n:,} items",
                ours * 1e6,
                "µs median",
                raw * 1e6,
                "raw sqlite3 running the same SQL on the same file, rows fetched",
                ours / raw,
                f"ratio <= {GOAL_CATALOGUE:g}",
                ours / raw <= GOAL_CATALOGUE,
                load,
            )
        )
    return figures


def run(quick: bool = True) -> list[Figure]:
    return [
        *bench_import(20_000 if quick else 100_000, repeat=3 if quick else 2),
        *bench_catalogue((10_000, 100_000) if quick else (10_000, 1_000_000)),
    ]


if __name__ == "__main__":
    print_figures(run(quick="--full" not in sys.argv[1:]))
