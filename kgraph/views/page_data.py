"""What the HTML view draws and looks up, computed once in Python (:func:`view_data`).

Each rule of the view has its home on the Python side: the size of a
concept (:func:`~kgraph.views.layout.node_size`), its colours
(:mod:`kgraph.views.colors`), its place and community (the map,
:mod:`kgraph.views.layout`), which concept a name finds and in which order
names are suggested (:class:`~kgraph.graph.query.ConceptIndex`, with every
name cut into :func:`~kgraph.errors.name_words`), how the spellings of a
concept are grouped, which links are strongest. The page's script
(``assets/*.js``) receives the results and only draws and looks them up.

The data is one JSON object. Its tables are columns with named fields
(``concepts["label"][i]``), the compact form of thousands of rows:

``concepts``
    Every concept of the whole graph, most mentioned first (generic ones
    last; the position plus one is the ``--max-nodes`` that draws it):
    ``id``, ``label``, ``category`` (the view's, see
    :func:`~kgraph.views.layout.view_category`), ``source``, ``mentions``,
    ``documents``, ``size`` (radius), ``x``, ``y`` and ``community`` (its
    place on the map), ``names`` (other names of a concept not drawn, for
    the panel when a search draws it).
``links``
    Every link of the whole graph: ``a`` and ``b`` (positions in
    ``concepts``, ``a < b``), ``weight``, ``documents``, ``npmi`` (3 decimals).
``names``
    What a search finds: ``words`` (a name cut into words, joined by spaces)
    and ``concept`` (the position of the concept it finds), in the order of
    :meth:`~kgraph.graph.query.ConceptIndex.names`.
``nodes``
    The drawn concepts' details, by id: ``written`` (the spellings seen,
    grouped up to case and plural: ``form``, ``also``, ``how``), ``also``
    (synonyms never written), ``sentences``, and if dated ``years``,
    ``mean_year``, ``year_color``; in a comparison ``log2_ratio`` and ``q``.
``edges``
    The drawn links: ``from``, ``to``, ``weight``, ``documents``, ``npmi``,
    ``rank`` (0 for the strongest), ``evidence``, and if dated ``years``.
``palette``
    ``category`` and ``community`` (by id; ``-1`` for none) colours,
    ``ring`` and ``outlined`` (the sources drawn with a ring), ``year_scale``.
``options``
    The vis-network options.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

from ..errors import name_words
from ..graph.query import ConceptIndex, unmentioned_names
from ..graph.schema import is_generic
from ..settings import DEFAULTS
from .colors import (
    OTHER_COMMUNITY_COLOR,
    OUTLINED_SOURCES,
    RING_COLOR,
    YEAR_SCALE,
    year_color,
)
from .layout import GENERIC, MapLayout, mean_year, node_size, view_category

__all__ = ["by_mentions", "view_data", "vis_options", "written_forms"]

_NAMES = 8  # other names kept for a concept not drawn (the panel lists them if a search draws it)
_LISTED = 20  # spellings and synonyms the panel lists


def by_mentions(graph: nx.Graph) -> list[str]:
    """The nodes in the order a view keeps them: most mentioned first (ties by id), generic
    concepts (statistics, lab methods, background terms) after all others.

    Examples:
        >>> g = nx.Graph()
        >>> g.add_nodes_from([("a", {"mentions": 2}), ("b", {"mentions": 5}), ("p", {"mentions": 9, "generic": True})])
        >>> by_mentions(g)
        ['b', 'a', 'p']
    """
    return sorted(graph, key=lambda node: (is_generic(graph.nodes[node]),
                                           -graph.nodes[node].get("mentions", 0), node))


def _search_key(name: str) -> str:
    """The words of ``name`` joined by spaces (the view's search compares them, and the words joined)."""
    return " ".join(name_words(name))


def _link_ranks(graph: nx.Graph) -> dict[tuple[str, str], int]:
    """The drawn links, strongest first (sentences, then NPMI; ties in the page's order): their ranks.

    Zoomed out, the view draws only the first
    :attr:`~kgraph.settings.Settings.html_overview_links`.
    """
    edges = sorted(graph.edges(data=True))
    order = sorted(range(len(edges)), key=lambda i: (-edges[i][2].get("weight", 1),
                                                     -float(edges[i][2].get("npmi") or 0.0), i))
    return {(edges[i][0], edges[i][1]): rank for rank, i in enumerate(order)}


def _concepts(full: nx.Graph, shown: nx.Graph, layout: MapLayout, order: list[str]) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {key: [] for key in ("id", "label", "category", "source", "mentions",
                                                         "documents", "size", "x", "y", "community", "names")}
    for node in order:
        d = full.nodes[node]
        label = d.get("label", node)
        names = [] if node in shown else _distinct([*d.get("synonyms", []), *d.get("aliases", [])], label)[:_NAMES]
        x, y = layout.positions[node]
        for key, value in (("id", node), ("label", label), ("category", view_category(d)),
                           ("source", d.get("source", "lexicon")), ("mentions", d.get("mentions", 0)),
                           ("documents", d.get("documents", 0)), ("size", node_size(d.get("mentions", 1))),
                           ("x", x), ("y", y), ("community", layout.community[node]), ("names", names)):
            columns[key].append(value)
    return columns


def _distinct(names: list[str], *known: str) -> list[str]:
    """``names`` without those ``known``, one spelling per name up to case and plural (the first).

    Examples:
        >>> _distinct(["CSCs", "CSC", "cancer stem cells", "tumour stem cell"], "cancer stem cell")
        ['CSCs', 'tumour stem cell']
    """
    seen = {"".join(name_words(name)) or name for name in known}
    out = []
    for name in names:
        key = "".join(name_words(name)) or name
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


def _links(full: nx.Graph, index: dict[str, int]) -> dict[str, list[Any]]:
    rows = sorted((*sorted((index[u], index[v])), d.get("weight", 1), d.get("documents", 1),
                   round(float(d.get("npmi") or 0.0), 3)) for u, v, d in full.edges(data=True))
    return {key: [row[k] for row in rows] for k, key in enumerate(("a", "b", "weight", "documents", "npmi"))}


def _names(full: nx.Graph, index: dict[str, int]) -> dict[str, list[Any]]:
    """Every name of every concept that finds it, best first (see :meth:`ConceptIndex.names`)."""
    words: list[str] = []
    concept: list[int] = []
    seen: set[tuple[str, int]] = set()
    for name, node in ConceptIndex(full).names():
        key = _search_key(name)
        if key and (key, index[node]) not in seen:
            seen.add((key, index[node]))
            words.append(key)
            concept.append(index[node])
    return {"words": words, "concept": concept}


def _unmentioned(full: nx.Graph) -> dict[str, list[Any]]:
    """The lexicon's concepts no document mentions: ``label``, ``category``, ``keys`` (its names' joined words)."""
    columns: dict[str, list[Any]] = {"label": [], "category": [], "keys": []}
    for label, category, names in unmentioned_names(full):
        keys = list(dict.fromkeys(k for k in ("".join(name_words(n)) for n in [label, *names]) if k))
        if keys:
            columns["label"].append(label)
            columns["category"].append(category)
            columns["keys"].append(keys)
    return columns


def written_forms(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The spellings of a concept, one entry per name up to case and plural, the most written first.

    Each entry has the most frequent spelling (``form``), the others
    (``also``) and how the mentions were read (``how``: mentions per source, most first).

    Examples:
        >>> written_forms({"provenance": [["CSC", "abbreviation", 9], ["CSCs", "abbreviation_elsewhere", 40],
        ...                               ["stemness", "lexicon", 3]]})  # doctest: +NORMALIZE_WHITESPACE
        [{'form': 'CSCs', 'also': ['CSC'], 'how': [{'source': 'abbreviation_elsewhere', 'mentions': 40},
                                                   {'source': 'abbreviation', 'mentions': 9}]},
         {'form': 'stemness', 'also': [], 'how': [{'source': 'lexicon', 'mentions': 3}]}]
    """
    rows = data.get("provenance") or [[alias, "", 0] for alias in data.get("aliases", [])]
    groups: dict[str, tuple[Counter[str], Counter[str]]] = {}
    for form, how, n in rows:
        forms, ways = groups.setdefault("".join(name_words(form)) or form, (Counter(), Counter()))
        forms[form] += n or 0
        if how:
            ways[how] += n or 0
    ranked = sorted(groups.values(), key=lambda group: -sum(group[0].values()))  # stable: first seen first
    out = []
    for forms, ways in ranked:
        spellings = [form for form, _ in sorted(forms.items(), key=lambda item: -item[1])]
        out.append({"form": spellings[0], "also": spellings[1:],
                    "how": [{"source": how, "mentions": n} for how, n in sorted(ways.items(), key=lambda item: -item[1])]})
    return out


def _other_names(data: dict[str, Any], written: list[dict[str, Any]]) -> list[str]:
    """The synonyms of a concept that are neither its label nor a spelling seen (the panel's "Also known as")."""
    return _distinct(data.get("synonyms", []), data.get("label", ""), *(w["form"] for w in written))[:_LISTED]


def _node_details(d: dict[str, Any], span: tuple[int, int] | None) -> dict[str, Any]:
    written = written_forms(d)
    details: dict[str, Any] = {"written": written[:_LISTED], "also": _other_names(d, written),
                               "sentences": d.get("sentences")}
    if d.get("years"):
        details["years"] = d["years"]
        details["mean_year"] = mean_year(d["years"])
        if span is not None and details["mean_year"] is not None:  # the view colours by year
            details["year_color"] = year_color(details["mean_year"], *span)
    if "log2_ratio" in d:
        details["log2_ratio"], details["q"] = d["log2_ratio"], d.get("q")
    return details


def vis_options(physics: bool) -> dict[str, Any]:
    """The vis-network options of the view: its look, its interaction, and physics for a small graph only."""
    large = not physics
    return {
        "nodes": {"font": {"size": 0}, "borderWidthSelected": 3},  # no vis-network label: the page draws them
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


def _palette(colors: dict[str, str], layout: MapLayout) -> dict[str, Any]:
    return {"category": colors, "community": {"-1": OTHER_COMMUNITY_COLOR, **{str(c.id): c.color
                                                                             for c in layout.clusters}},
            "ring": RING_COLOR, "outlined": list(OUTLINED_SOURCES), "year_scale": list(YEAR_SCALE),
            "border": {"plain": 0.5, "outlined": 1.5}}


def _dated(strata: Iterable[list[Any]]) -> list[list[int]]:
    """``[year, documents]`` of the graph's strata, oldest first."""
    dated: Counter[int] = Counter()
    for year, _, documents, _ in strata:
        if year is not None:
            dated[year] += documents
    return [[year, n] for year, n in sorted(dated.items())]


def view_data(shown: nx.Graph, full: nx.Graph, *, colors: dict[str, str], title: str,
              layout: MapLayout) -> dict[str, Any]:
    """The data of the view of ``full`` that draws ``shown`` (see the module docstring for its fields).

    Args:
        shown: The part of ``full`` drawn at first (:func:`~kgraph.views.html.select_subgraph`).
        full: The whole graph (not modified).
        colors: The colour of every category of ``full`` (and of ``generic``).
        title: The page's title.
        layout: The map of ``full``.

    Returns:
        The data, for :func:`~kgraph.views.html.page_pieces` to embed.

    Examples:
        >>> from kgraph.views.layout import map_layout
        >>> g = nx.Graph([("a", "b", {"weight": 2, "npmi": 0.5, "documents": 2})])
        >>> g.add_nodes_from([("a", {"label": "alpha", "mentions": 5}), ("b", {"label": "beta", "mentions": 2})])
        >>> data = view_data(g, g, colors={"other": "#bab0ac"}, title="t", layout=map_layout(g))
        >>> data["concepts"]["label"], data["concepts"]["size"], data["links"]["weight"]
        (['alpha', 'beta'], [8.2, 5.8], [2])
        >>> data["names"]["words"], data["names"]["concept"]  # ids and labels, the more mentioned first
        (['a', 'alpha', 'b', 'beta'], [0, 0, 1, 1])
    """
    order = by_mentions(full)
    index = {node: i for i, node in enumerate(order)}
    physics = shown.number_of_nodes() <= DEFAULTS.html_physics_limit
    meta = dict(full.graph)
    years = _dated(meta.get("strata", []))
    span = (years[0][0], years[-1][0]) if len(years) >= 2 else None
    nodes = {node: _node_details(d, span) for node, d in shown.nodes(data=True)}
    drawn: Counter[int] = Counter(layout.community.get(node, -1) for node in shown)
    # The clusters of the whole graph's map (the exports' numbers), those with a concept drawn.
    clusters = [{"id": c.id, "size": c.size, "drawn": drawn[c.id], "top": c.top, "x": c.x, "y": c.y,
                 "radius": c.radius, "color": c.color} for c in layout.clusters if drawn[c.id]]
    ranks = _link_ranks(shown)
    edges = []
    for a, b, d in sorted(shown.edges(data=True)):
        edge = {"from": a, "to": b, "weight": d.get("weight", 1), "rank": ranks[a, b], "npmi": d.get("npmi"),
                "documents": d.get("documents"), "evidence": d.get("evidence", [])}
        if d.get("years"):
            edge["years"] = d["years"]
        edges.append(edge)
    return {"title": title, "physics": physics, "options": vis_options(physics),
            "concepts": _concepts(full, shown, layout, order), "links": _links(full, index),
            "names": _names(full, index), "nodes": nodes, "edges": edges,
            "palette": _palette(colors, layout), "communities": clusters,
            "demoted": sorted({*DEFAULTS.demoted_categories, GENERIC}), "min_support": DEFAULTS.min_support,
            "overview_links": DEFAULTS.html_overview_links,
            "ids": {node: list(d["ids"]) for node, d in sorted(full.nodes(data=True)) if d.get("ids")},
            "shown": {"nodes": shown.number_of_nodes(), "edges": shown.number_of_edges()},
            "total": {"nodes": full.number_of_nodes(), "edges": full.number_of_edges()},
            "meta": {k: meta.get(k) for k in ("documents", "sentences", "association", "window",
                                              "lexicon", "max_evidence", "kgraph_version", "subset",
                                              "compared")},
            "years": years, "unmentioned": _unmentioned(full)}
