"""The :class:`KnowledgeGraph` object that :func:`kgraph.build` returns."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from .query import ConceptIndex, Neighbor, edge_evidence, neighbors
from .serialize import load_graph, save_graph

__all__ = ["KnowledgeGraph", "load"]


class KnowledgeGraph:
    """A concept graph with lookup by any name, queries and exports.

    The underlying :class:`networkx.Graph` is :attr:`graph` (schema in
    :mod:`kgraph.graph`). Queries never modify it.

    Args:
        graph: A graph built by :func:`kgraph.build` or loaded by :func:`kgraph.load`.

    Examples:
        >>> from kgraph import build
        >>> kg = build(["Radiotherapy can trigger the abscopal effect."])
        >>> kg.find("radiation therapy")
        'radiotherapy'
        >>> [n.concept for n in kg.neighbors("abscopal effect")]
        ['radiotherapy']
    """

    def __init__(self, graph: nx.Graph) -> None:
        self.graph = graph
        self._index = ConceptIndex(graph)

    def __len__(self) -> int:
        return self.graph.number_of_nodes()

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._index.get(name) is not None

    def __repr__(self) -> str:
        s = self.summary()
        return (f"<KnowledgeGraph: {s['concepts']} concepts, {s['edges']} edges from "
                f"{s['documents']} documents, {s['sentences']} sentences>")

    def summary(self) -> dict[str, Any]:
        """Counts of the corpus and the graph."""
        g = self.graph
        categories = Counter(d.get("category", "other") for _, d in g.nodes(data=True))
        return {"documents": g.graph.get("documents", 0), "sentences": g.graph.get("sentences", 0),
                "concepts": g.number_of_nodes(), "edges": g.number_of_edges(),
                "categories": dict(sorted(categories.items()))}

    def find(self, name: str) -> str:
        """The concept id for a label, alias or abbreviation (case-insensitive).

        Raises:
            ConceptNotFoundError: Unknown name (a ``KeyError``); the message
                lists close matches.
        """
        return self._index.find(name)

    def neighbors(self, name: str, *, limit: int | None = None, by: str = "weight") -> list[Neighbor]:
        """Neighbours of a concept with edge weights, strongest first.

        Args:
            name: Any name of the concept.
            limit: At most this many.
            by: ``"weight"`` (co-occurring sentences) or ``"npmi"``.
        """
        return neighbors(self.graph, self.find(name), limit=limit, by=by)

    def evidence(self, a: str, b: str) -> list[dict[str, Any]]:
        """The sentences behind the edge between two concepts.

        Each item has ``doc`` (document id), ``text`` (the sentence), ``start``
        and ``end`` (its offsets in the document) and ``marks`` (offsets of
        each concept's mentions inside ``text``). Empty if the concepts are
        not linked.
        """
        return edge_evidence(self.graph, self.find(a), self.find(b))

    def save(self, path: str | Path) -> Path:
        """Write the graph to a JSON file (lossless; see :func:`kgraph.load`)."""
        return save_graph(self.graph, path)

    def to_html(self, path: str | Path, *, title: str = "kgraph", max_nodes: int | None = None) -> Path:
        """Write the interactive view: one self-contained HTML file that works offline.

        Args:
            path: Output file.
            title: Page title.
            max_nodes: Show at most this many nodes (default: ``Settings.html_max_nodes``).
        """
        from .export_html import write_html

        return write_html(self.graph, path, title=title, max_nodes=max_nodes)


def load(path: str | Path) -> KnowledgeGraph:
    """Load a graph saved with :meth:`KnowledgeGraph.save`.

    Raises:
        GraphFileError: The file is missing, malformed or from another schema version.
    """
    return KnowledgeGraph(load_graph(path))
