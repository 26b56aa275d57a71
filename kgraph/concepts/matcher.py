"""Longest-match lookup of normalised terms in a list of pieces (pure Python)."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import chain, compress, islice, repeat
from operator import contains, or_
from typing import NamedTuple

from ..text.normalize import JOINABLE_GAP_RE, Scan

__all__ = ["HYPHENS", "Match", "TermMatcher", "inside_token"]

_NONE: frozenset[str] = frozenset()


class Match(NamedTuple):
    """A term found in a list of pieces.

    Attributes:
        first: Index of the first piece of the term.
        last: Index of the last piece of the term (inclusive).
        value: What the term maps to (a concept id).
    """

    first: int
    last: int
    value: str


HYPHENS = "-\u2010\u2011\u2012"
"""Characters that join the parts of a hyphenated word."""


def inside_token(parts: Scan, first: int, last: int) -> bool:
    """Whether pieces ``first..last`` are only part of a hyphenated code such as ``HO-1`` or ``PD-L1``.

    True when a hyphen joins them, with no blank, to a word holding a digit
    (``HO`` in ``HO-1``, ``AP`` in ``AP-1``, ``PD`` in ``PD-L1``, ``MCF`` in
    ``MCF-7``), or when they are a code of one or two characters after a
    hyphen that joins them to another code (``IR`` in ``IGF-IR``, ``MS`` in
    ``HPLC-MS``, ``ET`` in ``IVF-ET``): the whole is one name, which the
    lexicon or a definition knows by itself if at all. A word without digits
    there leaves them a term of their own (``EGFR-mutant``, ``anti-PD-1``,
    ``RAS-RAF``, ``D-glucose``), and so does a slash (``PI3K/AKT``).

    Examples:
        >>> from kgraph.text.normalize import scan
        >>> parts = scan("HO-1, PD-L1 and EGFR-mutant D-glucose")
        >>> inside_token(parts, 0, 0), inside_token(parts, 2, 2), inside_token(parts, 6, 6)
        (True, True, False)
        >>> inside_token(parts, 9, 9)
        False
        >>> parts = scan("IGF-IR, RAS-RAF, anti-PD")
        >>> [inside_token(parts, i, i) for i in (1, 3, 5)]
        [True, False, False]
    """
    text, starts, ends = parts.text, parts.starts, parts.ends
    end = ends[last]
    if end + 1 < len(text) and text[end] in HYPHENS and _has_digit(text, end + 1, 1):
        return True
    start = starts[first]
    if start < 2 or text[start - 1] not in HYPHENS:
        return False
    return _has_digit(text, start - 2, -1) or (end - start <= 2 and _is_code(text, start - 2))


def _is_code(text: str, i: int) -> bool:
    """Whether the word of letters and digits that ends at ``i`` is a code: two or more characters with a capital.

    ``IGF`` in ``IGF-IR``, ``HPLC`` in ``HPLC-MS``; not ``anti`` in ``anti-PD`` nor ``c`` in ``c-Myc``.
    """
    j = i
    while j >= 0 and text[j].isalnum():
        j -= 1
    word = text[j + 1:i + 1]
    return len(word) >= 2 and any(c.isupper() for c in word)


def _has_digit(text: str, i: int, step: int) -> bool:
    """Whether the word of letters and digits that starts (step 1) or ends (step -1) at ``i`` holds a digit."""
    while 0 <= i < len(text) and text[i].isalnum():
        if text[i].isdigit():
            return True
        i += step
    return False


class TermMatcher:
    """Finds the longest known terms in a sequence of pieces.

    A term starts and ends on word boundaries: ``IL-6`` is found in
    ``anti-IL-6`` but ``mAb`` is not found inside ``drug5mab``, nor ``RT``
    inside ``RT-PCR`` (see :func:`inside_token`).

    Args:
        terms: Maps a key (a tuple of normalised pieces, see
            :func:`kgraph.text.normalize.key_of`) to a value.

    Examples:
        >>> from kgraph.text.normalize import key_of, scan
        >>> m = TermMatcher({key_of("stem cell"): "sc", key_of("cancer stem cell"): "csc"})
        >>> [x.value for x in m.find(scan("Cancer stem cells and stem cells."))]
        ['csc', 'sc']
    """

    def __init__(self, terms: Mapping[tuple[str, ...], str]) -> None:
        self._terms = dict(terms)
        self._prefixes: set[tuple[str, ...]] = set()
        for key in self._terms:
            for i in range(1, len(key)):
                self._prefixes.add(key[:i])
        # For the C-level prefilter in find(): one-piece terms, and the first two
        # pieces of longer terms.
        self._singles = frozenset(key[0] for key in self._terms if len(key) == 1)
        seconds: dict[str, set[str]] = {}
        for key in self._terms:
            if len(key) > 1:
                seconds.setdefault(key[0], set()).add(key[1])
        self._seconds = {first: frozenset(s) for first, s in seconds.items()}

    def __len__(self) -> int:
        return len(self._terms)

    def get(self, key: tuple[str, ...]) -> str | None:
        """The value of an exact key, or None."""
        return self._terms.get(key)

    def items(self) -> list[tuple[tuple[str, ...], str]]:
        """All (key, value) pairs, sorted."""
        return sorted(self._terms.items())

    def find(self, parts: Scan) -> list[Match]:
        """Leftmost-longest, non-overlapping matches in the pieces of a text.

        Args:
            parts: The text's pieces (:func:`kgraph.text.normalize.scan`).
        """
        found: list[Match] = []
        terms, prefixes = self._terms, self._prefixes
        norms, starts, ends, text = parts.norms, parts.starts, parts.ends, parts.text
        n, size = len(norms), len(text)
        joinable = JOINABLE_GAP_RE.fullmatch
        after = 0  # matches do not overlap: skip candidates inside the last match
        # Candidate starts, found in C: a one-piece term, or the first two pieces of a longer one.
        singles = map(self._singles.__contains__, norms)
        allowed = map(self._seconds.get, norms, repeat(_NONE))  # second pieces that may follow
        pairs = chain(map(contains, allowed, islice(norms, 1, None)), (False,))
        # Same rules as Scan.opens / Scan.closes / Scan.joined, inlined: this loop is hot.
        for i in compress(range(n), map(or_, singles, pairs)):
            start = starts[i]
            if i < after or (start and text[start - 1].isalnum()):
                continue
            key: tuple[str, ...] = (norms[i],)
            end = ends[i]
            best = terms.get(key) if end == size or not text[end].isalnum() else None
            best_last = i
            j = i + 1
            while j < n and key in prefixes:
                longer = (*key, norms[j])
                value = terms.get(longer)
                if value is None and longer not in prefixes:
                    break  # checked before the gap: most candidates stop here, cheaply
                gap_start, gap_end = ends[j - 1], starts[j]
                if gap_start != gap_end and joinable(text, gap_start, gap_end) is None:
                    break
                key = longer
                if value is not None:
                    end = ends[j]
                    if end == size or not text[end].isalnum():
                        best, best_last = value, j
                j += 1
            if best is not None:
                end = ends[best_last]
                if ((end < size and text[end] in HYPHENS) or (start and text[start - 1] in HYPHENS)) \
                        and inside_token(parts, i, best_last):
                    continue
                found.append(Match(i, best_last, best))
                after = best_last + 1
        return found
