"""A map of a concept graph: communities placed apart, each one compact (plain NetworkX and NumPy).

VOSviewer draws a literature map so that clusters read as regions; a single
force layout of thousands of concepts gives a hairball instead. Here each
community (Louvain, on the domain concepts) is laid out on its own with
NetworkX's spring layout, in a disc whose area grows with its size; the
discs are placed by a spring layout of the community graph (communities
that share many links end up close) and then pushed apart until none
overlap. Concepts outside any community (generic terms, isolated pairs) sit
among their neighbours, or on a ring around the map if they have none.
Last, concepts whose circles (:func:`node_size`) would touch are pushed
apart, so that no two overlap at any zoom.

The communities are :func:`kgraph.graph.analysis.domain_communities`, the
same as ``kg.communities()`` and ``kg.gaps()``; the view and every export of
a graph take their positions and clusters from one :class:`MapLayout` of the
whole graph. The result depends only on the graph and the seed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from ..graph.analysis import communities, domain_communities
from ..graph.schema import is_generic
from ..settings import DEFAULTS
from .colors import COMMUNITY_COLORS, OTHER_COMMUNITY_COLOR

__all__ = ["GENERIC", "Cluster", "MapLayout", "map_layout", "mean_year", "node_size", "view_category"]

SPACING = 50.0  # distance between neighbouring concepts, in drawing units (pixels at zoom 1)

GENERIC = "generic"
"""The view's category of generic concepts whose own category is a domain one (``cancer cell``)."""


def view_category(data: Mapping[str, Any]) -> str:
    """The category a concept is drawn and listed with in the view: its own, or ``generic``.

    Statistics, methods and basic molecules keep their categories; a generic
    concept of a domain category (``cancer cell``, ``diagnosis``) joins the
    ``generic`` legend entry, hidden at first as the others are.

    Examples:
        >>> view_category({"category": "cell_type", "generic": True}), view_category({"category": "statistic"})
        ('generic', 'statistic')
    """
    category = data.get("category", "other")
    if category not in DEFAULTS.demoted_categories and is_generic(data):
        return GENERIC
    return category


def node_size(mentions: int) -> float:
    """A node's radius on the map: log-scaled by mentions, so the few hubs do not hide the rest.

    Examples:
        >>> node_size(1), node_size(100), node_size(5000)
        (4.0, 16.0, 26.1)
    """
    return round(4.0 + 2.6 * math.log(max(mentions, 1)), 1)


def mean_year(years: list[list[int]] | None) -> float | None:
    """The mean publication year of a concept's documents (VOSviewer's overlay score); None if undated.

    Examples:
        >>> mean_year([[2010, 1], [2020, 3]]), mean_year(None)
        (2017.5, None)
    """
    total = sum(n for _, n in years or [])
    return round(sum(y * n for y, n in years or []) / total, 2) if total else None


@dataclass(frozen=True)
class Cluster:
    """One community on the map.

    Attributes:
        id: Its index (communities are numbered largest first).
        size: Number of concepts.
        top: Labels of its most mentioned concepts (its name on the map).
        x: Centre, x.
        y: Centre, y.
        radius: Radius of the disc it occupies.
        color: Its colour.
    """

    id: int
    size: int
    top: list[str]
    x: float
    y: float
    radius: float
    color: str


@dataclass(frozen=True)
class MapLayout:
    """Positions, communities and clusters of a graph's map (see :func:`map_layout`).

    Attributes:
        positions: ``{node: (x, y)}`` for every node, in drawing units.
        community: ``{node: cluster id}``; -1 for nodes outside any community.
        clusters: The communities, largest first.
    """

    positions: dict[str, tuple[float, float]]
    community: dict[str, int]
    clusters: list[Cluster] = field(default_factory=list)

    def color_of(self, node: str) -> str:
        """The community colour of ``node`` (grey outside the coloured communities)."""
        cluster = self.community.get(node, -1)
        return self.clusters[cluster].color if cluster >= 0 else OTHER_COMMUNITY_COLOR


def _disc(graph: nx.Graph, seed: int) -> dict[str, np.ndarray]:
    """Positions of a small community (at most ``_SPLIT`` concepts) centred on 0, inside a disc of radius ~1."""
    nodes = list(graph)
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    if len(nodes) == 2:
        return {nodes[0]: np.array([-0.5, 0.0]), nodes[1]: np.array([0.5, 0.0])}
    pos = nx.spring_layout(graph, seed=seed, weight="pull", iterations=100)
    points = np.array([pos[n] for n in nodes])
    points -= points.mean(axis=0)
    # Spread evenly over the disc: rank-preserving radial equalisation (a force layout leaves the
    # centre crowded and a few leaves far out).
    radii = np.hypot(points[:, 0], points[:, 1])
    order = np.argsort(radii, kind="stable")
    target = np.sqrt((np.arange(len(nodes)) + 0.5) / len(nodes))
    scale = np.ones(len(nodes))
    nonzero = radii[order] > 1e-12
    scale[order[nonzero]] = target[nonzero] / radii[order][nonzero]
    points *= scale[:, None]
    return {n: points[i] for i, n in enumerate(nodes)}


_SPLIT = 250  # a community larger than this is laid out as a map of its own sub-communities


def _radius(graph: nx.Graph, nodes: list[str]) -> float:
    """The radius of the disc that ``nodes`` fill: each takes room for its circle and a margin.

    A concept mentioned once needs less room than a hub, so the many rare
    concepts of a large graph do not spread its map thin.
    """
    room = sum((node_size(graph.nodes[n].get("mentions", 1)) + SPACING * 0.2) ** 2 for n in nodes)
    return 1.1 * math.sqrt(room) + SPACING / 2


def _pulled(graph: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The links among ``nodes``, with a pull that grows with the log of the weight (no single link dominates)."""
    keep = set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from((n, {"mentions": graph.nodes[n].get("mentions", 1)}) for n in nodes)  # for the room each needs
    sub.add_edges_from((u, v, {"weight": d.get("weight", 1), "pull": 1.0 + math.log(d.get("weight", 1))})
                       for u, v, d in graph.edges(nodes, data=True) if u in keep and v in keep)
    return sub


def _arrange(graph: nx.Graph, groups: list[list[str]], seed: int, depth: int) -> tuple[
        dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Place ``groups`` of nodes as non-overlapping discs; returns positions, disc centres and radii.

    A group larger than :data:`_SPLIT` is itself split into communities and
    arranged the same way (once more at most), so no force layout ever runs
    on more than a few hundred nodes.
    """
    member = {node: i for i, group in enumerate(groups) for node in group}
    inner: list[dict[str, np.ndarray]] = []
    radii = np.array([_radius(graph, group) for group in groups])
    for i, group in enumerate(groups):
        sub = _pulled(graph, group)
        parts = [sorted(c) for c in communities(sub, seed=seed)] \
            if len(group) > _SPLIT and depth < 2 else []
        if len(parts) > 1:
            placed, _, _ = _arrange(sub, parts, seed, depth + 1)
            points = np.array([placed[n] for n in group])
            reach = max(float(np.hypot(points[:, 0], points[:, 1]).max()), 1e-9)
            radii[i] = reach + SPACING / 2
            inner.append({n: placed[n] for n in group})
        else:
            unit = _disc(sub, seed)
            inner.append({n: p * (radii[i] - SPACING / 2) for n, p in unit.items()})
    centres = np.zeros((len(groups), 2))
    if len(groups) > 1:
        between = nx.Graph()
        between.add_nodes_from(range(len(groups)))
        for u, v, d in graph.edges(data=True):
            cu, cv = member.get(u, -1), member.get(v, -1)
            if cu >= 0 and cv >= 0 and cu != cv:
                w = between.get_edge_data(cu, cv, {"weight": 0})["weight"]
                between.add_edge(cu, cv, weight=w + d.get("weight", 1))
        for _, _, d in between.edges(data=True):
            d["pull"] = 1.0 + math.log(max(d["weight"], 1))
        pos = nx.spring_layout(between, seed=seed, weight="pull", iterations=200)
        centres = _separate(np.array([pos[i] for i in range(len(groups))]) * float(radii.sum()), radii)
    positions = {n: centres[i] + p for i, disc in enumerate(inner) for n, p in disc.items()}
    return positions, centres, radii


def _separate(centres: np.ndarray, radii: np.ndarray, *, iterations: int = 300) -> np.ndarray:
    """Move discs apart until none overlap, pulling them towards the middle between rounds."""
    centres = centres.copy()
    need = radii[:, None] + radii[None, :] + SPACING  # the distance between two centres that leaves a gap
    area = radii ** 2
    share = area[None, :] / (area[:, None] + area[None, :])  # the smaller disc moves more
    for step in range(iterations):
        centres -= centres.mean(axis=0)
        if step < iterations - 40:
            centres *= 0.97  # gravity: keep the map compact
        moved = False
        for _ in range(4):
            delta = centres[:, None, :] - centres[None, :, :]
            dist = np.hypot(delta[..., 0], delta[..., 1])
            np.fill_diagonal(dist, np.inf)
            overlap = np.clip(need - dist, 0, None)
            i, j = np.nonzero(overlap)
            if not len(i):
                break
            moved = True
            # Each disc moves away from those it overlaps, the pushes added in the order of the others.
            direction = delta[i, j] / np.maximum(dist[i, j], 1e-9)[:, None]
            move = np.zeros_like(centres)
            np.add.at(move, i, direction * (overlap[i, j] * share[i, j])[:, None])
            centres += move
        if not moved and step >= iterations - 40:
            break
    return centres


def _declutter(graph: nx.Graph, positions: dict[str, tuple[float, float]], *, gap: float = 3.0,
               rounds: int = 200) -> dict[str, tuple[float, float]]:
    """Push apart concepts whose circles (radius :func:`node_size`) come closer than ``gap``.

    Each round moves both concepts of every touching pair apart along the
    line between them, the smaller one more, until no pair touches (a few
    rounds on a map; pairs are found with a k-d tree).
    """
    from scipy.spatial import cKDTree

    nodes = list(positions)
    if len(nodes) < 2:
        return positions
    points = np.array([positions[n] for n in nodes], dtype=float)
    radius = np.array([node_size(graph.nodes[n].get("mentions", 1)) for n in nodes])
    reach = 2 * float(radius.max()) + gap
    for _ in range(rounds):
        pairs = cKDTree(points).query_pairs(reach, output_type="ndarray")
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        delta = points[j] - points[i]
        dist = np.hypot(delta[:, 0], delta[:, 1])
        overlap = radius[i] + radius[j] + gap - dist
        touching = overlap > 1e-6
        if not touching.any():
            break
        i, j, delta, dist, overlap = i[touching], j[touching], delta[touching], dist[touching], overlap[touching]
        same = dist < 1e-9  # on the same spot: apart along a direction fixed by the pair
        angle = (i[same] * 7 + j[same]) * 2.399963
        delta[same] = np.column_stack([np.cos(angle), np.sin(angle)])
        dist[same] = 1.0
        unit = delta / dist[:, None]
        area_i, area_j = radius[i] ** 2, radius[j] ** 2
        share_i = area_j / (area_i + area_j)  # the smaller concept moves more
        move = np.zeros_like(points)
        np.add.at(move, i, -unit * (overlap * share_i * 0.6)[:, None])
        np.add.at(move, j, unit * (overlap * (1 - share_i) * 0.6)[:, None])
        points += move
    return {n: (float(points[k, 0]), float(points[k, 1])) for k, n in enumerate(nodes)}


def map_layout(graph: nx.Graph, *, seed: int = 42, demoted: frozenset[str] | None = None,
               max_colors: int = len(COMMUNITY_COLORS), groups: list[set[str]] | None = None) -> MapLayout:
    """Lay a graph out as a map of its communities.

    Args:
        graph: A kgraph graph (not modified).
        seed: Seed of the community detection and of the spring layouts.
        demoted: Categories left out of the communities (generic hubs such
            as statistics and lab methods would glue them together); default:
            the generic concepts (the ``generic`` node attribute).
        max_colors: Communities beyond this many (the smallest) are grey.
        groups: The communities, if already found
            (:func:`~kgraph.graph.analysis.domain_communities` of ``graph``
            with the same seed and ``demoted``); found here otherwise.

    Returns:
        The positions of every node, its community and the clusters.

    Examples:
        >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
        >>> m = map_layout(g)
        >>> sorted(m.community.items()), [c.size for c in m.clusters]
        ([('a', 0), ('b', 0), ('c', 0), ('x', 1), ('y', 1), ('z', 1)], [3, 3])
        >>> m == map_layout(g)
        True
    """
    found = domain_communities(graph, seed=seed, demoted=demoted) if groups is None else groups
    clustered = [sorted(g) for g in found if len(g) > 1]
    community = {node: i for i, group in enumerate(clustered) for node in group}

    placed, centres, radii = _arrange(graph, clustered, seed, 0) if clustered else (
        {}, np.zeros((0, 2)), np.zeros(0))
    positions = {node: (float(p[0]), float(p[1])) for node, p in placed.items()}

    rng = np.random.default_rng(seed)
    rest = [n for n in graph if n not in positions]
    lonely = []
    for node in rest:  # generic terms and isolated pairs: among their placed neighbours
        near = [(positions[m], graph.edges[node, m].get("weight", 1)) for m in graph[node] if m in positions]
        if not near:
            lonely.append(node)
            continue
        total = sum(w for _, w in near)
        x = sum(p[0] * w for p, w in near) / total
        y = sum(p[1] * w for p, w in near) / total
        angle = rng.uniform(0, 2 * math.pi)
        positions[node] = (x + SPACING * 0.7 * math.cos(angle), y + SPACING * 0.7 * math.sin(angle))
    if lonely:  # no placed neighbour: on rings around the map, most mentioned first
        lonely.sort(key=lambda n: (-graph.nodes[n].get("mentions", 0), n))
        reach = max((math.hypot(*p) for p in positions.values()), default=0.0) + 2 * SPACING
        ring, slot = reach, 0
        while slot < len(lonely):
            per_ring = max(int(2 * math.pi * ring / SPACING), 1)
            for k, node in enumerate(lonely[slot:slot + per_ring]):
                angle = 2 * math.pi * k / per_ring
                positions[node] = (ring * math.cos(angle), ring * math.sin(angle))
            slot += per_ring
            ring += SPACING

    positions = _declutter(graph, positions)
    clusters = []
    for i, group in enumerate(clustered):
        top = sorted(group, key=lambda n: (-graph.nodes[n].get("mentions", 0), n))[:3]
        clusters.append(Cluster(i, len(group), [graph.nodes[n].get("label", n) for n in top],
                                round(float(centres[i, 0]), 1), round(float(centres[i, 1]), 1),
                                round(float(radii[i]), 1),
                                COMMUNITY_COLORS[i] if i < max_colors else OTHER_COMMUNITY_COLOR))
    rounded = {n: (round(x, 1), round(y, 1)) for n, (x, y) in positions.items()}
    return MapLayout({n: rounded[n] for n in graph}, {n: community.get(n, -1) for n in graph}, clusters)
