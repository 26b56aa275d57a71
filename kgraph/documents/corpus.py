"""Reading a corpus: directories, files, or texts given in Python.

:func:`read_corpus` turns any supported source into a re-iterable
:class:`Corpus` of :class:`Document` (id, text) pairs. Files are read lazily,
one at a time, each time the corpus is iterated; JSON lines are streamed line
by line. Every input file ends up in the corpus's :class:`CorpusReport` as
processed or skipped, with the reason: nothing is lost silently. With
``strict=True`` the first problem raises :class:`~kgraph.errors.CorpusError`.
A record read twice (the same paper in two exports) is kept once.

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

Where the work is done: :mod:`~kgraph.documents.walk` lists a folder's
files, :mod:`~kgraph.documents.readers` picks each file's reader by its
suffix (the readers are in :mod:`~kgraph.documents.plain`,
:mod:`~kgraph.documents.records` and :mod:`~kgraph.documents.exports`), and
:mod:`~kgraph.documents.cleanup` cleans the text they find.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Union

from ..errors import CorpusError, KGraphError, file_kind
from ..settings import DEFAULTS
from .biblio import Fields
from .cleanup import html_to_text, paragraphs
from .decoding import decode
from .document import CorpusReport, Document, FileReport
from .readers import failure, read_file, suffixes
from .reading import ReadOptions, Skip, strict_error, warn_once
from .walk import file_ids, shown, walk

__all__ = ["Corpus", "CorpusReport", "Document", "FileReport", "Source", "decode", "read_corpus",
           "html_to_text", "SUFFIXES", "paragraphs"]

logger = logging.getLogger(__name__)

SUFFIXES = suffixes()
"""The suffixes of the files kgraph reads (see :mod:`kgraph.documents.readers`)."""

Source = Union[str, Path, Iterable[Union[str, tuple[str, str]]]]


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

    def __init__(self, files: list[Path], root: Path, options: ReadOptions, report: CorpusReport) -> None:
        self.files = files
        self.root = root
        self.options = options
        self.report = report
        self.ids = file_ids(files, root)

    def __iter__(self) -> Iterator[Document]:
        seen: dict[str, str] = {}  # document id -> where it was first read
        repeats = 0
        for path in self.files:
            repeats_before = repeats
            base = self.ids[path]  # the id of its records without an id of their own: base:N
            name = shown(path)
            entry = FileReport(name)
            self.report.files[name] = entry
            try:
                for number, document in enumerate(read_file(path, base, self.options, entry), start=1):
                    text_key = _text_key(document, base)
                    first = seen.get(document.id) or (seen.get(text_key) if text_key else None)
                    if first is not None:  # the same record exported twice (or from two databases)
                        what = (f"its id {document.id!r}" if document.id in seen else "its title and text")
                        entry.problems.append(f"document {number}: a duplicate, {what} repeat those of "
                                              f"{first} (the first is kept)")
                        repeats += 1
                        continue
                    seen[document.id] = f"document {number} of {name}"
                    if text_key:
                        seen[text_key] = seen[document.id]
                    entry.documents += 1
                    yield document
            except KGraphError:
                raise  # strict mode
            except Exception as error:  # any failure of a format's parser skips this file only
                reason = str(error) if isinstance(error, Skip) else failure(path, error)
                if entry.documents:  # the file broke off after some documents: those are kept
                    reason = f"read up to document {entry.documents}, then: {reason}"
                    entry.problems.append(reason)
                    self._problem(f"Stopped reading {name}: {reason}")
                    continue
                entry.status, entry.reason = "skipped", reason
                self._problem(f"Skipped {name}: {reason}")
                continue
            if entry.documents == 0 and entry.status == "processed" and repeats > repeats_before:
                entry.reason = "every record in it repeats an earlier one"
            elif entry.documents == 0 and entry.status == "processed":
                entry.status, entry.reason = "skipped", "no documents in it"
                self._problem(f"Skipped {name}: no documents in it.")
        if repeats:
            warn_once(f"{repeats} records repeat the id (PMID, DOI, ...) or the text of an earlier record: duplicates "
                      "in an export, or the same paper from two databases; the first of each is kept "
                      "(the report lists them).")

    def _problem(self, message: str) -> None:
        if self.options.strict:
            raise strict_error(message, "fix or remove the file")
        warn_once(message)


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
    options = ReadOptions(chosen, strict, max_document_bytes)
    report = CorpusReport()
    if isinstance(source, (str, Path)) and not (isinstance(source, str) and "\n" in source):
        path = Path(source)
        if path.is_dir():
            files = walk(path, report, suffixes())
            if options.strict:
                skipped = [entry for entry in report.files.values() if entry.status == "skipped"]
                if skipped:
                    raise strict_error(f"Skipped {skipped[0].path}: {skipped[0].reason}",
                                       f"{len(skipped)} paths skipped in all; fix or remove them")
            if not files:
                raise CorpusError(f"No {', '.join(suffixes())} files in directory {path}; point kgraph "
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
