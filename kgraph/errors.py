"""Errors raised by kgraph.

Every error says what was wrong, where (file, line, entry or argument) and
what to do about it. They all derive from :class:`KGraphError`, so callers can
catch one type.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

__all__ = [
    "ConceptNotFoundError",
    "CorpusError",
    "GraphFileError",
    "KGraphError",
    "LexiconError",
    "NoPathError",
    "OutputError",
    "StoreError",
    "close_matches",
    "read_text",
]


class KGraphError(Exception):
    """Base class of every error kgraph raises on purpose."""


class LexiconError(KGraphError, ValueError):
    """A lexicon file is missing, unreadable or has an invalid entry."""


class CorpusError(KGraphError, ValueError):
    """A corpus source cannot be read (missing path, wrong type)."""


class GraphFileError(KGraphError, ValueError):
    """A saved graph file is unreadable, malformed or from another version."""


class OutputError(KGraphError, OSError):
    """Output files cannot be written (a file where a folder should be, permissions, a full disk)."""


class StoreError(KGraphError, ValueError):
    """A build store is unreadable, from another version, or made with other settings."""


class NoPathError(KGraphError, nx.NetworkXNoPath):
    """Two concepts are not connected by any chain of links (also a ``networkx.NetworkXNoPath``)."""


class ConceptNotFoundError(KGraphError, KeyError):
    """No concept in the graph has the given name.

    Attributes:
        name: The name that was looked up.
        suggestions: Close matches among the known names, best first.
    """

    def __init__(self, name: str, suggestions: list[str], *, hint: str = "") -> None:
        self.name = name
        self.suggestions = suggestions
        message = f"No concept named {name!r} in this graph."
        if hint:
            message += f" {hint}"
        if suggestions:
            message += " Did you mean: " + ", ".join(repr(s) for s in suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


def read_text(path: Path, error: type[KGraphError], what: str) -> str:
    """The UTF-8 text of ``path``, or ``error`` naming the file and the reason.

    Examples:
        >>> read_text(Path("/no/such/file"), KGraphError, "graph file")
        Traceback (most recent call last):
        ...
        kgraph.errors.KGraphError: Cannot read graph file /no/such/file: [Errno 2] No such file or directory: '/no/such/file'
    """
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise error(f"Cannot read {what} {path}: {err}") from err


def close_matches(name: str, candidates: Iterable[str], *, n: int = 5) -> list[str]:
    """Return up to ``n`` candidates that look like ``name``, best first.

    Comparison ignores case; the candidates are returned as given.

    Examples:
        >>> close_matches("radiotherapie", ["radiotherapy", "chemotherapy", "surgery"])
        ['radiotherapy']
    """
    by_lower: dict[str, str] = {}
    for candidate in sorted(set(candidates)):
        by_lower.setdefault(candidate.lower(), candidate)
    hits = difflib.get_close_matches(name.lower(), list(by_lower), n=n, cutoff=0.6)
    return [by_lower[h] for h in hits]
