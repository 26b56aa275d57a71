"""Saving and loading graphs as JSON (node-link format, lossless)."""

from __future__ import annotations

import itertools
import json
import logging
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from .errors import GraphFileError, read_text
from .files import atomic_write_text, finish_switch
from .graph import SCHEMA_VERSION

__all__ = ["graph_from_json", "graph_to_json", "load_graph", "save_graph", "write_graph"]

FORMAT = "kgraph"

logger = logging.getLogger(__name__)


def graph_to_json(graph: nx.Graph) -> dict[str, Any]:
    """The JSON-ready document for ``graph``."""
    data = nx.node_link_data(graph, edges="edges")
    return {"format": FORMAT, "schema": SCHEMA_VERSION, "graph": data}


def graph_from_json(document: Any, *, origin: str = "<json>") -> nx.Graph:
    """Rebuild a graph from :func:`graph_to_json` output.

    Raises:
        GraphFileError: Not a kgraph document, or another schema version.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise GraphFileError(f"{origin} is not a kgraph graph file (no \"format\": \"kgraph\"). "
                             "Build one with 'kgraph build' or KnowledgeGraph.save().")
    schema = document.get("schema")
    if schema != SCHEMA_VERSION:
        raise GraphFileError(f"{origin} has graph schema {schema!r}; this kgraph reads schema "
                             f"{SCHEMA_VERSION}. Rebuild the graph from its corpus with this version.")
    try:
        return nx.node_link_graph(document["graph"], edges="edges")
    except (KeyError, TypeError, nx.NetworkXError) as err:
        raise GraphFileError(f"{origin}: the graph data is malformed ({err!r}); rebuild it.") from err


def write_graph(graph: nx.Graph, handle: TextIO) -> None:
    """Write ``graph`` as compact JSON to an open text file, in pieces (never the whole text at once)."""
    encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    chunks = encoder.iterencode(graph_to_json(graph))
    while piece := "".join(itertools.islice(chunks, 65536)):  # a few hundred KB per write
        handle.write(piece)
    handle.write("\n")


def save_graph(graph: nx.Graph, path: str | Path) -> Path:
    """Write ``graph`` to ``path`` as JSON (atomically, and streamed: large graphs need no text copy)."""
    return atomic_write_text(path, lambda handle: write_graph(graph, handle))


def load_graph(path: str | Path) -> nx.Graph:
    """Read a graph written by :func:`save_graph`.

    Raises:
        GraphFileError: Missing or unreadable file, invalid JSON, not a
            kgraph file, or another schema version.
    """
    path = Path(path)
    try:  # a build killed while switching its outputs: complete the switch first
        finish_switch(path.parent)
    except OSError as error:
        logger.warning("%s: a build's outputs are half switched and the folder is not writable "
                       "(%s); the files may be from two builds.", path.parent, error)
    text = read_text(path, GraphFileError, "graph file")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise GraphFileError(f"{path}, line {err.lineno}: not valid JSON ({err.msg}). The file may "
                             "be truncated; rebuild it.") from err
    return graph_from_json(document, origin=str(path))
