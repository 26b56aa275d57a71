"""Standard identifiers as kgraph writes them: CURIEs with Bioregistry's prefixes.

``MESH:D002945`` (MeSH descriptor), ``DOID:1612`` (Disease Ontology),
``NCIT:C4872`` (NCI Thesaurus), ``UMLS:C0006142`` (UMLS CUI),
``NCBIGene:7157`` (Entrez gene), ``hgnc.symbol:TP53`` (HGNC symbol),
``GO:0006915`` (Gene Ontology), ``UBERON:0002107`` (anatomy). Other prefixes
are kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["ID_PREFIXES", "canonical_id", "ordered_ids"]

ID_PREFIXES = ("MESH", "DOID", "NCIT", "UMLS", "NCBIGene", "hgnc.symbol", "GO", "UBERON")
"""The prefixes of the vocabularies kgraph grounds with, in the order a concept lists its ids."""

_CASE = {prefix.lower(): prefix for prefix in ID_PREFIXES} | {"entrez": "NCBIGene", "ncbi": "NCBIGene"}
_UPPER_LOCAL = frozenset({"MESH", "NCIT", "UMLS"})
_CURIE_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9._-]*)\s*:\s*([A-Za-z0-9][A-Za-z0-9._:-]*)\s*$")


def canonical_id(text: str, *, known_only: bool = False) -> str | None:
    """``text`` as a CURIE written as kgraph writes it, or None if it is not ``PREFIX:ID``.

    Known prefixes are matched case-insensitively (``mesh:d002945``,
    ``Entrez:7157``); others are kept as written.

    Args:
        text: A candidate identifier.
        known_only: Return None for a prefix that is not in :data:`ID_PREFIXES`.

    Examples:
        >>> canonical_id("mesh:d002945"), canonical_id("go:0006915"), canonical_id("Entrez:7157")
        ('MESH:D002945', 'GO:0006915', 'NCBIGene:7157')
        >>> canonical_id("CHEBI:15365"), canonical_id("CHEBI:15365", known_only=True)
        ('CHEBI:15365', None)
        >>> canonical_id("cancer stem cells") is None, canonical_id("ratio 1:2") is None
        (True, True)
    """
    match = _CURIE_RE.match(text)
    if not match:
        return None
    prefix, local = match.groups()
    known = _CASE.get(prefix.lower())
    if known is None and known_only:
        return None
    prefix = known or prefix
    return f"{prefix}:{local.upper() if prefix in _UPPER_LOCAL else local}"


def _order(curie: str) -> tuple[int, str]:
    prefix = curie.split(":", 1)[0]
    return (ID_PREFIXES.index(prefix) if prefix in ID_PREFIXES else len(ID_PREFIXES), curie)


def ordered_ids(ids: Iterable[str]) -> tuple[str, ...]:
    """Identifiers without repeats, in the order of :data:`ID_PREFIXES` (then as text).

    Examples:
        >>> ordered_ids(["GO:0006915", "MESH:D017209", "GO:0006915"])
        ('MESH:D017209', 'GO:0006915')
    """
    return tuple(sorted(set(ids), key=_order))
