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

__all__ = ["split_sentences"]

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
