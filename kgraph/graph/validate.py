"""Checking a graph file's data against the schema before anything uses it (pure Python).

A ``graph.json`` may come from anywhere (a colleague's folder, a download,
a hand edit). :func:`check_graph_data` checks the type of every attribute
the schema (:mod:`kgraph.graph.schema`) defines, so that a damaged file
fails at once with one line naming the node or link and the field, instead
of a traceback deep inside a query or the view. Attributes the schema does
not define are left alone; numbers must be finite, and counts must fit in
64 bits.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import GraphFileError

__all__ = ["check_evidence", "check_graph_data"]

_LARGEST = 2**63

Check = Callable[[Any], str | None]
"""A check: None if the value is fine, else what was expected (``"a count"``)."""


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) else "text"


def _count(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < _LARGEST
    return None if ok else "a whole number from 0 to 2**63"


def _integer(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and -_LARGEST < value < _LARGEST
    return None if ok else "a whole number"


def _number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, int):
        return None if -_LARGEST < value < _LARGEST else "a number that fits in 64 bits"
    return None if math.isfinite(value) else "a finite number"


def _optional(check: Check) -> Check:
    def optional(value: Any) -> str | None:
        return None if value is None else check(value)
    return optional


def _list(check: Check) -> Check:
    def listing(value: Any) -> str | None:
        if not isinstance(value, list):
            return "a list"
        for item in value:
            problem = check(item)
            if problem:
                return f"a list of {problem}"
        return None
    return listing


def _row(*checks: Check) -> Check:
    """A list of fixed length, each item with its own check (``[year, journal, count]``)."""
    def row(value: Any) -> str | None:
        if not isinstance(value, list) or len(value) != len(checks):
            return f"a list of {len(checks)} items"
        for check, item in zip(checks, value):
            problem = check(item)
            if problem:
                return f"a list of {len(checks)} items ({problem} where it is {_show(item)})"
        return None
    return row


def _mapping(check: Check) -> Check:
    def mapping(value: Any) -> str | None:
        if not isinstance(value, dict):
            return "an object"
        for item in value.values():
            problem = check(item)
            if problem:
                return f"an object of {problem}"
        return None
    return mapping


def _record(fields: Mapping[str, Check], required: tuple[str, ...] = ()) -> Check:
    def record(value: Any) -> str | None:
        if not isinstance(value, dict):
            return "an object"
        problem = _first_problem(value, fields, required)
        return None if problem is None else f"an object whose {problem}"
    return record


def _first_problem(values: Mapping[str, Any], fields: Mapping[str, Check],
                   required: tuple[str, ...]) -> str | None:
    """``'name' is X; expected Y`` for the first field of ``values`` that fails its check."""
    for name in required:
        if name not in values:
            return f"{name!r} is missing"
    for name, check in fields.items():
        if name in values:
            problem = check(values[name])
            if problem:
                return f"{name!r} is {_show(values[name])}; expected {problem}"
    return None


def _show(value: Any) -> str:
    """A short description of a value for a message (never the whole of a large value).

    Examples:
        >>> _show(5), _show("x" * 80), _show(10**400), _show({"a": 1})
        ('5 (a number)', "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (text)", 'a 401-digit number', 'an object')
    """
    if isinstance(value, bool) or value is None:
        return repr(value).lower() if value is not None else "null"
    if isinstance(value, int):
        if value.bit_length() > 64:
            return f"a {len(str(abs(value)))}-digit number"  # fewer than 4,300 digits: json read it
        return f"{value} (a number)"
    if isinstance(value, float):
        return f"{value!r} (a number)"
    if isinstance(value, str):
        return f"{value[:30]!r}{'...' if len(value) > 30 else ''} (text)"
    return "a list" if isinstance(value, list) else "an object"


_YEAR = _optional(_integer)
_MARKS = _mapping(_list(_row(_count, _count)))
EVIDENCE = _record({"doc": _text, "text": _text, "start": _count, "end": _count, "marks": _MARKS,
                    "year": _YEAR, "cite": _text}, required=("doc", "text"))

_GRAPH = {
    "schema": _integer, "kgraph_version": _text, "documents": _count, "sentences": _count,
    "association": _text, "window": _text, "lexicon": _text, "max_evidence": _count, "min_weight": _count,
    "abbreviations": _mapping(_text), "short_forms": _mapping(_list(_row(_text, _count, _list(_text)))),
    "documents_index": _list(_record({"id": _text, "sentences": _count, "title": _text, "year": _YEAR,
                                      "journal": _text, "authors": _list(_text), "keywords": _list(_text),
                                      "doi": _text, "file": _text, "format": _text}, required=("id",))),
    "strata": _list(_row(_YEAR, _optional(_text), _count, _count)),
    "input": _mapping(_count),
}
_NODE = {
    "id": _text, "label": _text, "category": _text, "source": _text, "aliases": _list(_text),
    "provenance": _list(_row(_text, _text, _count)), "synonyms": _list(_text), "mentions": _count,
    "sentences": _count, "documents": _count, "strata": _list(_row(_YEAR, _optional(_text), _count, _count, _count)),
    "years": _list(_row(_integer, _count)), "first_year": _integer,
}
_EDGE = {
    "source": _text, "target": _text, "weight": _count, "documents": _count, "npmi": _number,
    "expected": _number, "strata": _list(_row(_YEAR, _optional(_text), _count, _count)),
    "years": _list(_row(_integer, _count)), "first_year": _integer,
}


def _fail(origin: str, where: str, problem: str) -> GraphFileError:
    return GraphFileError(f"{origin}: {where}: {problem}. The file is damaged or was edited; rebuild it "
                          "with 'kgraph build'.")


def check_evidence(value: Any, origin: str, where: str) -> None:
    """Check a link's decoded evidence (a list of evidence sentences).

    Raises:
        GraphFileError: Naming ``where`` (the link) and the first bad field.

    Examples:
        >>> check_evidence([{"doc": "d1", "text": "CSCs resist.", "start": 0, "end": 12}], "g.json", "link a -- b")
        >>> check_evidence({"doc": "d1"}, "g.json", "link a -- b")
        Traceback (most recent call last):
        ...
        kgraph.errors.GraphFileError: g.json: link a -- b: 'evidence' is an object; expected a list of evidence sentences. The file is damaged or was edited; rebuild it with 'kgraph build'.
    """
    if not isinstance(value, list):
        raise _fail(origin, where, f"'evidence' is {_show(value)}; expected a list of evidence sentences")
    for number, item in enumerate(value, start=1):
        problem = EVIDENCE(item)
        if problem:
            raise _fail(origin, where, f"evidence sentence {number} is not {problem}")


def check_graph_data(data: Any, origin: str, *, encoded_evidence: bool) -> None:
    """Check node-link data (the ``graph`` of a kgraph file) against the schema.

    Args:
        data: The parsed ``graph`` object of the file.
        origin: The file, for messages.
        encoded_evidence: Each link's evidence is a JSON string (encoding 2),
            checked when decoded; otherwise a list, checked here.

    Raises:
        GraphFileError: One line naming the node or link and the field.

    Examples:
        >>> data = {"graph": {}, "nodes": [{"id": "csc", "label": 5}], "edges": []}
        >>> check_graph_data(data, "g.json", encoded_evidence=True)
        Traceback (most recent call last):
        ...
        kgraph.errors.GraphFileError: g.json: node 'csc': 'label' is 5 (a number); expected text. The file is damaged or was edited; rebuild it with 'kgraph build'.
    """
    if not isinstance(data, dict):
        raise _fail(origin, "the graph", f"it is {_show(data)}; expected an object")
    for name in ("nodes", "edges"):
        if not isinstance(data.get(name), list):
            raise _fail(origin, "the graph", f"{name!r} is {_show(data.get(name))}; expected a list")
    attributes = data.get("graph", {})
    if not isinstance(attributes, dict):
        raise _fail(origin, "the graph", f"'graph' is {_show(attributes)}; expected an object")
    problem = _first_problem(attributes, _GRAPH, ())
    if problem:
        raise _fail(origin, "the graph's attributes", problem)
    ids = set()
    for number, node in enumerate(data["nodes"], start=1):
        if not isinstance(node, dict):
            raise _fail(origin, f"node {number}", f"it is {_show(node)}; expected an object")
        problem = _first_problem(node, _NODE, ("id",))
        if problem:
            name = f"node {node['id']!r}" if isinstance(node.get("id"), str) else f"node {number}"
            raise _fail(origin, name, problem)
        ids.add(node["id"])
    for number, edge in enumerate(data["edges"], start=1):
        if not isinstance(edge, dict):
            raise _fail(origin, f"link {number}", f"it is {_show(edge)}; expected an object")
        problem = _first_problem(edge, _EDGE, ("source", "target"))
        name = (f"link {edge['source']} -- {edge['target']}" if isinstance(edge.get("source"), str)
                and isinstance(edge.get("target"), str) else f"link {number}")
        if problem:
            raise _fail(origin, name, problem)
        for end in ("source", "target"):
            if edge[end] not in ids:
                raise _fail(origin, name, f"its {end} {edge[end]!r} is not a node of the graph")
        if "evidence" in edge:
            evidence = edge["evidence"]
            if encoded_evidence and not isinstance(evidence, str):
                raise _fail(origin, name, f"'evidence' is {_show(evidence)}; expected the evidence "
                                          "sentences encoded as text")
            if not encoded_evidence:
                check_evidence(evidence, origin, name)
