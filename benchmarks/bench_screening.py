"""Screening speed against the best bare matchers, in three shapes of text and dictionary.

For each shape of :mod:`benchmarks.corpus` (``few`` first characters, ``many``, ``dense``
matches in a 低保 roster):

- full screening (dictionary + every built-in rule: every finding located and validated)
  against a bare ``pyahocorasick`` ``iter()`` over the terms alone, the occurrences
  collected in a list (goal: at least as fast, ratio >= 1). Screening returns a
  ``Findings`` sequence that builds the ``Finding`` objects (messages, masked forms) and
  sorts them on first access; the same screening with every finding built and read is
  reported beside it, for information;
- the dictionary pass alone (every occurrence located) against a bare ``daachorse``
  ``find_overlapping`` collected in a list (goal: ratio >= 0.8);
- ``ahocorasick_rs`` (overlapping, DFA) on the same terms, for information.

The variants alternate over 7 rounds (best of each), so load hits all alike. Rates are MB/s of
UTF-8 text; ratios are ours over the baseline's rate. Also: the dictionary pass at 20x the
terms, personal-data scanning alone, and the cached automaton's memory.

Quick: 1 MB per shape, 2,000 terms; full: 10 MB, 10,000 terms.
Run alone: ``python -m benchmarks.bench_screening [--full]``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import ahocorasick
import ahocorasick_rs
import daachorse

from benchmarks.common import Figure, interleaved, load_now, print_figures
from benchmarks.corpus import SHAPES, make_terms, make_text
from gov_disclosure.review import Screener, Term, find_personal_data

GOAL_FULL = 1.0
GOAL_PASS = 0.8

_MEMORY_PROBE = """
import gc, os, sys
def rss():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
terms = open(sys.argv[1], encoding="utf-8").read().split("\\n")
import ahocorasick, daachorse
gc.collect()
before = rss()
if sys.argv[2] == "daachorse":
    built = daachorse.CharwiseDoubleArrayAhoCorasick(terms)
else:
    built = ahocorasick.Automaton()
    for i, term in enumerate(terms):
        built.add_word(term, i)
    built.make_automaton()
gc.collect()
print(rss() - before)
"""


def _automaton_rss(terms: list[str], kind: str, folder: Path) -> int:
    """Resident memory an automaton of ``terms`` adds, measured in a fresh interpreter."""
    path = folder / "terms.txt"
    path.write_text("\n".join(terms), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path), kind],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip())


def _pyahocorasick(terms: list[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for i, term in enumerate(terms):
        automaton.add_word(term, i)
    automaton.make_automaton()
    return automaton


def _screener(terms: list[str]) -> Screener:
    return Screener(default_dictionary=False, dictionaries=[[Term(t, "bench") for t in terms]])


def bench_shape(shape: str, mb: float, n_terms: int) -> list[Figure]:
    """The three figures of one shape."""
    load_before = load_now()
    terms = make_terms(n_terms, shape)
    text = make_text(mb, terms, shape)
    megabytes = len(text.encode("utf-8")) / 1e6
    screener = _screener(terms)
    pyac = _pyahocorasick(terms)
    daac = daachorse.CharwiseDoubleArrayAhoCorasick(terms)
    rs = ahocorasick_rs.AhoCorasick(terms, implementation=ahocorasick_rs.Implementation.DFA)

    # The same occurrences from every matcher (on a slice), or the comparison means nothing.
    probe = text[:200_000]
    ours_hits = sorted((f.start, f.end) for f in screener.matcher.find(probe))
    assert ours_hits == sorted((s, e) for s, e, _ in daac.find_overlapping(probe))
    assert ours_hits == sorted((e + 1 - len(terms[i]), e + 1) for e, i in pyac.iter(probe))
    assert ours_hits == sorted((s, e) for _, s, e in rs.find_matches_as_indexes(probe, True))

    best = interleaved(
        {
            "screen": lambda: screener.screen_text(text),
            "built": lambda: list(screener.screen_text(text)),
            "pass": lambda: screener.matcher.find(text),
            "pyac": lambda: list(pyac.iter(text)),
            "daac": lambda: list(daac.find_overlapping(text)),
            "rs": lambda: rs.find_matches_as_indexes(text, overlapping=True),
        },
        rounds=7,
    )
    rate = {k: megabytes / v for k, v in best.items()}
    found = len(screener.matcher.find(text))
    load = f"{load_before}→{load_now()}"
    first = len({t[0] for t in terms})
    what = f"{shape}: {megabytes:.0f} MB, {n_terms:,} terms, {first:,} first chars, {found:,} hits"
    full_ratio = rate["screen"] / rate["pyac"]
    pass_ratio = rate["pass"] / rate["daac"]
    return [
        Figure(
            f"full screening (dictionary + every rule) [{what}]",
            rate["screen"], "MB/s", rate["pyac"],
            "bare pyahocorasick iter() over the terms alone, into a list",
            full_ratio, f"ratio >= {GOAL_FULL:g}", full_ratio >= GOAL_FULL, load,
        ),
        Figure(
            f"full screening, every Finding built and read [{shape}]",
            rate["built"], "MB/s", rate["pyac"],
            "bare pyahocorasick iter() over the terms alone, into a list",
            rate["built"] / rate["pyac"], "information", None, load,
        ),
        Figure(
            f"dictionary pass, every occurrence located [{shape}]",
            rate["pass"], "MB/s", rate["daac"], "bare daachorse find_overlapping, into a list",
            pass_ratio, f"ratio >= {GOAL_PASS:g}", pass_ratio >= GOAL_PASS, load,
        ),
        Figure(
            f"ahocorasick_rs overlapping (DFA), same terms [{shape}]",
            rate["rs"], "MB/s", rate["daac"], "bare daachorse find_overlapping, into a list",
            rate["rs"] / rate["daac"], "information", None, load,
        ),
    ]  # fmt: skip


def bench_scaling(mb: float, small: int, large: int) -> Figure:
    """The dictionary pass at ``large`` terms against ``small`` terms, same text."""
    big_terms = make_terms(large, "many")
    text = make_text(mb, big_terms[:2_000], "many")
    screeners = {"small": _screener(big_terms[:small]), "large": _screener(big_terms)}
    best = interleaved({k: (lambda s=s: s.screen_text(text)) for k, s in screeners.items()})
    ratio = best["large"] / best["small"]
    return Figure(
        f"full screening at {large:,} terms vs {small:,} (many-first-chars text)",
        best["large"], "s", best["small"], f"the same screening at {small:,} terms",
        ratio, "ratio (time) <= 3", ratio <= 3,
    )  # fmt: skip


def bench_personal_data(mb: float) -> Figure:
    """Personal-data scanning alone, against bare per-kind regexes with look-arounds."""
    terms = make_terms(2_000, "many")
    text = make_text(mb, terms, "many")
    megabytes = len(text.encode("utf-8")) / 1e6
    naive = [
        re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),
        re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
        re.compile(r"(?<!\d)\d{16,19}(?!\d)"),
        re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"),
        re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    ]
    best = interleaved(
        {
            "ours": lambda: find_personal_data(text),
            "naive": lambda: [p.findall(text) for p in naive],
        }
    )
    ours, bare = megabytes / best["ours"], megabytes / best["naive"]
    return Figure(
        f"personal-data scanning alone ({megabytes:.0f} MB)", ours, "MB/s", bare,
        "bare per-kind regexes with look-arounds, no validation", ours / bare,
        "value >= 100 MB/s", ours >= 100,
    )  # fmt: skip


def bench_memory(n_terms: int) -> Figure:
    terms = make_terms(n_terms, "many")
    with tempfile.TemporaryDirectory() as folder:
        daac_bytes = _automaton_rss(terms, "daachorse", Path(folder))
        pyac_bytes = _automaton_rss(terms, "pyahocorasick", Path(folder))
    serialized = len(daachorse.CharwiseDoubleArrayAhoCorasick(terms).serialize())
    return Figure(
        f"automaton memory at {n_terms:,} terms (RSS delta; serialized {serialized / 1e6:.1f} MB)",
        daac_bytes / 1e6, "MB", pyac_bytes / 1e6, "pyahocorasick automaton, same terms",
        daac_bytes / pyac_bytes if pyac_bytes > 0 else None, "information", None,
    )  # fmt: skip


def run(quick: bool = True) -> list[Figure]:
    mb, n_terms, large = (1, 2_000, 20_000) if quick else (10, 10_000, 100_000)
    figures = [f for shape in SHAPES for f in bench_shape(shape, mb, n_terms)]
    figures.append(bench_scaling(mb, 1_000, large))
    figures.append(bench_personal_data(mb))
    figures.append(bench_memory(large))
    return figures


if __name__ == "__main__":
    print_figures(run(quick="--full" not in sys.argv[1:]))
