"""Prototype elements, copied for each use: the builder's fast path.

python-docx's ``OxmlElement`` parses the tag and builds a namespace map for every element it
makes; copying a prepared element (lxml's ``__copy__``, in C) costs a fraction of that. So a
paragraph starts as a copy of its style's prototype (``w:p`` with ``w:pPr/w:pStyle``) and a run
as a copy of its font's (``w:r`` with the ``w:rPr`` and an empty ``w:t``): one copy each,
whatever the document's length.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cache, lru_cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser
from lxml import etree

from . import fonts as f

W_T = qn("w:t")


@cache
def _clark(tag: str) -> str:
    return qn(tag)


def make(tag: str) -> etree._Element:
    """A new empty element ``tag`` (``"w:keepNext"``), python-docx's class included."""
    return oxml_parser.makeelement(_clark(tag))


@lru_cache(maxsize=64)
def _paragraph(style_id: str) -> etree._Element:
    p = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    p_style = OxmlElement("w:pStyle")
    p_style.set(qn("w:val"), style_id)
    p_pr.append(p_style)
    p.append(p_pr)
    return p


def paragraph(style_id: str) -> etree._Element:
    """A new ``w:p`` in the paragraph style ``style_id``."""
    return _paragraph(style_id).__copy__()


@lru_cache(maxsize=256)
def _run(spec: f.FontSpec, face: str | None) -> etree._Element:
    r = OxmlElement("w:r")
    r.append(f.run_properties(spec, face))
    r.append(OxmlElement("w:t"))
    return r


def run(spec: f.FontSpec, face: str | None = None) -> etree._Element:
    """A new ``w:r`` in ``spec`` (``face`` instead of its own font); its last child is the
    empty ``w:t`` to fill."""
    return _run(spec, face).__copy__()


_CACHED: dict[Hashable, etree._Element] = {}


def cached(key: Hashable, build: Callable[[], etree._Element]) -> etree._Element:
    """A copy of the prototype ``build()`` made once for ``key``."""
    proto = _CACHED.get(key)
    if proto is None:
        proto = _CACHED[key] = build()
    return proto.__copy__()
