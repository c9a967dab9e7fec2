"""Search keys built at publish time: 拼音首字母, full pinyin and the title, with pypinyin.

A resident types "DB" or "dibao" on the on-screen keyboard to find 低保 items; common
abbreviations (最低生活保障 → 低保) are added as extra terms so the short form finds the long.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

#: 全称 → 简称 that residents type; a title holding the full form is also found by the short one.
ABBREVIATIONS: Mapping[str, str] = {
    "最低生活保障": "低保",
    "基本医疗保险": "医保",
    "医疗保障": "医保",
    "特困人员": "特困",
    "住房公积金": "公积金",
    "新型农村合作医疗": "新农合",
    "城乡居民基本养老保险": "城乡居保",
    "农村危房改造": "危房改造",
    "残疾人两项补贴": "残疾人补贴",
}

_NOT_KEY = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class SearchKeys:
    """``initials`` (拼音首字母), ``full`` (全拼) and ``text`` (the title, then its terms)."""

    initials: str
    full: str
    text: str


def _letters(parts: Iterable[str]) -> str:
    return _NOT_KEY.sub("", "".join(parts).lower())


def extra_terms(title: str, abbreviations: Mapping[str, str]) -> list[str]:
    """The short forms whose full form occurs in ``title`` (and is not already there)."""
    return sorted({short for full, short in abbreviations.items() if full in title} - {title})


def search_keys(title: str, abbreviations: Mapping[str, str] = ABBREVIATIONS) -> SearchKeys:
    """Keys for ``title``; terms are separated by a space so a query never spans two of them."""
    terms = [title, *extra_terms(title, abbreviations)]
    initials = " ".join(_letters(lazy_pinyin(t, style=Style.FIRST_LETTER)) for t in terms)
    full = " ".join(_letters(lazy_pinyin(t)) for t in terms)
    return SearchKeys(initials=initials, full=full, text=" ".join(terms))
