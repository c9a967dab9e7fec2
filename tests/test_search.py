"""Catalogue search finds two-character Chinese words, longer phrases, and one character."""

import re
from operator import add

from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure.items.queries import catalogue
from gov_disclosure.store import bigrams
from gov_disclosure.store.bigrams import bigram_texts
from gov_disclosure.store.search import bigram_text, match_query
from testsupport.core import draft


def test_bigrams():
    assert bigram_text("政府信息公开") == "政府 府信 信息 息公 公开"
    assert bigram_text("2026年GDP") == "2026 年 gdp"
    assert match_query("低保") == '"低保"' and match_query("低") is None


_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+")


def _bigrams_run_by_run(*parts: str) -> str:
    """The tokenizer spelled out: each run of a part, its bigrams made pair by pair."""
    tokens: list[str] = []
    for part in parts:
        for run in _RUN.findall(part or ""):
            if run.isascii():
                tokens.append(run.lower())
            elif len(run) == 1:
                tokens.append(run)
            else:
                tokens.append(" ".join(map(add, run, run[1:])))
    return " ".join(tokens)


# Chinese (with the ranges' first and last characters), Latin, digits, punctuation, spaces,
# and characters next to the ranges or that only look Latin (full-width, accented)
_ALPHABET = "政府信息公开年报\u3400\u9fff\uf900\ufaff\u33ff\ua000\ufb00aZ09 \n\t。，、-_Ａ１éßİ"


@given(st.lists(st.text(alphabet=_ALPHABET, max_size=40), min_size=1, max_size=3))
def test_bigrams_are_those_of_each_run(parts):
    assert bigram_text(*parts) == _bigrams_run_by_run(*parts)


@given(st.lists(st.text(alphabet=_ALPHABET + "\ud800\U00020000", max_size=40), max_size=8))
def test_bulk_bigrams_equal_one_by_one(texts):
    """The array tokenizer an import uses gives each text the tokens of bigram_text, in
    one chunk and split over many (a chunk of a few characters)."""
    expected = [_bigrams_run_by_run(text) for text in texts]
    assert bigram_texts(texts) == expected
    whole = bigrams._CHUNK
    bigrams._CHUNK = 7
    try:
        assert bigram_texts(texts) == expected
    finally:
        bigrams._CHUNK = whole


def test_bulk_bigrams_refuse_a_nul():
    """A NUL separates the texts in the array pass: a text holding one is left to
    bigram_text."""
    assert bigram_texts(["政府", "a\0政府"]) is None
    assert bigram_texts([]) == [] and bigram_texts(["", "公开"]) == ["", "公开"]


def test_search_two_three_and_one_character(any_app):
    app = any_app
    app.create_item(draft(title="2026年城乡低保对象公示"), "clerk")
    app.create_item(draft(title="示例镇财政预算公开", body="三公经费"), "clerk")
    app.create_item(draft(title="关于秸秆禁烧的通告"), "clerk")
    with app.store.engine.connect() as conn:

        def titles(q: str) -> set[str]:
            return {r.title for r in catalogue(conn, text=q, limit=50)}

        assert titles("低保") == {"2026年城乡低保对象公示"}
        assert titles("财政预算") == {"示例镇财政预算公开"}
        assert titles("禁") == {"关于秸秆禁烧的通告"}
        assert titles("预保") == set()
        assert titles("三公") == {"示例镇财政预算公开"}  # body text is indexed too
        assert titles("公开") == {"示例镇财政预算公开"}
