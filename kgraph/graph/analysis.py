"""Graph analyses on a concept graph (plain NetworkX; read-only, seeded).

Every function takes a kgraph ``nx.Graph`` and returns new objects; none
modifies its input. Weighted algorithms use the edge attribute ``weight``
(co-occurring sentences); for path finding a strong link is a short one
(distance ``1 / weight``).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from typing import Any, Literal, NamedTuple

import networkx as nx

from ..settings import DEFAULTS
from .cooccur import Evidence
from .schema import is_generic

__all__ = ["Bridge", "Gap", "Hop", "central_concepts", "communities", "domain_communities", "ego_subgraph",
           "filter_graph", "induced_subgraph", "path_with_evidence", "structural_gaps"]

logger = logging.getLogger(__name__)


class Hop(NamedTuple):
    """One step of a path: the two concepts, the link weight and its evidence."""

    source: str
    target: str
    weight: int
    evidence: list[Evidence]


def _distance(u: str, v: str, data: dict[str, Any]) -> float:
    return 1.0 / max(data.get("weight", 1), 1)


def path_with_evidence(graph: nx.Graph, source: str, target: str) -> list[Hop]:
    """The strongest path between two concepts, with the evidence of every hop.

    Raises:
        networkx.NetworkXNoPath: The concepts are not connected.

    Examples:
        >>> g = nx.Graph([("a", "b", {"weight": 5, "evidence": []}), ("b", "c", {"weight": 5, "evidence": []}),
        ...               ("a", "c", {"weight": 1, "evidence": []})])
        >>> [(h.source, h.target) for h in path_with_evidence(g, "a", "c")]
        [('a', 'b'), ('b', 'c')]
    """
    nodes = nx.shortest_path(graph, source, target, weight=_distance)
    return [Hop(u, v, graph.edges[u, v].get("weight", 1), [dict(e) for e in graph.edges[u, v].get("evidence", [])])
            for u, v in zip(nodes, nodes[1:])]


def induced_subgraph(graph: nx.Graph, nodes: Iterable[str]) -> nx.Graph:
    """A new graph of ``nodes`` and the links among them, in the order of ``graph``.

    ``graph.subgraph(nodes).copy()`` would do, but a subgraph view of less
    than half the nodes iterates them as a set, in an order that changes
    from one Python process to the next (string hashing): layouts and files
    made from it would too.

    Examples:
        >>> g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
        >>> list(induced_subgraph(g, ["c", "b"]).edges)
        [('b', 'c')]
    """
    keep = set(nodes)
    out = graph.__class__()
    out.graph.update(graph.graph)
    out.add_nodes_from((node, data) for node, data in graph.nodes(data=True) if node in keep)
    out.add_edges_from((u, v, data) for u, v, data in graph.edges(data=True) if u in keep and v in keep)
    return out


def ego_subgraph(graph: nx.Graph, center: str, *, radius: int = 1) -> nx.Graph:
    """A new graph: ``center`` and every concept within ``radius`` links."""
    return induced_subgraph(graph, nx.single_source_shortest_path_length(graph, center, cutoff=radius))


def communities(graph: nx.Graph, *, seed: int = 42, resolution: float = 1.0) -> list[set[str]]:
    """Communities of concepts (Louvain, weighted), largest first; reproducible for a seed.

    Examples:
        >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
        >>> [sorted(c) for c in communities(g)]
        [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(c)[0]))


def domain_communities(graph: nx.Graph, *, seed: int = 42, resolution: float = 1.0,
                       demoted: Iterable[str] | None = None) -> list[set[str]]:
    """The communities of a concept graph: Louvain on its domain concepts, largest first.

    Generic concepts (statistics, lab methods, basic molecules and background
    terms such as ``cancer cell``: the ``generic`` node attribute) are left
    out, since such generic hubs would glue the communities together. These
    are the communities of every output: the map's clusters (view, VOSviewer,
    GEXF, Cytoscape), :func:`structural_gaps` and ``kg.communities()``.

    Args:
        graph: A kgraph graph (not modified).
        seed: Seed of the Louvain method.
        resolution: Louvain's resolution (larger: smaller communities).
        demoted: Categories left out (default: the generic concepts).

    Returns:
        The communities as sets of concept ids, largest first (ties by smallest id).

    Examples:
        >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "ci")])
        >>> nx.set_node_attributes(g, {"ci": "statistic"}, "category")
        >>> [sorted(c) for c in domain_communities(g)]
        [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    if demoted is None:
        domain = induced_subgraph(graph, (n for n, d in graph.nodes(data=True) if not is_generic(d)))
    else:
        left_out = frozenset(demoted)
        domain = induced_subgraph(graph, (n for n, d in graph.nodes(data=True) if d.get("category") not in left_out))
    return communities(domain, seed=seed, resolution=resolution)


def central_concepts(graph: nx.Graph, *, by: Literal["degree", "pagerank", "betweenness"] = "pagerank",
                     limit: int | None = 10, generic: bool = False, k: int | None = None,
                     seed: int = 42) -> list[tuple[str, float]]:
    """The most central concepts, best first, with their scores.

    ``degree`` counts co-occurring sentences (weighted degree); ``pagerank``
    uses link weights; ``betweenness`` uses the distance ``1 / weight``.
    Scores are computed on the whole graph; generic concepts (statistics,
    lab methods, basic molecules, background terms such as ``cancer cell``)
    are left out of the ranking unless ``generic`` is True.

    Exact betweenness runs a shortest-path search from every concept, which
    takes minutes on thousands of concepts. Above
    :attr:`~kgraph.settings.Settings.betweenness_exact_limit` concepts it is
    therefore estimated from ``k`` sampled sources (NetworkX's
    ``betweenness_centrality(k=, seed=)``, Brandes and Pich 2007), and a
    warning says so; ``k=graph.number_of_nodes()`` asks for the exact value.

    Args:
        graph: A kgraph graph.
        by: The centrality measure.
        limit: At most this many (None: all).
        generic: Also rank statistics, lab methods and basic molecules.
        k: Betweenness only: sources sampled (default: all of them up to
            ``betweenness_exact_limit`` concepts, else
            :attr:`~kgraph.settings.Settings.betweenness_samples`).
        seed: Betweenness only: seed of the sample.

    Returns:
        ``(concept id, score)`` pairs, best first (ties by id).

    Raises:
        ValueError: An unknown ``by``, or ``k`` below 1.

    Examples:
        >>> g = nx.Graph([("a", "b", {"weight": 3}), ("a", "ci", {"weight": 9}), ("b", "ci", {"weight": 9})])
        >>> nx.set_node_attributes(g, {"a": "drug", "b": "drug", "ci": "statistic"}, "category")
        >>> [n for n, _ in central_concepts(g, by="degree")], central_concepts(g, by="degree", generic=True)[0]
        (['a', 'b'], ('ci', 18.0))
        >>> path = nx.path_graph(5)
        >>> central_concepts(path, by="betweenness", limit=1), central_concepts(path, by="betweenness", k=5, limit=1)
        ([(2, 0.666667)], [(2, 0.666667)])
    """
    if by not in ("degree", "pagerank", "betweenness"):
        raise ValueError(f"by must be 'degree', 'pagerank' or 'betweenness', not {by!r}")
    if k is not None and k < 1:
        raise ValueError(f"k must be at least 1 (sources sampled for betweenness), not {k!r}")
    if graph.number_of_nodes() == 0:
        return []
    if by == "degree":
        scores = dict(graph.degree(weight="weight"))
    elif by == "pagerank":
        scores = nx.pagerank(graph, weight="weight")
    else:
        scores = nx.betweenness_centrality(graph, k=_betweenness_sources(graph.number_of_nodes(), k, seed),
                                           seed=seed, weight=_distance)
    ranked = sorted(((n, round(float(s), 6)) for n, s in scores.items()
                     if generic or not is_generic(graph.nodes[n])), key=lambda t: (-t[1], t[0]))
    return ranked[:limit] if limit is not None else ranked


def _betweenness_sources(nodes: int, k: int | None, seed: int) -> int | None:
    """The ``k`` to give NetworkX: None (every node a source: exact) or a sample size.

    Warns when it samples without being asked to.
    """
    if k is None and nodes > DEFAULTS.betweenness_exact_limit:
        k = DEFAULTS.betweenness_samples
        logger.warning("Betweenness of %s concepts is estimated from %s sampled sources (seed %s): exact "
                       "betweenness takes minutes at this size. Pass k=%s for the exact value, or a larger k "
                       "for a closer estimate.", f"{nodes:,}", k, seed, nodes)
    return None if k is None or k >= nodes else k


class Bridge(NamedTuple):
    """A link between two communities, with its evidence."""

    source: str
    target: str
    weight: int
    evidence: list[Evidence]


class Gap(NamedTuple):
    """Two communities that the literature connects far less than their size and links predict.

    Attributes:
        a: Index of the first community in :func:`domain_communities` order: ``kg.communities()[a]``,
            shown as community ``a + 1`` in the view and the exports.
        b: Index of the second community.
        names_a: Labels of the first community's most mentioned concepts (its name).
        names_b: Labels of the second's.
        size_a: Concepts in the first community.
        size_b: Concepts in the second.
        links: Links between them.
        expected: Links expected between them if links ignored communities
            (configuration model: ``degrees_a * degrees_b / (2 * all links)``).
        ratio: ``links / expected``: 0.1 means a tenth of the expected links.
        p: Poisson probability of seeing ``links`` or fewer when ``expected`` are
            expected (small: a real gap, not chance).
        density: ``links / (size_a * size_b)``.
        bridges: Concepts at the ends of the links between them, most connected first.
        evidence: The strongest links between them, with their sentences.
    """

    a: int
    b: int
    names_a: list[str]
    names_b: list[str]
    size_a: int
    size_b: int
    links: int
    expected: float
    ratio: float
    p: float
    density: float
    bridges: list[str]
    evidence: list[Bridge]


def structural_gaps(graph: nx.Graph, *, seed: int = 42, limit: int = 10, min_size: int = 3,
                    min_expected: float = DEFAULTS.gap_min_expected, bridges: int = 5,
                    groups: list[set[str]] | None = None) -> list[Gap]:
    """Pairs of communities with far fewer links between them than expected, the most surprising first.

    Communities are found among the domain concepts (generic terms such as
    statistics and lab methods would glue them together); those smaller than
    ``min_size`` are ignored. A pair's expected links come from the
    communities' degrees (configuration model), so two large, well connected
    communities with few links between them rank first, and two small ones
    with none do not (nothing was expected). Pairs expecting fewer than
    ``min_expected`` links are left out. Ranked by the Poisson probability of
    so few links, then by ratio.

    ``groups`` takes communities already found (:func:`domain_communities`
    of the same graph and seed, as ``kg.gaps()`` passes them), so that the gaps
    are between the map's clusters and Louvain runs once.

    Examples:
        >>> g = nx.Graph()
        >>> for k in range(3):  # three dense groups of 8; groups 0-1 linked as much as chance says, 0-2 and 1-2 not
        ...     g.add_edges_from(((f"{k}{i}", f"{k}{j}") for i in range(8) for j in range(i + 1, 8)), weight=3)
        >>> g.add_edges_from(((f"0{i}", f"1{i}") for i in range(8)), weight=1)
        >>> g.add_edges_from([("07", "20"), ("17", "20")], weight=1)
        >>> gap = structural_gaps(g, min_expected=1)[0]
        >>> gap.links, sorted(gap.bridges), gap.ratio < 0.5, gap.evidence[0].weight
        (1, ['07', '20'], True, 1)
    """
    from scipy.special import (
        pdtr,  # the Poisson CDF (scipy.stats takes a second longer to import)
    )

    domain = induced_subgraph(graph, (n for n, d in graph.nodes(data=True) if not is_generic(d)))
    found = domain_communities(graph, seed=seed) if groups is None else groups
    groups = [c for c in found if len(c) >= min_size]
    member = {node: i for i, group in enumerate(groups) for node in group}
    between: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for u, v in domain.edges():
        cu, cv = member.get(u), member.get(v)
        if cu is None or cv is None or cu == cv:
            continue
        between.setdefault((min(cu, cv), max(cu, cv)), []).append((u, v))
    total = domain.number_of_edges()
    degree = [sum(domain.degree(n) for n in group) for group in groups]

    def name(group: set[str]) -> list[str]:
        top = sorted(group, key=lambda n: (-graph.nodes[n].get("mentions", 0), n))[:3]
        return [graph.nodes[n].get("label", n) for n in top]

    gaps = []
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            expected = degree[i] * degree[j] / (2 * total) if total else 0.0
            links = between.get((i, j), [])
            if expected < min_expected or len(links) >= expected:
                continue
            ends: Counter[str] = Counter(n for edge in links for n in edge)
            strongest = sorted(links, key=lambda e: (-graph.edges[e].get("weight", 1), sorted(e)))[:bridges]
            gaps.append(Gap(
                i, j, name(groups[i]), name(groups[j]), len(groups[i]), len(groups[j]), len(links),
                round(expected, 2), round(len(links) / expected, 4), float(pdtr(len(links), expected)),
                round(len(links) / (len(groups[i]) * len(groups[j])), 6),
                [n for n, _ in sorted(ends.items(), key=lambda kv: (-kv[1], kv[0]))],
                [Bridge(u, v, graph.edges[u, v].get("weight", 1), [dict(e) for e in graph.edges[u, v].get("evidence", [])])
                 for u, v in strongest]))
    gaps.sort(key=lambda g: (g.p, g.ratio, g.a, g.b))
    return gaps[:limit]


def filter_graph(graph: nx.Graph, *, min_weight: int = DEFAULTS.min_weight, categories: Iterable[str] | None = None,
                 top: int | None = None, by: str = "mentions") -> nx.Graph:
    """A new graph keeping strong links, chosen categories and/or the top concepts.

    Args:
        graph: A kgraph graph.
        min_weight: Drop links seen in fewer sentences.
        categories: Keep only concepts of these categories.
        top: Keep only this many concepts, ranked by the node attribute ``by``.
        by: Node attribute to rank by for ``top`` (``mentions``, ``documents``).
    """
    keep = set(graph.nodes)
    if categories is not None:
        wanted = set(categories)
        keep = {n for n in keep if graph.nodes[n].get("category") in wanted}
    if top is not None:
        ranked = sorted(keep, key=lambda n: (-graph.nodes[n].get(by, 0), n))
        keep = set(ranked[:top])
    result = induced_subgraph(graph, keep)
    result.remove_edges_from([(u, v) for u, v, d in result.edges(data=True) if d.get("weight", 1) < min_weight])
    result.graph = dict(graph.graph)
    result.graph["min_weight"] = max(min_weight, graph.graph.get("min_weight", 1))
    return result
