"""What every reader shares: its options, how it skips a file, reports a problem, and gets at the text.

A reader (:class:`Reader`) turns one file into documents and fills in the
file's :class:`~kgraph.documents.document.FileReport` as it goes: a file it
cannot read raises :class:`Skip` with the reason; a record it cannot read is
reported with :func:`record_problem` and costs only itself; anything else
the report should say goes in with :func:`note`. In strict mode a problem
raises :func:`strict_error` instead, the one form of that message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import CorpusError
from ..settings import DEFAULTS
from .biblio import Fields
from .decoding import FALLBACK, decode_noting, fallback_note, is_utf16, open_text
from .document import Document, FileReport

__all__ = ["ReadFunction", "ReadOptions", "Reader", "Skip", "cannot_read", "file_text", "note", "reading",
           "record_problem", "strict_error", "warn_once"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadOptions:
    """What the caller of :func:`~kgraph.documents.corpus.read_corpus` chose.

    Attributes:
        fields: Which fields of a record hold its text, id, title, year and journal.
        strict: Raise on the first problem instead of reporting it.
        max_document_bytes: Text files larger than this are streamed in parts
            of about this size.
    """

    fields: Fields = Fields()
    strict: bool = False
    max_document_bytes: int = DEFAULTS.max_document_bytes


class Skip(Exception):
    """A file that cannot be read as a corpus file (the message is the reason reported)."""


class ReadFunction(Protocol):
    """``read(path, base, options, entry)``: the documents of one file, in file order."""

    def __call__(self, path: Path, base: str, options: ReadOptions, entry: FileReport) -> Iterator[Document]:
        ...


@dataclass(frozen=True)
class Reader:
    """How one kind of file is read into documents (registered in :mod:`kgraph.documents.readers`).

    Attributes:
        name: What the files are called.
        suffixes: The suffixes it reads (lower case, with the dot).
        read: The documents of a file. ``base`` is the file's document id
            (a record without an id of its own is ``base:N``); ``entry`` is
            the file's report, filled in while reading. Raises :class:`Skip`
            with the reason when the file cannot be read.
        sniff: Whether such a file is first checked for a bibliographic
            export (exports are recognised by their content whatever their
            suffix: a MEDLINE export saved as ``.txt``).
        explain: The reason to report for an error of the format's own
            parser, or None for the general one.
    """

    name: str
    suffixes: tuple[str, ...]
    read: ReadFunction
    sniff: bool = False
    explain: Callable[[Exception], str] | None = None


def strict_error(message: str, fix: str) -> CorpusError:
    """The error strict mode raises for a problem: what it is, how to fix it, how to carry on.

    Examples:
        >>> print(strict_error("Skipped a.pdf: no text in the PDF", "fix or remove the file"))
        Skipped a.pdf: no text in the PDF (strict mode: fix or remove the file, or leave out --strict)
    """
    return CorpusError(f"{message} (strict mode: {fix}, or leave out --strict)")


_WARNED: set[str] = set()


def warn_once(message: str) -> None:
    """Log a warning once per process (a corpus is read in two passes)."""
    if message not in _WARNED:
        if len(_WARNED) > 100_000:
            _WARNED.clear()
        _WARNED.add(message)
        logger.warning("%s", message)


def record_problem(entry: FileReport, message: str, options: ReadOptions) -> None:
    """Report a record (line, row) that is skipped; in strict mode, raise instead."""
    entry.problems.append(message)
    if options.strict:
        raise strict_error(f"{entry.path}, {message}", "fix the record")
    warn_once(f"Skipped {entry.path}, {message}")


def note(entry: FileReport, message: str) -> None:
    """Something the report says of a file besides what was skipped (it is not an error in strict mode)."""
    entry.notes.append(message)
    warn_once(f"{entry.path}: {message}.")


def cannot_read(error: OSError) -> Skip:
    """The skip of a file the system does not let us read.

    Examples:
        >>> str(cannot_read(PermissionError(13, "Permission denied")))
        'cannot read it (Permission denied)'
    """
    return Skip(f"cannot read it ({error.strerror or error})")


@contextmanager
def reading(path: Path, entry: FileReport) -> Iterator[Any]:
    """A file's lines, streamed (see :func:`~kgraph.documents.decoding.open_text`), closed at the end.

    The report notes lines that were not UTF-8.

    Raises:
        Skip: The file cannot be opened.
    """
    try:
        lines = open_text(path)
    except OSError as err:
        raise cannot_read(err) from err
    try:
        with lines:
            yield lines
    finally:
        fallback = fallback_note(lines)
        if fallback:
            note(entry, fallback)


def file_text(path: Path, entry: FileReport) -> str:
    """The whole text of a file read at once; the report notes text that was not UTF-8.

    Raises:
        Skip: The file cannot be read, is empty, or holds binary data.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise cannot_read(err) from err
    if not data.strip():
        raise Skip("the file is empty")
    utf16 = is_utf16(data)  # NUL bytes are half of UTF-16 text
    if not utf16 and b"\x00" in data[:4096]:
        raise Skip("it looks like a binary file, not text")
    if not utf16 and _looks_binary(data[:65536].decode("latin-1")):  # control bytes are themselves
        raise Skip("it looks like a binary file, not text (many control characters)")
    text, fallback = decode_noting(data)
    if fallback:
        note(entry, f"not UTF-8: decoded as {FALLBACK}")
    return text


_CONTROL = frozenset(chr(c) for c in [*range(0x09), *range(0x0e, 0x1b), *range(0x1c, 0x20), 0x7f])


def _looks_binary(text: str, sample: int = 65536) -> bool:
    r"""Whether decoded bytes are binary data rather than text (over 1% control characters).

    Random bytes hold about 10% of them; text, even with form feeds or
    escape codes, next to none.

    Examples:
        >>> _looks_binary("Radiotherapy\x0c and CSCs.\n"), _looks_binary("\x03\x91\x07\x85x\x11" * 10)
        (False, True)
    """
    head = text[:sample]
    return sum(map(_CONTROL.__contains__, head)) > max(len(head) / 100, 16)
