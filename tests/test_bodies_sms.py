"""Each body has its own SMS subscriber list: an edition reaches its body's list, a warning
reaches every number once, an opt-out takes a number off every list."""

from __future__ import annotations

from pathlib import Path

import gov_disclosure_sms
from bodies_testlib import Platform, platform
from gov_disclosure_sms.subscribers import SubscriberBook

from gov_disclosure.models import DocumentKind
from testsupport.core import draft, publish_through_review

A, B, C = "13912340001", "13912340002", "13912340003"


def _lists(p: Platform) -> tuple[SubscriberBook, SubscriberBook]:
    engine = p.app.store.engine
    village, town = (
        SubscriberBook(engine, org_id=p.village),
        SubscriberBook(engine, org_id=p.township),
    )
    for book, numbers in ((village, (A, B)), (town, (B, C))):
        for number in numbers:
            book.subscribe(number, consent_by="clerk")
    return village, town


def test_an_edition_reaches_its_own_bodys_list_and_a_warning_everyone_once(tmp_path: Path) -> None:
    p = platform(tmp_path, plugins=(gov_disclosure_sms,))
    village, town = _lists(p)
    assert [s.number for s in village.all()] == [A, B]
    assert [s.number for s in town.all()] == [B, C]
    notice = p.app.create_item(draft(title="东村通知"), "clerk", p.village)
    warning = p.app.create_item(
        draft(title="东村防汛预警", kind=DocumentKind.WARNING), "clerk", p.village
    )
    for item in (notice, warning):
        publish_through_review(p.app, item.index_no)
    everyone = SubscriberBook(p.app.store.engine)
    assert everyone.recipients_for(p.app.published_edition(notice.index_no)) == [A, B]
    assert everyone.recipients_for(p.app.published_edition(warning.index_no)) == [A, B, C]


def test_an_opt_out_leaves_every_list(tmp_path: Path) -> None:
    p = platform(tmp_path, plugins=(gov_disclosure_sms,))
    village, town = _lists(p)
    assert SubscriberBook(p.app.store.engine).handle_reply(B, "退订")
    assert [s.number for s in village.all()] == [A]
    assert [s.number for s in town.all()] == [C]
