"""Helpers for the website channel tests (imported by conftest and the tests)."""

from __future__ import annotations

from pathlib import Path

from gov_disclosure.channels import PublishedEdition

BASE_URL = "https://xxgk.example.gov.cn/shizhen/"
ORGANIZATION = {
    "name": "示例镇人民政府",
    "address": "示例县示例镇人民路1号",
    "postcode": "214000",
    "office_hours": "工作日上午8:30-12:00，下午14:00-17:30",
    "phone": "0510-8888 1000",
    "fax": "0510-8888 1001",
    "email": "xxgk@shizhen.example.gov.cn",
    "how_to_apply": "请填写《政府信息公开申请表》。\n可当面提交，也可信函寄送至党政综合办公室。",
}


class Catalogue:
    """A mutable stand-in for the store: what ``context.catalogue()`` and ``withdrawn()`` say."""

    def __init__(self, editions: list[PublishedEdition]) -> None:
        self.editions = list(editions)
        self.gone: dict[str, str] = {}

    def live(self) -> list[PublishedEdition]:
        return list(self.editions)

    def withdrawn(self) -> list[tuple[str, str]]:
        return list(self.gone.items())

    def put(self, edition: PublishedEdition) -> None:
        self.editions = [e for e in self.editions if e.index_no != edition.index_no] + [edition]

    def withdraw(self, index_no: str, reason: str) -> None:
        self.editions = [e for e in self.editions if e.index_no != index_no]
        self.gone[index_no] = reason


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def html_files(site: Path) -> dict[str, str]:
    """Every published file (not the manifest) as relative path → text."""
    return {
        str(p.relative_to(site)): p.read_text(encoding="utf-8")
        for p in sorted(site.rglob("*"))
        if p.is_file() and ".build" not in p.parts and "files" not in p.parts
    }
