"""The HTTP API: the catalogue query over HTTP against the same query through the Python API,
in the same run, with 1, 8 and 32 concurrent clients.

The server is ``gov-disclosure serve`` in a process of its own (uvicorn, one worker), as an
office runs it; the clients are threads of this process, each with one kept-alive connection
and its own bearer token checked on every request. The baseline is ``App.catalogue`` with the
same filters and page size, called from as many threads. Figures: p50 and p99 latency per
concurrency, and the HTTP overhead at one client (p50 over HTTP minus p50 in Python; goal: at
most 2 ms). Beside it, for information, the server process's CPU time per request at one
client: on a busy machine the latency waits for the scheduler, CPU time does not.

Run alone: ``python -m benchmarks.bench_http [--full]`` (full: 1,000,000 items; quick: 10,000).
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.bench_store import CREDIT, _fill
from benchmarks.common import Figure, Unavailable, load_now, print_figures
from gov_disclosure.app import App
from gov_disclosure.config import load_config
from gov_disclosure.models import Actor

CLIENTS = (1, 8, 32)
Maker = Callable[[], Callable[[], None]]  # builds one client's call (its own connection)
GOAL_OVERHEAD_MS = 2.0
QUERY = {"org_id": 1, "topic": "综合政务", "year": 2020, "limit": 20}  # body, topic, year
CONFIG = f"""
[organization]
credit_code = "{CREDIT}"

[[actors]]
id = "bench"
name = "基准"
unit = "党政办"
roles = ["经办人"]

[http]
rate_limit_per_minute = 0
"""


def _office(folder: Path, n: int) -> tuple[App, str]:
    """An office of ``n`` published items and a token for its clerk."""
    from gov_disclosure.http.tokens import TokenRepository

    (folder / "gov-disclosure.toml").write_text(CONFIG, encoding="utf-8")
    import tomllib

    cfg = load_config(tomllib.loads(CONFIG), folder)
    app = App(f"sqlite:///{folder / 'bench.db'}", cfg)
    app.init(Actor(id="admin", name="管理员", unit="党政办", roles=frozenset({"管理员"})))
    _fill(app, n)
    secret = TokenRepository(app).create("bench", "admin", timedelta(days=1)).secret
    return app, secret


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    command = [sys.executable, "-m", "gov_disclosure.cli", "--db", str(folder / "bench.db")]
    command += ["--config", str(folder / "gov-disclosure.toml"), "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise Unavailable("gov-disclosure serve exited at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise Unavailable("gov-disclosure serve did not start within 60 s")


def _path() -> str:
    return "/items?" + urlencode({"org" if k == "org_id" else k: v for k, v in QUERY.items()})


def _http_worker(port: int, secret: str) -> Maker:
    def make() -> Callable[[], None]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Authorization": f"Bearer {secret}"}
        path = _path()

        def one() -> None:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200 or b'"index_no"' not in body:
                raise RuntimeError(f"HTTP {response.status}: {body[:200]!r}")

        return one

    return make


def _api_worker(app: App) -> Maker:
    def make() -> Callable[[], None]:
        def one() -> None:
            if not app.catalogue(**QUERY):
                raise RuntimeError("the catalogue query found nothing")

        return one

    return make


def _latencies(make: Maker, clients: int, per_client: int) -> list[float]:
    """Seconds per call: ``clients`` threads, ``per_client`` calls each (after a warm-up)."""
    out: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)
    errors: list[BaseException] = []

    def client() -> None:
        try:
            one = make()
            one()
            start.wait()
            mine = []
            for _ in range(per_client):
                t0 = time.perf_counter()
                one()
                mine.append(time.perf_counter() - t0)
            with lock:
                out.extend(mine)
        except BaseException as exc:  # reported after the join
            errors.append(exc)
            start.abort()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return out


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by the process ``pid`` (Linux ``/proc``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def bench(n: int, calls: int) -> list[Figure]:
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        app, secret = _office(folder, n)
        server, port = _serve(folder)
        try:
            for clients in CLIENTS:
                per_client = max(20, calls // clients)
                load = f"{load_now()}"
                server_cpu = _cpu_seconds(server.pid)
                over_http = _latencies(_http_worker(port, secret), clients, per_client)
                server_cpu = _cpu_seconds(server.pid) - server_cpu
                python_cpu = time.process_time()
                in_python = _latencies(_api_worker(app), clients, per_client)
                python_cpu = time.process_time() - python_cpu
                load += f"→{load_now()}"
                for p in (50, 99):
                    ours, base = _pct(over_http, p) * 1e3, _pct(in_python, p) * 1e3
                    figures.append(
                        Figure(
                            f"catalogue over HTTP, p{p}, {clients} client(s), {n:,} items",
                            ours,
                            "ms",
                            base,
                            "App.catalogue, same query, as many threads",
                            ours / base,
                            "",
                            None,
                            load,
                        )
                    )
                if clients == 1:
                    overhead = _pct(over_http, 50) * 1e3 - _pct(in_python, 50) * 1e3
                    figures.append(
                        Figure(
                            f"HTTP overhead per request, p50, 1 client, {n:,} items",
                            overhead,
                            "ms",
                            _pct(in_python, 50) * 1e3,
                            "App.catalogue p50",
                            None,
                            f"<= {GOAL_OVERHEAD_MS:g} ms",
                            overhead <= GOAL_OVERHEAD_MS,
                            load,
                        )
                    )
                    calls_made = len(over_http) + 1  # with the warm-up call
                    cpu_ms = server_cpu / calls_made * 1e3
                    base_cpu = python_cpu / (len(in_python) + 1) * 1e3
                    figures.append(
                        Figure(
                            f"server CPU per request (uvicorn process), 1 client, {n:,} items",
                            cpu_ms,
                            "ms",
                            base_cpu,
                            "CPU per App.catalogue call",
                            cpu_ms / base_cpu,
                            "information: CPU time does not wait for a busy machine",
                            None,
                            load,
                        )
                    )
        finally:
            server.terminate()
            server.wait(30)
            app.store.dispose()
    return figures


def run(quick: bool = True) -> list[Figure]:
    return bench(10_000, 300) if quick else bench(1_000_000, 2_000)


if __name__ == "__main__":
    print_figures(run(quick="--full" not in sys.argv[1:]))
