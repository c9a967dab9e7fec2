"""Escaping, sanitising and paths that never leave the output folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from website_testlib import html_files, read

from gov_disclosure import InvalidInputError
from gov_disclosure.channels import AttachmentView

XSS_TITLE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>通知'


def attachment(folder: Path, name: str, content: bytes = b"data") -> AttachmentView:
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / "stored.bin"
    f.write_bytes(content)
    return AttachmentView(
        name=name,
        media_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        path=f,
    )


def test_title_is_escaped_everywhere(make_channel, catalogue, editions: list) -> None:
    e = editions[4].model_copy(update={"title": XSS_TITLE, "summary": "<b>概述</b>"})
    catalogue.put(e)
    ch = make_channel()
    ch.rebuild()
    for rel, text in html_files(ch.out_dir).items():
        assert "<script>window" not in text, rel
        assert "<img src=x" not in text, rel
    page = read(ch.out_dir, f"items/{e.slug}.html")
    assert "&lt;img src=x onerror=" in page and "&lt;b&gt;概述&lt;/b&gt;" in page
    assert "&lt;script&gt;" in read(ch.out_dir, "feeds/all.xml")


def test_rich_bodies_go_through_the_allow_list(make_channel, catalogue, editions: list) -> None:
    body = '<p onclick="steal()">正文<script>alert(1)</script><a href="javascript:x()">链接</a></p>'
    e = editions[4].model_copy(update={"body": body})
    catalogue.put(e)
    ch = make_channel(body_html=True)
    ch.rebuild()
    page = read(ch.out_dir, f"items/{e.slug}.html")
    assert "<p>正文" in page
    assert "onclick" not in page and "alert(1)" not in page and "javascript:" not in page


def test_attachment_name_with_path_parts_stays_inside(
    make_channel, catalogue, editions: list, tmp_path: Path
) -> None:
    att = attachment(tmp_path / "evil", "../../etc/passwd")
    e = editions[4].model_copy(update={"attachments": (att,)})
    catalogue.put(e)
    ch = make_channel()
    ch.rebuild()
    copied = ch.out_dir / "files" / att.sha256[:2] / att.sha256 / "passwd"
    assert copied.read_bytes() == b"data"
    assert not (tmp_path / "etc").exists() and not (ch.out_dir.parent / "etc").exists()
    assert "../../etc/passwd" in read(ch.out_dir, f"items/{e.slug}.html")  # shown as text only


def test_slug_with_path_parts_stays_inside(make_channel, catalogue, editions: list) -> None:
    e = editions[4].model_copy(update={"index_no": "../../../../tmp/evil/2026-1"})
    catalogue.put(e)
    ch = make_channel()
    ch.rebuild()
    assert (ch.out_dir / "items" / f"{e.slug}.html").exists()
    assert "/" not in e.slug and not e.slug.startswith(".")
    assert not Path("/tmp/evil").exists()


def test_attachment_with_a_bad_hash_is_refused_and_nothing_half_written(
    make_channel, catalogue, editions: list, tmp_path: Path
) -> None:
    ch = make_channel()
    ch.rebuild()
    before = html_files(ch.out_dir)
    good = attachment(tmp_path / "a", "预算.pdf")
    lying = good.model_copy(update={"sha256": "0" * 64})
    e = editions[4].model_copy(update={"edition": 2, "title": "新标题", "attachments": (lying,)})
    catalogue.put(e)
    with pytest.raises(InvalidInputError) as info:
        ch.update(e, None)
    assert info.value.field == "attachments.path"
    assert not list(ch.out_dir.rglob(".tmp-*"))
    assert not (ch.out_dir / "files" / "00").exists()
    assert html_files(ch.out_dir) == before


def test_attachment_sha_must_be_hex(make_channel, catalogue, editions: list, tmp_path) -> None:
    bad = attachment(tmp_path / "b", "a.pdf").model_copy(update={"sha256": "../../x"})
    catalogue.put(editions[4].model_copy(update={"attachments": (bad,)}))
    with pytest.raises(InvalidInputError, match=r"attachments\.sha256"):
        make_channel().rebuild()


def test_withdrawal_removes_the_attachment_file(make_channel, catalogue, editions: list) -> None:
    ch = make_channel()
    ch.rebuild()
    att = editions[6].attachments[0]
    copied = ch.out_dir / "files" / att.sha256[:2] / att.sha256
    assert copied.is_dir()
    catalogue.withdraw(editions[6].index_no, "预算数据有误")
    ch.withdraw(editions[6], "预算数据有误", None)
    assert not copied.exists()


@pytest.mark.parametrize("bad", ["../x.html", "/etc/passwd", "a/../../x", "..\\\\x", "."])
def test_contained_refuses_paths_outside(tmp_path: Path, bad: str) -> None:
    from gov_disclosure_website.naming import contained

    with pytest.raises(InvalidInputError, match="inside the output folder"):
        contained(tmp_path, bad)
    assert contained(tmp_path, "items/a/../b.html") == tmp_path / "items/b.html"
