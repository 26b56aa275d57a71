"""The readers registry: which :class:`~kgraph.documents.reading.Reader` reads a file, by its suffix.

Each format has one reader, registered for its suffixes:

============================  =================================================
reader                        suffixes
============================  =================================================
text (:mod:`.plain`)          ``.txt`` ``.md`` ``.text``
HTML (:mod:`.plain`)          ``.html`` ``.htm``
JSON lines (:mod:`.records`)  ``.jsonl``
JSON (:mod:`.records`)        ``.json``
CSV, TSV (:mod:`.records`)    ``.csv`` ``.tsv``
PDF (:mod:`.plain`)           ``.pdf``
exports (:mod:`.exports`)     ``.xml`` ``.ris`` ``.nbib`` ``.medline`` ``.bib``
                              ``.bibtex`` ``.biocjson`` ``.pubtator``
============================  =================================================

Bibliographic exports are recognised by their content whatever their
suffix: a text, HTML or JSON file (its reader's ``sniff``) is read as the
export it holds, if it holds one. A file named directly whose suffix has no
reader is read as an export if it is one, else it gives no documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .document import Document, FileReport
from .exports import EXPORTS, export_format, read_export
from .plain import HTML, PDF, TEXT
from .reading import Reader, ReadOptions, file_text
from .records import CSV, JSON, JSONL, TSV

__all__ = ["failure", "read_file", "reader_for", "register", "suffixes"]

_READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Make ``reader`` the reader of its suffixes.

    Raises:
        ValueError: A suffix is not lower case with its dot, or has a reader already.

    Examples:
        >>> register(TEXT)
        Traceback (most recent call last):
        ...
        ValueError: '.txt' is read by the text reader already; give the text reader another suffix.
    """
    for suffix in reader.suffixes:
        if suffix in _READERS:
            raise ValueError(f"{suffix!r} is read by the {_READERS[suffix].name} reader already; give the "
                             f"{reader.name} reader another suffix.")
        if not suffix.startswith(".") or suffix != suffix.lower():
            raise ValueError(f"Suffix {suffix!r} of the {reader.name} reader: write it in lower case with its dot.")
    _READERS.update(dict.fromkeys(reader.suffixes, reader))
    return reader


for _reader in (TEXT, HTML, JSONL, JSON, CSV, TSV, PDF, EXPORTS):
    register(_reader)


def suffixes() -> tuple[str, ...]:
    """The suffixes kgraph reads, in the order their readers were registered.

    Examples:
        >>> suffixes()[:6]
        ('.txt', '.md', '.text', '.html', '.htm', '.jsonl')
    """
    return tuple(_READERS)


def _other(path: Path, base: str, options: ReadOptions, entry: FileReport) -> Iterator[Document]:
    """A file with another suffix, named directly: no documents (if it is text at all)."""
    file_text(path, entry)  # skips an empty or binary file, notes text that is not UTF-8
    yield from ()


_OTHER = Reader("other", (), _other, sniff=True)


def reader_for(path: Path) -> Reader:
    """The reader of a file, by its suffix (in any case).

    Examples:
        >>> reader_for(Path("corpus/paper.TXT")).name, reader_for(Path("savedrecs.ris")).name
        ('text', 'bibliographic export')
    """
    return _READERS.get(path.suffix.lower(), _OTHER)


def read_file(path: Path, base: str, options: ReadOptions, entry: FileReport) -> Iterator[Document]:
    """The documents of a file, read by its reader or as the bibliographic export it holds.

    Args:
        path: The file.
        base: Its document id (a record without an id of its own is ``base:N``).
        options: The caller's options.
        entry: The file's report, filled in while reading.

    Raises:
        Skip: The file cannot be read (the message is the reason).
    """
    reader = reader_for(path)
    if reader.sniff:
        fmt = export_format(path)
        if fmt is not None:
            yield from read_export(path, fmt, base, options, entry)
            return
    yield from reader.read(path, base, options, entry)


def failure(path: Path, error: Exception) -> str:
    """The reason to report for an unexpected error while a file was read."""
    if isinstance(error, RecursionError):
        return "nested too deeply to read (a damaged or hostile file)"
    if isinstance(error, MemoryError):
        return "too large to read in memory"
    explain = reader_for(path).explain
    if explain is not None:
        return explain(error)
    return f"unreadable ({type(error).__name__}: {error})"
