"""Exports of a concept graph to other tools' formats.

* GraphML and GEXF (Gephi, Cytoscape desktop, yEd): list attributes are
  joined with ``"; "`` and evidence is summarised by its count, since these
  formats hold only scalars. The evidence itself goes to the CSV export.
* Cytoscape.js JSON (``nx.cytoscape_data``): every attribute as is.
* CSV of evidence: one row per evidence sentence of every edge.
* pandas DataFrames of nodes and edges (pandas is optional).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import KGraphError
from .files import atomic_write_text

__all__ = ["documents_frame", "edges_frame", "flat_graph", "nodes_frame", "rows_frame", "spreadsheet_safe",
           "to_csv", "to_cytoscape", "to_gexf", "to_graphml"]

_BULKY = frozenset({"strata"})  # counts per year and journal: in graph.json, not in flat formats


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def flat_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` with only scalar attributes (for GraphML and GEXF)."""
    flat = nx.Graph()
    flat.graph.update({k: _scalar(v) for k, v in graph.graph.items()
                       if k not in ("abbreviations", "documents_index", "strata")})
    for node, data in sorted(graph.nodes(data=True)):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items() if k not in _BULKY})
    for u, v, data in sorted(graph.edges(data=True)):
        attrs = {k: _scalar(val) for k, val in data.items() if k != "evidence" and k not in _BULKY}
        attrs["evidence_count"] = len(data.get("evidence", []))
        flat.add_edge(u, v, **attrs)
    return flat


def to_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write GraphML."""
    buffer = io.BytesIO()
    nx.write_graphml(flat_graph(graph), buffer, encoding="utf-8")
    return atomic_write_text(path, buffer.getvalue().decode("utf-8"))


def to_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """Write GEXF (Gephi)."""
    buffer = io.BytesIO()
    nx.write_gexf(flat_graph(graph), buffer, encoding="utf-8")
    return atomic_write_text(path, buffer.getvalue().decode("utf-8"))


def to_cytoscape(graph: nx.Graph, path: str | Path) -> Path:
    """Write Cytoscape.js JSON (``{"elements": {"nodes": [...], "edges": [...]}}``)."""
    data = nx.cytoscape_data(graph)
    return atomic_write_text(path, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n")


EVIDENCE_COLUMNS = ("source", "target", "source_label", "target_label", "weight", "npmi", "doc",
                    "start", "end", "sentence")


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

    Text cells that would start a spreadsheet formula are neutralised (see
    :func:`spreadsheet_safe`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EVIDENCE_COLUMNS)
    for u, v, data in sorted(graph.edges(data=True)):
        for item in data.get("evidence", []):
            writer.writerow([spreadsheet_safe(cell) for cell in (
                u, v, graph.nodes[u].get("label", u), graph.nodes[v].get("label", v), data.get("weight"),
                data.get("npmi"), item["doc"], item["start"], item["end"], item["text"])])
    return atomic_write_text(path, buffer.getvalue())


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as err:
        raise KGraphError("DataFrames need pandas: pip install 'kgraph[pandas]' (or pandas).") from err
    return pandas


def nodes_frame(graph: nx.Graph) -> Any:
    """Nodes as a pandas DataFrame indexed by concept id, most mentioned first."""
    pandas = _pandas()
    rows = [{"id": n, **{k: v for k, v in d.items()}, "degree": graph.degree(n)}
            for n, d in graph.nodes(data=True)]
    columns = ["id", "label", "category", "source", "mentions", "sentences", "documents", "degree",
               "aliases", "synonyms"]
    frame = pandas.DataFrame(rows, columns=columns)
    return frame.sort_values(["mentions", "id"], ascending=[False, True]).set_index("id")


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
    """Edges as a pandas DataFrame, strongest first.

    Columns: source, target, weight, documents, npmi, expected, evidence (count).
    """
    pandas = _pandas()
    rows = [{"source": u, "target": v, "weight": d.get("weight"), "documents": d.get("documents"),
             "npmi": d.get("npmi"), "expected": d.get("expected"), "evidence": len(d.get("evidence", []))}
            for u, v, d in graph.edges(data=True)]
    frame = pandas.DataFrame(rows, columns=["source", "target", "weight", "documents", "npmi", "expected",
                                            "evidence"])
    frame = frame.sort_values(["weight", "source", "target"], ascending=[False, True, True])
    return frame.reset_index(drop=True)
