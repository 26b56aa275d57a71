"""Grounding: standard identifiers for concepts, and categories that follow them.

A grounded concept carries the identifiers of what it names, as CURIEs:
``MESH:D002945`` (a MeSH descriptor), ``DOID:1612`` (Disease Ontology) with
the ``NCIT:`` code and ``UMLS:`` CUI that DO lists (where it lists one of
each), ``NCBIGene:7157`` and ``hgnc.symbol:TP53`` (a human gene),
``GO:0008283`` (a biological process), ``UBERON:0002107`` (anatomy).

* **Lexicon concepts** carry the ids curated in the lexicon (its ``ids``
  field, checked against the vocabularies by a test); they are never grounded
  by name, and keep their curated category.
* **Other concepts** (discovered in the texts, introduced by a thesaurus, or
  a pipeline's entities) are grounded by normalised exact name (the label
  first, then the other names) against a compact table shipped with kgraph
  (``kgraph/data/grounding.tsv.gz``, built from MeSH 2015, the Disease
  Ontology, HGNC/Entrez genes and Hetionet's GO processes and UBERON anatomy
  by ``benchmarks/grounding/build_table.py``). A name of four characters or
  fewer (``EGF``, ``TP53``) is never grounded by itself: short forms are
  ambiguous. A name two entries of one vocabulary share is not grounded by
  that vocabulary. A concept no vocabulary knows stays, with no ids.
* **Categories follow the identifiers**: a grounded concept takes the
  category its vocabulary entry implies (see :func:`mesh_category`; Entrez
  genes are ``target``, GO processes ``mechanism``, UBERON ``anatomy``, DO
  terms ``cancer`` or ``clinical``), except that a ``drug`` or ``drug_class``
  stays one where the vocabulary only says ``molecule``.

The table is read on first use (0.2-0.3 s, about 24 MB; a build lets it go after grounding), never at
``import kgraph``.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from ..text.normalize import key_of
from .identifiers import ordered_ids
from .lexicon import Concept

__all__ = ["CATEGORY_PRIORITY", "GroundingTable", "VocabularyEntry", "describe_ids", "ground", "ground_concepts",
           "grounding_table", "mesh_category", "read_table"]

CATEGORY_PRIORITY = ("cancer", "drug", "drug_class", "therapy", "target", "cell_type", "clinical",
                     "anatomy", "technology", "mechanism", "molecule", "method", "statistic")
"""Where the ids of a concept imply several categories, the first of these wins."""

_MIN_CHARS = 5  # a name of fewer characters (letters and digits) is never grounded by itself
_TABLE = "grounding.tsv.gz"

# MeSH tree numbers -> category, most specific first (a descriptor's first matching rule of the
# highest-priority category wins; see mesh_category).
_MESH_RULES: tuple[tuple[str, str], ...] = (
    ("C04.182", "clinical"),                 # cysts (MeSH files them under neoplasms)
    ("C04", "cancer"),                       # neoplasms
    ("D12.776.124.486.485.114.224", "drug"),  # monoclonal antibodies (three parallel trees)
    ("D12.776.124.790.651.114.224", "drug"),
    ("D12.776.377.715.548.114.224", "drug"),
    ("D12.776.124.486.485", "molecule"),     # other immunoglobulins (IgG, antibodies)
    ("D12.776.124.790.651", "molecule"),
    ("D12.776.377.715.548", "molecule"),
    ("D26", "drug"),                         # pharmaceutical preparations
    ("D27.505", "drug_class"),               # pharmacologic actions (antineoplastic agents, ...)
    ("D20.215.894", "therapy"),              # vaccines
    ("E02", "therapy"), ("E03", "therapy"), ("E04", "therapy"),  # therapeutics, anesthesia, surgery
    ("D12.776", "target"),                   # proteins
    ("D08.811", "target"),                   # enzymes
    ("A11.284", "anatomy"),                  # cellular structures (organelles)
    ("A11", "cell_type"),                    # cells
    ("A15.145.229", "cell_type"),            # blood cells
    ("C", "clinical"), ("F03", "clinical"),  # other diseases; mental disorders
    ("A", "anatomy"),
    ("E01.370.350", "technology"),           # diagnostic imaging
    ("E01.370.372", "technology"),           # digestive system diagnostic techniques (endoscopy)
    ("E07", "technology"), ("J01", "technology"),  # equipment; technology
    ("E05.318", "statistic"),                # epidemiologic methods: statistics, study designs
    ("G17", "statistic"),                    # mathematical concepts
    ("G", "mechanism"),                      # phenomena and processes
    ("D", "molecule"),                       # other chemicals
    ("E", "method"),                         # other techniques (diagnosis, lab methods)
)


def mesh_category(trees: Iterable[str], name: str = "") -> str | None:
    """The kgraph category a MeSH descriptor's tree numbers imply, or None (organisms, places, ...).

    C04 neoplasms -> ``cancer`` (but C04.182 cysts); other C (and F03 mental
    disorders) -> ``clinical``; D12.776 proteins and D08.811 enzymes ->
    ``target``, but monoclonal antibodies (D12.776.124.486.485.114.224) and
    pharmaceutical preparations (D26) -> ``drug`` and other immunoglobulins ->
    ``molecule``; D27.505 pharmacologic actions ->
    ``drug_class``; vaccines (D20.215.894) -> ``therapy``; other D ->
    ``molecule`` (``drug`` if the name has an INN stem, ``cisplatin``); G ->
    ``mechanism`` (G17 mathematical concepts -> ``statistic``); E02-E04
    therapeutics and surgery -> ``therapy``, E01.370.350 imaging,
    E01.370.372 endoscopy and E07 equipment -> ``technology``, E05.318
    statistics -> ``statistic``, other E -> ``method``; A11 cells ->
    ``cell_type`` (A11.284 organelles -> ``anatomy``), other A -> ``anatomy``.
    A diagnostic procedure (E01) that is also surgical (E04) is not a therapy. With
    several tree numbers, the category first in :data:`CATEGORY_PRIORITY` wins.

    Examples:
        >>> mesh_category(["C04.588.180", "C17.800.090.500"])    # Breast Neoplasms
        'cancer'
        >>> mesh_category(["C04.182.612.765", "C13.351.500.056.630.580.765"])  # Polycystic Ovary Syndrome
        'clinical'
        >>> mesh_category(["D01.210.375.160", "D01.625.125"], "Cisplatin")
        'drug'
        >>> mesh_category(["G04.299.139.160"]), mesh_category(["A11.436"]), mesh_category(["B04.820"])
        ('mechanism', 'cell_type', None)
        >>> mesh_category(["E01.370.372.250.250.200", "E04.210.240.250.160"])   # Colonoscopy
        'technology'
    """
    trees = list(trees)
    if any(tree.startswith("E01") for tree in trees):  # a diagnostic procedure (biopsy, colonoscopy) is no therapy
        trees = [tree for tree in trees if not tree.startswith("E04")]
    found = set()
    for tree in trees:
        for prefix, category in _MESH_RULES:
            if tree == prefix or tree.startswith(prefix + ".") or (len(prefix) <= 3 and tree.startswith(prefix)):
                found.add(category)
                break
    if "molecule" in found and name and _inn_name(name):
        found.add("drug")
    return next((c for c in CATEGORY_PRIORITY if c in found), None)


def _inn_name(name: str) -> bool:
    """Whether ``name`` is one word that ends with an INN drug stem (``Cisplatin``, ``Paclitaxel``)."""
    from .discover import drug_names  # only the table builder needs this

    found = drug_names(name)
    return len(found) == 1 and found[0].kind == "stem" and found[0].start == 0 and found[0].end == len(name)


@dataclass(frozen=True)
class VocabularyEntry:
    """One thing a vocabulary names.

    Attributes:
        id: Its identifier (``MESH:D002945``).
        name: Its preferred name, as the vocabulary writes it.
        category: The category it implies (None: the vocabulary does not say).
        ids: Its identifier, then those of the same thing the vocabulary
            lists elsewhere (DO: its NCIt code and UMLS CUI where it lists
            one of each; genes: the HGNC symbol).
    """

    id: str
    name: str
    category: str | None
    ids: tuple[str, ...]


class GroundingTable:
    """Vocabulary entries by identifier and by normalised name.

    Examples:
        >>> table = GroundingTable.from_lines([
        ...     "MESH:D017209\\tmechanism\\tApoptosis\\t\\tapoptosis",
        ...     "MESH:D002945\\tdrug\\tCisplatin\\t\\tcisplatin"])
        >>> [e.id for e in table.lookup("Apoptoses")], table.entry("MESH:D002945").name
        (['MESH:D017209'], 'Cisplatin')
    """

    def __init__(self, rows: Mapping[str, str], keys: Mapping[str, str]) -> None:  # see from_lines
        self._rows = rows  # id -> its line of the table: entries are made when asked for
        self._keys = keys  # normalised name -> ids, separated by spaces (compact: 77,700 entries)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> GroundingTable:
        """Read the table's text: ``id, category, name, other ids, keys`` per line, tab-separated.

        Other ids are separated by spaces, keys (normalised names, pieces
        joined by spaces) by ``|``; lines starting with ``#`` are comments.
        """
        rows: dict[str, str] = {}
        keys: dict[str, str] = {}
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            curie, _, _, _, names = line.split("\t")
            rows[curie] = line
            for key in names.rstrip("\n").split("|") if len(names) > 1 else ():
                keys[key] = f"{keys[key]} {curie}" if key in keys else curie
        return cls(rows, keys)

    def __len__(self) -> int:
        return len(self._rows)

    def entry(self, curie: str) -> VocabularyEntry | None:
        """The entry of an identifier (written as :func:`~kgraph.concepts.identifiers.canonical_id` writes it), or None."""
        row = self._rows.get(curie)
        if row is None:
            return None
        _, category, name, more, _ = row.split("\t")
        return VocabularyEntry(curie, name, category or None, (curie, *more.split()))

    def lookup(self, name: str) -> tuple[VocabularyEntry, ...]:
        """The entries with exactly this name after normalisation (none for a name of four characters or fewer)."""
        key = key_of(name)
        if key is None or len("".join(key)) < _MIN_CHARS:
            return ()
        return tuple(entry for curie in self._keys.get(" ".join(key), "").split() if (entry := self.entry(curie)))


def read_table() -> GroundingTable:
    """Read the table shipped with kgraph (0.2-0.3 s, about 24 MB; :func:`grounding_table` keeps one)."""
    data = (resources.files("kgraph") / "data" / _TABLE).read_bytes()
    return GroundingTable.from_lines(gzip.decompress(data).decode("utf-8").split("\n"))


@lru_cache(maxsize=1)
def grounding_table() -> GroundingTable:
    """The table shipped with kgraph, read once on first use and kept."""
    return read_table()


def _matches(concept: Concept, table: GroundingTable) -> tuple[VocabularyEntry, ...]:
    """The entries of the first of the concept's names (label first) that the table knows."""
    for name in concept.names:
        found = table.lookup(name)
        if found:
            return found
    return ()


def ground(concept: Concept, table: GroundingTable | None = None) -> Concept:
    """``concept`` with the ids and category of what it names (a new concept; see the module docstring).

    Args:
        concept: Any concept.
        table: The vocabulary table (default: the one shipped with kgraph).

    Returns:
        The concept itself if it is a lexicon concept, already has ids, or
        no vocabulary knows any of its names; else a copy with ``ids`` and
        the category they imply.

    Examples:
        >>> table = GroundingTable.from_lines(["MESH:D017209\\tmechanism\\tApoptosis\\t\\tapoptosis"])
        >>> found = ground(Concept("apoptosis", "apoptosis", "other", source="discovered"), table)
        >>> found.ids, found.category
        (('MESH:D017209',), 'mechanism')
    """
    if concept.source == "lexicon" or concept.ids:
        return concept
    entries = _matches(concept, table or grounding_table())
    if not entries:
        return concept
    ids = ordered_ids(curie for entry in entries for curie in entry.ids)
    implied = {entry.category for entry in entries if entry.category}
    category = next((c for c in CATEGORY_PRIORITY if c in implied), concept.category)
    if category == "molecule" and concept.category in ("drug", "drug_class"):
        category = concept.category
    return replace(concept, ids=ids, category=category)


def ground_concepts(concepts: Mapping[str, Concept], table: GroundingTable | None = None) -> dict[str, Concept]:
    """:func:`ground` applied to each concept (a new dict; ``concepts`` is not changed).

    Without ``table``, the shipped table is read for this call and let go
    (unless :func:`grounding_table` already holds it): a build does not keep
    it for the rest of its run.
    """
    if table is None:
        table = grounding_table() if grounding_table.cache_info().currsize else read_table()
    return {concept_id: ground(concept, table) for concept_id, concept in concepts.items()}


def describe_ids(ids: Sequence[str], table: GroundingTable | None = None) -> list[str]:
    """Each identifier with the vocabulary's name for it, where the table has one.

    Examples:
        >>> table = GroundingTable.from_lines(["MESH:D017209\\tmechanism\\tApoptosis\\t\\tapoptosis"])
        >>> describe_ids(["MESH:D017209", "UMLS:C0162638"], table)
        ['MESH:D017209 (Apoptosis)', 'UMLS:C0162638']
    """
    table = table or grounding_table()
    return [f"{curie} ({entry.name})" if (entry := table.entry(curie)) else curie for curie in ids]
