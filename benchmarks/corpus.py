"""The screening corpus: deterministic Chinese text, term lists and a dense 低保 roster.

The text is built from ``benchmarks/data/seed_paragraphs.txt`` (a township's 政务公开 work
plan and similar public documents, shipped with the benchmarks), shuffled by paragraph and
repeated with a fixed seed. Three shapes of dictionary, each the worst case of something:

- ``many``: terms whose first characters spread over thousands of CJK characters (name lists),
  one term every ~300 characters of text: pyahocorasick's ``iter()`` slows down here;
- ``few``: terms sharing 50 first characters (as a topical list does), same density;
- ``dense``: a 低保 roster, one person per line (name, ID number, phone, sum): every line
  holds a dictionary hit and personal data, so building findings dominates.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

from gov_disclosure.identifiers import resident_id_check_char

SEEDS = Path(__file__).resolve().parent / "data" / "seed_paragraphs.txt"
SHAPES = ("few", "many", "dense")
FEW_FIRST_CHARS = 50


@functools.cache
def seed_paragraphs() -> tuple[str, ...]:
    """The seed text's non-blank lines; a missing file is an error, never a silent fallback."""
    if not SEEDS.is_file():
        raise FileNotFoundError(f"{SEEDS} is missing: the screening corpus needs its seed text")
    lines = tuple(p for p in SEEDS.read_text(encoding="utf-8").splitlines() if p.strip())
    if len(lines) < 50:
        raise ValueError(f"{SEEDS} has {len(lines)} paragraphs; at least 50 expected")
    return lines


@functools.cache
def _text_chars() -> tuple[str, ...]:
    return tuple(sorted({c for p in seed_paragraphs() for c in p if "\u4e00" <= c <= "\u9fa5"}))


def make_terms(count: int, shape: str = "many", seed: int = 1) -> list[str]:
    """``count`` distinct 2-4 character terms.

    ``many``: first characters half from the text, half any CJK character (thousands of them).
    ``few``: first characters from :data:`FEW_FIRST_CHARS` characters of the text.
    ``dense``: personal names (a surname from a list of 100, a one- or two-character name).
    """
    rng = random.Random(seed)
    common = _text_chars()
    if shape == "dense":
        return _names(count, rng)
    firsts = rng.sample(common, FEW_FIRST_CHARS) if shape == "few" else None
    terms: dict[str, None] = {}  # insertion-ordered: the same terms in the same order every run
    while len(terms) < count:
        if firsts is not None:
            first = rng.choice(firsts)
        elif rng.random() < 0.5:
            first = rng.choice(common)
        else:
            first = chr(rng.randint(0x4E00, 0x9FA5))
        terms[first + "".join(rng.choice(common) for _ in range(rng.randint(1, 3)))] = None
    return list(terms)


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文海燕斌波辉鹏宇浩凯"


def _names(count: int, rng: random.Random) -> list[str]:
    names: dict[str, None] = {}
    while len(names) < count:
        given = "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        names[rng.choice(SURNAMES) + given] = None
    return list(names)


def valid_id(rng: random.Random) -> str:
    """A resident ID number with a correct check character."""
    birth = f"19{rng.randint(50, 99)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}"
    first17 = f"3202{rng.randint(0, 99):02d}{birth}{rng.randint(0, 999):03d}"
    return first17 + resident_id_check_char(first17)


def make_text(megabytes: float, terms: list[str], shape: str = "many", seed: int = 2) -> str:
    """Deterministic text of about ``megabytes`` MB (UTF-8) in the given shape."""
    if shape == "dense":
        return _roster(megabytes, terms, random.Random(seed))
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
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
                    f"身份证号{valid_id(rng)}",
                    f"电话1{rng.randint(3, 9)}{rng.randint(0, 10**9 - 1):09d}",
                    f"编号{rng.randint(10**17, 10**18 - 1)}",
                    "联系电话0510-88881234",
                ]
            )
        out.append(chunk + "\n")
        size += len(chunk.encode("utf-8")) + 1
    return "".join(out)


def _roster(megabytes: float, names: list[str], rng: random.Random) -> str:
    """A 低保 roster: ``序号 姓名 身份证号 联系电话 保障金额 村组``, one person per line."""
    target = int(megabytes * 1_000_000)
    out: list[str] = ["序号\t姓名\t身份证号\t联系电话\t月保障金额（元）\t所在村组\n"]
    size = len(out[0].encode("utf-8"))
    k = 0
    while size < target:
        k += 1
        phone = f"1{rng.randint(3, 9)}{rng.randint(0, 10**9 - 1):09d}"
        line = (
            f"{k}\t{rng.choice(names)}\t{valid_id(rng)}\t{phone}\t{rng.randint(300, 900)}\t"
            f"第{rng.randint(1, 12)}村民小组\n"
        )
        out.append(line)
        size += len(line.encode("utf-8"))
    return "".join(out)
