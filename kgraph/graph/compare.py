"""Comparing two corpora: concepts and links over- or under-represented in one of them.

For each concept (and link) the documents of corpus A that mention it are
compared with those of corpus B in a 2x2 table (mentioning / not mentioning,
A / B). The test is Dunning's log-likelihood G2 (one degree of freedom), the
effect size the log2 ratio of the two shares (each smoothed by half a
document), and the p-values of all tests are adjusted with the
Benjamini-Hochberg procedure. Concepts are matched by id, so the two graphs
should be built with the same lexicon (``kgraph build`` on both corpora, or
two :func:`~kgraph.graph.timeline.restrict` subsets of one graph).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..settings import DEFAULTS

__all__ = ["Difference", "compare_graphs", "comparison_graph", "log_likelihood"]


@dataclass(frozen=True)
class Difference:
    """How much more often one corpus mentions a concept or link than the other.

    Attributes:
        kind: ``"concept"`` or ``"link"``.
        key: The node id, or ``(a, b)`` for a link.
        label: Its label (``"a — b"`` for a link).
        documents_a: Documents of corpus A with it.
        documents_b: Documents of corpus B with it.
        share_a: ``documents_a`` / documents of A.
        share_b: ``documents_b`` / documents of B.
        log2_ratio: log2 of the ratio of the shares (smoothed; > 0: more in A).
        g2: The log-likelihood statistic.
        p: Its p-value (chi-square, one degree of freedom).
        q: Benjamini-Hochberg adjusted p-value.
    """

    kind: str
    key: Any
    label: str
    documents_a: int
    documents_b: int
    share_a: float
    share_b: float
    log2_ratio: float
    g2: float
    p: float
    q: float

    @property
    def more_in(self) -> str:
        """``"A"`` or ``"B"``: the corpus where it is relatively more frequent."""
        return "A" if self.log2_ratio > 0 else "B"


def log_likelihood(a: int, n_a: int, b: int, n_b: int) -> float:
    """Dunning's G2 for ``a`` of ``n_a`` against ``b`` of ``n_b`` (a 2x2 table).

    Examples:
        >>> round(log_likelihood(50, 100, 10, 100), 2)
        40.7
        >>> log_likelihood(10, 100, 10, 100)
        0.0
    """
    table = ((a, n_a - a), (b, n_b - b))
    total = n_a + n_b
    columns = (a + b, total - a - b)
    g2 = 0.0
    for row, n_row in zip(table, (n_a, n_b)):
        for observed, n_column in zip(row, columns):
            if observed > 0:
                g2 += observed * math.log(observed * total / (n_row * n_column))
    return max(2.0 * g2, 0.0)


def compare_graphs(graph_a: nx.Graph, graph_b: nx.Graph, *, min_documents: int = DEFAULTS.compare_min_documents,
                   kinds: Iterable[str] = ("concept", "link")) -> list[Difference]:
    """Every concept and link seen in at least ``min_documents`` documents of A and B together.

    Args:
        graph_a: The graph of corpus A.
        graph_b: The graph of corpus B.
        min_documents: The minimum support (documents of both corpora); rarer
            items are not tested.
        kinds: ``"concept"``, ``"link"`` or both.

    Returns:
        The differences, most significant first (then largest effect, then label).

    Raises:
        ValueError: One of the graphs has no documents.

    Examples:
        >>> from kgraph import build
        >>> a = build(["CSCs resist radiotherapy."] * 4 + ["Cisplatin works."] * 4)
        >>> b = build(["Cisplatin works."] * 8)
        >>> [(d.label, d.more_in) for d in compare_graphs(a.graph, b.graph)]
        [('cancer stem cell', 'A'), ('cancer stem cell — radiotherapy', 'A'), ('radiotherapy', 'A'), ('cisplatin', 'B')]
    """
    from scipy.stats import chi2, false_discovery_control

    n_a, n_b = graph_a.graph.get("documents", 0), graph_b.graph.get("documents", 0)
    if not n_a or not n_b:
        raise ValueError(f"Both corpora need documents (A has {n_a}, B has {n_b}).")
    kinds = set(kinds)
    items: list[tuple[str, Any, str, int, int]] = []

    def label_of(node: str) -> str:
        data = graph_a.nodes[node] if node in graph_a else graph_b.nodes[node]
        return str(data.get("label", node))

    if "concept" in kinds:
        for node in sorted(set(graph_a) | set(graph_b)):
            a = graph_a.nodes[node].get("documents", 0) if node in graph_a else 0
            b = graph_b.nodes[node].get("documents", 0) if node in graph_b else 0
            items.append(("concept", node, label_of(node), a, b))
    if "link" in kinds:
        pairs = {tuple(sorted(e)) for e in graph_a.edges()} | {tuple(sorted(e)) for e in graph_b.edges()}
        for u, v in sorted(pairs):
            a = graph_a.edges[u, v].get("documents", 0) if graph_a.has_edge(u, v) else 0
            b = graph_b.edges[u, v].get("documents", 0) if graph_b.has_edge(u, v) else 0
            items.append(("link", (u, v), f"{label_of(u)} — {label_of(v)}", a, b))
    tested = [item for item in items if item[3] + item[4] >= min_documents]
    if not tested:
        return []
    statistics = [log_likelihood(a, n_a, b, n_b) for *_, a, b in tested]
    p_values = [float(chi2.sf(g2, 1)) for g2 in statistics]
    adjusted = false_discovery_control(p_values, method="bh")
    out = []
    for (kind, key, label, a, b), g2, p, q in zip(tested, statistics, p_values, adjusted):
        ratio = math.log2(((a + 0.5) / (n_a + 1)) / ((b + 0.5) / (n_b + 1)))
        out.append(Difference(kind, key, label, a, b, round(a / n_a, 4), round(b / n_b, 4), round(ratio, 4),
                              round(g2, 4), p, float(q)))
    out.sort(key=lambda d: (d.q, -abs(d.log2_ratio), d.label))
    return out


_PER_CORPUS = ("strata", "years", "first_year")
"""Attributes that describe one corpus's documents: left out of the merged graph."""


def comparison_graph(graph_a: nx.Graph, graph_b: nx.Graph, differences: list[Difference], *,
                     alpha: float = DEFAULTS.alpha, names: tuple[str, str] = ("A", "B")) -> nx.Graph:
    """One graph of both corpora for a two-colour view.

    Nodes and links are those of both graphs (counts added up); each
    concept's ``category`` says where it is over-represented (``"more in
    A"``, ``"more in B"``, or ``"no difference"`` when ``q > alpha`` or it
    was not tested), and ``log2_ratio`` and ``q`` are kept.
    """
    merged = nx.Graph()
    merged.graph.update(graph_a.graph)
    merged.graph.update(documents=graph_a.graph.get("documents", 0) + graph_b.graph.get("documents", 0),
                        sentences=graph_a.graph.get("sentences", 0) + graph_b.graph.get("sentences", 0),
                        compared=list(names))
    merged.graph.pop("documents_index", None)
    merged.graph.pop("strata", None)
    verdict = {d.key: d for d in differences if d.kind == "concept"}
    for graph in (graph_a, graph_b):
        for node, data in graph.nodes(data=True):
            if node in merged:
                for key in ("mentions", "sentences", "documents"):
                    merged.nodes[node][key] = merged.nodes[node].get(key, 0) + data.get(key, 0)
            else:
                merged.add_node(node, **{k: v for k, v in data.items()
                                         if k not in _PER_CORPUS})
        for u, v, data in graph.edges(data=True):
            if merged.has_edge(u, v):
                edge = merged.edges[u, v]
                edge["weight"] += data.get("weight", 0)
                edge["documents"] += data.get("documents", 0)
                edge["evidence"] = edge.get("evidence", []) + data.get("evidence", [])
            else:
                merged.add_edge(u, v, **{k: v for k, v in data.items()
                                         if k not in _PER_CORPUS})
    for node, data in merged.nodes(data=True):
        found = verdict.get(node)
        significant = found is not None and found.q <= alpha
        data["category"] = f"more in {names[0] if found.log2_ratio > 0 else names[1]}" if significant \
            else "no difference"
        if found is not None:
            data["log2_ratio"], data["q"] = found.log2_ratio, found.q
    return merged
