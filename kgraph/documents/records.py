"""Readers of files of records: JSON lines, JSON, CSV and TSV.

Each record (a JSON object, a CSV row) is one document: its text, id,
title, year and journal come from fields found by name (``abstract``,
``Source title``, ...) or chosen with :class:`~kgraph.documents.biblio.Fields`,
and its document is its title and text as two paragraphs. A record that
cannot be read costs only itself: it is reported, and reading goes on.
:func:`document_of` also makes the documents of bibliographic exports.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .biblio import TEXT_FIELDS, Record, normal_id, pick_fields, record_from_fields
from .cleanup import clean, clean_meta
from .document import Document, FileReport
from .reading import (
    Reader,
    ReadFunction,
    ReadOptions,
    Skip,
    file_text,
    note,
    reading,
    record_problem,
)
from .tables import BadRow, check_width, read_rows

__all__ = ["CSV", "JSON", "JSONL", "TSV", "document_of"]

_ANY_TEXT_FIELD = "(" + ", ".join(TEXT_FIELDS) + ")"


def document_of(record: Record, where: str, default_id: str, entry: FileReport, options: ReadOptions,
                picked: dict[str, str] | None = None) -> Document | None:
    """The document of a record: title and abstract, and the record's metadata.

    Args:
        record: The record.
        where: Where it is in its file, for the report (``line 3``, ``record 2``).
        default_id: Its id if it has none of its own.
        entry: The file's report: a record without text is reported there.
        options: The caller's options (strict mode).
        picked: The fields the record was read from, for the reason a
            record without text is given (None: a bibliographic export).

    Returns:
        The document, or None (and a problem reported) if the record has no text.
    """
    text = record.text
    if not text.strip():
        if picked is not None:
            looked = f"field {picked['text']!r}" if "text" in picked else f"a text field {_ANY_TEXT_FIELD}"
            reason = (f"no title and no text in {looked}" if "title" in picked else f"no text in {looked}; "
                      "choose the field with --text-field")
        else:
            reason = "no title and no abstract"
        shown = f" ({record.id})" if record.id else ""
        record_problem(entry, f"{where}{shown}: {reason}", options)
        return None
    meta = {"file": entry.path, **record.metadata()}
    return Document(clean(normal_id(record.id)) if record.id.strip() else default_id, clean(text),
                    clean_meta(meta))


def _record(record: Any, where: str, default_id: str, entry: FileReport, options: ReadOptions,
            picked: dict[str, str] | None = None) -> Document | None:
    """The document of a JSON object or CSV row (None, and a problem recorded, if it has no text)."""
    if not isinstance(record, dict):
        record_problem(entry, f"{where}: expected an object, got {type(record).__name__}", options)
        return None
    if picked is None:
        picked = pick_fields(record, options.fields)
    return document_of(record_from_fields(record, picked), where, default_id, entry, options, picked)


def _read_jsonl(path: Path, base: str, options: ReadOptions, entry: FileReport) -> Iterator[Document]:
    """Stream a JSON-lines file line by line (a file of any size)."""
    with reading(path, entry) as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                record_problem(entry, f"line {number}: not valid JSON ({err.msg})", options)
                continue
            except RecursionError:
                record_problem(entry, f"line {number}: nested too deeply to read", options)
                continue
            document = _record(record, f"line {number}", f"{base}:{number}", entry, options)
            if document:
                yield document


def _read_json(path: Path, base: str, options: ReadOptions, entry: FileReport) -> Iterator[Document]:
    """A JSON file: a list of records, ``{"documents": [...]}``, records keyed by their id, or one record."""
    text = file_text(path, entry)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise Skip(f"not valid JSON (line {err.lineno}: {err.msg})") from err
    keyed = _keyed_records(data, options)
    if keyed is not None:  # {"PMID": {record}, ...}: the key is the id
        for number, (key, record) in enumerate(keyed, start=1):
            document = _record(record, f"record {number}", str(key), entry, options)
            if document:
                yield document
        return
    records = data.get("documents", [data]) if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise Skip("expected a list of records or {\"documents\": [...]}")
    for number, record in enumerate(records, start=1):
        document = _record(record, f"record {number}", f"{base}:{number}", entry, options)
        if document:
            yield document


def _keyed_records(data: Any, options: ReadOptions) -> list[tuple[str, dict[str, Any]]] | None:
    """The records of a JSON object that maps ids to records (PubMedQA's form), else None."""
    if not isinstance(data, dict) or "documents" in data or len(data) < 1:
        return None
    if not all(isinstance(value, dict) for value in data.values()):
        return None
    if "text" in pick_fields(data, options.fields):
        return None  # one record whose fields happen to be objects
    return list(data.items())


def _table_reader(delimiter: str) -> ReadFunction:
    def read_table(path: Path, base: str, options: ReadOptions, entry: FileReport) -> Iterator[Document]:
        """Stream a CSV or TSV file row by row (Scopus CSV exports among them); see :mod:`.tables`.

        A row the csv module cannot read (a quote not closed) is skipped and
        reported, and the rows after it are read as themselves. A row with
        more or fewer fields than the header is read (real Scopus exports add
        a field for each further funding text) and the report notes it.
        """
        uneven: dict[str, list[int]] = {}  # what is wrong with a row's width -> its lines
        try:
            yield from _table_rows(path, delimiter, base, options, entry, uneven)
        finally:
            for problem, lines in uneven.items():
                shown = ", ".join(map(str, lines[:5])) + (", ..." if len(lines) > 5 else "")
                note(entry, f"{len(lines)} row{'s' if len(lines) > 1 else ''} (line{'s' if len(lines) > 1 else ''} "
                            f"{shown}) {problem}")

    return read_table


def _table_rows(path: Path, delimiter: str, base: str, options: ReadOptions, entry: FileReport,
                uneven: dict[str, list[int]]) -> Iterator[Document]:
    with reading(path, entry) as lines:
        columns: list[str] | None = None
        picked: dict[str, str] = {}
        for row in read_rows(lines, delimiter=delimiter):
            if isinstance(row, BadRow):
                if columns is None:
                    raise Skip(f"line {row.line}: the header cannot be read: {row.reason}")
                record_problem(entry, f"line {row.line}: {row.reason}", options)
                continue
            if columns is None:
                columns = row.fields
                picked = pick_fields(columns, options.fields)
                if picked.get("text") not in columns:
                    wanted = repr(picked["text"]) if "text" in picked else f"with the text {_ANY_TEXT_FIELD}"
                    raise Skip(f"no column {wanted} (columns: {', '.join(columns)}); choose one with "
                               "--text-field")
                continue
            problem = check_width(row.fields, columns)
            if problem:
                uneven.setdefault(problem, []).append(row.line)
            document = _record(dict(zip(columns, row.fields)), f"line {row.line}", f"{base}:{row.line}", entry,
                               options, picked)
            if document:
                yield document


JSONL = Reader("JSON lines", (".jsonl",), _read_jsonl)
"""JSON lines: one record per line, streamed (a file of any size)."""

JSON = Reader("JSON", (".json",), _read_json, sniff=True)
"""JSON: a list of records, ``{"documents": [...]}``, records keyed by their id, or one record."""

CSV = Reader("CSV", (".csv",), _table_reader(","))
"""CSV: one record per row, columns found by name (Scopus CSV exports among them)."""

TSV = Reader("TSV", (".tsv",), _table_reader("\t"))
"""TSV: as CSV, tab-delimited."""
