"""The interactive HTML view: one self-contained file that works offline.

The page is kgraph's own Jinja template (``assets/page.html``). It inlines
vis-network, read from the files pyvis ships (pyvis is the dependency that
brings it), the view's style and its script (``assets/*.js``, in the order of
:data:`SCRIPTS`), and the graph's data (:func:`~kgraph.views.page_data.view_data`).
Every string that comes from documents (aliases, evidence sentences, document
ids) travels in that one JSON block, escaped for HTML, and the page renders it
with ``textContent`` only, so a document containing ``<script>`` shows as text
and runs nothing.
"""

from __future__ import annotations

import heapq
import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import networkx as nx

from ..errors import KGraphError
from ..files import atomic_write_text
from ..settings import DEFAULTS
from .colors import CATEGORY_COLORS, graph_colors
from .layout import GENERIC, MapLayout, map_layout
from .page_data import by_mentions, view_data

if TYPE_CHECKING:
    from ..graph.serialize import DeferredEvidence

__all__ = ["SCRIPTS", "page_pieces", "render_html", "select_subgraph", "write_html", "write_pieces"]

SCRIPTS = ("dom.js", "words.js", "model.js", "filters.js", "search.js", "mapview.js", "labels.js", "panel.js",
           "controls.js", "main.js")
"""The parts of the view's script (``assets/``), in the order the page runs them, each a small part with its
own state; the page has them in one ``<script>``, in one function scope."""


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
    nodes = set(by_mentions(graph)[:max_nodes]) if graph.number_of_nodes() > max_nodes else set(graph)

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


def _big(value: Any) -> bool:
    return isinstance(value, (list, dict)) and len(value) > _PIECE


def _json_for_html(value: Any) -> Iterator[str]:
    """``json.dumps(value, sort_keys=True)``, safe inside a ``<script>`` element, in pieces.

    ASCII only (``ensure_ascii``), with ``&``, ``<`` and ``>`` escaped, so no
    text from a document can close the element or start markup. Large lists
    and dicts, at any depth, are encoded a slice at a time, so the whole text
    never exists at once, with the standard library's fast encoder for each slice.

    Examples:
        >>> data = {"b": list(range(5000)), "a": {"<x>": "&", "c": {"d": list(range(3000))}}}
        >>> import json; "".join(_json_for_html(data)) == _safe(json.dumps(data, sort_keys=True, separators=(",", ":")))
        True
    """
    def dumps(part: Any) -> str:
        return _safe(json.dumps(part, ensure_ascii=True, sort_keys=True, separators=(",", ":")))

    if isinstance(value, list) and len(value) > _PIECE:
        yield "["
        for start in range(0, len(value), _PIECE):
            yield ("," if start else "") + dumps(value[start:start + _PIECE])[1:-1]
        yield "]"
    elif isinstance(value, dict) and len(value) > _PIECE:
        keys = sorted(value)
        yield "{"
        for start in range(0, len(keys), _PIECE):
            yield ("," if start else "") + dumps({k: value[k] for k in keys[start:start + _PIECE]})[1:-1]
        yield "}"
    elif isinstance(value, dict) and any(_big(v) or isinstance(v, dict) for v in value.values()):
        yield "{"
        for number, key in enumerate(sorted(value)):
            yield ("," if number else "") + dumps(key) + ":"
            yield from _json_for_html(value[key])
        yield "}"
    else:
        yield dumps(value)


_ASSETS = "kgraph.views"


@lru_cache(maxsize=1)
def _vis_network() -> str:
    """The text of ``vis-network.min.js`` as pyvis ships it (its newest ``templates/lib/vis-*`` folder).

    Read from pyvis's files without importing pyvis (which imports IPython).
    """
    spec = find_spec("pyvis")
    folders = [Path(p) / "templates" / "lib" for p in (spec.submodule_search_locations or [])] if spec else []
    found = [folder / "vis-network.min.js" for lib in folders if lib.is_dir()
             for folder in lib.iterdir() if folder.name.startswith("vis-") and (folder / "vis-network.min.js").is_file()]
    if not found:
        raise KGraphError("The HTML view needs vis-network, which comes with pyvis, but pyvis's files hold no "
                          "templates/lib/vis-*/vis-network.min.js; reinstall it: pip install --force-reinstall "
                          "'pyvis>=0.3.2'.")
    newest = max(found, key=lambda path: [int(n) if n.isdigit() else -1
                                          for n in re.split(r"[.-]", path.parent.name.removeprefix("vis-"))])
    return _inline(newest.read_text(encoding="utf-8"), "script", newest.as_posix())


def _inline(text: str, element: str, origin: str) -> str:
    """``text``, checked to stay inside an inline ``<script>`` or ``<style>`` element."""
    if f"</{element}" in text.lower():
        raise KGraphError(f"{origin} contains '</{element}' and cannot be inlined in the HTML view; please report "
                          "this with your pyvis and kgraph versions.")
    return text


@lru_cache(maxsize=1)
def _assets() -> tuple[Any, str, str]:
    """The page's template, style and script (the parts of :data:`SCRIPTS` in one function scope)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(loader=PackageLoader(_ASSETS, "assets"), autoescape=True, undefined=StrictUndefined,
                              keep_trailing_newline=True)
    assets = resources.files(_ASSETS) / "assets"
    style = _inline((assets / "view.css").read_text(encoding="utf-8"), "style", "view.css")
    parts = [f"/* ---- {name} ---- */\n" + _inline((assets / name).read_text(encoding="utf-8"), "script", name)
             for name in SCRIPTS]
    script = '(function () {\n"use strict";\n' + "\n".join(parts) + "})();\n"
    return environment.get_template("page.html"), style, script


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
        KGraphError: pyvis's files hold no vis-network to inline; nothing
            is written then.
    """
    from markupsafe import Markup

    template, style, script = _assets()
    vis_network = _vis_network()
    limit = DEFAULTS.html_max_nodes if max_nodes is None else max_nodes
    shown = select_subgraph(graph, limit)
    if evidence is not None:
        for a, b, d in shown.edges(data=True):
            if "evidence" not in d and (a, b) in evidence:
                d["evidence"] = evidence.get(a, b)
    colors = {**graph_colors(graph), GENERIC: CATEGORY_COLORS[GENERIC], **(colors or {})}
    layout = layout or map_layout(graph)  # of the whole graph: the clusters and places of every export
    data = view_data(shown, graph, colors=colors, title=title, layout=layout)
    return template.generate(title=title, stamp=stamp, style=Markup(style), script=Markup(script),
                             vis_network=Markup(vis_network), data=map(Markup, _json_for_html(data)))


def render_html(graph: nx.Graph, *, title: str = "kgraph", max_nodes: int | None = None,
                stamp: str | None = None, colors: dict[str, str] | None = None,
                layout: MapLayout | None = None) -> str:
    """The view of ``graph`` as one HTML document (see :func:`page_pieces` for the arguments).

    Raises:
        KGraphError: pyvis's files hold no vis-network to inline.
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
