"""Short forms, and the table that finds them in a text with the sense it has there (pure Python).

A defined short form (:class:`ShortForm`) is matched by its normalised
pieces (``CSCs`` -> ``("CSC",)``), or, for one that would also match ordinary
words or units (``Mg``, ``Stat3``), only as written (:func:`short_form_of`).
:class:`ShortForms` finds the short forms of a corpus or of one text in a text and
picks each occurrence's sense (see :mod:`kgraph.concepts.senses` for the policy).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any

from ..text.normalize import Scan, key_of, scan
from .matcher import HYPHENS, Match, TermMatcher, inside_token

__all__ = ["ShortForm", "ShortForms", "short_form_of"]


@dataclass(frozen=True, order=True)
class ShortForm:
    """A defined short form, as it is matched in texts.

    Most short forms are matched by their normalised pieces (``CSCs`` and
    ``CSC`` by ``("CSC",)``); one that would also match ordinary words or units
    (``Mg``, ``Stat3``) is matched only where it is written exactly so
    (``exact``). Build them with :func:`short_form_of`.

    Short forms sort with those matched by pieces first, then those matched
    as written; the order is the same in every run.

    Attributes:
        exact: The form as written when it is matched only so, else ``""``.
        pieces: The normalised pieces it matches (before any check of how it is written).

    Examples:
        >>> short_form_of("CSCs"), short_form_of("Mg")
        (ShortForm('CSC'), ShortForm('Mg', exact))
        >>> short_form_of("CSCs").text, short_form_of("5-FU").text, short_form_of("Stat3").pieces
        ('CSC', '5 FU', ('stat', '3'))
        >>> ShortForm.from_json(short_form_of("Stat3").to_json()) == short_form_of("Stat3")
        True
    """

    exact: str
    pieces: tuple[str, ...]

    @property
    def text(self) -> str:
        """The short form as text: as written, or its pieces (``"SBRT"``, ``"5 FU"``)."""
        if self.exact:
            return self.exact
        return "".join(self.pieces) if len(self.pieces) == 1 else " ".join(self.pieces)

    @property
    def corpus_wide(self) -> bool:
        """Whether texts that do not define it may use it too.

        Not a short form written like a capitalised word (``Scale``, ``Form``,
        ``Mg``): in other texts that is mostly the word itself, in a name
        (``Visual Analogue Scale``) or a unit. Its own text still uses it.

        Examples:
            >>> [short_form_of(s).corpus_wide for s in ["CSCs", "Stat3", "A-T", "Scale", "Mg"]]
            [True, True, True, False, False]
        """
        return not (self.exact.isalpha() and self.exact.istitle())

    def to_json(self) -> list[Any]:
        """``[pieces, exact]``, JSON-ready (:meth:`from_json` reverses it)."""
        return [list(self.pieces), self.exact]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> ShortForm:
        """The short form of :meth:`to_json` output."""
        pieces, exact = data
        return cls(exact, tuple(pieces))

    def __repr__(self) -> str:
        return f"ShortForm({self.text!r}, exact)" if self.exact else f"ShortForm({self.text!r})"


def short_form_of(short: str) -> ShortForm | None:
    """How a defined short form is matched, or None if it must not be matched on its own.

    A short form that keeps its case after normalisation (``CSCs``, ``IL-6``,
    ``5-FU``) is matched by its normalised pieces. One that normalises to
    lower-case letters or words (``Mg``, ``Stat3``, ``A-T``, ``Min``,
    ``DEFINE``) would also match units, verbs and ordinary words (``10 mg``,
    ``30 min``, ``define``), so it is matched only where it is written exactly
    so (:attr:`ShortForm.exact`); if it is written like a capitalised word
    (``Scale``, ``Dex``), not at the start of a sentence either, and only in
    its own text (:attr:`ShortForm.corpus_wide`). A short form ending in a lower-case
    piece that is also a short English word glued to the rest (``DPP4is``,
    the plural of ``DPP4i``) is matched only as written too: its pieces
    would match ``DPP4 is`` in ``DPP4 is expressed``. A short form of one letter or
    digit (``H``, ``H+``) is never matched.

    Examples:
        >>> [short_form_of(s) for s in ["CSCs", "IL-6", "Mg", "A-T", "H+", "DPP4is", "SGLT2i"]]
        [ShortForm('CSC'), ShortForm('IL 6'), ShortForm('Mg', exact), ShortForm('A-T', exact), None, \
ShortForm('DPP4is', exact), ShortForm('SGLT 2 i')]
    """
    key = key_of(short)
    if key is None or sum(map(len, _written_pieces(short))) < 2:  # H, H+, (1)
        return None
    if _glued_word(short) or all(piece == piece.lower() for piece in key):
        return ShortForm(short, key)
    return ShortForm("", key)


_SHORT_WORDS = frozenset({"a", "an", "as", "at", "be", "by", "do", "if", "in", "is", "it", "me", "my", "no",
                          "of", "on", "or", "so", "to", "up", "us", "we"})
"""Short English words: a short form's last piece that is one of them may be the next word."""


class ShortForms:
    """Short forms (-> concept id, or senses) prepared for matching; build once per corpus.

    One-piece short forms (nearly all) are found with a C-level lookup; the
    few longer ones (``5-FU``) with a :class:`~kgraph.concepts.matcher.TermMatcher`.

    Args:
        short_forms: Short form -> concept id, or short form -> senses
            (concept ids, the preferred first).
        evidence: Concept id -> the pieces that show its sense in a text
            (:func:`kgraph.concepts.senses.evidence_pieces`). When given, a short form
            is resolved in a text only to a sense the text shows evidence of
            (the first such sense); without evidence it stays unresolved.
            None: every short form takes its first sense (a text's own
            definitions).

    Examples:
        >>> from kgraph.text.normalize import scan
        >>> shared = ShortForms({short_form_of("SD"): ["sprague_dawley_rat"]},
        ...                     evidence={"sprague_dawley_rat": frozenset({"sprague", "dawley"})})
        >>> [m.value for m in shared.find(scan("Sprague-Dawley rats: weight (SD) rose."))]
        ['sprague_dawley_rat']
        >>> shared.find(scan("Values are mean +/- SD."))
        []
    """

    def __init__(self, short_forms: Mapping[ShortForm, str | Sequence[str]],
                 evidence: Mapping[str, frozenset[str]] | None = None) -> None:
        # With evidence to check, each short form keeps all its senses; without, only the first.
        senses: dict[ShortForm, Any] = {
            short: (value if isinstance(value, str) else value[0]) if evidence is None
            else ((value,) if isinstance(value, str) else tuple(value))
            for short, value in short_forms.items() if value and short.pieces}
        self.evidence = evidence
        normal = {short.pieces: value for short, value in senses.items() if not short.exact}
        self.singles = {pieces[0]: value for pieces, value in normal.items() if len(pieces) == 1}
        longer = {pieces: value for pieces, value in normal.items() if len(pieces) > 1}
        self.longer = TermMatcher(longer) if longer else None
        # Short forms matched only as written: found by their normalised pieces, then compared.
        exact = [short for short in senses if short.exact]
        self.by_pieces = {_written_pieces(short.exact): senses[short] for short in exact}
        # DPP4is: its last piece is a word ("is") glued to the rest; "DPP4 is" is not it.
        self.glued_word = {_written_pieces(short.exact) for short in exact if _glued_word(short.exact)}
        self.as_written = TermMatcher({short.pieces: () for short in exact}) if exact else None

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

    def shows(self, concept_id: str, parts: Scan) -> bool:
        """Whether ``parts`` hold evidence of ``concept_id`` (False without evidence to check)."""
        pieces = self.evidence.get(concept_id) if self.evidence is not None else None
        return bool(pieces) and not pieces.isdisjoint(parts.norms)

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
