"""A built graph's evidence, kept as references until it is read or written.

A build's graph holds every link's counts; the evidence sentences (about
three quarters of a graph's memory as :class:`~kgraph.graph.cooccur.Evidence`
dictionaries) stay references into the compact counts
(:mod:`kgraph.graph.pairs`) and become dictionaries only when they are read
(``kg.evidence(a, b)``: one link's), written (``graph.json``: one link at a
time) or needed all at once (``kg.graph``). This is the same contract as a
loaded graph's encoded evidence (:class:`~kgraph.graph.serialize.DeferredEvidence`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from .cooccur import CooccurrenceCounts, Evidence
from .schema import cite_evidence, citations
from .serialize import DeferredEvidence, encode_evidence

__all__ = ["LinkEvidence"]


class LinkEvidence(DeferredEvidence):
    """The evidence of a graph built from ``counts``, made into sentences when asked for.

    Args:
        counts: The counts the graph was built from (this object keeps them).
        documents: The graph's ``documents_index`` (for the year and citation of each sentence).
        links: The number of links of the graph.

    Examples:
        >>> from kgraph.concepts.lexicon import Concept
        >>> from kgraph.graph.cooccur import count_cooccurrences
        >>> from kgraph.graph.schema import build_graph
        >>> from kgraph.extraction import DocExtraction, Mention
        >>> ms = [Mention(0, 1, "A", "a", "A", "x"), Mention(6, 7, "B", "b", "B", "x")]
        >>> counts = count_cooccurrences([DocExtraction("d", "A and B.", [(0, 8)], ms)])
        >>> graph = build_graph(counts, {c: Concept(c, c, "x") for c in "ab"}, defer_evidence=True)
        >>> "evidence" in graph.edges["a", "b"], LinkEvidence(counts, graph.graph["documents_index"], 1).get("b", "a")
        (False, [{'doc': 'd', 'start': 0, 'end': 8, 'text': 'A and B.', 'marks': {'a': [[0, 1]], 'b': [[6, 7]]}}])
    """

    def __init__(self, counts: CooccurrenceCounts, documents: list[Mapping[str, Any]], links: int) -> None:
        super().__init__({}, "the build")
        self._counts = counts
        self._documents = documents
        self._cited: dict[str, dict[str, Any]] | None = None
        self._links = links

    def __len__(self) -> int:
        return self._links

    def __contains__(self, link: tuple[str, str]) -> bool:
        """Every link of the graph has its evidence here (an empty list when none was kept)."""
        return True

    def get(self, u: str, v: str) -> list[Evidence]:
        """The evidence of the link ``u``--``v`` (empty if there is none)."""
        if self._cited is None:
            self._cited = citations(self._documents)
        return cite_evidence(self._counts.evidence_for((u, v) if u <= v else (v, u)), self._cited)

    def encoded(self, u: str, v: str) -> str | None:
        """The evidence of the link ``u``--``v`` as it is written in ``graph.json``."""
        return encode_evidence(self.get(u, v))

    def apply(self, graph: nx.Graph) -> None:
        """Put every link's evidence into ``graph`` (the graph built with these counts)."""
        for u, v, data in graph.edges(data=True):
            data["evidence"] = self.get(u, v)
