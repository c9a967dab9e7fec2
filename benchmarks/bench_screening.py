"""Screening speed (issue 3): the daachorse dictionary pass plus every built-in rule, against a
Python ``re`` alternation of the same terms and a bare ``pyahocorasick`` ``iter()``.

The text is the seed documents' Chinese, shuffled by paragraph and repeated deterministically,
with dictionary terms (every ~300 characters) and personal data (every ~3,000 characters)
inserted. Dictionary terms start with thousands of different characters, as name lists do.
Full mode: 10 MB of text, 10,000 terms, 1,000 vs 100,000 terms. Quick mode: 1 MB, 2,000
terms, 1,000 vs 20,000 terms.

Run alone: ``python -m benchmarks.bench_screening [--full]``.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import ahocorasick
import daachorse

from benchmarks.common import Figure, timed
from gov_disclosure.identifiers import resident_id_check_char
from gov_disclosure.review import Screener, Term, find_personal_data

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
FALLBACK = "政务公开工作是转变政府职能、改进机关作风的具体体现。各村（居）委会要认真贯彻执行。"


def _seed_paragraphs() -> list[str]:
    texts = (
        [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
        if SEEDS.is_dir()
        else []
    )
    paragraphs = [line for t in texts for line in t.splitlines() if line.strip()]
    return paragraphs or [FALLBACK] * 50


def make_terms(count: int, seed: int = 1) -> list[str]:
    """``count`` distinct 2-4 character terms whose first characters are spread over thousands
    of CJK characters: half of them characters of the text itself (as surnames in a name list
    are), half any CJK character."""
    rng = random.Random(seed)
    common = sorted({c for p in _seed_paragraphs() for c in p if "\u4e00" <= c <= "\u9fa5"})
    terms: dict[str, None] = {}  # insertion-ordered: the same terms in the same order every run
    while len(terms) < count:
        first = rng.choice(common) if rng.random() < 0.5 else chr(rng.randint(0x4E00, 0x9FA5))
        terms[first + "".join(rng.choice(common) for _ in range(rng.randint(1, 3)))] = None
    return list(terms)


def _valid_id(rng: random.Random) -> str:
    birth = f"19{rng.randint(50, 99)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}"
    first17 = f"3202{rng.randint(0, 99):02d}{birth}{rng.randint(0, 999):03d}"
    return first17 + resident_id_check_char(first17)


def make_text(megabytes: float, terms: list[str], seed: int = 2) -> str:
    """Deterministic Chinese text of about ``megabytes`` MB (UTF-8) with terms and data inside."""
    rng = random.Random(seed)
    paragraphs = _seed_paragraphs()
    target = int(megabytes * 1_000_000)
    out: list[str] = []
    size = 0
    while size < target:
        para = rng.choice(paragraphs)
        pieces = [para[i : i + 300] for i in range(0, len(para), 300)]
        chunk = "".join(p + rng.choice(terms) for p in pieces)
        if rng.random() < 0.1:
            chunk += rng.choice(
                [
                    f"身份证号{_valid_id(rng)}",
                    f"电话1{rng.randint(3, 9)}{rng.randint(0, 10**9 - 1):09d}",
                    f"编号{rng.randint(10**17, 10**18 - 1)}",
                    "联系电话0510-88881234",
                ]
            )
        out.append(chunk + "\n")
        size += len(chunk.encode("utf-8")) + 1
    return "".join(out)


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


def run(quick: bool = True) -> list[Figure]:
    mb, n_terms, small, large, re_chars = (
        (1, 2_000, 1_000, 20_000, 20_000) if quick else (10, 10_000, 1_000, 100_000, 100_000)
    )
    big_terms = make_terms(large)
    terms = big_terms[:n_terms]
    text = make_text(mb, terms)
    megabytes = len(text.encode("utf-8")) / 1e6

    screener = Screener(default_dictionary=False, dictionaries=[[Term(t, "bench") for t in terms]])
    pyac = _pyahocorasick(terms)
    # Ours and (b), a bare pyahocorasick iter() over the same terms alone (what most projects
    # would pick), alternate: best of three rounds each, so a busy machine hurts both alike.
    ours_best = pyac_best = float("inf")
    for _ in range(3):
        ours_best = min(ours_best, timed(lambda: screener.screen_text(text)))
        pyac_best = min(pyac_best, timed(lambda: sum(1 for _ in pyac.iter(text))))
    ours_rate, pyac_rate = megabytes / ours_best, megabytes / pyac_best

    # (a) a Python re alternation of the same terms, on a slice (it is far too slow for all).
    pattern = re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))))
    part = text[:re_chars]
    part_mb = len(part.encode("utf-8")) / 1e6
    re_rate = part_mb / timed(lambda: sum(1 for _ in pattern.finditer(part)), repeat=2)

    first_chars = len({t[0] for t in terms})

    # Correctness cross-check: both automata report the same occurrences on a slice.
    probe = text[:200_000]
    ours_hits = {(e, t.term) for _, e, t in screener.matcher.matches(probe)}
    assert ours_hits == {(e + 1, terms[i]) for e, i in pyac.iter(probe)}

    # Cost of the dictionary pass at `large` vs `small` terms (automata built beforehand).
    small_screener = Screener(
        default_dictionary=False, dictionaries=[[Term(t, "bench") for t in big_terms[:small]]]
    )
    large_screener = Screener(
        default_dictionary=False, dictionaries=[[Term(t, "bench") for t in big_terms]]
    )
    costs = {
        "small": float("inf"),
        "large": float("inf"),
        "small_pass": float("inf"),
        "large_pass": float("inf"),
    }
    for _ in range(3):
        for size, s in (("small", small_screener), ("large", large_screener)):
            costs[size] = min(costs[size], timed(lambda s=s: s.screen_text(text)))
            costs[f"{size}_pass"] = min(
                costs[f"{size}_pass"], timed(lambda s=s: s.matcher.find(text))
            )
    occurrences = {
        n: len(s.matcher.matches(text))
        for n, s in ((small, small_screener), (large, large_screener))
    }

    # Memory of the automaton at `large` terms, against pyahocorasick's for the same terms.
    with tempfile.TemporaryDirectory() as folder:
        daac_bytes = _automaton_rss(big_terms, "daachorse", Path(folder))
        pyac_bytes = _automaton_rss(big_terms, "pyahocorasick", Path(folder))
    serialized = len(daachorse.CharwiseDoubleArrayAhoCorasick(big_terms).serialize())

    # Personal-data scanning alone, against bare per-kind regexes with look-arounds.
    pd_rate = megabytes / timed(lambda: find_personal_data(text), repeat=3)
    naive = [
        re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),
        re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
        re.compile(r"(?<!\d)\d{16,19}(?!\d)"),
        re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"),
        re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    ]
    naive_rate = megabytes / timed(lambda: [p.findall(text) for p in naive], repeat=2)

    size = f"{megabytes:.0f} MB, {n_terms:,} terms ({first_chars:,} first chars)"
    return [
        Figure(
            name=f"screening (dictionary + all built-in rules), {size}",
            value=ours_rate,
            unit="MB/s",
            baseline=re_rate,
            baseline_label=f"re alternation of the same terms (measured on "
            f"{part_mb * 1000:.0f} KB, rate scaled)",
            ratio=ours_rate / re_rate,
            goal="ratio >= 20",
            met=ours_rate / re_rate >= 20,
        ),
        Figure(
            name=f"screening (dictionary + all built-in rules), {size}",
            value=ours_rate,
            unit="MB/s",
            baseline=pyac_rate,
            baseline_label="bare pyahocorasick iter() over the same terms alone",
            ratio=ours_rate / pyac_rate,
            goal="ratio >= 5",
            met=ours_rate / pyac_rate >= 5,
        ),
        Figure(
            name=f"screening cost at {large:,} terms vs {small:,} ({megabytes:.0f} MB, "
            "dictionary + all built-in rules)",
            value=costs["large"],
            unit="s",
            baseline=costs["small"],
            baseline_label=f"the same screening at {small:,} terms",
            ratio=costs["large"] / costs["small"],
            goal="ratio <= 3",
            met=costs["large"] / costs["small"] <= 3,
        ),
        Figure(
            name=f"dictionary pass alone at {large:,} terms vs {small:,} (occurrences found: "
            f"{occurrences[large]:,} vs {occurrences[small]:,}, one Finding each)",
            value=costs["large_pass"],
            unit="s",
            baseline=costs["small_pass"],
            baseline_label=f"the same pass at {small:,} terms",
            ratio=costs["large_pass"] / costs["small_pass"],
            goal="informational",
            met=None,
        ),
        Figure(
            name=f"cached automaton memory at {large:,} terms (RSS delta; serialized "
            f"{serialized / 1e6:.1f} MB)",
            value=daac_bytes / 1e6,
            unit="MB",
            baseline=pyac_bytes / 1e6,
            baseline_label="pyahocorasick automaton of the same terms (RSS delta)",
            ratio=daac_bytes / pyac_bytes if pyac_bytes > 0 else None,
            goal="informational",
            met=None,
        ),
        Figure(
            name=f"personal-data scanning alone ({megabytes:.0f} MB)",
            value=pd_rate,
            unit="MB/s",
            baseline=naive_rate,
            baseline_label="bare per-kind regexes with look-arounds, no validation",
            ratio=pd_rate / naive_rate,
            goal="value >= 100 MB/s",
            met=pd_rate >= 100,
        ),
    ]


def main() -> None:
    for figure in run(quick="--full" not in sys.argv[1:]):
        ratio = baseline = ""
        if figure.ratio is not None:
            ratio = f"  ratio {figure.ratio:,.2f}x ({figure.goal}: {figure.met})"
        if figure.baseline is not None:
            baseline = f" vs {figure.baseline:,.2f} ({figure.baseline_label})"
        print(f"{figure.name}: {figure.value:,.2f} {figure.unit}{baseline}{ratio}")


if __name__ == "__main__":
    main()
