"""Short forms as keys, and the table that finds them in a text with the sense it has there (pure Python).

A defined short form is matched by a *key*: its normalised pieces
(``CSCs`` -> ``("CSC",)``), or, for one that would also match ordinary words
or units (``Mg``, ``Stat3``), the form as written (:func:`short_key_of`).
:class:`ShortForms` finds the keys of a corpus or of one text in a text and
picks each occurrence's sense (see :mod:`kgraph.concepts.senses` for the policy).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import compress
from typing import Any

from ..text.normalize import Scan, key_of, scan
from .matcher import HYPHENS, Match, TermMatcher, inside_token

__all__ = ["AS_WRITTEN", "ShortForms", "corpus_wide", "match_key", "short_key_of", "written"]


AS_WRITTEN = "\u2261"
"""First element of the key of a short form that is matched only as written (see :func:`short_key_of`)."""


def short_key_of(short: str) -> tuple[str, ...] | None:
    """The key a defined short form is matched by, or None if it must not be matched on its own.

    A short form that keeps its case after normalisation (``CSCs``, ``IL-6``,
    ``5-FU``) has its normal key. One that normalises to lower-case letters or
    words (``Mg``, ``Stat3``, ``A-T``, ``Min``, ``DEFINE``) would also match
    units, verbs and ordinary words (``10 mg``, ``30 min``, ``define``), so it
    is matched only where it is written exactly so: its key is
    ``(AS_WRITTEN, short)``; if it is written like a capitalised word
    (``Scale``, ``Dex``), not at the start of a sentence either, and only in
    its own text (:func:`corpus_wide`). A short form ending in a lower-case
    piece that is also a short English word glued to the rest (``DPP4is``,
    the plural of ``DPP4i``) is matched only as written too: its key would
    match ``DPP4 is`` in ``DPP4 is expressed``. A short form of one letter or
    digit (``H``, ``H+``) is never matched.

    Examples:
        >>> [short_key_of(s) for s in ["CSCs", "IL-6", "Mg", "A-T", "H+", "DPP4is", "SGLT2i"]]
        [('CSC',), ('IL', '6'), ('≡', 'Mg'), ('≡', 'A-T'), None, ('≡', 'DPP4is'), ('SGLT', '2', 'i')]
    """
    key = key_of(short)
    if key is None or sum(map(len, _written_pieces(short))) < 2:  # H, H+, (1)
        return None
    if _glued_word(short):
        return (AS_WRITTEN, short)
    if any(piece != piece.lower() for piece in key):
        return key
    return (AS_WRITTEN, short)


_SHORT_WORDS = frozenset({"a", "an", "as", "at", "be", "by", "do", "if", "in", "is", "it", "me", "my", "no",
                          "of", "on", "or", "so", "to", "up", "us", "we"})
"""Short English words: a short form's last piece that is one of them may be the next word."""


def corpus_wide(key: tuple[str, ...]) -> bool:
    """Whether a short form defined in one text is also matched in texts that do not define it.

    Not a short form written like a capitalised word (``Scale``, ``Form``,
    ``Mg``): in other texts that is mostly the word itself, in a name
    (``Visual Analogue Scale``) or a unit. Its own text still uses it.

    Examples:
        >>> [corpus_wide(short_key_of(s)) for s in ["CSCs", "Stat3", "A-T", "Scale", "Mg"]]
        [True, True, True, False, False]
    """
    return not (key[0] == AS_WRITTEN and key[1].isalpha() and key[1].istitle())


def match_key(key: tuple[str, ...]) -> tuple[str, ...]:
    """The normalised pieces a short-form key matches (before any check of how it is written).

    Examples:
        >>> match_key(("CSC",)), match_key((AS_WRITTEN, "Stat3"))
        (('CSC',), ('stat', '3'))
    """
    if key and key[0] == AS_WRITTEN:
        return key_of(key[1]) or ()
    return key


def written(key: tuple[str, ...]) -> str:
    """A short-form key as text: ``("SBRT",)`` -> ``"SBRT"``, ``("5", "FU")`` -> ``"5 FU"``.

    Examples:
        >>> written(("SBRT",)), written(("5", "FU")), written(short_key_of("Stat3"))
        ('SBRT', '5 FU', 'Stat3')
    """
    if key and key[0] == AS_WRITTEN:
        return key[1]
    return "".join(key) if len(key) == 1 else " ".join(key)


class ShortForms:
    """Short forms (key -> concept id, or senses) prepared for matching; build once per corpus.

    One-piece short forms (nearly all) are found with a C-level lookup; the
    few longer ones (``5-FU``) with a :class:`~kgraph.concepts.matcher.TermMatcher`.

    Args:
        short_forms: Key -> concept id, or key -> senses (concept ids, the
            preferred first).
        evidence: Concept id -> the pieces that show its sense in a text
            (:func:`kgraph.concepts.senses.evidence_pieces`). When given, a short form
            is resolved in a text only to a sense the text shows evidence of
            (the first such sense); without evidence it stays unresolved.
            None: every short form takes its first sense (a text's own
            definitions).

    Examples:
        >>> from kgraph.text.normalize import scan
        >>> shared = ShortForms({("SD",): ["sprague_dawley_rat"]},
        ...                     evidence={"sprague_dawley_rat": frozenset({"sprague", "dawley"})})
        >>> [m.value for m in shared.find(scan("Sprague-Dawley rats: weight (SD) rose."))]
        ['sprague_dawley_rat']
        >>> shared.find(scan("Values are mean +/- SD."))
        []
    """

    def __init__(self, short_forms: Mapping[tuple[str, ...], str | Sequence[str]],
                 evidence: Mapping[str, frozenset[str]] | None = None) -> None:
        # With evidence to check, each key keeps all its senses; without, only the first.
        senses: dict[tuple[str, ...], Any] = {
            key: (value if isinstance(value, str) else value[0]) if evidence is None
            else ((value,) if isinstance(value, str) else tuple(value))
            for key, value in short_forms.items() if value}
        self.evidence = evidence
        normal = {key: value for key, value in senses.items() if key and key[0] != AS_WRITTEN}
        self.singles = {key[0]: value for key, value in normal.items() if len(key) == 1}
        longer = {key: value for key, value in normal.items() if len(key) > 1}
        self.longer = TermMatcher(longer) if longer else None
        # Short forms matched only as written: found by their normalised pieces, then compared.
        shorts = [key[1] for key in senses if key and key[0] == AS_WRITTEN]
        self.by_pieces = {_written_pieces(short): senses[(AS_WRITTEN, short)] for short in shorts}
        # DPP4is: its last piece is a word ("is") glued to the rest; "DPP4 is" is not it.
        self.glued_word = {_written_pieces(short) for short in shorts if _glued_word(short)}
        self.as_written = TermMatcher({key_of(short): () for short in shorts}) if shorts else None

    def __bool__(self) -> bool:
        return bool(self.singles) or self.longer is not None or self.as_written is not None

    def find(self, parts: Scan) -> list[Match]:
        """Occurrences of the short forms in ``parts`` (whole words only), each with its sense."""
        singles, norms = self.singles, parts.norms
        text, starts, ends = parts.text, parts.starts, parts.ends
        size = len(text)
        found = []
        for i in compress(range(len(norms)), map(singles.__contains__, norms)):
            start, end = starts[i], ends[i]
            before = text[start - 1] if start else " "
            after = text[end] if end < size else " "
            if before.isalnum() or after.isalnum():
                continue  # not a whole word
            if (before in HYPHENS or after in HYPHENS) and inside_token(parts, i, i):
                continue
            found.append(Match(i, i, singles[norms[i]]))
        if self.longer is not None:
            found.extend(self.longer.find(parts))
        if self.as_written is not None:
            for m in self.as_written.find(parts):
                pieces = tuple(text[starts[j]:ends[j]] for j in range(m.first, m.last + 1))
                value = self.by_pieces.get(pieces)
                if value is None or (len(pieces) == 1 and pieces[0].istitle()
                                     and _starts_sentence(text, starts[m.first])):
                    continue  # "Scale" starting a sentence is the word
                if pieces in self.glued_word and starts[m.last] != ends[m.last - 1]:
                    continue  # "DPP4 is expressed" is not the short form DPP4is
                found.append(Match(m.first, m.last, value))
        if not found:
            return []
        return self._senses(parts, found)

    def _senses(self, parts: Scan, found: list[Match]) -> list[Match]:
        evidence = self.evidence
        if evidence is None:
            return found
        present = set(parts.norms)  # evidence pieces are lower-case words, as normalised words are
        out = []
        for m in found:
            sense = next((s for s in m.value if not evidence.get(s, _NO_PIECES).isdisjoint(present)), None)
            if sense is not None:
                out.append(Match(m.first, m.last, sense))
        return out


_NO_PIECES: frozenset[str] = frozenset()
def _starts_sentence(text: str, start: int) -> bool:
    """Whether only blanks, opening brackets or quotes stand between ``start`` and a sentence start."""
    i = start
    while i > 0 and text[i - 1] in " \t([\"'\u201c":
        i -= 1
    return i == 0 or text[i - 1] in ".!?:;\n"


def _glued_word(short: str) -> bool:
    """Whether the last piece of a short form is a short English word glued to the rest (``DPP4is``).

    Examples:
        >>> _glued_word("DPP4is"), _glued_word("DPP-4 is"), _glued_word("SGLT2i"), _glued_word("IS")
        (True, False, False, False)
    """
    parts = scan(short)
    if len(parts.norms) < 2 or parts.norms[-1] not in _SHORT_WORDS:
        return False
    start = parts.starts[-1]
    return short[start - 1].isalnum()


def _written_pieces(short: str) -> tuple[str, ...]:
    """The pieces of ``short`` as written (``"A-T"`` -> ``("A", "T")``)."""
    parts = scan(short)
    return tuple(short[start:end] for start, end in zip(parts.starts, parts.ends))
