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


class ConceptIndex:
    """Finds a node by any of its names, case-insensitively.

    Names are the node id, label, lexicon synonyms, surface forms seen, and
    corpus abbreviations; they are compared after normalisation (plurals,
    spelling, hyphens). An exact-case match wins over a case-folded one, so
    ``CAR`` and ``car`` can still be told apart when both exist.
    """

    def __init__(self, graph: nx.Graph) -> None:
        self._exact: dict[tuple[str, ...], str] = {}
        self._folded: dict[tuple[str, ...], str] = {}
        self._names: dict[str, str] = {}
        self._labels = {node: data.get("label", node) for node, data in graph.nodes(data=True)}
        abbreviations = graph.graph.get("abbreviations", {})
        for priority in ("id", "label", "synonyms", "abbreviations", "aliases"):
            for node, data in sorted(graph.nodes(data=True)):
                if priority == "id":
                    names = [node, node.replace("_", " ")]
                elif priority == "label":
                    names = [data.get("label", node)]
                elif priority == "abbreviations":
                    names = [short for short, target in abbreviations.items() if target == node]
                else:
                    names = data.get(priority, [])
                for name in names:
                    self._add(name, node)

    def _add(self, name: str, node: str) -> None:
        self._names.setdefault(name, node)
        key = key_of(name)
        if key is not None:
            self._exact.setdefault(key, node)
            self._folded.setdefault(_lower(key), node)

    def get(self, name: str) -> str | None:
        """The node id for ``name``, or None."""
        if name in self._names:
            return self._names[name]
        key = key_of(name)
        if key is None:
            return None
        return self._exact.get(key) or self._folded.get(_lower(key))

    def find(self, name: str) -> str:
        """The node id for ``name``.

        Raises:
            ConceptNotFoundError: No node has that name; lists close matches.
        """
        node = self.get(name)
        if node is None:
            suggestions: list[str] = []
            for match in close_matches(name, self._names, n=20):
                if self._names[match] not in suggestions:
                    suggestions.append(self._names[match])
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
