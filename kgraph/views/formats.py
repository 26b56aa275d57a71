"""Exports of a concept graph to other tools' formats.

* VOSviewer map and network files (tab-separated) and VOSviewer JSON (also
  read by VOSviewer Online): items with the map's positions and clusters,
  weights (links, total link strength, documents, mentions) and, for dated
  corpora, the mean publication year as a score; the description names the
  category, the id and the standard identifiers.
* GraphML and GEXF (Gephi, Cytoscape desktop, yEd): lists of names are
  joined with ``"; "`` (a concept's ``ids`` become ``"MESH:D002945;
  DOID:1612"``), nested values (``provenance``, ``years``) written as JSON,
  and evidence is summarised by its count, since these formats hold only
  scalars. GEXF carries ``viz`` attributes (colour, size and the map's
  positions) so Gephi opens the same picture as the view.
* Cytoscape.js JSON: each node's displayed ``name`` is its label, its
  ``data`` holds its ``ids`` (a list), positions are the map's, and each
  link's evidence is given as plain fields (lists of sentences and document ids).
* NetworkX node-link JSON: the whole graph, as ``nx.node_link_graph`` reads it.
* CSV of evidence: one row per evidence sentence of every edge, with the
  paper's year and citation when the corpus has them, and both concepts'
  identifiers.
* pandas DataFrames of nodes and edges (pandas is optional).

Every export of a map (VOSviewer, GEXF, Cytoscape.js) uses
:func:`kgraph.views.layout.map_layout`, so the pictures agree with each other and
with the HTML view.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import KGraphError
from ..files import atomic_write_text
from ..graph.schema import is_generic
from .colors import graph_colors
from .layout import MapLayout, map_layout, mean_year, node_size

__all__ = ["documents_frame", "edges_frame", "flat_graph", "nodes_frame", "rows_frame", "spreadsheet_safe",
           "cytoscape_data", "to_csv", "to_cytoscape", "to_gexf", "to_graphml", "to_node_link", "to_vosviewer", "to_vosviewer_json",
           "vosviewer_items"]

_BULKY = frozenset({"strata"})  # counts per year and journal: in graph.json, not in flat formats


# Characters XML 1.0 does not allow (C0 controls but tab and line breaks, lone surrogates, U+FFFE/F):
# ElementTree writes them as they are, and Gephi or yEd then refuse the whole file.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    r"""``text`` with the characters XML cannot hold written as escapes (``\x1b``).

    Examples:
        >>> _xml_text("CSC\x01s\x1b[2J")
        'CSC\\x01s\\x1b[2J'
    """
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if m.group() < "\x20"
                        else f"\\u{ord(m.group()):04x}", text)


def _scalar(value: Any) -> Any:
    """A value GraphML and GEXF can hold: a list of names joined with ``"; "``, anything nested as JSON.

    Examples:
        >>> _scalar(["CSC", "CSCs"]), _scalar([["CSCs", "abbreviation", 2]]), _scalar({"b": 1})
        ('CSC; CSCs', '[["CSCs", "abbreviation", 2]]', '{"b": 1}')
    """
    if isinstance(value, (list, tuple)) and not any(isinstance(v, (list, tuple, dict)) for v in value):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _xml_scalar(value: Any) -> Any:
    value = _scalar(value)
    return _xml_text(value) if isinstance(value, str) else value


def flat_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` with only scalar attributes (for GraphML and GEXF), their text valid in XML."""
    flat = nx.Graph()
    flat.graph.update({k: _xml_scalar(v) for k, v in graph.graph.items()
                       if k not in ("abbreviations", "documents_index", "strata")})
    for node, data in sorted(graph.nodes(data=True)):
        flat.add_node(node, **{k: _xml_scalar(v) for k, v in data.items() if k not in _BULKY})
    for u, v, data in sorted(graph.edges(data=True)):
        attrs = {k: _xml_scalar(val) for k, val in data.items() if k != "evidence" and k not in _BULKY}
        attrs["evidence_count"] = len(data.get("evidence", []))
        flat.add_edge(u, v, **attrs)
    return flat


def to_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write GraphML."""
    buffer = io.BytesIO()
    nx.write_graphml(flat_graph(graph), buffer, encoding="utf-8")
    return atomic_write_text(path, buffer.getvalue().decode("utf-8"))


def _rgb(color: str) -> dict[str, int]:
    """``#rrggbb`` as GEXF's ``{"r", "g", "b"}``."""
    return {"r": int(color[1:3], 16), "g": int(color[3:5], 16), "b": int(color[5:7], 16)}


def to_gexf(graph: nx.Graph, path: str | Path, *, layout: MapLayout | None = None) -> Path:
    """Write GEXF (Gephi), with ``viz`` colour (category), size (log of mentions) and position (the map)."""
    layout = layout or map_layout(graph)
    flat = flat_graph(graph)
    colors = graph_colors(graph)
    for node, data in flat.nodes(data=True):
        x, y = layout.positions[node]
        data["community"] = layout.community[node]
        data["viz"] = {"color": _rgb(colors[graph.nodes[node].get("category", "other")]),
                       "size": node_size(graph.nodes[node].get("mentions", 1)),
                       "position": {"x": x, "y": -y, "z": 0.0}}  # GEXF's y axis points up
    buffer = io.BytesIO()
    nx.write_gexf(flat, buffer, encoding="utf-8")
    return atomic_write_text(path, buffer.getvalue().decode("utf-8"))


def cytoscape_data(graph: nx.Graph, *, layout: MapLayout | None = None) -> dict[str, Any]:
    """Cytoscape.js elements: ``{"elements": {"nodes": [...], "edges": [...]}}``.

    Each node's ``data`` has ``id`` (and ``value``, the same, as NetworkX's
    reader wants), ``name`` (the label, which Cytoscape shows), the scalar
    attributes and lists of names; its ``position`` is
    the map's. Each edge's ``data`` has ``id``, ``source``, ``target``,
    the counts and the evidence as plain fields: ``evidence_sentences``
    and ``evidence_documents`` (lists of strings, in the same order).

    Examples:
        >>> g = nx.Graph()
        >>> g.add_node("rt", label="radiotherapy", category="therapy", mentions=3)
        >>> g.add_node("ae", label="abscopal effect", category="mechanism", mentions=2)
        >>> g.add_edge("rt", "ae", weight=2, npmi=0.5, documents=1, evidence=[{"doc": "d1", "text": "RT and AE."}])
        >>> data = cytoscape_data(g)
        >>> data["elements"]["nodes"][0]["data"]["name"], data["elements"]["edges"][0]["data"]["evidence_sentences"]
        ('abscopal effect', ['RT and AE.'])
    """
    layout = layout or map_layout(graph)
    nodes = []
    for node, d in sorted(graph.nodes(data=True)):
        fields = {k: v for k, v in d.items() if k not in _BULKY and k not in ("provenance", "years")}
        fields.update(id=node, value=node, name=d.get("label", node), community=layout.community[node])
        if d.get("years"):
            fields["mean_year"] = mean_year(d["years"])
        x, y = layout.positions[node]
        nodes.append({"data": fields, "position": {"x": x, "y": y}})
    edges = []
    for u, v, d in sorted(graph.edges(data=True)):
        fields = {k: val for k, val in d.items() if k not in _BULKY and k not in ("evidence", "years")}
        evidence = d.get("evidence", [])
        fields.update(id=f"{u}--{v}", source=u, target=v, name=f"{graph.nodes[u].get('label', u)} -- "
                      f"{graph.nodes[v].get('label', v)}",
                      evidence_sentences=[e.get("text", "") for e in evidence],
                      evidence_documents=[str(e.get("doc", "")) for e in evidence])
        edges.append({"data": fields})
    return {"data": {k: _scalar(v) for k, v in graph.graph.items() if k not in ("abbreviations",
                                                                                "documents_index", "strata")},
            "elements": {"nodes": nodes, "edges": edges}}


def to_cytoscape(graph: nx.Graph, path: str | Path, *, layout: MapLayout | None = None) -> Path:
    """Write Cytoscape.js JSON (see :func:`cytoscape_data`); Cytoscape desktop imports it too."""
    data = cytoscape_data(graph, layout=layout)
    return atomic_write_text(path, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n")


def to_node_link(graph: nx.Graph, path: str | Path) -> Path:
    """Write NetworkX node-link JSON (``nx.node_link_graph(json.load(f), edges="edges")`` reads it back).

    Unlike ``graph.json`` (:func:`kgraph.save`), it has no kgraph envelope:
    any tool that reads node-link JSON (NetworkX, D3, ...) takes it as is.
    """
    data = nx.node_link_data(graph, edges="edges")
    return atomic_write_text(path, json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")


VOSVIEWER_WEIGHTS = ("Links", "Total link strength", "Documents", "Mentions")


def vosviewer_items(graph: nx.Graph, *, layout: MapLayout | None = None) -> tuple[
        list[dict[str, Any]], list[tuple[int, int, int]]]:
    """The items and links of a VOSviewer map of ``graph``.

    Items get ids 1, 2, ... (most mentioned first; VOSviewer wants positive
    integers), the map's ``x``/``y`` (VOSviewer's y axis points up) and
    cluster (community + 1; concepts outside a community share the next
    number, and communities beyond the 1,000 VOSviewer allows share the last).
    Weights: links (degree), total link strength (co-occurring sentences),
    documents (VOSviewer's "occurrences") and mentions. For dated corpora, the
    score is the mean publication year (VOSviewer's overlay).
    """
    layout = layout or map_layout(graph)
    order = sorted(graph, key=lambda n: (-graph.nodes[n].get("mentions", 0), n))
    ids = {node: i for i, node in enumerate(order, start=1)}
    unclustered = min(len(layout.clusters) + 1, 1000)
    items = []
    for node in order:
        d = graph.nodes[node]
        x, y = layout.positions[node]
        cluster = layout.community[node] + 1 if layout.community[node] >= 0 else unclustered
        item = {"id": ids[node], "label": d.get("label", node),
                "description": f"{d.get('category', 'other')} ({d.get('source', 'lexicon')}); id {node}"
                               + (f"; {', '.join(d['ids'])}" if d.get("ids") else ""),
                "x": round(x / 100, 4), "y": round(-y / 100, 4), "cluster": min(cluster, 1000),
                "weights": {"Links": graph.degree(node),
                            "Total link strength": graph.degree(node, weight="weight"),
                            "Documents": d.get("documents", 0), "Mentions": d.get("mentions", 0)},
                "scores": {}}
        year = mean_year(d.get("years"))
        if year is not None:
            item["scores"]["Avg. pub. year"] = year
        items.append(item)
    links = sorted((min(ids[u], ids[v]), max(ids[u], ids[v]), int(d.get("weight", 1)))
                   for u, v, d in graph.edges(data=True))
    return items, links


def to_vosviewer(graph: nx.Graph, map_path: str | Path, network_path: str | Path, *,
                 layout: MapLayout | None = None) -> tuple[Path, Path]:
    """Write a VOSviewer map file and network file (tab-separated; VOSviewer: Create > map based on network data).

    Map file columns: ``id, label, description, x, y, cluster``, then
    ``weight<Links>``, ``weight<Total link strength>``, ``weight<Documents>``,
    ``weight<Mentions>`` and, for dated corpora, ``score<Avg. pub. year>``.
    The network file has one link per line: ``id, id, strength`` (co-occurring
    sentences), no header. See :func:`vosviewer_items`.
    """
    items, links = vosviewer_items(graph, layout=layout)
    scored = any(item["scores"] for item in items)
    header = ["id", "label", "description", "x", "y", "cluster", *(f"weight<{w}>" for w in VOSVIEWER_WEIGHTS)]
    if scored:
        header.append("score<Avg. pub. year>")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for item in items:
        row = [item["id"], _one_line(item["label"]), _one_line(item["description"]), item["x"], item["y"],
               item["cluster"], *(item["weights"][w] for w in VOSVIEWER_WEIGHTS)]
        if scored:
            row.append(item["scores"].get("Avg. pub. year", ""))
        writer.writerow(row)
    network = "".join(f"{a}\t{b}\t{w}\n" for a, b, w in links)
    return atomic_write_text(map_path, buffer.getvalue()), atomic_write_text(network_path, network)


def _one_line(text: str) -> str:
    """A cell without tabs or line breaks (they would break the tab-separated rows)."""
    return " ".join(str(text).split())


def to_vosviewer_json(graph: nx.Graph, path: str | Path, *, title: str = "kgraph",
                      layout: MapLayout | None = None) -> Path:
    """Write a VOSviewer JSON file (VOSviewer 1.6.16+ and VOSviewer Online open it).

    ``network.items`` and ``network.links`` as in :func:`vosviewer_items`;
    ``network.clusters`` names each cluster by its top concepts.
    """
    layout = layout or map_layout(graph)
    items, links = vosviewer_items(graph, layout=layout)
    clusters = [{"cluster": c.id + 1, "label": ", ".join(c.top)} for c in layout.clusters if c.id < 999]
    document = {"network": {"items": items,
                            "links": [{"source_id": a, "target_id": b, "strength": w} for a, b, w in links],
                            "clusters": clusters},
                "config": {"terminology": {"item": "concept", "items": "concepts", "link": "link", "links": "links",
                                           "link_strength": "sentences", "total_link_strength": "total sentences"}},
                "info": {"title": title, "description": "A concept co-occurrence map made by kgraph."}}
    return atomic_write_text(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")


EVIDENCE_COLUMNS = ("source", "target", "source_label", "target_label", "weight", "npmi", "doc", "year", "cite",
                    "start", "end", "sentence", "source_ids", "target_ids")


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that spreadsheets show as text, never run as a formula.

    Text from documents may start like a formula (``=HYPERLINK(...)``,
    ``+cmd|...``, ``@SUM``); such cells get a leading apostrophe, as
    spreadsheet users expect (OWASP's advice on CSV injection). Numbers stay numbers.

    Examples:
        >>> [spreadsheet_safe(v) for v in ["=1+1", "@SUM(A1)", "CSCs", -0.5]]
        ["'=1+1", "'@SUM(A1)", 'CSCs', -0.5]
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(graph: nx.Graph, path: str | Path) -> Path:
    """Write every evidence sentence of every edge as CSV (columns: :data:`EVIDENCE_COLUMNS`).

    ``year`` and ``cite`` (first author, journal, year) are those of the
    sentence's paper, empty for documents without them. ``source_ids`` and
    ``target_ids`` are the concepts' standard identifiers, separated by
    spaces (empty for an ungrounded concept). Text cells that
    would start a spreadsheet formula are neutralised (see
    :func:`spreadsheet_safe`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EVIDENCE_COLUMNS)
    for u, v, data in sorted(graph.edges(data=True)):
        for item in data.get("evidence", []):
            writer.writerow([spreadsheet_safe(cell) for cell in (
                u, v, graph.nodes[u].get("label", u), graph.nodes[v].get("label", v), data.get("weight"),
                data.get("npmi"), item["doc"], item.get("year", ""), item.get("cite", ""), item["start"],
                item["end"], item["text"],
                " ".join(graph.nodes[u].get("ids") or []), " ".join(graph.nodes[v].get("ids") or []))])
    return atomic_write_text(path, buffer.getvalue())


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as err:
        raise KGraphError("DataFrames need pandas: pip install 'kgraph[pandas]' (or pandas).") from err
    return pandas


def nodes_frame(graph: nx.Graph) -> Any:
    """Nodes as a pandas DataFrame indexed by concept id: domain concepts most mentioned first, then
    the generic ones.

    Columns: label, category, generic, source, mentions, sentences, documents,
    degree, aliases, synonyms and ids (standard identifiers as CURIEs; ``[]``
    if ungrounded).
    """
    pandas = _pandas()
    rows = [{"id": n, **{k: v for k, v in d.items()}, "generic": is_generic(d), "degree": graph.degree(n),
             "ids": list(d.get("ids") or [])} for n, d in graph.nodes(data=True)]
    columns = ["id", "label", "category", "generic", "source", "mentions", "sentences", "documents", "degree",
               "aliases", "synonyms", "ids"]
    frame = pandas.DataFrame(rows, columns=columns)
    return frame.sort_values(["generic", "mentions", "id"], ascending=[True, False, True]).set_index("id")


def mentions_frame(rows: list[tuple[Any, ...]]) -> Any:
    """Mentions ``(doc, start, end, text, concept, label, category, source, sentence)`` as a DataFrame."""
    pandas = _pandas()
    return pandas.DataFrame(rows, columns=["doc", "start", "end", "text", "concept", "label", "category",
                                           "source", "sentence"])


def documents_frame(documents: list[dict[str, Any]]) -> Any:
    """Documents (``documents_index``) as a DataFrame indexed by document id.

    Columns: title, year, journal, authors, keywords, doi, file, format, sentences.
    """
    pandas = _pandas()
    columns = ["id", "title", "year", "journal", "authors", "keywords", "doi", "file", "format", "sentences"]
    frame = pandas.DataFrame([{c: d.get(c) for c in columns} for d in documents], columns=columns)
    frame["year"] = frame["year"].astype("Int64")
    return frame.set_index("id")


def rows_frame(rows: list[Any], columns: list[str]) -> Any:
    """Dataclass rows (trends, differences) as a DataFrame with the given columns, in order."""
    pandas = _pandas()
    return pandas.DataFrame([{c: getattr(row, c) for c in columns} for row in rows], columns=columns)


def edges_frame(graph: nx.Graph) -> Any:
    """Edges as a pandas DataFrame: links between domain concepts strongest first, then those with a
    generic concept (column ``generic``).

    Columns: source_label, target_label, weight, documents, npmi, expected,
    evidence (count), generic, source, target (the ids).
    """
    pandas = _pandas()
    rows = [{"source_label": graph.nodes[u].get("label", u), "target_label": graph.nodes[v].get("label", v),
             "weight": d.get("weight"), "documents": d.get("documents"), "npmi": d.get("npmi"),
             "expected": d.get("expected"), "evidence": len(d.get("evidence", [])),
             "generic": is_generic(graph.nodes[u]) or is_generic(graph.nodes[v]), "source": u, "target": v}
            for u, v, d in graph.edges(data=True)]
    frame = pandas.DataFrame(rows, columns=["source_label", "target_label", "weight", "documents", "npmi",
                                            "expected", "evidence", "generic", "source", "target"])
    frame = frame.sort_values(["generic", "weight", "source", "target"], ascending=[True, False, True, True])
    return frame.reset_index(drop=True)
