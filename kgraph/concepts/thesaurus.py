"""A user's own merges and drops: VOSviewer thesaurus files and stop lists (pure Python).

A *thesaurus file* is the tab-separated format of VOSviewer: a header line
``label<TAB>replace by``, then one line per term. A term with a replacement
is counted as the replacement (several terms with the same replacement
become one concept); a term with an empty replacement is left out. A *stop
list* is a text file with one term per line (``#`` starts a comment); each
is left out.

Terms are matched by any name of a concept (lexicon names, discovered long
forms and terms), after kgraph's normalisation, so ``tumour cells`` in a
thesaurus reaches the concept ``cancer cell``. A replacement that names no
concept becomes a new one with that label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LexiconError, read_text
from ..text.normalize import key_of, slug
from .lexicon import Concept

__all__ = ["Thesaurus", "load_stop_list", "load_thesaurus"]

_HEADER = ("label", "replace by")


@dataclass(frozen=True)
class Thesaurus:
    """Terms to count as other terms, and terms to leave out.

    Attributes:
        replace: Term -> the term to count it as.
        drop: Terms to leave out.

    Examples:
        >>> t = Thesaurus({"tumour cells": "transformed cell"}, frozenset({"diagnosis"}))
        >>> concepts = {c.id: c for c in [Concept("cancer_cell", "cancer cell", "cell_type", ("tumor cell",)),
        ...                               Concept("diagnosis", "diagnosis", "clinical")]}
        >>> mapping, new = t.resolve(concepts)
        >>> mapping, [(c.id, c.label, c.category) for c in new]
        ({'diagnosis': '', 'cancer_cell': 'transformed_cell'}, [('transformed_cell', 'transformed cell', 'cell_type')])
    """

    replace: Mapping[str, str] = field(default_factory=dict)
    drop: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.replace) or bool(self.drop)

    def merged(self, other: Thesaurus) -> Thesaurus:
        """Both sets of rules (``other`` wins where they differ)."""
        return Thesaurus({**self.replace, **other.replace}, self.drop | other.drop)

    def fingerprint(self) -> list[list[str]]:
        """The rules as a sorted JSON-ready list (what stored results depend on)."""
        return sorted([[term, target] for term, target in self.replace.items()]
                      + [[term, ""] for term in self.drop])

    def resolve(self, concepts: Mapping[str, Concept]) -> tuple[dict[str, str], list[Concept]]:
        """The concept ids the rules reach.

        Args:
            concepts: Every concept a mention can have (lexicon and discovered).

        Returns:
            Concept id -> the id it is counted as (``""``: left out), and the
            new concepts that replacements introduce. Terms that name no
            concept are ignored.
        """
        by_key: dict[tuple[str, ...], str] = {}
        for concept_id, concept in sorted(concepts.items()):
            for name in concept.names:
                key = key_of(name)
                if key is not None:
                    by_key.setdefault(_fold(key), concept_id)
        mapping: dict[str, str] = {}
        new: dict[str, Concept] = {}
        for term in sorted(self.drop):
            concept_id = _lookup(by_key, term)
            if concept_id is not None:
                mapping[concept_id] = ""
        for term, target in sorted(self.replace.items()):
            concept_id = _lookup(by_key, term)
            if concept_id is None or concept_id in mapping:
                continue
            target_id = _lookup(by_key, target)
            if target_id is None:
                target_id = slug(target) or concept_id
                if target_id in concepts and concepts[target_id].label != target:
                    target_id += "_thesaurus"
                new.setdefault(target_id, Concept(target_id, target, concepts[concept_id].category,
                                                  source="thesaurus"))
            if target_id != concept_id:
                mapping[concept_id] = target_id
        return mapping, [new[c] for c in sorted(new)]


def _fold(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(piece.lower() for piece in key)


def _lookup(by_key: Mapping[tuple[str, ...], str], term: str) -> str | None:
    key = key_of(term)
    return by_key.get(_fold(key)) if key is not None else None


def load_thesaurus(path: str | Path) -> Thesaurus:
    """Read a VOSviewer thesaurus file (``label<TAB>replace by``).

    Raises:
        LexiconError: The file cannot be read, or a line is not two
            tab-separated fields; the message names the file and line.
    """
    path = Path(path)
    replace: dict[str, str] = {}
    drop: set[str] = set()
    for number, line in _lines(path, "thesaurus file"):
        fields = line.split("\t")
        if len(fields) == 1:
            fields.append("")
        if len(fields) != 2:
            raise LexiconError(f"{path}, line {number}: expected 'label<TAB>replace by' (two fields "
                               f"separated by one tab), got {len(fields)} fields.")
        term, target = fields[0].strip(), fields[1].strip()
        if number == 1 and (term.lower(), target.lower()) == _HEADER:
            continue
        if not term:
            raise LexiconError(f"{path}, line {number}: the label (first field) is empty.")
        if target:
            replace[term] = target
        else:
            drop.add(term)
    return Thesaurus(replace, frozenset(drop))


def load_stop_list(path: str | Path) -> Thesaurus:
    """Read a stop list (one term per line, ``#`` comments) as a thesaurus that drops each term.

    Raises:
        LexiconError: The file cannot be read.
    """
    path = Path(path)
    return Thesaurus({}, frozenset(line for _, line in _lines(path, "stop list")))


def _lines(path: Path, what: str) -> Iterable[tuple[int, str]]:
    text = read_text(path, LexiconError, what)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip("\r\n") if what == "stop list" else raw.rstrip("\r\n")
        if line.strip():
            yield number, line.strip() if what == "stop list" else line
