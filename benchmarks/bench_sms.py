"""SMS send speed: the channel (subscribers query, rendering, the exactly-once journal in
SQLite, batching, HTTP) against a bare ``requests`` loop posting the same batches to the same
local gateway in the same run. Goal: the send takes at most 1.5x the bare loop's time.

Two moments of one ``publish`` call are timed: when every message is with the gateway and its
answer is journaled (the send: nothing the library does later delays a message), and when the
call returns, after the journal became one indexed row per recipient (the per-recipient ledger
that status reports and delivery receipts read). Both are reported.

The gateway is a threaded HTTP/1.1 server on 127.0.0.1 in a separate process (so it does not
share the GIL with the client), answering every message "accepted".

Each of three rounds, on a fresh store, times the bare loop and then the library's send back to
back, so both see the same machine load; the figures are medians over the rounds.

Run alone: ``python -m benchmarks.bench_sms [--full]`` (quick: 20,000 subscribers; full: 100,000).
"""

from __future__ import annotations

import json
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests
from gov_disclosure_sms.channel import SmsChannel, SmsSettings
from gov_disclosure_sms.sender import recipient_ref
from gov_disclosure_sms.tables import metadata, subscribers
from sqlalchemy import create_engine, event

from benchmarks.common import Figure, print_figures
from gov_disclosure.channels import ChannelContext, PublishedEdition
from gov_disclosure.models import DocumentKind
from testsupport.samples import make_edition

GOAL = 1.5
BATCH = 1000


class _Gateway(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        results = [
            {"ref": m["ref"], "status": "accepted", "id": m["ref"]} for m in body["messages"]
        ]
        data = json.dumps({"results": results}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def _serve(port_queue: multiprocessing.Queue) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    port_queue.put(server.server_address[1])
    server.serve_forever()


def _edition() -> PublishedEdition:
    """An urgent warning (sent to every subscriber, whatever their topics)."""
    return make_edition(
        index_no="000014349/2025-00042",
        title="关于做好近期强降雨防范工作的通知",
        summary="请注意防范。",
        written_on=date(2025, 6, 1),
        published_on=date(2025, 6, 1),
        topic="应急管理",
        column="预警信息",
        responsible_unit="应急办",
        kind=DocumentKind.WARNING,
        urgent=True,
    )


def _engine(path: Path):  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA synchronous=NORMAL")
        dbapi_conn.execute("PRAGMA cache_size=-65536")

    metadata.create_all(engine)
    return engine


def _subscribe(engine, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    """``count`` subscribers, numbers in no particular order (as people sign up)."""
    now = datetime.now(UTC)
    numbers = [f"139{i:08d}" for i in range(count)]
    random.Random(7).shuffle(numbers)
    rows = [
        {
            "number": n,
            "org_id": 1,  # one body's list (a county keeps one list per body)
            "topics": [],
            "areas": [],
            "consent_at": now,
            "consent_method": "书面",
            "consent_by": "bench",
            "created_at": now,
        }
        for n in numbers
    ]
    with engine.begin() as conn:
        conn.execute(subscribers.insert(), rows)
    return numbers


def _round(
    folder: Path, url: str, count: int, session: requests.Session, warm_up: bool
) -> tuple[float, float, float]:
    """One round on a fresh store: seconds of the bare loop, of the library until every
    message was with the gateway, and of the whole ``publish`` call."""
    folder.mkdir()
    engine = _engine(folder / "bench.db")
    numbers = _subscribe(engine, count)
    context = ChannelContext(
        data_dir=folder,
        catalogue=lambda: [],
        site={"base_url": "https://www.shili.gov.cn"},
        engine=engine,
    )
    settings = SmsSettings(
        transport="http_json",
        http={"url": url, "batch_size": BATCH},
        batch_size=BATCH,
        quiet_hours=None,
    )
    channel = SmsChannel(settings, context)
    edition = _edition()
    text = channel.plan(edition).message.text
    key = f"{edition.index_no}@{edition.edition}/publish"  # the refs the library will use

    def bare() -> None:
        for start in range(0, count, BATCH):
            body = {
                "messages": [
                    {"to": n, "text": text, "ref": recipient_ref(key, n)}
                    for n in numbers[start : start + BATCH]
                ]
            }
            answer = session.post(url, json=body, timeout=30)
            answer.raise_for_status()
            answer.json()

    if warm_up:
        bare()  # warm up the server and the connection path
    t0 = time.perf_counter()
    bare()
    bare_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    receipt = channel.publish(edition)
    lib_s = time.perf_counter() - t0
    timing = channel.sender.timing
    assert timing is not None
    channel.close()
    engine.dispose()
    assert receipt.details["accepted"] == count, receipt.details["counts"]
    return bare_s, lib_s - timing.ledger, lib_s


def run(quick: bool = True) -> list[Figure]:
    count = 20_000 if quick else 100_000
    rounds = 3
    queue: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(queue,), daemon=True)
    server.start()
    try:
        url = f"http://127.0.0.1:{queue.get(timeout=10)}/sms"
        with tempfile.TemporaryDirectory() as tmp:
            return _measure(Path(tmp), url, count, rounds)
    finally:
        server.terminate()
        server.join()


def _measure(tmp: Path, url: str, count: int, rounds: int) -> list[Figure]:
    session = requests.Session()  # kept alive across batches, like the transport's
    bare_times, sent_times, call_times = [], [], []
    for number in range(rounds):  # interleaved, so both see the same machine load
        bare_s, sent_s, call_s = _round(
            tmp / f"round-{number}", url, count, session, warm_up=number == 0
        )
        bare_times.append(bare_s)
        sent_times.append(sent_s)
        call_times.append(call_s)
    session.close()

    def ratio(times: list[float]) -> float:
        return statistics.median(t / base for t, base in zip(times, bare_times, strict=True))

    bare_s = statistics.median(bare_times)
    sent_ratio, call_ratio = ratio(sent_times), ratio(call_times)
    per_msg_us = statistics.median(
        (t - base) / count * 1e6 for t, base in zip(sent_times, bare_times, strict=True)
    )
    bare_us = bare_s / count * 1e6
    return [
        Figure(
            name=f"SMS send to {count:,} subscribers: all with the gateway (median of {rounds})",
            value=count / statistics.median(sent_times),
            unit="messages/s",
            baseline=count / bare_s,
            baseline_label="bare requests loop, same batches",
            ratio=sent_ratio,
            goal=f"time ratio <= {GOAL:g}",
            met=sent_ratio <= GOAL,
        ),
        Figure(
            name="SMS send: library overhead per message",
            value=per_msg_us,
            unit="µs/message",
            baseline=bare_us,
            baseline_label="bare loop's time per message",
            ratio=per_msg_us / bare_us,
            goal=f"ratio <= {GOAL - 1:g}",
            met=per_msg_us <= (GOAL - 1) * bare_us,
        ),
        Figure(
            name=f"SMS publish call to {count:,}, per-recipient ledger written",
            value=count / statistics.median(call_times),
            unit="messages/s",
            baseline=count / bare_s,
            baseline_label="bare requests loop, same batches",
            ratio=call_ratio,
            goal="information: one indexed row per recipient",
            met=None,
        ),
    ]


def main() -> None:
    print_figures(run(quick="--full" not in sys.argv[1:]))


if __name__ == "__main__":
    main()
