"""Saving and loading graphs as JSON (node-link format, lossless).

The file is NetworkX's node-link JSON in a small envelope (``format``,
``schema``, ``encoding``). Since encoding 2, each link's evidence (four
fifths of a large file) is stored as a JSON string inside the document, so
a reader can load the graph without decoding every sentence: queries that
need no evidence load a large graph several times faster
(:func:`read_deferred`), and the evidence of one link is decoded when asked
for. Files of encoding 1 (evidence as lists) are still read.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from ..errors import GraphFileError, read_text
from ..files import atomic_write_text, pending_switch
from .cooccur import Evidence
from .schema import SCHEMA_VERSION
from .validate import check_evidence, check_graph_data

__all__ = ["DeferredEvidence", "encode_evidence", "graph_from_json", "graph_to_json", "load_graph", "read_deferred",
           "save_graph", "write_graph"]

FORMAT = "kgraph"
ENCODING = 2  # 1: evidence as lists; 2: each link's evidence as a JSON string

logger = logging.getLogger(__name__)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def encode_evidence(evidence: list[Evidence]) -> str:
    """A link's evidence as ``graph.json`` holds it (encoding 2: a JSON string)."""
    return _compact(evidence)


def graph_to_json(graph: nx.Graph) -> dict[str, Any]:
    """The JSON-ready document for ``graph`` (``graph`` is not modified)."""
    return _document(graph, _compact)


class _Later:
    """A link's evidence, encoded when the writer reaches it (so the strings never all exist at once)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def encoded(self) -> str:
        return _compact(self.value)


class _Deferred:
    """A link's evidence that is not in the graph: asked of a :class:`DeferredEvidence` when the writer reaches it."""

    __slots__ = ("evidence", "u", "v")

    def __init__(self, evidence: DeferredEvidence, u: str, v: str) -> None:
        self.evidence, self.u, self.v = evidence, u, v

    def encoded(self) -> str:
        return self.evidence.encoded(self.u, self.v) or "[]"


class _Items:
    """A list the writer encodes item by item, made as it is written (never all at once)."""

    __slots__ = ("items",)

    def __init__(self, items: Iterator[Any]) -> None:
        self.items = items


def _lazy_document(graph: nx.Graph, evidence: DeferredEvidence | None,
                   edges: Iterable[tuple[str, str, dict[str, Any]]] | None = None) -> dict[str, Any]:
    """What :func:`_document` gives with ``_Later`` evidence, with the nodes and links made one at a time."""
    def links() -> Iterator[dict[str, Any]]:
        for u, v, data in graph.edges(data=True) if edges is None else edges:
            edge = {**data, "source": u, "target": v}
            if "evidence" in data:
                edge["evidence"] = _Later(data["evidence"])
            elif evidence is not None and (u, v) in evidence:
                edge["evidence"] = _Deferred(evidence, u, v)
            yield edge

    data = {"directed": False, "multigraph": False, "graph": graph.graph,
            "nodes": _Items({**attributes, "id": node} for node, attributes in graph.nodes(data=True)),
            "edges": _Items(links())}
    return {"format": FORMAT, "schema": SCHEMA_VERSION, "encoding": ENCODING, "graph": data}


def _document(graph: nx.Graph, encode: Any) -> dict[str, Any]:
    data = nx.node_link_data(graph, edges="edges")
    for edge in data["edges"]:  # new dicts: replacing a key leaves the graph's attributes alone
        if "evidence" in edge:
            edge["evidence"] = encode(edge["evidence"])
    return {"format": FORMAT, "schema": SCHEMA_VERSION, "encoding": ENCODING, "graph": data}


class DeferredEvidence:
    """The evidence of a loaded graph's links, still encoded: each link's sentences are decoded when asked for.

    Examples:
        >>> g = nx.Graph([("a", "b", {"weight": 1, "evidence": [{"doc": "d", "text": "a b"}]})])
        >>> graph, deferred = graph_from_json(graph_to_json(g), defer=True)
        >>> "evidence" in graph.edges["a", "b"], deferred.get("b", "a")
        (False, [{'doc': 'd', 'text': 'a b'}])
    """

    def __init__(self, raw: dict[tuple[str, str], str], origin: str) -> None:
        self._raw = raw
        self._origin = origin

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, link: tuple[str, str]) -> bool:
        """Whether the link ``(u, v)`` has evidence here (either way round)."""
        u, v = link
        return (u, v) in self._raw or (v, u) in self._raw

    def encoded(self, u: str, v: str) -> str | None:
        """The evidence of the link ``u``--``v`` as ``graph.json`` holds it (None if there is none)."""
        raw = self._raw.get((u, v))
        return self._raw.get((v, u)) if raw is None else raw

    def _decode(self, raw: str, u: str, v: str) -> list[Evidence]:
        try:
            evidence = parse_json(raw)
        except ValueError as err:
            raise GraphFileError(f"{self._origin}: the evidence of the link {u} -- {v} is not valid JSON "
                                 f"({_reason(err)}); rebuild the graph.") from err
        check_evidence(evidence, self._origin, f"link {u} -- {v}")
        return evidence

    def get(self, u: str, v: str) -> list[Evidence]:
        """The evidence of the link ``u``--``v`` (empty if there is none)."""
        raw = self._raw.get((u, v))
        if raw is None:
            raw, u, v = self._raw.get((v, u)), v, u
        return [] if raw is None else self._decode(raw, u, v)

    def apply(self, graph: nx.Graph) -> None:
        """Decode all evidence into ``graph``'s links (the graph this was read with)."""
        for (u, v), raw in self._raw.items():
            graph.edges[u, v]["evidence"] = self._decode(raw, u, v)


def graph_from_json(document: Any, *, origin: str = "<json>", defer: bool = False) -> Any:
    """Rebuild a graph from :func:`graph_to_json` output.

    Args:
        document: The parsed JSON.
        origin: Where it came from, for error messages.
        defer: Leave the evidence encoded: return ``(graph, DeferredEvidence)``
            with no ``evidence`` on the graph's links.

    Returns:
        The graph, or ``(graph, DeferredEvidence)`` when ``defer``.

    Raises:
        GraphFileError: Not a kgraph document, another schema version, or
            an attribute of the wrong type (:mod:`kgraph.graph.validate`).
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise GraphFileError(f"{origin} is not a kgraph graph file (no \"format\": \"kgraph\"). "
                             "Build one with 'kgraph build' or KnowledgeGraph.save().")
    schema = document.get("schema")
    if schema != SCHEMA_VERSION:
        raise GraphFileError(f"{origin} has graph schema {schema!r}; this kgraph reads schema "
                             f"{SCHEMA_VERSION}. Rebuild the graph from its corpus with this version.")
    encoding = document.get("encoding", 1)
    if encoding not in (1, 2):
        raise GraphFileError(f"{origin} has encoding {encoding!r}; this kgraph reads encodings 1 and 2. "
                             "Rebuild the graph from its corpus with this version.")
    check_graph_data(document.get("graph"), origin, encoded_evidence=encoding == 2)
    raw: dict[tuple[str, str], str] = {}
    try:
        if encoding == 2:
            for edge in document["graph"]["edges"]:
                if isinstance(edge.get("evidence"), str):
                    raw[edge["source"], edge["target"]] = edge.pop("evidence")
        graph = nx.node_link_graph(document["graph"], edges="edges")
    except (KeyError, TypeError, AttributeError, nx.NetworkXError) as err:
        raise GraphFileError(f"{origin}: the graph data is malformed ({err!r}); rebuild it.") from err
    deferred = DeferredEvidence(raw, origin)
    if defer:
        return graph, deferred
    deferred.apply(graph)
    return graph


def write_graph(graph: nx.Graph, handle: TextIO, *, evidence: DeferredEvidence | None = None,
                edges: Iterable[tuple[str, str, dict[str, Any]]] | None = None) -> None:
    """Write ``graph`` as compact JSON to an open text file, in pieces (never the whole text at once).

    Each node, link and document entry is encoded by the standard library's C
    encoder on its own; the output is what one ``json.dumps`` of the whole
    document would give.

    Args:
        graph: The graph.
        handle: An open text file.
        evidence: The evidence of links that hold none in ``graph`` (a loaded
            or built graph's, still encoded or kept as references): written
            one link at a time, never all decoded.
        edges: The links ``(u, v, attributes)`` to write instead of
            ``graph``'s, in the order a graph holding them would give them
            (a graph too large to hold, written from its parts).
    """
    encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                               default=lambda later: later.encoded())
    pieces: list[str] = []

    def write(piece: str) -> None:
        pieces.append(piece)
        if len(pieces) >= 4096:  # a few hundred KB per write
            handle.write("".join(pieces))
            pieces.clear()

    document = _document(graph, _Later) if graph.is_directed() or graph.is_multigraph() else \
        _lazy_document(graph, evidence, edges)
    _write_json(document, write, encoder.encode, 0)
    handle.write("".join(pieces) + "\n")


_WHOLE = 256  # containers with fewer items, below the top levels, are encoded in one call


def _write_json(value: Any, write: Any, encode: Any, depth: int) -> None:
    """Write ``value`` as ``encode`` would, opening large containers to encode their items one by one."""
    if isinstance(value, _Items):
        write("[")
        for i, item in enumerate(value.items):
            write(("," if i else "") + encode(item))
        write("]")
    elif isinstance(value, dict) and (depth < 3 or len(value) > _WHOLE):
        write("{")
        for i, key in enumerate(sorted(value)):
            write(("," if i else "") + encode(key) + ":")
            _write_json(value[key], write, encode, depth + 1)
        write("}")
    elif isinstance(value, list) and (depth < 3 or len(value) > _WHOLE):
        write("[")
        for i, item in enumerate(value):
            if i:
                write(",")
            _write_json(item, write, encode, depth + 1)
        write("]")
    else:
        write(encode(value))


def save_graph(graph: nx.Graph, path: str | Path, *, evidence: DeferredEvidence | None = None) -> Path:
    """Write ``graph`` to ``path`` as JSON (atomically, and streamed: large graphs need no text copy).

    ``evidence``: as for :func:`write_graph`.
    """
    return atomic_write_text(path, lambda handle: write_graph(graph, handle, evidence=evidence))


def load_graph(path: str | Path) -> nx.Graph:
    """Read a graph written by :func:`save_graph`, evidence included.

    Raises:
        GraphFileError: Missing or unreadable file, invalid JSON, not a
            kgraph file, or another schema version.
    """
    return _read(path, defer=False)


def read_deferred(path: str | Path) -> tuple[nx.Graph, DeferredEvidence]:
    """Read a graph written by :func:`save_graph` without decoding its evidence (see :class:`DeferredEvidence`).

    Raises:
        GraphFileError: As :func:`load_graph`.
    """
    return _read(path, defer=True)


def _read(path: str | Path, *, defer: bool) -> Any:
    path = Path(path)
    if pending_switch(path.parent):  # reading never writes: the next build into the folder completes it
        logger.warning("%s holds the outputs of a build that was stopped while it switched them in; its "
                       "files may come from two builds until the next 'kgraph build --out %s'.",
                       path.parent, path.parent)
    text = read_text(path, GraphFileError, "graph file")
    try:
        document = parse_json(text)
    except ValueError as err:
        where = f", line {err.lineno}" if isinstance(err, json.JSONDecodeError) else ""
        raise GraphFileError(f"{path}{where}: not valid JSON ({_reason(err)}). The file may be truncated "
                             "or damaged; rebuild it.") from err
    return graph_from_json(document, origin=str(path), defer=defer)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(text: str) -> Any:
    """``json.loads`` for files from anywhere: every failure is a ``ValueError``.

    ``NaN`` and ``Infinity`` (which Python writes but JSON does not allow),
    numbers too large for a float, integers of more than 4,300 digits and
    nesting deeper than Python's recursion limit are all refused.

    Examples:
        >>> parse_json('{"weight": 2}')
        {'weight': 2}
        >>> parse_json("[" * 100_000)
        Traceback (most recent call last):
        ...
        ValueError: nested too deeply
    """
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError as err:
        raise ValueError("nested too deeply") from err


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:20]}{'...' if len(text) > 20 else ''} is too large")
    return value


def _reason(error: ValueError) -> str:
    """What a JSON error says, in a few words."""
    if isinstance(error, json.JSONDecodeError):
        return error.msg
    message = str(error)
    if "integer string conversion" in message:
        return "a number with more than 4,300 digits"
    return message
