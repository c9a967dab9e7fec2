"""A refused upload leaves the file store exactly as it was (no orphan attachment files)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from testsupport.http_office import DRAFT, Office


def _files(root: Path) -> list[str]:
    """Every file in the file store, relative to its root."""
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _file(name: str, text: str) -> dict[str, str]:
    return {"name": name, "content_base64": base64.b64encode(text.encode()).decode()}


def _kept(office: Office) -> list[str]:
    """The store after one accepted upload (so "as it was" is not trivially empty)."""
    files = [_file("已有.csv", "项目,金额\n办公费,1200\n")]
    accepted = office.session("clerk").post(
        f"{office.url}/items", json={"draft": DRAFT, "files": files}
    )
    assert accepted.status_code == 201, accepted.text
    kept = _files(office.app.blobs.root)
    assert len(kept) == 1
    return kept


REFUSED: dict[str, tuple[str, dict[str, Any], int]] = {
    # an administrator does not draft items (管理员 is not a drafting role)
    "bad role": ("admin", {"draft": DRAFT, "files": [_file("预算表.csv", "角色不符")]}, 403),
    # the first file is stored before the second turns out not to be base64
    "bad file": (
        "clerk",
        {
            "draft": DRAFT,
            "files": [
                _file("预算表.csv", "第一个文件"),
                {"name": "坏.csv", "content_base64": "不是base64!"},
            ],
        },
        422,
    ),
    # the draft is refused after its files were stored: it interprets no known policy
    "unknown interpreted policy": (
        "clerk",
        {
            "draft": {**DRAFT, "kind": "政策解读", "interprets": "000000000/2026-99999"},
            "files": [_file("解读.csv", "解读附件")],
        },
        422,
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_refused_new_item_leaves_no_file(office: Office, case: str) -> None:
    before = _kept(office)
    actor, body, status = REFUSED[case]
    refused = office.session(actor).post(f"{office.url}/items", json=body)
    assert refused.status_code == status, refused.text
    assert _files(office.app.blobs.root) == before


def test_a_refused_new_edition_leaves_no_file(office: Office) -> None:
    """An item in a state that takes no new edition (不予公开) refuses the revision."""
    before = _kept(office)
    created = office.session("clerk").post(f"{office.url}/items", json={"draft": DRAFT}).json()
    key = created["item"]["index_no"]
    office.app.items.withhold_item(key, "state_secret", "涉及国家秘密", "deputy")
    body = {"draft": DRAFT, "files": [_file("新版.csv", "新版本的附件")]}
    refused = office.session("clerk").post(f"{office.url}/items/{key}/editions", json=body)
    assert refused.status_code == 409, refused.text
    assert _files(office.app.blobs.root) == before
    # the same request on a draft is accepted and stores its file
    created = office.session("clerk").post(f"{office.url}/items", json={"draft": DRAFT}).json()
    draft_key = created["item"]["index_no"]
    ok = office.session("clerk").post(f"{office.url}/items/{draft_key}/editions", json=body)
    assert ok.status_code == 201, ok.text
    assert len(_files(office.app.blobs.root)) == len(before) + 1
