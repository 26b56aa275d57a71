"""The concept lexicon: loading, validating and merging lexicon files.

A lexicon file is YAML (or JSON) holding ``concepts``, a list of entries with
``id``, ``label``, ``category`` and optional ``aliases``, ``ids`` (standard
identifiers of what the concept names, as CURIEs: ``MESH:D002945``) and
``broader`` (the id of a concept of the same file this one is a narrower kind
of); see ``kgraph/data/oncology.yaml`` for the format and the shipped oncology lexicon.
A broken file raises :class:`~kgraph.errors.LexiconError` naming the file,
the line, the entry and the problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import LexiconError, read_text
from ..settings import default_lexicon_path
from ..text.normalize import key_of
from .identifiers import canonical_id
from .matcher import TermMatcher

__all__ = ["AMBIGUOUS", "Concept", "Lexicon", "default_lexicon", "load_lexicon", "written_variants"]

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
_FIELDS = frozenset({"id", "label", "category", "aliases", "generic", "ambiguous", "ids", "broader"})
AMBIGUOUS = "\x00ambiguous:"
"""Prefix of the matcher's value for a name several concepts share (see :attr:`Concept.ambiguous`)."""


@dataclass(frozen=True, repr=False)
class Concept:
    """One concept of a lexicon.

    Attributes:
        id: Unique identifier; the node id in the graph.
        label: Preferred name.
        category: Category, e.g. ``"therapy"`` or ``"drug"``.
        aliases: Other names (synonyms, abbreviations).
        source: Where the concept comes from: ``"lexicon"`` (curated),
            ``"discovered"`` (found in the texts: a drug name, a defined long
            form, a frequent term), ``"thesaurus"`` (a replacement the user's
            thesaurus introduced) or ``"ner"`` (an entity of another component
            of the user's pipeline). How a mention's name was resolved is
            :attr:`Mention.resolved_by <kgraph.extraction.Mention.resolved_by>`.
        generic: A term of the domain's background (``cancer cell``,
            ``diagnosis``, ``side effect``) that links to nearly everything:
            kept in the graph, ranked after the domain concepts (statistics,
            methods and basic molecules are generic by their category, see
            :attr:`kgraph.settings.Settings.demoted_categories`).
        ambiguous: Short names that mean this concept but other things too
            (``APC``: the APC gene, an antigen-presenting cell, activated
            protein C). Several concepts may list the same one; it counts only
            in a text that names one of them otherwise (``APC`` with
            ``adenomatous polyposis coli`` is the gene) or defines it.
        ids: Standard identifiers of what the concept names, as CURIEs
            (``MESH:D002945``, ``DOID:1612``, ``NCBIGene:7157``, ``GO:0006915``);
            empty if none is known (see :mod:`kgraph.concepts.grounding`).
        broader: The id of a concept this one is a narrower kind of, or None
            (the two may then share an identifier the vocabularies do not split).

    Examples:
        >>> Concept("cisplatin", "cisplatin", "drug", ids=("MESH:D002945",))
        Concept(id='cisplatin', label='cisplatin', category='drug', aliases=(), source='lexicon', ids=('MESH:D002945',))
    """

    id: str
    label: str
    category: str
    aliases: tuple[str, ...] = ()
    source: str = "lexicon"
    generic: bool = False
    ambiguous: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    broader: str | None = None

    def __repr__(self) -> str:  # the optional fields only when set
        extra = ((f", generic={self.generic!r}" if self.generic else "")
                 + (f", ambiguous={self.ambiguous!r}" if self.ambiguous else "")
                 + (f", ids={self.ids!r}" if self.ids else "") + (f", broader={self.broader!r}" if self.broader else ""))
        return (f"Concept(id={self.id!r}, label={self.label!r}, category={self.category!r}, "
                f"aliases={self.aliases!r}, source={self.source!r}{extra})")

    @property
    def names(self) -> tuple[str, ...]:
        """The label followed by the aliases."""
        return (self.label, *self.aliases)


@dataclass(frozen=True, eq=False)
class Lexicon:
    """An immutable set of concepts with a matcher over all their names.

    Lexicons compare and hash by identity (they are used as cache keys).

    Build one with :func:`load_lexicon` or :meth:`Lexicon.from_concepts`.

    Examples:
        >>> lex = Lexicon.from_concepts([Concept("csc", "cancer stem cell", "cell_type", ("CSC",))])
        >>> lex.lookup("Cancer stem cells").id
        'csc'
        >>> lex.lookup("CSCs").id
        'csc'
        >>> lex.lookup("csc") is None   # abbreviations keep their case
        True
    """

    name: str
    concepts: Mapping[str, Concept]
    matcher: TermMatcher = field(repr=False, compare=False)
    senses: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    """The matcher's value of each ambiguous name -> the concepts it may mean."""

    @classmethod
    def from_concepts(cls, concepts: Iterable[Concept], *, name: str = "custom",
                      origin: str = "<concepts>",
                      locations: Mapping[str, str] | None = None) -> Lexicon:
        """Validate ``concepts`` and build a lexicon.

        Args:
            concepts: The concepts.
            name: Name of the lexicon.
            origin: Where the concepts come from, for error messages.
            locations: Optional ``{concept id: "file, line N"}`` for error messages.

        Raises:
            LexiconError: Duplicate ids, an alias claimed by two concepts, or
                a name that can never be matched.
        """
        by_id: dict[str, Concept] = {}
        keys: dict[tuple[str, ...], str] = {}
        shared: dict[tuple[str, ...], set[str]] = {}
        locations = locations or {}
        for concept in concepts:
            where = locations.get(concept.id, origin)
            if concept.id in by_id:
                raise LexiconError(f"{where}: duplicate concept id {concept.id!r}; ids must be unique.")
            by_id[concept.id] = concept
            for alias in concept.names:
                key = key_of(alias)
                if key is None:
                    raise LexiconError(
                        f"{where}: concept {concept.id!r}: name {alias!r} cannot be matched in text "
                        "(it has no letters or digits, or has brackets, commas or full stops "
                        "between its words); remove it or write it without them.")
                owner = keys.setdefault(key, concept.id)
                if owner != concept.id:
                    raise LexiconError(
                        f"{where}: name {alias!r} of concept {concept.id!r} is already a name of "
                        f"concept {owner!r} at {locations.get(owner, origin)} (names are compared after "
                        "normalising case, plurals "
                        "and spelling); keep it in one concept only.")
            for alias in concept.ambiguous:
                key = key_of(alias)
                if key is None:
                    raise LexiconError(f"{where}: concept {concept.id!r}: ambiguous name {alias!r} cannot be "
                                       "matched in text; remove it or write it without punctuation.")
                shared.setdefault(key, set()).add(concept.id)
        terms = _with_variants(keys)
        senses: dict[str, tuple[str, ...]] = {}
        for key, owners in sorted(shared.items()):
            if key in keys:
                raise LexiconError(
                    f"{origin}: the ambiguous name {' '.join(key)!r} of {', '.join(sorted(owners))} is also a name "
                    f"of concept {keys[key]!r}; list it as ambiguous there too, or not at all.")
            value = AMBIGUOUS + "|".join(sorted(owners))
            terms[key] = value
            senses[value] = tuple(sorted(owners))
        return cls(name=name, concepts=dict(sorted(by_id.items())), matcher=TermMatcher(terms), senses=senses)

    def __len__(self) -> int:
        return len(self.concepts)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self.concepts

    def lookup(self, name: str) -> Concept | None:
        """The concept with exactly this name (after normalisation), or None."""
        key = key_of(name)
        concept_id = self.matcher.get(key) if key else None
        return self.concepts.get(concept_id) if concept_id else None  # None for an ambiguous name

    def merged(self, other: Lexicon) -> Lexicon:
        """A new lexicon with the concepts of ``other`` added.

        A concept of ``other`` with an id already present replaces it.

        Raises:
            LexiconError: A name of ``other`` belongs to a different concept here.
        """
        combined = dict(self.concepts)
        combined.update(other.concepts)
        return Lexicon.from_concepts(combined.values(), name=f"{self.name}+{other.name}",
                                     origin=other.name)


def written_variants(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Other ways of writing a name that normalisation alone does not join.

    * a gene symbol written in capitals before a number also matches in
      lower or title case (``BCL-2``: ``Bcl-2``, ``bcl2``; ``STAT3``: ``Stat3``);
    * two lower-case words of a name also match written closed
      (``knock-down``: ``knockdown``), and a one-word name written open or
      hyphenated (``nanoparticle``: ``nano-particle``), each part at least
      three letters long;
    * ``the`` inside a name of three or more words may be left out
      (``area under the ROC curve``: ``area under ROC curve``).

    Examples:
        >>> sorted(written_variants(("BCL", "2")))
        [('bcl', '2')]
        >>> written_variants(("knock", "down"))
        {('knockdown',)}
        >>> ("nano", "particle") in written_variants(("nanoparticle",))
        True
    """
    out: set[tuple[str, ...]] = set()
    for i, piece in enumerate(key[:-1]):
        if piece.isalpha() and piece.isupper() and 2 <= len(piece) <= 5 and key[i + 1].isdigit():
            out.add((*key[:i], piece.lower(), *key[i + 1:]))

    def word(piece: str, size: int) -> bool:
        return piece.isalpha() and piece.islower() and len(piece) >= size

    for i in range(len(key) - 1):  # knock-down -> knockdown
        if word(key[i], 3) and word(key[i + 1], 3):
            out.add((*key[:i], key[i] + key[i + 1], *key[i + 2:]))
    if len(key) >= 3 and "the" in key[1:-1]:  # area under the curve -> area under curve (not "vitamin A")
        out.add(tuple(piece for i, piece in enumerate(key) if piece != "the" or i in (0, len(key) - 1)))
    if len(key) == 1 and word(key[0], 7):  # nanoparticle -> nano-particle
        out.update((key[0][:j], key[0][j:]) for j in range(3, len(key[0]) - 2))
    return out


def _with_variants(keys: Mapping[tuple[str, ...], str]) -> dict[tuple[str, ...], str]:
    """``keys`` plus the :func:`written_variants` of each that no other name claims."""
    variants: dict[tuple[str, ...], set[str]] = {}
    for key, concept_id in keys.items():
        for variant in written_variants(key):
            variants.setdefault(variant, set()).add(concept_id)
    out = dict(keys)
    for variant, owners in variants.items():
        if len(owners) == 1 and variant not in keys:
            out[variant] = next(iter(owners))
    return out


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe YAML loader (libyaml's when installed) that records the line of every mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _parse_entry(entry: Any, where: str) -> Concept:
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: expected a mapping with id, label, category, aliases; "
                           f"got {type(entry).__name__}.")
    unknown = sorted(set(entry) - _FIELDS - {"__line__"})
    if unknown:
        raise LexiconError(f"{where}: unknown field(s) {', '.join(unknown)}; "
                           f"allowed: {', '.join(sorted(_FIELDS))}.")
    values: dict[str, str] = {}
    for name in ("id", "label", "category"):
        value = entry.get(name)
        if not isinstance(value, str) or not value.strip():
            raise LexiconError(f"{where}: field {name!r} is missing or empty; every concept needs "
                               "an id, a label and a category.")
        values[name] = value.strip()
    if not _ID_RE.match(values["id"]):
        raise LexiconError(f"{where}: id {values['id']!r} must start with a letter or digit and "
                           "hold only letters, digits and _ . : -")
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise LexiconError(f"{where}: 'aliases' must be a list of non-empty strings.")
    unique = tuple(dict.fromkeys(a.strip() for a in aliases if a.strip() != values["label"]))
    generic = entry.get("generic", False)
    if not isinstance(generic, bool):
        raise LexiconError(f"{where}: 'generic' must be true or false, not {generic!r}.")
    ambiguous = entry.get("ambiguous") or []
    if not isinstance(ambiguous, list) or not all(isinstance(a, str) and a.strip() for a in ambiguous):
        raise LexiconError(f"{where}: 'ambiguous' must be a list of non-empty strings.")
    broader = entry.get("broader")
    if broader is not None and (not isinstance(broader, str) or not _ID_RE.match(broader.strip())):
        raise LexiconError(f"{where}: 'broader' must be the id of another concept of this file, "
                           f"not {broader!r}.")
    return Concept(values["id"], values["label"], values["category"], unique, generic=generic,
                   ambiguous=tuple(dict.fromkeys(a.strip() for a in ambiguous)),
                   ids=_parse_ids(entry.get("ids"), where), broader=broader.strip() if broader else None)


def _parse_ids(ids: Any, where: str) -> tuple[str, ...]:
    """The ``ids`` field: CURIEs, known prefixes written as kgraph writes them (``mesh:d002945`` -> ``MESH:D002945``)."""
    if ids is None:
        return ()
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise LexiconError(f"{where}: 'ids' must be a list of identifiers written PREFIX:ID "
                           "(e.g. [MESH:D002945, NCBIGene:7157]).")
    out = []
    for text in ids:
        curie = canonical_id(text)
        if curie is None:
            raise LexiconError(f"{where}: id {text!r} is not written PREFIX:ID (e.g. MESH:D002945, "
                               "DOID:1612, NCBIGene:7157, GO:0006915).")
        out.append(curie)
    return tuple(dict.fromkeys(out))


def load_lexicon(path: str | Path) -> Lexicon:
    """Load and validate a lexicon file.

    Args:
        path: A YAML or JSON file in the lexicon format.

    Returns:
        The validated lexicon.

    Raises:
        LexiconError: The file is missing or unreadable, is not valid YAML,
            or an entry is invalid; the message names the file, line and entry.
    """
    path = Path(path)
    text = read_text(path, LexiconError, "lexicon file")
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err)
        raise LexiconError(f"{path}{line}: not valid YAML ({problem}).") from err
    if isinstance(data, dict):
        entries = data.get("concepts")
        name = str(data.get("name") or path.stem)
    else:
        entries, name = data, path.stem
    if not isinstance(entries, list) or not entries:
        raise LexiconError(f"{path}: expected a non-empty list of concepts under 'concepts'.")
    concepts = []
    locations: dict[str, str] = {}
    for number, entry in enumerate(entries, start=1):
        line = entry.get("__line__") if isinstance(entry, dict) else None
        where = f"{path}, line {line}, entry {number}" if line else f"{path}, entry {number}"
        concept = _parse_entry(entry, where)
        if concept.id in locations:
            raise LexiconError(f"{where}: duplicate concept id {concept.id!r} (first defined at "
                               f"{locations[concept.id]}); ids must be unique.")
        locations[concept.id] = where
        concepts.append(concept)
    for concept in concepts:
        if concept.broader is not None and (concept.broader not in locations or concept.broader == concept.id):
            raise LexiconError(f"{locations[concept.id]}: concept {concept.id!r} names {concept.broader!r} "
                               "as broader, which is not another concept of this file; give the id of "
                               "one of its concepts, or remove 'broader'.")
    return Lexicon.from_concepts(concepts, name=name, origin=str(path), locations=locations)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The oncology lexicon shipped with kgraph (loaded once, then cached)."""
    return load_lexicon(default_lexicon_path())
