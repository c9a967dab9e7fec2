"""A full build streams the catalogue in batches: the same bytes whatever the batch size, and
never more than a couple of batches of whole editions alive at once."""

from __future__ import annotations

import tempfile
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from gov_disclosure_website import WebsiteChannel, WebsiteSettings, search_index
from gov_disclosure_website.listed import LEAD_CHARS, Summarizer, plain_excerpt
from website_bodies_testlib import county_editions
from website_testlib import BASE_URL, ORGANIZATION

from gov_disclosure.channels import ChannelContext, PublishedEdition
from testsupport.samples import bulk_editions, sample_editions


def _catalogue(stored: Path) -> list[PublishedEdition]:
    """The sample town, 150 bulk items and a county of three bodies (a multi-body site);
    some items without 内容概述 and with HTML bodies, so listings show the body's start."""
    out = list(sample_editions(stored))
    for n, e in enumerate([*bulk_editions(150), *county_editions()], start=1000):
        update: dict[str, object] = {"item_id": n}
        if n % 7 == 0:
            update["body"] = f"<p>第{n}号<b>通知</b>：</p>\n<p>{'正文内容，' * (n % 90)}</p>"
        if n % 11 == 0:
            update["summary"] = f"  内容概述\n第{n}号  "
        out.append(e.model_copy(update=update))
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".build" not in p.parts and not p.name.startswith(".")
    }


def _channel(tmp_path: Path, name: str, context: ChannelContext, body_html: bool) -> WebsiteChannel:
    settings = WebsiteSettings(out_dir=tmp_path / name, base_url=BASE_URL, body_html=body_html)
    return WebsiteChannel(settings, context)


@pytest.mark.parametrize("body_html", [False, True])
def test_batches_of_any_size_write_the_same_site(tmp_path: Path, body_html: bool) -> None:
    editions = _catalogue(tmp_path / "stored")
    withdrawn = [("11320000MB1234562M/2026-00099", "内容有误")]

    def context(batches: object = None) -> ChannelContext:
        return ChannelContext(
            data_dir=tmp_path,
            catalogue=lambda: editions,
            withdrawn=lambda: withdrawn,
            organization=ORGANIZATION,
            batches=batches,  # type: ignore[arg-type]
        )

    def fresh_copies(size: int) -> Iterator[list[PublishedEdition]]:
        for start in range(0, len(editions), size):
            yield [e.model_copy() for e in editions[start : start + size]]

    whole = _channel(tmp_path, "whole", context(), body_html)
    whole.batch_size = 10**6  # one batch
    whole.rebuild()
    tiny = _channel(tmp_path, "tiny", context(fresh_copies), body_html)
    tiny.batch_size = 3
    report = tiny.rebuild()
    delivered = _channel(tmp_path, "delivered", context(), body_html)
    delivered.publish(editions[0])  # no manifest yet: a full build over the kept whole model
    site = _files(tmp_path / "whole")
    assert len(site) > 600 and any(p.startswith("bodies/") for p in site)
    assert any(p.startswith("files/") for p in site)  # the attachment is copied in
    assert _files(tmp_path / "tiny") == site
    assert _files(tmp_path / "delivered") == site
    assert sorted(report.written) == sorted(whole.last_report.written)  # type: ignore[union-attr]
    # a delivery after a streamed build updates the pages as a whole build would
    changed = editions[20].model_copy(update={"edition": 2, "title": "更正后的标题"})
    editions[20] = changed
    tiny.update(changed, None)
    again = _channel(tmp_path, "again", context(), body_html)
    again.rebuild()
    assert _files(tmp_path / "tiny") == _files(tmp_path / "again")


def _manifest(root: Path) -> dict[str, bytes]:
    """The snapshot's records and digests (manifest.json names a random generation)."""
    snapshot = (root / ".build").glob("*.json")
    return {p.name: p.read_bytes() for p in snapshot if p.stem != "manifest"}


def test_search_postings_moved_to_files_write_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full build that moves its postings and result rows out to temporary files every few
    items writes the same site and manifest as one that holds them, and removes the files."""
    editions = _catalogue(tmp_path / "stored")
    context = ChannelContext(
        data_dir=tmp_path, catalogue=lambda: editions, organization=ORGANIZATION
    )
    _channel(tmp_path, "held", context, False).rebuild()
    spilled_to = tmp_path / "tmp"
    spilled_to.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spilled_to))
    monkeypatch.setattr(search_index, "SPILL_POSTINGS", 7)
    spilled = _channel(tmp_path, "spilled", context, False)
    spilled.batch_size = 40
    spilled.rebuild()
    assert _files(tmp_path / "spilled") == _files(tmp_path / "held")
    assert _manifest(tmp_path / "spilled") == _manifest(tmp_path / "held")
    assert len(_manifest(tmp_path / "held")) > 60  # the record buckets and site.json
    assert list(spilled_to.iterdir()) == []
    changed = editions[30].model_copy(update={"edition": 2, "title": "更正后的标题"})
    editions[30] = changed
    spilled.update(changed, None)  # reads the records the full build kept packed
    _channel(tmp_path, "again", context, False).rebuild()
    assert _files(tmp_path / "spilled") == _files(tmp_path / "again")


def test_a_streamed_build_holds_a_couple_of_batches_of_editions(tmp_path: Path) -> None:
    """Whole editions live only while their batch passes: the model keeps summaries."""
    source = [e.model_copy(update={"item_id": 10 + i}) for i, e in enumerate(bulk_editions(400))]
    alive: weakref.WeakSet[PublishedEdition] = weakref.WeakSet()
    most = 0

    def batches(size: int) -> Iterator[Sequence[PublishedEdition]]:
        nonlocal most
        for start in range(0, len(source), size):
            batch = [e.model_copy() for e in source[start : start + size]]
            alive.update(batch)
            most = max(most, len(alive))
            yield batch

    context = ChannelContext(
        data_dir=tmp_path, catalogue=lambda: source, organization=ORGANIZATION, batches=batches
    )
    channel = _channel(tmp_path, "site", context, False)
    channel.batch_size = 25
    channel.rebuild()
    assert 25 <= most <= 50
    assert len(list((tmp_path / "site" / "items").iterdir())) == 400


def test_listed_items_keep_the_excerpt_feeds_show() -> None:
    e = bulk_editions(3)[2].model_copy(update={"body": "<p>甲  乙</p>" * 100})
    summarize = Summarizer(body_html=True)
    listed = summarize(e)
    assert listed.slug == e.slug and listed.validity == e.validity
    with pytest.raises(LookupError, match="excerpt"):  # never an empty description
        plain_excerpt(listed, 120, True)
    summarize.keep_lead(listed, e)
    for length in (1, 120, LEAD_CHARS):
        assert plain_excerpt(listed, length, True) == plain_excerpt(e, length, True)
    with pytest.raises(ValueError, match="200"):
        plain_excerpt(listed, LEAD_CHARS + 1, True)
    summarized = summarize(e.model_copy(update={"summary": " 概述\n全文 "}))
    assert plain_excerpt(summarized, 4, True) == "概述 全"
