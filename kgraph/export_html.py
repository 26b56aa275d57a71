"""The interactive HTML view: one self-contained file that works offline.

pyvis renders the network (with vis-network inlined, ``cdn_resources="in_line"``);
kgraph then removes the links pyvis's template still makes to a CDN
(bootstrap) and adds its own panel, search and legend. Every string that comes
from documents (aliases, evidence sentences, document ids) travels in one JSON
block, escaped for HTML, and the page renders it with ``textContent`` only, so
a document containing ``<script>`` shows as text and runs nothing.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html import escape as html_escape
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from .analysis import communities, induced_subgraph
from .errors import KGraphError
from .files import atomic_write_text
from .settings import DEFAULTS

__all__ = ["CATEGORY_COLORS", "render_html", "select_subgraph", "write_html"]

CATEGORY_COLORS = {
    "therapy": "#4e79a7", "drug": "#f28e2b", "drug_class": "#ffbe7d", "cell_type": "#59a14f",
    "target": "#e15759", "mechanism": "#b07aa1", "technology": "#76b7b2", "cancer": "#9c755f",
    "clinical": "#edc948", "anatomy": "#ff9da7", "other": "#bab0ac", "molecule": "#8cd17d",
    "statistic": "#d4d4d4", "method": "#c7c7c7", "general": "#dcdcdc",
}
_EXTRA_COLORS = ["#8cd17d", "#86bcb6", "#d37295", "#a0cbe8", "#b6992d", "#499894", "#79706e"]

_EXTERNAL_RE = re.compile(
    r"<link\b[^>]*href=\"https?://[^>]*>|<script\b[^>]*src=\"https?://[^>]*>\s*</script>",
    re.IGNORECASE | re.DOTALL)
_EMPTY_HEADING_RE = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
_REMOTE_RE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def category_colors(categories: list[str]) -> dict[str, str]:
    """A stable colour for each category."""
    colors = {}
    extra = iter(_EXTRA_COLORS * (len(categories) // len(_EXTRA_COLORS) + 1))
    for category in sorted(set(categories)):
        colors[category] = CATEGORY_COLORS.get(category) or next(extra)
    return colors


def _by_mentions(graph: nx.Graph) -> list[str]:
    """The nodes in the order a view keeps them: most mentioned first (ties by id), concepts
    of the demoted categories (statistics, lab methods) after all others."""
    demoted = DEFAULTS.demoted_categories
    return sorted(graph, key=lambda node: (graph.nodes[node].get("category") in demoted,
                                           -graph.nodes[node].get("mentions", 0), node))


def select_subgraph(graph: nx.Graph, max_nodes: int, max_edges: int | None = None) -> nx.Graph:
    """The part of a large graph that a browser can draw (a new graph).

    Keeps the ``max_nodes`` most mentioned concepts (those of the demoted
    categories only when room is left); of the links among them,
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
    if graph.number_of_nodes() > max_nodes:
        shown = induced_subgraph(graph, _by_mentions(graph)[:max_nodes])
    else:
        shown = graph.copy()
    if shown.number_of_edges() <= max_edges:
        return shown

    def pair(a: str, b: str) -> tuple[str, str]:
        return (a, b) if a <= b else (b, a)

    def strength(edge: tuple[str, str, dict[str, Any]]) -> tuple[float, float, tuple[str, str]]:
        a, b, d = edge
        return -d.get("weight", 1), -(d.get("npmi") or 0.0), pair(a, b)

    keep: set[tuple[str, str]] = set()
    for node in sorted(shown):  # every concept keeps its strongest link
        strongest = min(shown.edges(node, data=True), key=strength, default=None)
        if strongest is not None and len(keep) < max_edges:
            keep.add(pair(*strongest[:2]))
    for a, b, _ in sorted(shown.edges(data=True), key=strength):
        if len(keep) >= max_edges:
            break
        keep.add(pair(a, b))
    shown.remove_edges_from([edge for edge in list(shown.edges) if pair(*edge) not in keep])
    return shown


def _json_for_html(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    pos = nx.spring_layout(graph, seed=42, weight="weight", iterations=100)
    scale = 60.0 * max(graph.number_of_nodes(), 1) ** 0.5
    return {n: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for n, (x, y) in pos.items()}


def _view_data(graph: nx.Graph, full: nx.Graph, colors: dict[str, str], title: str,
               physics: bool) -> dict[str, Any]:
    demoted = DEFAULTS.demoted_categories
    # Communities of the domain concepts: generic hubs (DNA, PCR, CI) would glue them together.
    domain = induced_subgraph(graph, (n for n, d in graph.nodes(data=True) if d.get("category") not in demoted))
    groups = [g for g in communities(domain, seed=42) if len(g) > 1]
    community = {node: i for i, group in enumerate(groups) for node in group}
    nodes = {}
    for node, d in graph.nodes(data=True):
        nodes[node] = {k: d.get(k) for k in ("label", "category", "source", "aliases", "synonyms",
                                              "mentions", "sentences", "documents", "provenance")}
        nodes[node]["degree_full"] = full.degree(node)
        nodes[node]["community"] = community.get(node, -1)
        if d.get("years"):
            nodes[node]["years"] = d["years"]
            nodes[node]["mean_year"] = _mean_year(d["years"])
        if "log2_ratio" in d:
            nodes[node]["log2_ratio"], nodes[node]["q"] = d["log2_ratio"], d.get("q")
    named = []
    for i, group in enumerate(groups):
        top = sorted(group, key=lambda n: (-graph.nodes[n].get("mentions", 0), n))[:3]
        named.append({"id": i, "size": len(group), "top": [graph.nodes[n].get("label", n) for n in top]})
    edges = []
    for a, b, d in sorted(graph.edges(data=True)):
        edge = {"id": f"{a}\u0001{b}", "from": a, "to": b, "weight": d.get("weight", 1),
                "npmi": d.get("npmi"), "documents": d.get("documents"), "evidence": d.get("evidence", [])}
        if d.get("years"):
            edge["years"] = d["years"]
        edges.append(edge)
    meta = dict(full.graph)
    dated: Counter[int] = Counter()
    for year, _, documents, _ in meta.get("strata", []):  # the counts per year and journal
        if year is not None:
            dated[year] += documents
    return {"title": title, "nodes": nodes, "edges": edges, "colors": colors, "physics": physics,
            "demoted": sorted(demoted), "min_support": DEFAULTS.min_support,
            "communities": named, "undrawn": _undrawn(full, graph),
            "shown": {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()},
            "total": {"nodes": full.number_of_nodes(), "edges": full.number_of_edges()},
            "meta": {k: meta.get(k) for k in ("documents", "sentences", "association", "window",
                                              "lexicon", "max_evidence", "kgraph_version", "subset",
                                              "compared")},
            "years": [[year, n] for year, n in sorted(dated.items())]}


def _mean_year(years: list[list[int]]) -> float:
    """The mean publication year of a concept's documents (VOSviewer's overlay score).

    Examples:
        >>> _mean_year([[2010, 1], [2020, 3]])
        2017.5
    """
    total = sum(n for _, n in years)
    return round(sum(y * n for y, n in years) / total, 2) if total else 0.0


_UNDRAWN_NAMES = 8  # names per concept kept for the search (label, synonyms, surface forms)


def _undrawn(full: nx.Graph, shown: nx.Graph) -> list[list[Any]]:
    """The concepts a filtered view leaves out, for its search: ``[label, mentions, documents,
    rank by mentions (the --max-nodes that would draw it), [names]]``, most mentioned first."""
    if full.number_of_nodes() == shown.number_of_nodes():
        return []
    out = []
    for rank, node in enumerate(_by_mentions(full), start=1):
        if node in shown:
            continue
        d = full.nodes[node]
        label = d.get("label", node)
        names = list(dict.fromkeys(n for n in [*d.get("synonyms", []), *d.get("aliases", [])] if n != label))
        out.append([label, d.get("mentions", 0), d.get("documents", 0), rank, names[:_UNDRAWN_NAMES]])
    return out


def render_html(graph: nx.Graph, *, title: str = "kgraph", max_nodes: int | None = None,
                stamp: str | None = None, colors: dict[str, str] | None = None) -> str:
    """The view of ``graph`` as one HTML document (see the module docstring).

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

    Returns:
        The HTML text.

    Raises:
        KGraphError: The rendered page would still load something from the
            network (a pyvis template change); nothing is written then.
    """
    from pyvis.network import Network

    limit = DEFAULTS.html_max_nodes if max_nodes is None else max_nodes
    shown = select_subgraph(graph, limit)
    colors = {**category_colors([d.get("category", "other") for _, d in graph.nodes(data=True)]), **(colors or {})}
    physics = shown.number_of_nodes() <= DEFAULTS.html_physics_limit
    positions = {} if physics else _layout(shown)

    net = Network(height="100%", width="100%", cdn_resources="in_line", heading="")
    net.nodes = []
    for node, d in sorted(shown.nodes(data=True)):
        item = {"id": node, "label": d.get("label", node), "value": d.get("mentions", 1),
                "color": colors[d.get("category", "other")], "shape": "dot",
                "borderWidth": 3 if d.get("source") == "discovered" else 1,
                "shapeProperties": {"borderDashes": [4, 3] if d.get("source") == "discovered" else False}}
        if node in positions:
            item["x"], item["y"] = positions[node]
        net.nodes.append(item)
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    net.edges = [{"id": f"{a}\u0001{b}", "from": a, "to": b, "value": d.get("weight", 1),
                  "color": {"color": "#9aa5b1", "highlight": "#1f2933", "opacity": 0.6}}
                 for a, b, d in sorted(shown.edges(data=True))]
    net.options = {
        "nodes": {"scaling": {"min": 8, "max": 42, "label": {"enabled": True, "min": 12, "max": 26,
                                                              "maxVisible": 26, "drawThreshold": 6}},
                  "font": {"face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"scaling": {"min": 1, "max": 10}, "smooth": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics,
                        "navigationButtons": False, "keyboard": False},
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
    assets = resources.files("kgraph") / "assets"
    style = (assets / "view.css").read_text(encoding="utf-8")
    script = (assets / "view.js").read_text(encoding="utf-8")
    body = (assets / "view.html").read_text(encoding="utf-8")
    data = _json_for_html(_view_data(shown, graph, colors, title, physics))
    injected = (f"<style>{style}</style>\n{body}\n"
                f'<script type="application/json" id="kgraph-data">{data}</script>\n'
                f"<script>{script}</script>\n")
    html = html.replace("<html>", '<!DOCTYPE html>\n<html lang="en">', 1)
    meta = f'\n<meta name="kgraph-graph" content="{html_escape(stamp)}">' if stamp else ""
    html = html.replace("<head>", f"<head>\n<title>{html_escape(title)}</title>{meta}", 1)
    head_end = html.rfind("</body>")
    if head_end < 0:
        raise KGraphError("Unexpected pyvis output (no </body>); please report your pyvis version.")
    return html[:head_end] + injected + html[head_end:]


def write_html(graph: nx.Graph, path: str | Path, *, title: str = "kgraph",
               max_nodes: int | None = None, colors: dict[str, str] | None = None) -> Path:
    """Write :func:`render_html` output to ``path`` (atomically)."""
    return atomic_write_text(path, render_html(graph, title=title, max_nodes=max_nodes, colors=colors))
