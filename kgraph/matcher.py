"""Longest-match lookup of normalised terms in a list of pieces (pure Python)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from .normalize import Piece

__all__ = ["Match", "TermMatcher"]


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


class TermMatcher:
    """Finds the longest known terms in a sequence of pieces.

    A term starts and ends on word boundaries: ``IL-6`` is found in
    ``anti-IL-6`` but ``mAb`` is not found inside ``drug5mab``.

    Args:
        terms: Maps a key (a tuple of normalised pieces, see
            :func:`kgraph.normalize.key_of`) to a value.

    Examples:
        >>> from kgraph.normalize import key_of, pieces
        >>> m = TermMatcher({key_of("stem cell"): "sc", key_of("cancer stem cell"): "csc"})
        >>> [(x.value) for x in m.find(pieces("Cancer stem cells and stem cells."))]
        ['csc', 'sc']
    """

    def __init__(self, terms: Mapping[tuple[str, ...], str]) -> None:
        self._terms = dict(terms)
        self._prefixes: set[tuple[str, ...]] = set()
        for key in self._terms:
            for i in range(1, len(key)):
                self._prefixes.add(key[:i])
        self._firsts = frozenset(key[0] for key in self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def get(self, key: tuple[str, ...]) -> str | None:
        """The value of an exact key, or None."""
        return self._terms.get(key)

    def items(self) -> list[tuple[tuple[str, ...], str]]:
        """All (key, value) pairs, sorted."""
        return sorted(self._terms.items())

    def find(self, parts: Sequence[Piece]) -> list[Match]:
        """Leftmost-longest, non-overlapping matches in ``parts``."""
        found: list[Match] = []
        firsts, terms, prefixes = self._firsts, self._terms, self._prefixes
        n = len(parts)
        i = 0
        while i < n:
            if parts[i].norm not in firsts or not parts[i].opens:
                i += 1
                continue
            key: tuple[str, ...] = (parts[i].norm,)
            best = terms.get(key) if parts[i].closes else None
            best_last = i
            j = i + 1
            while j < n and parts[j].joined and key in prefixes:
                key = (*key, parts[j].norm)
                value = terms.get(key)
                if value is not None and parts[j].closes:
                    best, best_last = value, j
                j += 1
            if best is None:
                i += 1
                continue
            found.append(Match(i, best_last, best))
            i = best_last + 1
        return found
