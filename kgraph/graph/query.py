"""Read-only queries on a concept graph (plain NetworkX, no spaCy)."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any, NamedTuple

import networkx as nx

from ..concepts.identifiers import canonical_id
from ..concepts.lexicon import Concept, Lexicon, default_lexicon
from ..errors import ConceptNotFoundError, close_matches
from ..settings import DEFAULTS
from ..text.normalize import key_of
from .cooccur import Evidence
from .schema import is_generic

__all__ = ["ConceptIndex", "Neighbor", "edge_evidence", "neighbors", "unmentioned_concept", "unmentioned_names"]

logger = logging.getLogger(__name__)


class Neighbor(NamedTuple):
    """A neighbour of a concept.

    Attributes:
        concept: The neighbour's concept id.
        label: Its preferred name.
        weight: Sentences mentioning both concepts.
        npmi: Association score of the edge (see :mod:`kgraph.graph.schema`).
        documents: Documents with such a sentence.
    """

    concept: str
    label: str
    weight: int
    npmi: float
    documents: int


def _lower(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p.lower() for p in key)


def _keep_best(index: dict[Any, tuple[int, int, str]], key: Any, rank: tuple[int, int, str]) -> None:
    current = index.get(key)
    if current is None or rank < current:
        index[key] = rank


def _by_key(written: Counter[str]) -> tuple[Counter[tuple[str, ...]], Counter[tuple[str, ...]]]:
    """Mentions per normalised key of the forms written, and per case-folded key."""
    exact: Counter[tuple[str, ...]] = Counter()
    folded: Counter[tuple[str, ...]] = Counter()
    for form, n in written.items():
        key = key_of(form)
        if key is not None:
            exact[key] += n
            folded[_lower(key)] += n
    return exact, folded


class ConceptIndex:
    """Finds a node by any of its names, case-insensitively, as the mentions do.

    Names are compared after normalisation (plurals, spelling, hyphens), in
    this order of precedence: the node id and label; then the forms written
    in the corpus, each going to the node that most mentions written that way
    went to (so ``kg.find("CT")`` names the concept most ``CT`` mentions are
    counted for); then lexicon synonyms never seen in the corpus and
    corpus abbreviations. An exact-case match wins over a case-folded one, so
    ``CAR`` and ``car`` can still be told apart when both exist. A standard
    identifier finds its concept too (:meth:`by_id`): ``MESH:D002945`` before
    any name, ``D002945`` (no prefix) after all names.

    Examples:
        >>> g = nx.Graph()
        >>> g.add_node("cancer_sc", label="cancer SCs", synonyms=["cancer SCs", "CSCs"], mentions=4,
        ...            provenance=[["cancer SCs", "discovered", 2], ["CSCs", "abbreviation", 2]])
        >>> g.add_node("cancer_stem_cell", label="cancer stem cell", synonyms=["CSC"], mentions=79,
        ...            provenance=[["CSCs", "abbreviation_elsewhere", 40], ["CSC", "abbreviation", 9]])
        >>> ConceptIndex(g).get("CSCs"), ConceptIndex(g).get("cancer SCs")
        ('cancer_stem_cell', 'cancer_sc')
    """

    def __init__(self, graph: nx.Graph) -> None:
        self._graph = graph
        self._names: dict[str, tuple[int, int, str]] = {}  # rank: (precedence, -mentions, node); smallest wins
        self._exact: dict[tuple[str, ...], tuple[int, int, str]] = {}
        self._folded: dict[tuple[str, ...], tuple[int, int, str]] = {}
        self._labels = {node: data.get("label", node) for node, data in graph.nodes(data=True)}
        for node, data in graph.nodes(data=True):
            mentions = -int(data.get("mentions", 0) or 0)
            for name in (node, node.replace("_", " "), data.get("label", node)):
                self._add(name, (0, mentions, node))
        self._complete = False  # the other names are indexed on the first lookup that needs them
        self._ids: dict[str, list[str]] | None = None  # standard identifiers, indexed on first use

    def _index_other_names(self) -> None:
        """Written forms (precedence 1), then synonyms and corpus abbreviations (precedence 2)."""
        graph = self._graph
        shorts_of: dict[str, list[str]] = {}
        for short, target in graph.graph.get("abbreviations", {}).items():
            shorts_of.setdefault(target, []).append(short)
        for node, data in graph.nodes(data=True):
            mentions = -int(data.get("mentions", 0) or 0)
            written: Counter[str] = Counter()
            for form, _, n in data.get("provenance", []):
                written[form] += n
            if not written:  # a graph saved before provenance: forms ranked by the node's mentions
                written.update({form: -mentions for form in data.get("aliases", [])})
            for form, n in written.items():
                self._add(form, (1, -n, node), by_key=False)
            exact, folded = _by_key(written)
            for key, n in exact.items():
                _keep_best(self._exact, key, (1, -n, node))
            for key, n in folded.items():
                _keep_best(self._folded, key, (1, -n, node))
            names = [*data.get("synonyms", []), *shorts_of.get(node, [])]
            for name in names:
                self._add(name, (2, mentions, node))
        self._complete = True

    def _add(self, name: str, rank: tuple[int, int, str], *, by_key: bool = True) -> None:
        _keep_best(self._names, name, rank)
        key = key_of(name) if by_key else None
        if key is not None:
            _keep_best(self._exact, key, rank)
            _keep_best(self._folded, _lower(key), rank)

    def get(self, name: str) -> str | None:
        """The node id for ``name`` (or for a standard identifier, see :meth:`by_id`), or None."""
        if ":" in name and (curie := canonical_id(name, known_only=True)) is not None:
            nodes = self.by_id(curie)
            if nodes:
                return nodes[0]
        found, exact = self._lookup(name)
        # Before all names are indexed, only an exact-case id or label (precedence 0) is certain.
        if not self._complete and (found is None or found[0] > 0 or not exact):
            self._index_other_names()
            found, exact = self._lookup(name)
        if found is None and ":" not in name:
            nodes = self.by_id(name)
            return nodes[0] if len(nodes) == 1 else None
        return found[2] if found else None

    def by_id(self, identifier: str) -> list[str]:
        """The nodes with a standard identifier (node attribute ``ids``), most mentioned first.

        ``identifier`` is a CURIE (``MESH:D002945``, any case of the prefix) or
        the id without its prefix (``D002945``, ``7157``); without prefix it
        may name nodes of several vocabularies.

        Examples:
            >>> g = nx.Graph()
            >>> g.add_node("cisplatin", label="cisplatin", ids=["MESH:D002945"], mentions=3)
            >>> ConceptIndex(g).by_id("mesh:D002945"), ConceptIndex(g).get("D002945")
            (['cisplatin'], 'cisplatin')
        """
        if self._ids is None:
            self._ids = {}
            ranked = sorted(self._graph.nodes(data=True), key=lambda item: (-int(item[1].get("mentions", 0) or 0),
                                                                             item[0]))
            for node, data in ranked:
                for curie in data.get("ids") or ():
                    for key in {curie, curie.split(":", 1)[-1].upper()}:
                        if node not in self._ids.setdefault(key, []):
                            self._ids[key].append(node)
        curie = canonical_id(identifier, known_only=True) if ":" in identifier else None
        return list(self._ids.get(curie or identifier.strip().upper(), []))

    def names(self) -> list[tuple[str, str]]:
        """Every name a node is found by, with the node it finds, in order of precedence.

        The order of :meth:`get`: ids and labels, then the forms written in
        the corpus, then synonyms and abbreviations; within each, the name with
        more mentions first. A name several nodes have is listed once, with
        the node it finds. :meth:`find` suggests names in this order, and the
        HTML view searches them (:mod:`kgraph.views.page_data`).

        Examples:
            >>> g = nx.Graph()
            >>> g.add_node("cancer_stem_cell", label="cancer stem cell", synonyms=["CSC"], mentions=79,
            ...            provenance=[["CSCs", "abbreviation_elsewhere", 40]])
            >>> ConceptIndex(g).names()  # doctest: +NORMALIZE_WHITESPACE
            [('cancer stem cell', 'cancer_stem_cell'), ('cancer_stem_cell', 'cancer_stem_cell'),
             ('CSCs', 'cancer_stem_cell'), ('CSC', 'cancer_stem_cell')]
        """
        if not self._complete:
            self._index_other_names()
        return [(name, rank[2]) for name, rank in sorted(self._names.items(), key=lambda item: (item[1], item[0]))]

    def _lookup(self, name: str) -> tuple[tuple[int, int, str] | None, bool]:
        """The best rank for ``name`` and whether it matched with its case."""
        key = key_of(name)
        if key is None:  # a name that cannot be normalised (punctuation inside): as written only
            return self._names.get(name), True
        best = self._exact.get(key)
        return (best, True) if best else (self._folded.get(_lower(key)), False)

    def find(self, name: str) -> str:
        """The node id for ``name``.

        Raises:
            ConceptNotFoundError: No node has that name; lists close matches.
        """
        node = self.get(name)
        if node is None:
            shared = self.by_id(name)
            if len(shared) > 1:  # an id without prefix that several vocabularies use
                ids = sorted({curie for n in shared for curie in self._graph.nodes[n].get("ids", [])
                              if curie.split(":", 1)[-1].upper() == name.strip().upper()})
                raise ConceptNotFoundError(name, [self._labels[n] for n in shared[:5]],
                                           hint=f"Several concepts have this id; give its prefix: {', '.join(ids)}.")
            if not self._complete:
                self._index_other_names()
            suggestions: list[str] = []
            ranked = sorted(self._names, key=lambda known: self._names[known])  # labels, then most mentioned
            for match in close_matches(name, ranked, n=20):
                if self._names[match][2] not in suggestions:
                    suggestions.append(self._names[match][2])
            known = unmentioned_concept(self._graph, name)
            hint = (f"The lexicon knows it ({known.label!r}, {known.category}), but no document of this corpus "
                    "mentions it." if known else "")
            raise ConceptNotFoundError(name, [self._labels[n] for n in suggestions[:5]], hint=hint)
        return node


def _lexicon_of(graph: nx.Graph) -> Lexicon | None:
    """The lexicon ``graph`` was built with, when it is (or extends) the shipped one; else None.

    A graph records only its lexicon's name (``kgraph-oncology``, or
    ``kgraph-oncology+mine`` with ``--add-lexicon``); a lexicon of the user's
    own is not at hand here.
    """
    lexicon = default_lexicon()
    return lexicon if lexicon.name in str(graph.graph.get("lexicon", "")).split("+") else None


def unmentioned_concept(graph: nx.Graph, name: str) -> Concept | None:
    """The lexicon concept called ``name`` that no document of ``graph`` mentions, or None.

    None too when the graph has the concept, or was built with a lexicon
    other than the shipped one (see :func:`unmentioned_names`).

    Examples:
        >>> g = nx.Graph(lexicon="kgraph-oncology")
        >>> g.add_node("radiotherapy", label="radiotherapy")
        >>> unmentioned_concept(g, "CAR-T").label, unmentioned_concept(g, "radiation therapy")
        ('CAR-T cell therapy', None)
    """
    lexicon = _lexicon_of(graph)
    concept = lexicon.lookup(name) if lexicon is not None else None
    return concept if concept is not None and concept.id not in graph else None


def unmentioned_names(graph: nx.Graph) -> list[list[Any]]:
    """The lexicon's concepts that no document of ``graph`` mentions: ``[label, category, names]`` each.

    So that a search for one (in the view) can say the corpus never
    mentions it, rather than only suggest other names. Empty for a graph
    built with a lexicon other than the shipped one (only its name is
    recorded), and for a graph that mentions every concept.
    """
    lexicon = _lexicon_of(graph)
    if lexicon is None:
        return []
    return [[c.label, c.category, [n for n in c.names if n != c.label]]
            for c in lexicon.concepts.values() if c.id not in graph]


def neighbors(graph: nx.Graph, node: str, *, limit: int | None = None, by: str = "weight",
              generic: bool = False, min_documents: int | None = None) -> list[Neighbor]:
    """Neighbours of ``node``, strongest first.

    Args:
        graph: A kgraph graph.
        node: A node id.
        limit: Return at most this many.
        by: ``"weight"`` (sentences) or ``"npmi"`` (association); ties are
            broken by the other measure, then by id.
        generic: Also list generic concepts (statistics, lab methods, basic
            molecules, background terms such as ``cancer cell``; see the
            ``generic`` node attribute in :mod:`kgraph.graph.schema`).
        min_documents: Leave out links seen in fewer documents. Default: 1
            by weight, :attr:`~kgraph.settings.Settings.min_support` by NPMI
            (a pair from one or two abstracts has a high NPMI by chance).

    Returns:
        The neighbours.

    Examples:
        >>> g = nx.Graph()
        >>> g.add_nodes_from([("a", {"category": "drug"}), ("b", {"category": "drug"}),
        ...                   ("c", {"category": "drug"}), ("ci", {"category": "statistic"})])
        >>> g.add_edge("a", "b", weight=9, npmi=0.4, documents=8)
        >>> g.add_edge("a", "c", weight=2, npmi=0.9, documents=1)
        >>> g.add_edge("a", "ci", weight=20, npmi=0.5, documents=15)
        >>> [n.concept for n in neighbors(g, "a")], [n.concept for n in neighbors(g, "a", by="npmi")]
        (['b', 'c'], ['b'])
        >>> neighbors(g, "c", by="npmi")  # one link, in one document: a warning says why none is listed
        []
        >>> [n.concept for n in neighbors(g, "a", generic=True, min_documents=1, by="npmi")]
        ['c', 'ci', 'b']
    """
    if by not in ("weight", "npmi"):
        raise ValueError(f"by must be 'weight' or 'npmi', not {by!r}")
    if min_documents is None:
        min_documents = DEFAULTS.min_support if by == "npmi" else 1
    items, unsupported = [], 0
    for other, data in graph[node].items():
        documents = data.get("documents", 1)
        if not generic and is_generic(graph.nodes[other]):
            continue
        if documents < min_documents:
            unsupported += 1
            continue
        items.append(Neighbor(other, graph.nodes[other].get("label", other), data.get("weight", 1),
                              data.get("npmi", 0.0), documents))
    if not items and unsupported:
        logger.warning("%s has %d link%s, each seen in fewer than %d documents (min_documents=%d%s): none is "
                       "listed. Pass min_documents=1 to list them.", graph.nodes[node].get("label", node),
                       unsupported, "" if unsupported == 1 else "s", min_documents, min_documents,
                       ", the default when ranking by NPMI" if by == "npmi" else "")
    if by == "weight":
        items.sort(key=lambda n: (-n.weight, -n.npmi, n.concept))
    else:
        items.sort(key=lambda n: (-n.npmi, -n.weight, n.concept))
    return items[:limit] if limit is not None else items


def edge_evidence(graph: nx.Graph, a: str, b: str) -> list[Evidence]:
    """The evidence sentences of the edge a--b (empty if there is no edge)."""
    if not graph.has_edge(a, b):
        return []
    return [dict(e) for e in graph.edges[a, b].get("evidence", [])]
