"""The interactive HTML view: one self-contained file that works offline.

pyvis renders the network (with vis-network inlined, ``cdn_resources="in_line"``);
kgraph then removes the links pyvis's template still makes to a CDN
(bootstrap) and adds its own panel, search and legend. Every string that comes
from documents (aliases, evidence sentences, document ids) travels in one JSON
block, escaped for HTML, and the page renders it with ``textContent`` only, so
a document containing ``<script>`` shows as text and runs nothing.
"""

from __future__ import annotations

import heapq
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from html import escape as html_escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import networkx as nx

from ..errors import KGraphError
from ..files import atomic_write_text
from ..graph.query import unmentioned_names
from ..graph.schema import is_generic
from ..settings import DEFAULTS

if TYPE_CHECKING:
    from ..graph.serialize import DeferredEvidence
from .layout import (
    CATEGORY_COLORS,
    GENERIC,
    MapLayout,
    graph_colors,
    map_layout,
    mean_year,
    node_size,
    view_category,
)

__all__ = ["CATEGORY_COLORS", "page_pieces", "render_html", "select_subgraph", "write_html", "write_pieces"]

_EXTERNAL_RE = re.compile(
    r"<link\b[^>]*href=\"https?://[^>]*>|<script\b[^>]*src=\"https?://[^>]*>\s*</script>",
    re.IGNORECASE | re.DOTALL)
_EMPTY_HEADING_RE = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
_REMOTE_RE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def _by_mentions(graph: nx.Graph) -> list[str]:
    """The nodes in the order a view keeps them: most mentioned first (ties by id), generic
    concepts (statistics, lab methods, background terms) after all others."""
    return sorted(graph, key=lambda node: (is_generic(graph.nodes[node]),
                                           -graph.nodes[node].get("mentions", 0), node))


def select_subgraph(graph: nx.Graph, max_nodes: int, max_edges: int | None = None) -> nx.Graph:
    """The part of a large graph that a browser can draw (a new graph).

    Keeps the ``max_nodes`` most mentioned concepts (generic ones only when
    room is left); of the links among them,
    each concept's strongest link and then the strongest others (by weight,
    then NPMI), at most ``max_edges`` in all.

    Examples:
        >>> g = nx.Graph()
        >>> g.add_nodes_from([("a", {"mentions": 9}), ("b", {"mentions": 5}), ("c", {"mentions": 1})])
        >>> g.add_edges_from([("a", "b", {"weight": 3}), ("b", "c", {"weight": 1}), ("a", "c", {"weight": 2})])
        >>> sorted(select_subgraph(g, 2).edges), sorted(select_subgraph(g, 3, max_edges=2).edges)
        ([('a', 'b')], [('a', 'b'), ('a', 'c')])
    """
    max_edges = DEFAULTS.html_max_edges if max_edges is None else max_edges
    nodes = set(_by_mentions(graph)[:max_nodes]) if graph.number_of_nodes() > max_nodes else set(graph)

    def pair(a: str, b: str) -> tuple[str, str]:
        return (a, b) if a <= b else (b, a)

    def strength(edge: tuple[str, str, dict[str, Any]]) -> tuple[float, float, tuple[str, str]]:
        a, b, d = edge
        return -d.get("weight", 1), -(d.get("npmi") or 0.0), pair(a, b)

    def among(edges: Iterable[tuple[str, str, dict[str, Any]]]) -> Iterator[tuple[str, str, dict[str, Any]]]:
        return (edge for edge in edges if edge[0] in nodes and edge[1] in nodes)

    # The links to keep are chosen without copying the graph (a large graph's links are most of its memory).
    keep: set[tuple[str, str]] | None = None
    if sum(1 for _ in among(graph.edges(data=True))) > max_edges:
        keep = set()
        for node in sorted(nodes):  # every concept keeps its strongest link
            strongest = min(among(graph.edges(node, data=True)), key=strength, default=None)
            if strongest is not None and len(keep) < max_edges:
                keep.add(pair(*strongest[:2]))
        for a, b, _ in heapq.nsmallest(max_edges + len(keep), among(graph.edges(data=True)), key=strength):
            if len(keep) >= max_edges:
                break
            keep.add(pair(a, b))
    shown = graph.__class__()
    shown.graph.update(graph.graph)
    shown.add_nodes_from((node, data) for node, data in graph.nodes(data=True) if node in nodes)
    # The links in the order a copy of the graph (all of it shown) or induced_subgraph would give them.
    links = graph.edges(data=True) if len(nodes) < graph.number_of_nodes() else \
        ((a, b, data) for a, neighbours in graph.adj.items() for b, data in neighbours.items())
    shown.add_edges_from((a, b, data) for a, b, data in among(links) if keep is None or pair(a, b) in keep)
    return shown


def _safe(text: str) -> str:
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


_PIECE = 2000  # list items or dict entries encoded at once (by the C encoder, a few hundred KB)


def _json_for_html(data: dict[str, Any]) -> Iterator[str]:
    """``json.dumps(data, sort_keys=True)``, safe inside a ``<script>`` element, in pieces.

    ASCII only (``ensure_ascii``), with ``&``, ``<`` and ``>`` escaped, so no
    text from a document can close the element or start markup. Large lists
    and dicts are encoded a slice at a time, so the whole text never exists
    at once, with the standard library's fast encoder for each slice.

    Examples:
        >>> data = {"b": list(range(5000)), "a": {"<x>": "&"}}
        >>> import json; "".join(_json_for_html(data)) == _safe(json.dumps(data, sort_keys=True, separators=(",", ":")))
        True
    """
    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))

    yield "{"
    for number, key in enumerate(sorted(data)):
        value = data[key]
        yield ("," if number else "") + _safe(dumps(key)) + ":"
        if isinstance(value, list) and len(value) > _PIECE:
            yield "["
            for start in range(0, len(value), _PIECE):
                yield ("," if start else "") + _safe(dumps(value[start:start + _PIECE])[1:-1])
            yield "]"
        elif isinstance(value, dict) and len(value) > _PIECE:
            keys = sorted(value)
            yield "{"
            for start in range(0, len(keys), _PIECE):
                part = {k: value[k] for k in keys[start:start + _PIECE]}
                yield ("," if start else "") + _safe(dumps(part)[1:-1])
            yield "}"
        else:
            yield _safe(dumps(value))
    yield "}"


def _link_ranks(graph: nx.Graph) -> dict[tuple[str, str], int]:
    """The drawn links, strongest first (sentences, then NPMI; ties in the page's order): their ranks.

    Zoomed out, the view draws only the first
    :attr:`~kgraph.settings.Settings.html_overview_links`.
    """
    edges = sorted(graph.edges(data=True))
    order = sorted(range(len(edges)), key=lambda i: (-edges[i][2].get("weight", 1),
                                                     -float(edges[i][2].get("npmi") or 0.0), i))
    return {(edges[i][0], edges[i][1]): rank for rank, i in enumerate(order)}


def _view_data(graph: nx.Graph, full: nx.Graph, colors: dict[str, str], title: str,
               physics: bool, layout: MapLayout, ranks: dict[tuple[str, str], int]) -> dict[str, Any]:
    nodes = {}
    for node, d in graph.nodes(data=True):
        nodes[node] = {k: d.get(k) for k in ("label", "category", "source", "aliases", "synonyms",
                                              "mentions", "sentences", "documents", "provenance", "ids")}
        nodes[node]["category"] = view_category(d)
        nodes[node]["degree_full"] = full.degree(node)
        nodes[node]["community"] = layout.community.get(node, -1)
        if d.get("years"):
            nodes[node]["years"] = d["years"]
            nodes[node]["mean_year"] = mean_year(d["years"])
        if "log2_ratio" in d:
            nodes[node]["log2_ratio"], nodes[node]["q"] = d["log2_ratio"], d.get("q")
    drawn: Counter[int] = Counter(nodes[node]["community"] for node in nodes)
    # The clusters of the whole graph's map (the exports' numbers), those with a concept drawn.
    named = [{"id": c.id, "size": c.size, "drawn": drawn[c.id], "top": c.top, "x": c.x, "y": c.y,
              "radius": c.radius, "color": c.color} for c in layout.clusters if drawn[c.id]]
    edges = []
    for a, b, d in sorted(graph.edges(data=True)):
        edge = {"id": f"{a}\u0001{b}", "from": a, "to": b, "weight": d.get("weight", 1), "rank": ranks[a, b],
                "npmi": d.get("npmi"), "documents": d.get("documents"), "evidence": d.get("evidence", [])}
        if d.get("years"):
            edge["years"] = d["years"]
        edges.append(edge)
    meta = dict(full.graph)
    dated: Counter[int] = Counter()
    for year, _, documents, _ in meta.get("strata", []):  # the counts per year and journal
        if year is not None:
            dated[year] += documents
    concepts, links = _concepts_and_links(full, graph, layout)
    return {"title": title, "nodes": nodes, "edges": edges, "colors": colors, "physics": physics,
            "demoted": sorted({*DEFAULTS.demoted_categories, GENERIC}), "min_support": DEFAULTS.min_support,
            "overview_links": DEFAULTS.html_overview_links,
            "communities": named, "concepts": concepts, "links": links,
            "ids": {node: list(d["ids"]) for node, d in sorted(full.nodes(data=True))  # of concepts not drawn
                    if d.get("ids") and node not in graph},
            "shown": {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()},
            "total": {"nodes": full.number_of_nodes(), "edges": full.number_of_edges()},
            "meta": {k: meta.get(k) for k in ("documents", "sentences", "association", "window",
                                              "lexicon", "max_evidence", "kgraph_version", "subset",
                                              "compared")},
            "years": [[year, n] for year, n in sorted(dated.items())],
            "unmentioned": unmentioned_names(full)}


_NAMES = 8  # names per concept kept for the search (label, synonyms, surface forms)


def _concepts_and_links(full: nx.Graph, shown: nx.Graph, layout: MapLayout
                        ) -> tuple[list[list[Any]], list[list[Any]]]:
    """Every concept and link of the whole graph, compactly, for the panel and the search.

    Concepts are ``[id, label, category, mentions, documents, rank, names, source, x, y,
    community]``, most mentioned first (``rank`` is the ``--max-nodes`` that draws it;
    ``x``, ``y`` and ``community`` are its place on the map, where a search draws it);
    ``names`` are left out for drawn concepts (the view has them). Links are
    ``[i, j, sentences, documents, npmi]`` with ``i``, ``j`` indexes into the concepts.
    """
    order = _by_mentions(full)
    index = {node: i for i, node in enumerate(order)}
    concepts = []
    for rank, node in enumerate(order, start=1):
        d = full.nodes[node]
        label = d.get("label", node)
        names = [] if node in shown else list(dict.fromkeys(
            n for n in [*d.get("synonyms", []), *d.get("aliases", [])] if n != label))[:_NAMES]
        concepts.append([node, label, view_category(d), d.get("mentions", 0), d.get("documents", 0),
                         rank, names, d.get("source", "lexicon"), *layout.positions[node], layout.community[node]])
    links = sorted([index[u], index[v], d.get("weight", 1), d.get("documents", 1),
                    round(float(d.get("npmi") or 0.0), 3)] for u, v, d in full.edges(data=True))
    for link in links:
        if link[0] > link[1]:
            link[0], link[1] = link[1], link[0]
    links.sort()
    return concepts, links


def page_pieces(graph: nx.Graph, *, title: str = "kgraph", max_nodes: int | None = None,
                stamp: str | None = None, colors: dict[str, str] | None = None,
                layout: MapLayout | None = None, evidence: DeferredEvidence | None = None) -> Iterator[str]:
    """The view of ``graph`` as one HTML document, in pieces to write one after the other.

    The page's data is large for a large graph; written piece by piece, it is
    never held as one string (:func:`write_html`). :func:`render_html` joins
    the pieces.

    Args:
        graph: A kgraph graph.
        title: Page title.
        max_nodes: Show at most this many nodes, the most mentioned
            (default: ``Settings.html_max_nodes``), and at most
            ``Settings.html_max_edges`` links (see :func:`select_subgraph`);
            the page says what was left out.
        stamp: The id of the set of files the page belongs to (``kgraph
            build`` writes the hash of ``graph.json``), as
            ``<meta name="kgraph-graph">``.
        colors: Colours for some categories (e.g. the two corpora of a
            comparison), instead of the usual ones.
        layout: The map of the whole ``graph`` (:func:`~kgraph.views.layout.map_layout`),
            if already made; the page draws its part of it, so the view's
            positions and communities are the exports'.
        evidence: The evidence of links that hold none in ``graph`` (a
            loaded or built graph's): read for the links shown only.

    Returns:
        The pieces of the HTML text.

    Raises:
        KGraphError: The rendered page would still load something from the
            network (a pyvis template change); nothing is written then.
    """
    from pyvis.network import Network

    limit = DEFAULTS.html_max_nodes if max_nodes is None else max_nodes
    shown = select_subgraph(graph, limit)
    if evidence is not None:
        for a, b, d in shown.edges(data=True):
            if "evidence" not in d and (a, b) in evidence:
                d["evidence"] = evidence.get(a, b)
    colors = {**graph_colors(graph), GENERIC: CATEGORY_COLORS[GENERIC], **(colors or {})}
    physics = shown.number_of_nodes() <= DEFAULTS.html_physics_limit
    layout = layout or map_layout(graph)  # of the whole graph: the clusters and places of every export

    net = Network(height="100%", width="100%", cdn_resources="in_line", heading="")
    net.nodes = []
    for node, d in sorted(shown.nodes(data=True)):
        # No vis-network label: the page draws the labels itself, only those that fit (view.js).
        discovered = d.get("source") == "discovered"
        color = colors[view_category(d)]
        item = {"id": node, "size": node_size(d.get("mentions", 1)), "color": color,
                "shape": "dot", "borderWidth": 1.5 if discovered else 0.5}
        if discovered:  # a dark ring around the category colour (the README's "outlined")
            item["color"] = {"background": color, "border": "#3e4c59"}
        if not physics:
            item["x"], item["y"] = layout.positions[node]
        if is_generic(d):  # generic terms start hidden (the legend shows them)
            item["hidden"] = True
        net.nodes.append(item)
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    # Drawn as the page starts: zoomed out, a large map shows only its strongest links (view.js).
    ranks = _link_ranks(shown)
    net.edges = [{"id": f"{a}\u0001{b}", "from": a, "to": b, "value": d.get("weight", 1),
                  **({} if physics or ranks[a, b] < DEFAULTS.html_overview_links else {"hidden": True})}
                 for a, b, d in sorted(shown.edges(data=True))]
    large = not physics
    net.options = {
        "nodes": {"font": {"size": 0}, "borderWidthSelected": 3},
        # Links are faint until a concept is hovered or selected.
        "edges": {"scaling": {"min": 0.6, "max": 6}, "smooth": False, "selectionWidth": 1.5,
                  "color": {"color": "#8794a1", "highlight": "#1f2933", "hover": "#1f2933",
                            "opacity": 0.12 if large else 0.5, "inherit": False}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "navigationButtons": False, "keyboard": False, "hoverConnectedEdges": True},
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120,
                                         "avoidOverlap": 0.4},
                    "stabilization": {"enabled": True, "iterations": 400, "fit": True}},
        "layout": {"randomSeed": 42, "improvedLayout": physics},
    }
    html = net.generate_html()
    html = _EXTERNAL_RE.sub("", html)
    html = _EMPTY_HEADING_RE.sub("", html)
    remote = _REMOTE_RE.search(html)
    if remote:
        raise KGraphError("The HTML view would load a resource from the network "
                          f"(near {html[remote.start():remote.start() + 80]!r}); please report this "
                          "together with your pyvis version.")
    assets = resources.files("kgraph.views") / "assets"
    style = (assets / "view.css").read_text(encoding="utf-8")
    script = (assets / "view.js").read_text(encoding="utf-8")
    body = (assets / "view.html").read_text(encoding="utf-8")
    html = html.replace("<html>", '<!DOCTYPE html>\n<html lang="en">', 1)
    meta = f'\n<meta name="kgraph-graph" content="{html_escape(stamp)}">' if stamp else ""
    html = html.replace("<head>", f"<head>\n<title>{html_escape(title)}</title>{meta}", 1)
    body_end = html.rfind("</body>")
    if body_end < 0:
        raise KGraphError("Unexpected pyvis output (no </body>); please report your pyvis version.")
    data = _view_data(shown, graph, colors, title, physics, layout, ranks)
    return itertools.chain(
        [html[:body_end], f"<style>{style}</style>\n{body}\n", '<script type="application/json" id="kgraph-data">'],
        _json_for_html(data),
        [f"</script>\n<script>{script}</script>\n", html[body_end:]])


def render_html(graph: nx.Graph, *, title: str = "kgraph", max_nodes: int | None = None,
                stamp: str | None = None, colors: dict[str, str] | None = None,
                layout: MapLayout | None = None) -> str:
    """The view of ``graph`` as one HTML document (see :func:`page_pieces` for the arguments).

    Raises:
        KGraphError: The rendered page would still load something from the
            network (a pyvis template change); nothing is returned then.
    """
    return "".join(page_pieces(graph, title=title, max_nodes=max_nodes, stamp=stamp, colors=colors,
                               layout=layout))



def write_pieces(pieces: Iterable[str]) -> Callable[[TextIO], None]:
    """A writer for :func:`kgraph.files.atomic_write_text` that writes ``pieces`` one by one."""
    def write(handle: TextIO) -> None:
        for piece in pieces:
            handle.write(piece)

    return write


def write_html(graph: nx.Graph, path: str | Path, *, title: str = "kgraph",
               max_nodes: int | None = None, colors: dict[str, str] | None = None,
               stamp: str | None = None, layout: MapLayout | None = None,
               evidence: DeferredEvidence | None = None) -> Path:
    """Write the view to ``path`` (atomically, piece by piece; see :func:`page_pieces`)."""
    pieces = page_pieces(graph, title=title, max_nodes=max_nodes, colors=colors, stamp=stamp, layout=layout,
                         evidence=evidence)
    return atomic_write_text(path, write_pieces(pieces))
