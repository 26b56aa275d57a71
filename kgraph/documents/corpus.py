"""Reading a corpus: directories, files, or texts given in Python.

:func:`read_corpus` turns any supported source into a re-iterable
:class:`Corpus` of :class:`Document` (id, text) pairs. Files are read lazily,
one at a time, each time the corpus is iterated; JSON lines are streamed line
by line. Every input file ends up in the corpus's :class:`CorpusReport` as
processed or skipped, with the reason: nothing is lost silently. With
``strict=True`` the first problem raises :class:`~kgraph.errors.CorpusError`.

Supported files: ``.txt`` ``.md`` ``.text`` (one document each), ``.html``
``.htm`` (text extracted, markup, scripts and styles dropped), ``.jsonl`` (one
document per line), ``.json`` (a list of records, ``{"documents": [...]}``,
records keyed by their id, or one record), ``.csv`` ``.tsv`` (one document per
row), ``.pdf`` (with the ``pdf`` extra; wrapped lines joined into paragraphs)
and bibliographic exports, recognised by their content whatever their suffix
(PubMed XML, MEDLINE, RIS, BibTeX, Web of Science, PubTator, BioC XML and JSON:
see :mod:`kgraph.documents.biblio`). Records take their text, id, title, year and
journal from fields found by name (``abstract``, ``Source title``, ...) or
chosen with :class:`~kgraph.documents.biblio.Fields`; a record's document is its title
and its abstract as two paragraphs, and its metadata travels with it.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import logging
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple, Union

from ..errors import CorpusError, KGraphError, file_kind
from ..settings import DEFAULTS
from .biblio import (
    FORMATS,
    Fields,
    Record,
    Unreadable,
    normal_id,
    pick_fields,
    read_records,
    record_from_fields,
    sniff,
)
from .decoding import FALLBACK, decode, decode_noting, fallback_note, open_text
from .tables import BadRow, check_width, read_rows

__all__ = ["Corpus", "CorpusReport", "Document", "FileReport", "Source", "decode", "read_corpus",
           "html_to_text", "SUFFIXES", "paragraphs"]

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm")
EXPORT_SUFFIXES = (".xml", ".ris", ".nbib", ".medline", ".bib", ".bibtex", ".biocjson", ".pubtator")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + (".jsonl", ".json", ".csv", ".tsv", ".pdf") + EXPORT_SUFFIXES


class Document(NamedTuple):
    """A document of a corpus.

    Attributes:
        id: Document id (for files: the path relative to the corpus root,
            without suffix; for records: the PMID, DOI or id field, else
            ``path:line``).
        text: The text.
        meta: What is known about it: ``file`` (where it was read), and for
            records ``title``, ``year``, ``journal``, ``authors``,
            ``keywords``, ``doi`` where the source gives them. None for texts
            given in Python.
    """

    id: str
    text: str
    meta: dict[str, Any] | None = None


Source = Union[str, Path, Iterable[Union[str, tuple[str, str]]]]


@dataclass
class FileReport:
    """What happened to one input file.

    Attributes:
        path: The file.
        status: ``"processed"``, ``"skipped"`` (it could not be read: a
            problem, an error in strict mode) or ``"ignored"`` (left out by
            design: hidden files, README and LICENSE files).
        documents: Documents read from it.
        reason: Why it was skipped or ignored.
        problems: Records (lines, rows) that were skipped, with the reason.
        notes: What else a reader of the documents should know: text that
            was not UTF-8 and how it was decoded.
    """

    path: str
    status: str = "processed"
    documents: int = 0
    reason: str = ""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class CorpusReport:
    """Every path under the corpus, processed, skipped or ignored, with reasons."""

    files: dict[str, FileReport] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        """Counts of paths processed, skipped and ignored, documents, and skipped records."""
        files = self.files.values()
        return {"files": len(self.files), "processed": sum(f.status == "processed" for f in files),
                "skipped": sum(f.status == "skipped" for f in files),
                "ignored": sum(f.status == "ignored" for f in files),
                "documents": sum(f.documents for f in files),
                "skipped_records": sum(len(f.problems) for f in files)}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (files sorted by path)."""
        return {"summary": self.summary(),
                "files": [vars(self.files[k]) for k in sorted(self.files)]}


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "head"})
    _BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
                        "article", "title", "td", "th", "blockquote", "pre"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of an HTML page (scripts, styles and markup dropped).

    Examples:
        >>> html_to_text("<p>CAR-T <b>works</b>.</p><script>alert(1)</script><p>Next &amp; last</p>")
        'CAR-T works.\\nNext & last'
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class _Options:
    fields: Fields = Fields()
    strict: bool = False
    max_document_bytes: int = DEFAULTS.max_document_bytes


class Corpus:
    """A re-iterable collection of documents, with a report of what was read.

    Args:
        documents: An iterable that can be iterated more than once.
        description: Where the documents come from (for messages).
        report: The report that reading fills in.
    """

    def __init__(self, documents: Iterable[Document], description: str,
                 report: CorpusReport | None = None) -> None:
        self._documents = documents
        self.description = description
        self.report = report if report is not None else CorpusReport()

    def __iter__(self) -> Iterator[Document]:
        return iter(self._documents)

    def __repr__(self) -> str:
        return f"Corpus({self.description})"


class _FileDocuments:
    """Documents read from files; each pass re-reads them and refreshes the report."""

    def __init__(self, files: list[Path], root: Path, options: _Options, report: CorpusReport) -> None:
        self.files = files
        self.root = root
        self.options = options
        self.report = report
        self.ids = _file_ids(files, root)

    def __iter__(self) -> Iterator[Document]:
        seen: dict[str, str] = {}  # document id -> where it was first read
        repeats = 0
        for path in self.files:
            repeats_before = repeats
            base = self.ids[path]  # the id of its records without an id of their own: base:N
            shown = _shown(path)
            entry = FileReport(shown)
            self.report.files[shown] = entry
            try:
                for number, document in enumerate(_read_file(path, base, self.options, entry), start=1):
                    text_key = _text_key(document, base)
                    first = seen.get(document.id) or (seen.get(text_key) if text_key else None)
                    if first is not None:  # the same record exported twice (or from two databases)
                        what = (f"its id {document.id!r}" if document.id in seen else "its title and text")
                        entry.problems.append(f"document {number}: a duplicate, {what} repeat those of "
                                              f"{first} (the first is kept)")
                        repeats += 1
                        continue
                    seen[document.id] = f"document {number} of {shown}"
                    if text_key:
                        seen[text_key] = seen[document.id]
                    entry.documents += 1
                    yield document
            except KGraphError:
                raise  # strict mode
            except Exception as error:  # any failure of a format's parser skips this file only
                reason = str(error) if isinstance(error, _Skip) else _failure(path, error)
                if entry.documents:  # the file broke off after some documents: those are kept
                    reason = f"read up to document {entry.documents}, then: {reason}"
                    entry.problems.append(reason)
                    self._problem(f"Stopped reading {shown}: {reason}")
                    continue
                entry.status, entry.reason = "skipped", reason
                self._problem(f"Skipped {shown}: {reason}")
                continue
            if entry.documents == 0 and entry.status == "processed" and repeats > repeats_before:
                entry.reason = "every record in it repeats an earlier one"
            elif entry.documents == 0 and entry.status == "processed":
                entry.status, entry.reason = "skipped", "no documents in it"
                self._problem(f"Skipped {shown}: no documents in it.")
        if repeats:
            _warn_once(f"{repeats} records repeat the id (PMID, DOI, ...) or the text of an earlier record: duplicates "
                       "in an export, or the same paper from two databases; the first of each is kept "
                       "(the report lists them).")

    def _problem(self, message: str) -> None:
        if self.options.strict:
            raise CorpusError(message + " (strict mode: fix or remove the file, or leave out --strict)")
        _warn_once(message)


def _text_key(document: Document, base: str) -> str | None:
    """How a record without an id (PMID, DOI...) is known: its text, year and journal.

    Exports without ids repeat records too (the same paper from two
    databases). Records with ids are never compared by text: two papers may
    share a title (letters, errata, duplicate publications).
    """
    meta = document.meta
    if not meta or "title" not in meta:
        return None
    prefix, _, number = document.id.rpartition(":")
    if prefix != base or not number.isdigit():
        return None  # the record has an id of its own
    key = f"{document.text}\x00{meta.get('year')}\x00{meta.get('journal')}"
    return hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


class _Skip(Exception):
    """A file that cannot be read as a corpus file."""


def _failure(path: Path, error: Exception) -> str:
    """The reason to report for an unexpected error of a format's parser."""
    if isinstance(error, RecursionError):
        return "nested too deeply to read (a damaged or hostile file)"
    if isinstance(error, MemoryError):
        return "too large to read in memory"
    if path.suffix.lower() == ".pdf":
        name = type(error).__name__
        if name == "DependencyError" or "cryptography" in str(error).lower():
            return ("an encrypted PDF: reading it needs the 'cryptography' package (pip install "
                    "cryptography), and the password if it has one")
        if name == "FileNotDecryptedError":
            return "an encrypted PDF that needs a password; save an unencrypted copy"
        return f"unreadable PDF ({name}: {error})"
    return f"unreadable ({type(error).__name__}: {error})"


def _doc_id(path: Path, root: Path, *, suffix: bool = False) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return _shown((rel if suffix else rel.with_suffix("")).as_posix())


def _file_ids(files: list[Path], root: Path) -> dict[Path, str]:
    """The id of each file's document: its path without suffix, or with it where two files share that.

    ``a.txt`` and ``a.md`` are both ``a`` without their suffix; each keeps
    its own document as ``a.txt`` and ``a.md``.

    Examples:
        >>> ids = _file_ids([Path("c/a.md"), Path("c/a.txt"), Path("c/b.txt")], Path("c"))
        >>> [ids[Path(name)] for name in ("c/a.md", "c/a.txt", "c/b.txt")]
        ['a.md', 'a.txt', 'b']
    """
    stems = {path: _doc_id(path, root) for path in files}
    shared = {stem for stem, count in Counter(stems.values()).items() if count > 1}
    return {path: _doc_id(path, root, suffix=True) if stem in shared else stem for path, stem in stems.items()}


_WARNED: set[str] = set()


def _warn_once(message: str) -> None:
    """Log a warning once per process (a corpus is read in two passes)."""
    if message not in _WARNED:
        if len(_WARNED) > 100_000:
            _WARNED.clear()
        _WARNED.add(message)
        logger.warning("%s", message)


def _record_problem(entry: FileReport, message: str, options: _Options) -> None:
    entry.problems.append(message)
    if options.strict:
        raise CorpusError(f"{entry.path}, {message} (strict mode: fix the record or leave out --strict)")
    _warn_once(f"Skipped {entry.path}, {message}")


def _record(record: Any, where: str, default_id: str, entry: FileReport, options: _Options,
            picked: dict[str, str] | None = None) -> Document | None:
    """The document of a JSON object or CSV row (None, and a problem recorded, if it has no text)."""
    if not isinstance(record, dict):
        _record_problem(entry, f"{where}: expected an object, got {type(record).__name__}", options)
        return None
    if picked is None:
        picked = pick_fields(record, options.fields)
    return _document(record_from_fields(record, picked), where, default_id, entry, options, picked)


def _document(record: Record, where: str, default_id: str, entry: FileReport, options: _Options,
              picked: dict[str, str] | None = None) -> Document | None:
    """The document of a record: title and abstract, and the record's metadata."""
    text = record.text
    if not text.strip():
        if picked is not None:
            looked = (f"field {picked['text']!r}" if "text" in picked else
                      "a text field (" + ", ".join(_TEXT_NAMES) + ")")
            reason = (f"no title and no text in {looked}" if "title" in picked else f"no text in {looked}; "
                      "choose the field with --text-field")
        else:
            reason = "no title and no abstract"
        shown = f" ({record.id})" if record.id else ""
        _record_problem(entry, f"{where}{shown}: {reason}", options)
        return None
    meta = {"file": entry.path, **record.metadata()}
    return Document(_clean(normal_id(record.id)) if record.id.strip() else default_id, _clean(text),
                    _clean_meta(meta))


_TEXT_NAMES = ("text", "abstract", "contexts", "body", "content")


def _clean_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Metadata whose strings can all be stored (see :func:`_clean`)."""
    return {key: [_clean(v) for v in value] if isinstance(value, list) else
            _clean(value) if isinstance(value, str) else value for key, value in meta.items()}


def _note(entry: FileReport, message: str) -> None:
    """Something the report says of a file besides what was skipped (it is not an error in strict mode)."""
    entry.notes.append(message)
    _warn_once(f"{entry.path}: {message}.")


def _read_file(path: Path, base: str, options: _Options, entry: FileReport) -> Iterator[Document]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(path, base, options, entry)
        return
    if suffix == ".pdf":
        yield from _read_pdf(path, base, entry)
        return
    try:
        size = path.stat().st_size
    except OSError as err:
        raise _Skip(f"cannot read it ({err.strerror or err})") from err
    fmt = _export_format(path) if suffix not in (".csv", ".tsv") else None
    if fmt is not None:
        yield from _read_export(path, fmt, base, options, entry)
        return
    if suffix in EXPORT_SUFFIXES:
        expected = {".xml": "PubMed XML or BioC XML", ".ris": "RIS", ".nbib": "MEDLINE",
                    ".medline": "MEDLINE", ".bib": "BibTeX", ".bibtex": "BibTeX", ".biocjson": "BioC JSON",
                    ".pubtator": "PubTator"}[suffix]
        raise _Skip(f"its content is not {expected} (kgraph recognises exports by their first lines); "
                    "check that it is the export itself, not an error page")
    if suffix in TEXT_SUFFIXES and size > options.max_document_bytes:
        yield from _read_large_text(path, base, entry, options.max_document_bytes)
        return
    if suffix in (".csv", ".tsv"):
        yield from _read_table(path, base, options, entry)
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        raise _Skip(f"cannot read it ({err.strerror or err})") from err
    if not data.strip():
        raise _Skip("the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Skip("it looks like a binary file, not text")
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and _looks_binary(data[:65536].decode("latin-1")):  # control bytes are themselves
        raise _Skip("it looks like a binary file, not text (many control characters)")
    text, fallback = decode_noting(data)
    if fallback:
        _note(entry, f"not UTF-8: decoded as {FALLBACK}")
    if suffix in HTML_SUFFIXES:
        text = html_to_text(text)
    if suffix in TEXT_SUFFIXES + HTML_SUFFIXES:
        if not text.strip():
            raise _Skip("no text in it")
        yield Document(base, text, {"file": entry.path})
    elif suffix == ".json":
        try:
            data_json = json.loads(text)
        except json.JSONDecodeError as err:
            raise _Skip(f"not valid JSON (line {err.lineno}: {err.msg})") from err
        keyed = _keyed_records(data_json, options)
        if keyed is not None:  # {"PMID": {record}, ...}: the key is the id
            for number, (key, record) in enumerate(keyed, start=1):
                document = _record(record, f"record {number}", str(key), entry, options)
                if document:
                    yield document
            return
        records = data_json.get("documents", [data_json]) if isinstance(data_json, dict) else data_json
        if not isinstance(records, list):
            raise _Skip("expected a list of records or {\"documents\": [...]}")
        for number, record in enumerate(records, start=1):
            document = _record(record, f"record {number}", f"{base}:{number}", entry, options)
            if document:
                yield document


def _keyed_records(data: Any, options: _Options) -> list[tuple[str, dict[str, Any]]] | None:
    """The records of a JSON object that maps ids to records (PubMedQA's form), else None."""
    if not isinstance(data, dict) or "documents" in data or len(data) < 1:
        return None
    if not all(isinstance(value, dict) for value in data.values()):
        return None
    if "text" in pick_fields(data, options.fields):
        return None  # one record whose fields happen to be objects
    return list(data.items())


def _export_format(path: Path) -> str | None:
    """The bibliographic export format of a file, by its first 8 KB (None: not an export)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as err:
        raise _Skip(f"cannot read it ({err.strerror or err})") from err
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return sniff(head.decode("utf-16", "replace"))
    return sniff(head.decode("utf-8-sig", "replace"))


def _read_export(path: Path, fmt: str, base: str, options: _Options, entry: FileReport) -> Iterator[Document]:
    """The records of a bibliographic export as documents with their metadata."""
    if fmt.endswith("-xml"):  # the XML parser decodes by the file's own declaration
        try:
            opened: Any = path.open("rb")
        except OSError as err:
            raise _Skip(f"cannot read it ({err.strerror or err})") from err
        yield from _export_records(opened, fmt, base, options, entry)
        return
    with _reading(path, entry) as handle:
        yield from _export_records(handle, fmt, base, options, entry)


def _export_records(handle: Any, fmt: str, base: str, options: _Options, entry: FileReport) -> Iterator[Document]:
    with handle:
        try:
            for number, record in enumerate(read_records(handle, fmt), start=1):
                if isinstance(record, Unreadable):
                    _record_problem(entry, f"record {number} (line {record.line}): {record.reason}", options)
                    continue
                document = _document(record, f"record {number}", f"{base}:{number}", entry, options)
                if document:
                    yield document._replace(meta={**(document.meta or {}), "format": fmt})
        except ValueError as error:
            raise _Skip(f"{FORMATS[fmt]}: {error}") from error


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


def _clean(text: str) -> str:
    r"""``text`` with lone surrogates (from JSON escapes like ``\ud800``) replaced, so it can be stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def _open_text(path: Path) -> Any:
    """A streaming reader of a text file (see :func:`~kgraph.documents.decoding.open_text`).

    Raises:
        _Skip: The file cannot be opened (the reason is reported).
    """
    try:
        return open_text(path)
    except OSError as err:
        raise _Skip(f"cannot read it ({err.strerror or err})") from err


@contextmanager
def _reading(path: Path, entry: FileReport) -> Iterator[Any]:
    """:func:`_open_text`, closed at the end; the report notes lines that were not UTF-8."""
    lines = _open_text(path)
    try:
        with lines:
            yield lines
    finally:
        note = fallback_note(lines)
        if note:
            _note(entry, note)


def _read_table(path: Path, base: str, options: _Options, entry: FileReport) -> Iterator[Document]:
    """Stream a CSV or TSV file row by row (Scopus CSV exports among them); see :mod:`.tables`.

    A row the csv module cannot read (a quote not closed) is skipped and
    reported, and the rows after it are read as themselves. A row with
    more or fewer fields than the header is read (real Scopus exports add
    a field for each further funding text) and the report notes it.
    """
    uneven: dict[str, list[int]] = {}  # what is wrong with a row's width -> its lines
    try:
        yield from _table_rows(path, base, options, entry, uneven)
    finally:
        for problem, lines in uneven.items():
            shown = ", ".join(map(str, lines[:5])) + (", ..." if len(lines) > 5 else "")
            _note(entry, f"{len(lines)} row{'s' if len(lines) > 1 else ''} (line{'s' if len(lines) > 1 else ''} "
                         f"{shown}) {problem}")


def _table_rows(path: Path, base: str, options: _Options, entry: FileReport,
                uneven: dict[str, list[int]]) -> Iterator[Document]:
    with _reading(path, entry) as lines:
        columns: list[str] | None = None
        picked: dict[str, str] = {}
        for row in read_rows(lines, delimiter="\t" if path.suffix.lower() == ".tsv" else ","):
            if isinstance(row, BadRow):
                if columns is None:
                    raise _Skip(f"line {row.line}: the header cannot be read: {row.reason}")
                _record_problem(entry, f"line {row.line}: {row.reason}", options)
                continue
            if columns is None:
                columns = row.fields
                picked = pick_fields(columns, options.fields)
                if picked.get("text") not in columns:
                    wanted = (repr(picked["text"]) if "text" in picked else
                              "with the text (" + ", ".join(_TEXT_NAMES) + ")")
                    raise _Skip(f"no column {wanted} (columns: {', '.join(columns)}); choose one with "
                                "--text-field")
                continue
            problem = check_width(row.fields, columns)
            if problem:
                uneven.setdefault(problem, []).append(row.line)
            document = _record(dict(zip(columns, row.fields)), f"line {row.line}", f"{base}:{row.line}", entry,
                               options, picked)
            if document:
                yield document


def _read_large_text(path: Path, base: str, entry: FileReport, max_bytes: int) -> Iterator[Document]:
    """Stream a very large text file as parts of about ``max_bytes``, cut at blank lines."""
    part: list[str] = []
    size = 0
    number = 0
    with _reading(path, entry) as lines:
        for line in lines:
            part.append(line)
            size += len(line)
            if size >= max_bytes and not line.strip():
                number += 1
                yield Document(f"{base}#part-{number}", "".join(part), {"file": entry.path})
                part, size = [], 0
        if "".join(part).strip():
            number += 1
            yield Document(f"{base}#part-{number}", "".join(part), {"file": entry.path})


def _read_jsonl(path: Path, base: str, options: _Options, entry: FileReport) -> Iterator[Document]:
    """Stream a JSON-lines file line by line (a file of any size)."""
    with _reading(path, entry) as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                _record_problem(entry, f"line {number}: not valid JSON ({err.msg})", options)
                continue
            except RecursionError:
                _record_problem(entry, f"line {number}: nested too deeply to read", options)
                continue
            document = _record(record, f"line {number}", f"{base}:{number}", entry, options)
            if document:
                yield document


def _read_pdf(path: Path, base: str, entry: FileReport) -> Iterator[Document]:
    try:
        from pypdf import PdfReader
    except ImportError as err:
        raise _Skip("PDF needs the pdf extra: pip install 'kgraph[pdf]'") from err
    reader = PdfReader(str(path))  # any error of pypdf's skips the file (see _failure)
    text = paragraphs("\n".join(page.extract_text() or "" for page in reader.pages))
    if not text.strip():
        raise _Skip("no text in the PDF (a scanned image needs OCR first)")
    yield Document(base, text, {"file": entry.path})


_END = ".!?:;)]\"\u201d"


def paragraphs(text: str) -> str:
    r"""Text extracted from a PDF with its wrapped lines joined into paragraphs.

    PDF text comes one printed line at a time; every line break would end a
    sentence. A line joins the next unless a blank line follows it, or it
    ends a sentence well short of the usual line length (the last line of a
    paragraph), or it is a short line without final punctuation (a heading).
    A word hyphenated at the line end is joined when its second part is in
    lower case (``thera-`` + ``py``); other hyphens are kept (``CAR-`` + ``T``).

    Examples:
        >>> page = ("Radiotherapy can induce the abscopal effect in distant\n"
        ...         "lesions, and cancer stem cells resist thera-\n"
        ...         "py in many tumours of the brain and lung.\n"
        ...         "Methods\n"
        ...         "We treated mice with CAR-\n"
        ...         "T cells.")
        >>> print(paragraphs(page))
        Radiotherapy can induce the abscopal effect in distant lesions, and cancer stem cells resist therapy in many tumours of the brain and lung.
        Methods
        We treated mice with CAR-T cells.
    """
    lines = [line.strip() for line in text.splitlines()]
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    usual = lengths[int(len(lengths) * 0.75)] if lengths else 80
    out: list[str] = []
    current = ""
    for index, line in enumerate(lines):
        if not line:
            if current:
                out.append(current)
                current = ""
            continue
        if not current:
            current = line
        elif current.endswith("-") and len(current) > 1 and current[-2].isalpha() and line[:1].islower():
            current = current[:-1] + line  # a word hyphenated at the line end
        elif current.endswith("-") and len(current) > 1 and current[-2].isalnum():
            current = current + line  # a real hyphen at the line end: CAR-T
        else:
            current = f"{current} {line}"
        following = lines[index + 1] if index + 1 < len(lines) else ""
        short = len(line) < usual * 0.8
        heading = short and not line.endswith((",", "-")) and (
            not following or following[:1].isupper() or following[:1].isdigit())
        last_line = short and line.endswith(tuple(_END))
        if heading or last_line:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return "\n".join(out)


_METADATA_STEMS = ("readme", "license", "licence", "changelog", "copying")


def _is_metadata(path: Path) -> bool:
    """README, LICENSE and similar files describe a corpus; they are not part of it."""
    return path.stem.lower().startswith(_METADATA_STEMS)


def _shown(path: Path | str) -> str:
    r"""A path as text that can be printed and written as UTF-8 (undecodable bytes of a name as ``\xe9``).

    Two names that differ only in such bytes stay two names (two documents, two report entries).

    Examples:
        >>> print(_shown(Path("caf\udce9.txt")), _shown(Path("caf\udce8.txt")))
        caf\xe9.txt caf\xe8.txt
    """
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _walk(root: Path, report: CorpusReport) -> list[Path]:
    """The corpus files under ``root``, sorted; every other path goes to ``report`` with the reason.

    Links are followed (to files, and to folders once each: a link loop is
    reported, not walked forever); hidden files and folders and files that
    describe the corpus are ignored; unreadable folders, broken links,
    special files (pipes, devices, sockets) and unsupported types are skipped.
    """
    files: list[Path] = []

    def note(path: Path | str, status: str, reason: str) -> None:
        report.files[_shown(path)] = FileReport(_shown(path), status, 0, reason)

    def unreadable(error: OSError) -> None:
        note(error.filename, "skipped", f"cannot open the folder ({error.strerror or error})")

    seen: set[tuple[int, int]] = set()
    for folder, subfolders, names in os.walk(root, onerror=unreadable, followlinks=True):
        here = Path(folder)
        try:
            info = here.stat()
        except OSError as error:
            note(here, "skipped", f"cannot open the folder ({error.strerror or error})")
            subfolders[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:  # reached again through a link
            note(here, "ignored", "a link to a folder that is read already (a link loop, or a second link)")
            subfolders[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        for name in list(subfolders):
            if name.startswith("."):
                note(here / name, "ignored", "a hidden folder")
                subfolders.remove(name)
        subfolders.sort()
        for name in sorted(names):
            path = here / name
            if name.startswith("."):
                note(path, "ignored", "a hidden file")
                continue
            try:
                mode = path.stat().st_mode
            except OSError as error:
                if path.is_symlink():
                    target = os.readlink(path)
                    reason = ("a link loop" if error.errno == errno.ELOOP else
                              f"a broken link (to {_shown(target)}, which does not exist)")
                else:
                    reason = f"cannot read it ({error.strerror or error})"
                note(path, "skipped", reason)
                continue
            if not stat.S_ISREG(mode):
                note(path, "skipped", f"{file_kind(mode)}, not a file kgraph can read")
            elif _is_metadata(path):
                note(path, "ignored", "describes the corpus (README, LICENSE...)")
            elif path.suffix.lower() not in SUFFIXES:
                note(path, "skipped", f"unsupported file type {path.suffix or '(none)'!r}")
            else:
                files.append(path)
    return sorted(files)


def read_corpus(source: Source, *, text_field: str | None = None, id_field: str | None = None,
                strict: bool = False, fields: Fields | None = None,
                max_document_bytes: int = DEFAULTS.max_document_bytes) -> Corpus:
    """Turn a directory, a file or an iterable of texts into a corpus.

    Args:
        source: A directory (every supported file in it, recursively, in
            sorted order, links followed; hidden files and README, LICENSE
            or CHANGELOG files are ignored; every other path is reported),
            one file, or an iterable of texts or
            ``(doc_id, text)`` pairs. A one-shot iterator is read once into
            memory so the corpus can be iterated again; a pair that repeats
            an earlier one (same id, same text) is counted once, as the
            store does.
        text_field: Field (JSON) or column (CSV) holding the text (None: the
            first of ``text``, ``abstract``, ``contexts``, ... present).
        id_field: Field or column holding the document id (None: ``id``,
            ``pmid``, ``doi``, ... if present).
        strict: Raise on the first skipped path, file or record instead of
            skipping it with a warning.
        fields: Which fields hold the title, year and journal (and text and
            id, overridden by ``text_field`` and ``id_field``); by default
            they are found by their names.
        max_document_bytes: Text files larger than this are streamed in
            parts of about this size (see :class:`~kgraph.settings.Settings`).

    Returns:
        The corpus; its ``report`` fills in as it is read.

    Raises:
        CorpusError: The path does not exist, a directory holds no supported
            file, an item of the iterable is not a text, or (``strict``) a
            path under the directory cannot be read.

    Examples:
        >>> [d.id for d in read_corpus(["CSCs resist.", ("paper-2", "TME matters.")])]
        ['text-1', 'paper-2']
    """
    chosen = fields or Fields()
    chosen = Fields(text_field or chosen.text, id_field or chosen.id, chosen.title, chosen.year, chosen.journal)
    options = _Options(chosen, strict, max_document_bytes)
    report = CorpusReport()
    if isinstance(source, (str, Path)) and not (isinstance(source, str) and "\n" in source):
        path = Path(source)
        if path.is_dir():
            files = _walk(path, report)
            if options.strict:
                skipped = [entry for entry in report.files.values() if entry.status == "skipped"]
                if skipped:
                    raise CorpusError(f"Skipped {skipped[0].path}: {skipped[0].reason} (strict mode: "
                                      f"{len(skipped)} paths skipped in all; fix or remove them, or leave "
                                      "out --strict)")
            if not files:
                raise CorpusError(f"No {', '.join(SUFFIXES)} files in directory {path}; point kgraph "
                                  "at a folder of documents or at a single file.")
            return Corpus(_FileDocuments(files, path, options, report), f"{len(files)} files in {path}",
                          report)
        if path.is_file():
            return Corpus(_FileDocuments([path], path.parent, options, report), str(path), report)
        if path.exists():  # a pipe or a device would be read forever
            raise CorpusError(f"{path} is {file_kind(path.stat().st_mode)}, not a file or a folder kgraph can "
                              "read. Give a directory, a file, or a list of texts.")
        raise CorpusError(f"{path} does not exist. Give a directory, a file, or a list of texts.")
    if isinstance(source, (str, bytes)):
        raise CorpusError("Got a single text; pass a list of texts, e.g. build([text]).")
    documents = []
    seen: set[tuple[str, str]] = set()
    number = 0
    for number, item in enumerate(source, start=1):
        if isinstance(item, str):
            document = Document(f"text-{number}", item)
        elif isinstance(item, tuple) and len(item) == 2 and all(isinstance(x, str) for x in item):
            document = Document(item[0], item[1])
        else:
            raise CorpusError(f"Item {number} of the corpus is a {type(item).__name__}; expected a "
                              "text or a (doc_id, text) pair.")
        if (document.id, document.text) not in seen:  # the same input twice counts once, stored or not
            seen.add((document.id, document.text))
            documents.append(document)
    if len(documents) < number:
        logger.warning("%d of the %d texts repeat an earlier (doc_id, text) pair; each is counted once.",
                       number - len(documents), number)
    return Corpus(documents, f"{len(documents)} texts", report)
