"""Sentence boundaries from raw text (pure Python, one regex pass).

A sentence ends at a sentence-final punctuation mark (the marks of spaCy's
``Sentencizer.default_punct_chars``), optionally followed by closing quotes or
brackets, when white space and then something other than a lower-case letter
follow; it also ends at every line break, so a title or a list item never runs
into the next sentence. Unlike a plain punctuation rule, ``et al. reported``
and ``vs. placebo`` do not end a sentence.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences", "text_parts"]

# spaCy's Sentencizer.default_punct_chars (sentence-final marks of many scripts).
_FINAL = ("!.?\u0589\u061f\u06d4\u0700\u0701\u0702\u07f9\u0964\u0965\u104a\u104b\u1362\u1367\u1368"
          "\u166e\u1803\u1809\u1944\u1945\u1aa8\u1aa9\u1aaa\u1aab\u1b5a\u1b5b\u1b5e\u1b5f\u1c3b\u1c3c"
          "\u1c7e\u1c7f\u203c\u203d\u2047\u2048\u2049\u2e2e\u2e3c\u3002\ua4ff\ua60e\ua60f\ua6f3\ua6f7"
          "\ua876\ua877\ua8ce\ua8cf\ua92f\ua9c8\ua9c9\uaa5d\uaa5e\uaa5f\uaaf0\uaaf1\uabeb\ufe52\ufe56"
          "\ufe57\uff01\uff0e\uff1f\uff61")
_BOUNDARY_RE = re.compile(
    "[" + re.escape(_FINAL) + r"]+[\"'\u201d\u2019)\]]*(?=[ \t\u00a0]+[^\s\p{Ll}])".replace(r"\p{Ll}", "a-z")
    + r"|\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text``, without outer white space.

    Examples:
        >>> text = "Title\\nSmith et al. reported gains. Was it CAR-T? Yes!"
        >>> [text[s:e] for s, e in split_sentences(text)]
        ['Title', 'Smith et al. reported gains.', 'Was it CAR-T?', 'Yes!']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        _add(text, start, m.end(), spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def text_parts(text: str, limit: int) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive parts of at most ``limit`` characters, between sentences.

    A sentence longer than ``limit`` is cut at the last white space before
    the limit (or at the limit, in a text without any). The parts cover the
    whole text, in order, so offsets within a part plus its start are
    offsets in ``text``.

    Examples:
        >>> text = "CSCs resist. Radiotherapy helps. T cells kill."
        >>> [text[s:e] for s, e in text_parts(text, 20)]
        ['CSCs resist. ', 'Radiotherapy helps. ', 'T cells kill.']
        >>> text_parts("short", 20)
        [(0, 5)]
    """
    if limit < 1:
        raise ValueError(f"limit must be >= 1 (got {limit}).")
    if len(text) <= limit:
        return [(0, len(text))]
    parts: list[tuple[int, int]] = []
    start = 0
    cut = 0  # the furthest sentence start that keeps the part within the limit
    for sentence_start, _ in split_sentences(text):
        if sentence_start - start <= limit:
            cut = sentence_start
            continue
        start = _close(text, start, cut, limit, parts)
        cut = sentence_start if sentence_start - start <= limit else start
        while sentence_start - start > limit:  # a sentence longer than a part
            start = _close(text, start, start, limit, parts)
        cut = sentence_start
    while len(text) - start > limit:
        start = _close(text, start, cut if cut > start else start, limit, parts)
        cut = start
    parts.append((start, len(text)))
    return parts


def _close(text: str, start: int, cut: int, limit: int, parts: list[tuple[int, int]]) -> int:
    """End the part that begins at ``start`` at ``cut`` (or inside a long sentence); the next start."""
    if cut <= start:  # no sentence start fits: the last white space before the limit, else the limit
        space = max(text.rfind(" ", start + 1, start + limit), text.rfind("\n", start + 1, start + limit))
        cut = space + 1 if space > start else start + limit
    parts.append((start, cut))
    return cut
