"""Read-only queries on a concept graph (plain NetworkX, no spaCy)."""

from __future__ import annotations

from typing import Any, NamedTuple

import networkx as nx

from .errors import ConceptNotFoundError, close_matches
from .normalize import key_of

__all__ = ["ConceptIndex", "Neighbor", "neighbors", "edge_evidence"]


class Neighbor(NamedTuple):
    """A neighbour of a concept.

    Attributes:
        concept: The neighbour's concept id.
        label: Its preferred name.
        weight: Sentences mentioning both concepts.
        npmi: Association score of the edge (see :mod:`kgraph.graph`).
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


class ConceptIndex:
    """Finds a node by any of its names, case-insensitively.

    Names are the node id, label, lexicon synonyms, corpus abbreviations and
    surface forms seen, in that order of precedence; they are compared after
    normalisation (plurals, spelling, hyphens). An exact-case match wins over
    a case-folded one, so ``CAR`` and ``car`` can still be told apart when
    both exist. When a name belongs to several nodes at the same precedence,
    the most mentioned node wins (a rare concept whose long form was written
    differently never hides the common one).

    Examples:
        >>> g = nx.Graph()
        >>> g.add_node("cancer_sc", label="cancer SCs", synonyms=["cancer SCs", "CSCs"], mentions=4)
        >>> g.add_node("cancer_stem_cell", label="cancer stem cell", synonyms=["CSC"], mentions=79)
        >>> ConceptIndex(g).get("CSCs"), ConceptIndex(g).get("cancer SCs")
        ('cancer_stem_cell', 'cancer_sc')
    """

    def __init__(self, graph: nx.Graph) -> None:
        Rank = tuple[int, int, str]  # (precedence, -mentions, node): the smallest wins
        self._names: dict[str, Rank] = {}
        self._exact: dict[tuple[str, ...], Rank] = {}
        self._folded: dict[tuple[str, ...], Rank] = {}
        self._labels = {node: data.get("label", node) for node, data in graph.nodes(data=True)}
        abbreviations = graph.graph.get("abbreviations", {})
        for precedence, source in enumerate(("id", "label", "synonyms", "abbreviations", "aliases")):
            for node, data in graph.nodes(data=True):
                if source == "id":
                    names = [node, node.replace("_", " ")]
                elif source == "label":
                    names = [data.get("label", node)]
                elif source == "abbreviations":
                    names = [short for short, target in abbreviations.items() if target == node]
                else:
                    names = data.get(source, [])
                rank = (precedence, -int(data.get("mentions", 0) or 0), node)
                for name in names:
                    self._add(name, rank)

    def _add(self, name: str, rank: tuple[int, int, str]) -> None:
        _keep_best(self._names, name, rank)
        key = key_of(name)
        if key is not None:
            _keep_best(self._exact, key, rank)
            _keep_best(self._folded, _lower(key), rank)

    def get(self, name: str) -> str | None:
        """The node id for ``name``, or None."""
        key = key_of(name)
        if key is None:  # a name that cannot be normalised (punctuation inside): as written only
            best = self._names.get(name)
        else:
            best = self._exact.get(key) or self._folded.get(_lower(key))
        return best[2] if best else None

    def find(self, name: str) -> str:
        """The node id for ``name``.

        Raises:
            ConceptNotFoundError: No node has that name; lists close matches.
        """
        node = self.get(name)
        if node is None:
            suggestions: list[str] = []
            for match in close_matches(name, self._names, n=20):
                if self._names[match][2] not in suggestions:
                    suggestions.append(self._names[match][2])
            raise ConceptNotFoundError(name, [self._labels[n] for n in suggestions[:5]])
        return node


def neighbors(graph: nx.Graph, node: str, *, limit: int | None = None,
              by: str = "weight") -> list[Neighbor]:
    """Neighbours of ``node``, strongest first.

    Args:
        graph: A kgraph graph.
        node: A node id.
        limit: Return at most this many.
        by: ``"weight"`` (sentences) or ``"npmi"`` (association); ties are
            broken by the other measure, then by id.

    Returns:
        The neighbours.
    """
    if by not in ("weight", "npmi"):
        raise ValueError(f"by must be 'weight' or 'npmi', not {by!r}")
    items = []
    for other, data in graph[node].items():
        items.append(Neighbor(other, graph.nodes[other].get("label", other), data.get("weight", 1),
                              data.get("npmi", 0.0), data.get("documents", 1)))
    if by == "weight":
        items.sort(key=lambda n: (-n.weight, -n.npmi, n.concept))
    else:
        items.sort(key=lambda n: (-n.npmi, -n.weight, n.concept))
    return items[:limit] if limit is not None else items


def edge_evidence(graph: nx.Graph, a: str, b: str) -> list[dict[str, Any]]:
    """The evidence sentences of the edge a--b (empty if there is no edge)."""
    if not graph.has_edge(a, b):
        return []
    return [dict(e) for e in graph.edges[a, b].get("evidence", [])]
