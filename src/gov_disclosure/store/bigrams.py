"""Bigram text of many texts at once, in numpy: the tokens of
:func:`~gov_disclosure.store.search.bigram_text`, without Python work per run of characters
(an import of 100,000 items tokenises them in a few array passes per chunk)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

_SPACE = 32
_CHUNK = 1 << 20  # characters per array pass: bounded memory for any import


def _in(codes: np.ndarray, *ranges: tuple[int, int]) -> np.ndarray:
    found = np.zeros(len(codes), dtype=bool)
    for low, high in ranges:
        found |= (codes >= low) & (codes <= high)
    return found


def _shifted(mask: np.ndarray, step: int) -> np.ndarray:
    """``mask`` of the next (step 1) or previous (step -1) position; False past the ends."""
    out = np.zeros_like(mask)
    if step > 0:
        out[:-1] = mask[1:]
    else:
        out[1:] = mask[:-1]
    return out


def _chunks(texts: list[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    size = 0
    for text in texts:
        chunk.append(text)
        size += len(text) + 1
        if size >= _CHUNK:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _tokens(texts: list[str]) -> list[str]:
    """The bigram text of each of ``texts`` (none holds a NUL)."""
    codes = np.frombuffer("\0".join(texts).encode("utf-32-le", "surrogatepass"), np.uint32)
    if not len(codes):
        return [""] * len(texts)
    cjk = _in(codes, (0x3400, 0x9FFF), (0xF900, 0xFAFF))
    alnum = _in(codes, (0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A))
    pair = cjk & _shifted(cjk, 1)  # a bigram starts here
    single = cjk & ~_shifted(cjk, -1) & ~_shifted(cjk, 1)  # a one-character run
    word_end = alnum & ~_shifted(alnum, 1)
    text_end = codes == 0
    # what each position writes: a bigram and a space, a lone character and a space, a Latin
    # character (and a space after a word's last one), the NUL between texts
    count = 3 * pair.astype(np.uint8) + 2 * single + alnum + word_end + text_end
    start = np.cumsum(count, dtype=np.int64) - count
    out = np.empty(int(start[-1] + count[-1]), dtype=np.uint32)
    lower = codes | np.where(_in(codes, (0x41, 0x5A)), np.uint32(0x20), np.uint32(0))
    at = np.flatnonzero(pair)
    out[start[at]] = codes[at]
    out[start[at] + 1] = codes[at + 1]
    out[start[at] + 2] = _SPACE
    at = np.flatnonzero(single)
    out[start[at]] = codes[at]
    out[start[at] + 1] = _SPACE
    at = np.flatnonzero(alnum)
    out[start[at]] = lower[at]
    out[start[np.flatnonzero(word_end)] + 1] = _SPACE
    out[start[np.flatnonzero(text_end)]] = 0
    # each text's tokens end with a space: dropped
    return [text[:-1] for text in out.tobytes().decode("utf-32-le").split("\0")]


def bigram_texts(texts: list[str]) -> list[str] | None:
    """The bigram text of each of ``texts``, or None when one holds a NUL (the separator
    used between texts; validated texts never hold one)."""
    if any("\0" in text for text in texts):
        return None
    return [tokens for chunk in _chunks(texts) for tokens in _tokens(chunk)]
