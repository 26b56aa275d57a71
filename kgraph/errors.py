"""Errors raised by kgraph.

Every error says what was wrong, where (file, line, entry or argument) and
what to do about it. They all derive from :class:`KGraphError`, so callers can
catch one type.
"""

from __future__ import annotations

import difflib
import re
import stat
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
    "file_kind",
    "name_words",
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

    Only regular files are read: a named pipe or a device (``/dev/zero``)
    would be read forever.

    Examples:
        >>> read_text(Path("/no/such/file"), KGraphError, "graph file")
        Traceback (most recent call last):
        ...
        kgraph.errors.KGraphError: Cannot read graph file /no/such/file: [Errno 2] No such file or directory: '/no/such/file'
        >>> read_text(Path("/dev/zero"), KGraphError, "lexicon file")
        Traceback (most recent call last):
        ...
        kgraph.errors.KGraphError: Cannot read lexicon file /dev/zero: it is a character device, not a file; give the path of a file.
    """
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8") if stat.S_ISREG(mode) else None
    except (OSError, UnicodeDecodeError) as err:
        raise error(f"Cannot read {what} {path}: {err}") from err
    if text is None:
        raise error(f"Cannot read {what} {path}: it is {file_kind(mode)}, not a file; give the path of a file.")
    return text


def file_kind(mode: int) -> str:
    """What a path that is not a regular file is, from its ``st_mode``.

    Examples:
        >>> import os
        >>> file_kind(os.stat("/dev/null").st_mode), file_kind(os.stat("/").st_mode)
        ('a character device', 'a folder')
    """
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


_WORD_RE = re.compile(r"[0-9a-z\u00c0-\u024f\u0370-\u03ff]+")


def name_words(text: str) -> list[str]:
    """The words a name is compared by when suggesting names: lower case, without a plural ``s``.

    Also the words the HTML view searches by: it receives every name cut
    into these words, and cuts what the reader types alike
    (``kgraph/views/assets/words.js`` is the twin of this function).

    Examples:
        >>> name_words("CAR-T cells"), name_words("Tumour-associated macrophages")
        (['car', 't', 'cell'], ['tumour', 'associated', 'macrophage'])
    """
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) else w
            for w in _WORD_RE.findall(text.lower())]


def close_matches(name: str, candidates: Iterable[str], *, n: int = 5) -> list[str]:
    """Return up to ``n`` candidates that look like ``name``, best first.

    Ranked as a reader searches: names that start with the query's words
    (``CAR-T`` -> ``CAR-T cell therapy``); that contain all its words; whose
    words start with its words (words of one or two letters must match
    whole); that contain it as letters; names a few letters away (typos);
    then names with half its words or more. Within a rank, more shared
    words and the closer spelling first, then
    the candidates' own order (give them most important first). Case,
    punctuation and plural ``s`` are ignored; candidates are returned as given.

    Examples:
        >>> close_matches("radiotherapie", ["radiotherapy", "chemotherapy", "surgery"])
        ['radiotherapy']
        >>> close_matches("CAR-T", ["cartilage-hair hypoplasia", "CAR-T cell therapy", "catalase"])
        ['CAR-T cell therapy']
    """
    query = name_words(name)
    key = "".join(query)
    if not key:
        return []
    scored = []
    for order, candidate in enumerate(dict.fromkeys(candidates)):
        words = name_words(candidate)
        joined = "".join(words)
        starts = len(words) >= len(query) and all(
            w == q or (i == len(query) - 1 and w.startswith(q)) for i, (w, q) in enumerate(zip(words, query)))
        if starts:
            tier = 0
        elif all(q in words for q in query):
            tier = 1
        elif all(q in words or (len(q) >= 3 and any(w.startswith(q) for w in words)) for q in query):
            tier = 2  # a short word (the T of CAR-T) must be a word of the name, not the start of one
        elif len(key) >= 5 and key in joined:  # shorter letter runs are found inside unrelated words
            tier = 3
        else:
            tier = 4
        similarity = difflib.SequenceMatcher(None, key, joined[:len(key) + 3]).ratio()
        shared = sum(q in words for q in query)
        if tier == 4 and (similarity < 0.8 or len(key) < 5):  # a short name is a few letters from many
            if 2 * shared < len(query) or len(query) < 2 or sum(len(q) for q in query if q in words) < 4:
                continue
            tier = 5  # half the words or more: "nanoparticle delivery" -> "nanoparticle"
        scored.append((tier, -shared, -round(similarity, 3), order, candidate))
    scored.sort()
    return [candidate for *_, candidate in scored[:n]]
