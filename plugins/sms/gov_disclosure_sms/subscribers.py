"""Subscribers (短信订阅): one list per body, interests, consent, opt-out, CSV import."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes
from sqlalchemy import Text, bindparam, func, inspect, select, text, type_coerce, update
from sqlalchemy.engine import Engine

from gov_disclosure.channels import PublishedEdition
from gov_disclosure.errors import (
    EncodingError,
    IdentifierError,
    ImportRowsError,
    InvalidInputError,
    NotFoundError,
    RowProblem,
)
from gov_disclosure.identifiers import mask_mobile, to_halfwidth, validate_mobile
from gov_disclosure.models import DocumentKind

from .tables import subscribers

log = logging.getLogger(__name__)

SINGLE_LIST = 1
"""The one list of a store that has no bodies (the channel used on its own, outside an App)."""

OPT_OUT_WORDS = frozenset({"TD", "退订", "T", "N", "取消订阅"})
"""Replies that unsubscribe (compared after trimming, half-width, upper case)."""

_LIST_SEP = re.compile(r"[;；,，、|\s]+")
_NUMBER_HEADERS = ("number", "mobile", "手机号码", "手机号", "号码")


@dataclass(frozen=True)
class Subscriber:
    """One subscriber; ``repr`` shows the number masked."""

    number: str = field(repr=False)
    topics: tuple[str, ...]
    areas: tuple[str, ...]
    consent_at: datetime
    consent_method: str
    consent_by: str
    opted_out_at: datetime | None = None

    @property
    def masked(self) -> str:
        return mask_mobile(self.number)

    @property
    def active(self) -> bool:
        return self.opted_out_at is None


@dataclass(frozen=True)
class ImportResult:
    """What an import did: rows added and updated, rows skipped with their problems."""

    added: int
    updated: int
    skipped: tuple[RowProblem, ...] = ()


def is_warning(edition: PublishedEdition) -> bool:
    """A 预警 warning: reaches every active subscriber whatever their interests."""
    return edition.kind is DocumentKind.WARNING or edition.urgent


def interests_match(topics: Sequence[str], areas: Sequence[str], ed: PublishedEdition) -> bool:
    """True when a subscriber's topics and areas both admit the edition (empty = everything)."""
    if topics and not {ed.topic, ed.column, ed.kind.value} & set(topics):
        return False
    if areas:
        places = {ed.org.name, ed.org.short_name or "", ed.responsible_unit}
        if not any(area in place for area in areas for place in places if place):
            return False
    return True


def split_list(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """``"就业;社保、救助"`` → ``("就业", "社保", "救助")``; lists pass through trimmed."""
    if value is None:
        return ()
    items = _LIST_SEP.split(value) if isinstance(value, str) else list(value)
    return tuple(dict.fromkeys(i.strip() for i in items if i and i.strip()))


class SubscriberBook:
    """Subscribers kept in the store (``sms_subscribers``), one list per body.

    ``org_id`` is the body whose list this book keeps (subscribing adds to it, listing and
    importing read it); without one, the book writes to the platform's first body and reads
    every list. An edition reaches the subscribers of its own body's list; a 预警 warning
    reaches every active number once, whichever lists it is on. An opt-out ("TD") takes a
    number off every list.
    """

    def __init__(
        self,
        engine: Engine,
        now: Callable[[], datetime] | None = None,
        org_id: int | None = None,
    ) -> None:
        self.engine = engine
        self.now = now or (lambda: datetime.now(UTC))
        self.org_id = org_id

    def _mine(self, query: Any) -> Any:
        return query if self.org_id is None else query.where(subscribers.c.org_id == self.org_id)

    def _list_id(self, conn: Any) -> int:
        """The list new subscriptions go to."""
        if self.org_id is not None:
            return self.org_id
        first = conn.execute(select(func.min(subscribers.c.org_id))).scalar()
        if first is None and not inspect(conn).has_table("organizations"):
            return SINGLE_LIST  # the channel's own store, without the core's bodies
        if first is None:
            first = conn.execute(text("SELECT min(id) FROM organizations")).scalar()
        if first is None:
            raise InvalidInputError("org", "尚未登记任何机关，无法建立短信订阅名单")
        return int(first)

    def subscribe(
        self,
        number: str,
        *,
        consent_by: str,
        consent_method: str = "书面同意",
        topics: Iterable[str] = (),
        areas: Iterable[str] = (),
        consent_at: datetime | None = None,
    ) -> Subscriber:
        """Add or renew a subscription with its consent; a new consent lifts an opt-out."""
        if not consent_by.strip():
            raise InvalidInputError("consent_by", "who recorded the consent is required")
        number = validate_mobile(number)
        values = {
            "topics": list(split_list(topics)),
            "areas": list(split_list(areas)),
            "consent_at": consent_at or self.now(),
            "consent_method": consent_method,
            "consent_by": consent_by.strip(),
            "opted_out_at": None,
            "opt_out_via": None,
        }
        with self.engine.begin() as conn:
            org_id = self._list_id(conn)
            found = conn.execute(
                select(subscribers.c.id).where(
                    subscribers.c.number == number, subscribers.c.org_id == org_id
                )
            ).first()
            if found:
                conn.execute(update(subscribers).where(subscribers.c.id == found.id), values)
            else:
                conn.execute(
                    subscribers.insert(),
                    {**values, "number": number, "org_id": org_id, "created_at": self.now()},
                )
        log.info("sms subscriber %s subscribed (consent by %s)", mask_mobile(number), consent_by)
        return SubscriberBook(self.engine, self.now, org_id).get(number)

    def unsubscribe(self, number: str, via: str = "request") -> bool:
        """Opt a number out; False when it was not subscribed or already out."""
        number = validate_mobile(number)
        with self.engine.begin() as conn:
            done = conn.execute(
                update(subscribers)
                .where(subscribers.c.number == number, subscribers.c.opted_out_at.is_(None))
                .values(opted_out_at=self.now(), opt_out_via=via[:40])
            ).rowcount
        if done:
            log.info("sms subscriber %s opted out via %s", mask_mobile(number), via)
        return bool(done)

    def handle_reply(self, number: str, text: str) -> bool:
        """An incoming reply: "TD" / "退订" (and similar) unsubscribes; True if it did."""
        word = to_halfwidth(text).strip().strip("。.!！").upper()
        if word not in OPT_OUT_WORDS:
            return False
        return self.unsubscribe(number, via=f"reply:{word}")

    def get(self, number: str) -> Subscriber:
        number = validate_mobile(number)
        with self.engine.connect() as conn:
            row = conn.execute(
                self._mine(select(subscribers).where(subscribers.c.number == number)).order_by(
                    subscribers.c.id
                )
            ).first()
        if row is None:
            raise NotFoundError("sms subscriber", mask_mobile(number))
        return _to_subscriber(row)

    def all(self, active_only: bool = True) -> list[Subscriber]:
        query = self._mine(select(subscribers).order_by(subscribers.c.id))
        if active_only:
            query = query.where(subscribers.c.opted_out_at.is_(None))
        with self.engine.connect() as conn:
            return [_to_subscriber(row) for row in conn.execute(query)]

    def recipients_for(self, edition: PublishedEdition) -> list[str]:
        """Numbers of active subscribers the edition should reach (warnings: all of them)."""
        if is_warning(edition):  # every active number once, straight from the driver
            with self.engine.connect() as conn:
                return [row[0] for row in conn.execute(_everyone()).cursor.fetchall()]
        return list(self._matching(edition))

    def any_interest(self, edition: PublishedEdition) -> bool:
        """Whether at least one active subscriber wants the edition."""
        return next(self._matching(edition), None) is not None

    def _matching(self, edition: PublishedEdition) -> Iterator[str]:
        active = subscribers.c.opted_out_at.is_(None)
        order = subscribers.c.id
        with self.engine.connect() as conn:
            if is_warning(edition):
                yield from conn.execute(_everyone()).scalars()
                return
            # raw JSON text, decoded once per distinct interest set (most subscribers share one)
            query = (
                select(
                    subscribers.c.number,
                    type_coerce(subscribers.c.topics, Text),
                    type_coerce(subscribers.c.areas, Text),
                )
                .where(active, subscribers.c.org_id == edition.org.id)  # its body's list
                .order_by(order)
            )
            verdicts: dict[tuple[str, str], bool] = {}
            for number, topics, areas in conn.execute(query):
                verdict = verdicts.get((topics, areas))
                if verdict is None:
                    verdict = interests_match(json.loads(topics), json.loads(areas), edition)
                    verdicts[(topics, areas)] = verdict
                if verdict:
                    yield number

    def import_csv(
        self, path: Path | str, *, consent_by: str = "", skip_invalid: bool = False
    ) -> ImportResult:
        """Import a CSV (UTF-8 or GBK) with a number column and optional topics, areas, consent.

        A bad row (invalid number, duplicate, opted out, no consent recorder) is reported with
        its line; with ``skip_invalid`` it is skipped, otherwise nothing is written and
        :class:`ImportRowsError` lists every problem.
        """
        path = Path(path)
        rows, problems = self._parse_csv(path, consent_by)
        with self.engine.connect() as conn:
            org_id = self._list_id(conn)
            known = dict(
                conn.execute(
                    select(subscribers.c.number, subscribers.c.opted_out_at).where(
                        subscribers.c.org_id == org_id
                    )
                ).all()
            )
        fresh, renewed = [], []
        for line, row in rows:
            if row["number"] not in known:
                fresh.append(row)
            elif known[row["number"]] is not None:
                problems.append(RowProblem(line, "number opted out; needs a new consent"))
            else:
                renewed.append(row)
        problems.sort(key=lambda p: p.line)
        if problems and not skip_invalid:
            raise ImportRowsError(str(path), problems)
        now = self.now()
        with self.engine.begin() as conn:
            if fresh:
                conn.execute(
                    subscribers.insert(),
                    [{**r, "org_id": org_id, "created_at": now} for r in fresh],
                )
            if renewed:
                conn.execute(
                    update(subscribers).where(
                        subscribers.c.number == bindparam("b_number"),
                        subscribers.c.org_id == org_id,
                    ),
                    [
                        {**{k: v for k, v in r.items() if k != "number"}, "b_number": r["number"]}
                        for r in renewed
                    ],
                )
        for p in problems:
            log.warning("sms import %s: skipped %s", path.name, p)
        return ImportResult(added=len(fresh), updated=len(renewed), skipped=tuple(problems))

    def _parse_csv(self, path: Path, consent_by: str) -> tuple[list[tuple[int, dict]], list]:
        reader = csv.DictReader(io.StringIO(_decode(path)))
        header = next((h for h in reader.fieldnames or () if h.strip() in _NUMBER_HEADERS), None)
        if header is None:
            raise InvalidInputError(
                "csv header", f"needs a number column, one of {_NUMBER_HEADERS}"
            )
        rows: list[tuple[int, dict]] = []
        problems: list[RowProblem] = []
        seen: dict[str, int] = {}
        for record in reader:
            line = reader.line_num
            raw = (record.get(header) or "").strip()
            try:
                number = validate_mobile(raw)
            except IdentifierError as exc:
                problems.append(RowProblem(line, f"invalid number {_hide(raw)}: {exc.rule}"))
                continue
            if number in seen:
                problems.append(RowProblem(line, f"duplicate of line {seen[number]}"))
                continue
            seen[number] = line
            recorder = (record.get("consent_by") or consent_by).strip()
            if not recorder:
                problems.append(RowProblem(line, "no consent_by (who recorded the consent)"))
                continue
            when = (record.get("consent_at") or "").strip()
            try:
                consent_at = datetime.fromisoformat(when) if when else None
            except ValueError:
                problems.append(RowProblem(line, f"consent_at {when!r} is not an ISO date"))
                continue
            rows.append(
                (
                    line,
                    {
                        "number": number,
                        "consent_by": recorder,
                        "consent_method": (record.get("consent_method") or "名单导入").strip(),
                        "topics": list(split_list(record.get("topics"))),
                        "areas": list(split_list(record.get("areas"))),
                        "consent_at": consent_at or self.now(),
                        "opted_out_at": None,
                        "opt_out_via": None,
                    },
                )
            )
        return rows, problems


def _hide(raw: str) -> str:
    """Show a bad number without leaking it whole (it may still be someone's number)."""
    return f"{raw[:3]}…({len(raw)} chars)" if len(raw) > 4 else repr(raw)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for codec in ("utf-8-sig", "gb18030"):  # the encodings Chinese offices produce
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is None:
        raise EncodingError(str(path), "neither UTF-8 nor GB18030 nor a recognisable encoding")
    return str(best)


def _everyone() -> Any:
    """Every active number once (a number on several lists is sent one message)."""
    first = func.min(subscribers.c.id)
    return (
        select(subscribers.c.number)
        .where(subscribers.c.opted_out_at.is_(None))
        .group_by(subscribers.c.number)
        .order_by(first)
    )


def _to_subscriber(row) -> Subscriber:  # type: ignore[no-untyped-def]
    return Subscriber(
        number=row.number,
        topics=tuple(row.topics or ()),
        areas=tuple(row.areas or ()),
        consent_at=row.consent_at,
        consent_method=row.consent_method,
        consent_by=row.consent_by,
        opted_out_at=row.opted_out_at,
    )
