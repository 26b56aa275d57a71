"""The reader of bibliographic exports, recognised by their content whatever their suffix.

PubMed XML, MEDLINE, RIS, BibTeX, Web of Science, PubTator and BioC exports
(parsed by :mod:`kgraph.documents.biblio`) are recognised by their first
8 KB: a file with an export's suffix must be one, and a text, HTML or JSON
file that is one (a MEDLINE export saved as ``.txt``) is read as one too
(see :func:`kgraph.documents.readers.read_file`). Each record is a document
with its metadata and the format's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .biblio import FORMATS, Unreadable, read_records, sniff
from .decoding import decode_head
from .document import Document, FileReport
from .reading import Reader, ReadOptions, Skip, cannot_read, reading, record_problem
from .records import document_of

__all__ = ["EXPORTS", "export_format", "read_export"]

_EXPECTED = {".xml": "PubMed XML or BioC XML", ".ris": "RIS", ".nbib": "MEDLINE", ".medline": "MEDLINE",
             ".bib": "BibTeX", ".bibtex": "BibTeX", ".biocjson": "BioC JSON", ".pubtator": "PubTator"}
"""The suffixes of export files, and the formats a file with each must hold."""


def export_format(path: Path) -> str | None:
    """The bibliographic export format of a file, by its first 8 KB (None: not an export).

    Raises:
        Skip: The file cannot be read.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as err:
        raise cannot_read(err) from err
    return sniff(decode_head(head))


def read_export(path: Path, fmt: str, base: str, options: ReadOptions, entry: FileReport) -> Iterator[Document]:
    """The records of a bibliographic export in format ``fmt`` as documents with their metadata."""
    if fmt.endswith("-xml"):  # the XML parser decodes by the file's own declaration
        try:
            opened: Any = path.open("rb")
        except OSError as err:
            raise cannot_read(err) from err
        yield from _export_records(opened, fmt, base, options, entry)
        return
    with reading(path, entry) as handle:
        yield from _export_records(handle, fmt, base, options, entry)


def _export_records(handle: Any, fmt: str, base: str, options: ReadOptions, entry: FileReport) -> Iterator[Document]:
    with handle:
        try:
            for number, record in enumerate(read_records(handle, fmt), start=1):
                if isinstance(record, Unreadable):
                    record_problem(entry, f"record {number} (line {record.line}): {record.reason}", options)
                    continue
                document = document_of(record, f"record {number}", f"{base}:{number}", entry, options)
                if document:
                    yield document._replace(meta={**(document.meta or {}), "format": fmt})
        except ValueError as error:
            raise Skip(f"{FORMATS[fmt]}: {error}") from error


def _read_exports(path: Path, base: str, options: ReadOptions, entry: FileReport) -> Iterator[Document]:
    """A file with an export's suffix: the records of the export it holds."""
    fmt = export_format(path)
    if fmt is None:
        raise Skip(f"its content is not {_EXPECTED[path.suffix.lower()]} (kgraph recognises exports by their "
                   "first lines); check that it is the export itself, not an error page")
    yield from read_export(path, fmt, base, options, entry)


EXPORTS = Reader("bibliographic export", tuple(_EXPECTED), _read_exports)
"""Bibliographic exports: each record a document, with its metadata."""
