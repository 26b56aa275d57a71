"""The build store: documents, their surveys and extractions, and the counts, in SQLite.

A build keeps everything it learns in one SQLite file (nothing to install or
start), so that a later build can add documents without reprocessing the old
ones (``kgraph build CORPUS --update``, ``kg.add(documents)``) and an
interrupted build picks up where it stopped. Each document is stored once
(identified by a hash of its id and text) with:

* its text (compressed), to re-extract it if corpus-wide facts change and to
  cut evidence sentences from;
* its pass-1 survey (:class:`~kgraph.concepts.survey.DocumentSurvey`, JSON);
* its extraction (sentences and mentions, JSON), once pass 2 has run;
* whether its extraction is included in the stored counts;
* its metadata (title, year, journal, ..., JSON).

The co-occurrence counts and the evidence sample live in tables of their own
and are rewritten at the end of each build. Batches are committed as they
are done; the counts are committed together with the flags that say which
documents they include, so the store is consistent after any interruption.
Nothing is pickled: every value is JSON or plain SQL.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from filelock import FileLock, Timeout

from ..concepts.lexicon import Concept
from ..concepts.survey import (
    CorpusSurvey,
    DocumentSurvey,
    abbreviations_from_json,
    concept_from_json,
    concept_to_json,
)
from ..documents.corpus import Document
from ..errors import StoreError
from ..extraction import DocExtraction
from ..graph.cooccur import CooccurrenceCounts, SentenceRecord
from ..text.abbreviations import Abbreviation

__all__ = [
    "STORE_VERSION",
    "Pending",
    "Store",
    "digest",
    "pack_extraction",
    "pack_json",
    "pack_text",
    "remove_store_files",
    "unpack_extraction",
]

logger = logging.getLogger(__name__)

STORE_VERSION = 4
LOCK_TIMEOUT = 60.0
"""Seconds SQLite waits for a busy database (a reader of a store that a build is writing)."""
APPLICATION_ID = 0x6B677266  # "kgrf" in the SQLite header: a kgraph store even when damaged
_OFFSET = 1 << 63  # evidence ranks are unsigned 64-bit; SQLite integers are signed

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    row INTEGER PRIMARY KEY, digest BLOB NOT NULL UNIQUE, doc_id TEXT NOT NULL, text BLOB NOT NULL,
    survey BLOB NOT NULL, extraction BLOB, counted INTEGER NOT NULL DEFAULT 0,
    run INTEGER NOT NULL DEFAULT 0, meta TEXT);
CREATE INDEX IF NOT EXISTS pending ON documents (extraction) WHERE extraction IS NULL;
CREATE TABLE IF NOT EXISTS concepts (concept TEXT PRIMARY KEY, mentions INTEGER, sentences INTEGER,
    documents INTEGER);
CREATE TABLE IF NOT EXISTS forms (concept TEXT, form TEXT, source TEXT, n INTEGER,
    PRIMARY KEY (concept, form, source));
CREATE TABLE IF NOT EXISTS pairs (a TEXT, b TEXT, sentences INTEGER, documents INTEGER,
    PRIMARY KEY (a, b));
CREATE TABLE IF NOT EXISTS records (id INTEGER PRIMARY KEY, doc TEXT, start INTEGER, text TEXT,
    spans TEXT);
CREATE TABLE IF NOT EXISTS evidence (a TEXT, b TEXT, rank INTEGER, record INTEGER);
CREATE TABLE IF NOT EXISTS doc_info (doc TEXT PRIMARY KEY, info TEXT);
CREATE TABLE IF NOT EXISTS strata (year INTEGER, journal TEXT, documents INTEGER, sentences INTEGER);
CREATE TABLE IF NOT EXISTS concept_strata (concept TEXT, year INTEGER, journal TEXT, mentions INTEGER,
    sentences INTEGER, documents INTEGER);
CREATE TABLE IF NOT EXISTS pair_strata (a TEXT, b TEXT, year INTEGER, journal TEXT, sentences INTEGER,
    documents INTEGER);
"""
_COUNT_TABLES = ("concepts", "forms", "pairs", "records", "evidence", "doc_info", "strata", "concept_strata",
                 "pair_strata")


def remove_store_files(path: str | Path) -> None:
    """Delete a store file and SQLite's files beside it (journal, shared memory)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def digest(document: Document) -> bytes:
    """The identity of a document in the store: a hash of its id and text."""
    return hashlib.blake2b(f"{document.id}\x00{document.text}".encode(), digest_size=16).digest()


def pack_text(text: str) -> bytes:
    """A text compressed for the store."""
    return zlib.compress(text.encode(), 1)


def pack_json(value: Any) -> bytes:
    """A JSON value compressed for the store (:func:`unpack_json` reverses it)."""
    return zlib.compress(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode(), 1)


def unpack_json(blob: bytes) -> Any:
    """The value of :func:`pack_json` output."""
    return json.loads(zlib.decompress(blob))


def pack_extraction(extraction: DocExtraction) -> bytes:
    """A document's sentences, mentions and discovered concepts, compact (no text; see
    :meth:`~kgraph.extraction.DocExtraction.to_json`)."""
    return pack_json(extraction.to_json())


def unpack_extraction(blob: bytes, doc_id: str, text: str, meta: dict[str, Any] | None = None) -> DocExtraction:
    """The :class:`~kgraph.extraction.DocExtraction` of :func:`pack_extraction` output (mentions whole)."""
    return DocExtraction.from_json(unpack_json(blob), doc_id, text, meta)


class Pending(NamedTuple):
    """The key of a stored document that pass 2 is to extract (:meth:`Store.pending`).

    Attributes:
        row: Its row in the store.
        abbreviations: The abbreviation definitions pass 1 found in its text
            (:attr:`~kgraph.concepts.survey.DocumentSurvey.abbreviations`), or
            None when its survey does not hold them.
    """

    row: int
    abbreviations: list[Abbreviation] | None


class Store:
    """A build store in one SQLite file.

    Args:
        path: The file (created if missing); ``":memory:"`` for a store that
            lives as long as this object.
        settings: The build settings that stored results depend on (lexicon,
            discovery, evidence per edge, ...).
        reset: Start from an empty store when ``settings`` differ from the
            stored ones; otherwise that is an error.

    Raises:
        StoreError: The file is not a kgraph store, is from another version,
            or was built with other settings (and ``reset`` is False).

    Examples:
        >>> store = Store(":memory:", {"max_evidence": 5})
        >>> doc = Document("d1", "Radiotherapy and CSCs.")
        >>> store.add_documents([(digest(doc), doc.id, pack_text(doc.text), pack_json(
        ...     {"definitions": [], "terms": [], "drugs": []}), None)])
        1
        >>> len(store), store.pending_count(), list(store.known([digest(doc)]).values())
        (1, 1, [1])
        >>> Store(":memory:", {"max_evidence": 5}).get("state") is None
        True
    """

    def __init__(self, path: str | Path, settings: dict[str, Any], *, reset: bool = False,
                 wait: float = 0.0) -> None:
        self.path = str(path)
        self._lock: FileLock | None = None
        if self.path != ":memory:":
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"Cannot create the folder of the store {self.path} ({error}); give "
                                 "another --store path.") from error
            self._lock = self._hold(wait)
        try:
            self._open(settings, reset=reset)
        except BaseException:
            self.close()
            raise

    # Opening: one build at a time, and only files that are kgraph stores -----------------------

    def _hold(self, wait: float) -> FileLock:
        """Take the store for this build (its lock file), waiting at most ``wait`` seconds."""
        lock = FileLock(self.path + ".lock", timeout=wait)
        try:
            lock.acquire()
        except Timeout:
            raise StoreError(f"The store {self.path} is in use by another build ({self._holder()}). "
                             "Wait for it to finish (or pass --wait SECONDS), or give another --store "
                             "path.") from None
        except OSError as error:
            raise StoreError(f"Cannot lock the store {self.path} ({error}); check that its folder "
                             "is writable, or give another --store path.") from error
        return lock

    def _holder(self) -> str:
        """Who holds the store, as its holder recorded it (best effort: the store may be busy)."""
        try:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=1.0)
            try:
                row = db.execute("SELECT value FROM meta WHERE name = 'holder'").fetchone()
            finally:
                db.close()
            holder = json.loads(row[0])
            return (f"process {holder['pid']} on {holder['host']}, started {holder['started']}: "
                    f"{holder['command']}")
        except (sqlite3.Error, TypeError, KeyError, ValueError):
            return "its details are not readable yet"

    def _open(self, settings: dict[str, Any], *, reset: bool) -> None:
        file = Path(self.path)
        if file.is_dir():
            raise StoreError(f"The store {self.path} is a folder; give the path of a file (for example "
                             f"{file / 'kgraph.db'}) as --store.")
        fresh = self.path == ":memory:" or not file.exists() or file.stat().st_size == 0
        header = b""
        if fresh and not reset and self.path != ":memory:":
            what = "is an empty file" if file.exists() else "does not exist"
            raise StoreError(f"{self.path} {what}, so it holds no earlier build to add to. Build "
                             "without --update first (or give the --store of an earlier build).")
        if not fresh:
            try:
                with file.open("rb") as handle:
                    header = handle.read(100)
            except OSError as error:
                raise StoreError(f"Cannot read the store {self.path} ({error.strerror or error}); check "
                                 "its permissions, or give another --store path.") from error
            if header[:16] != b"SQLite format 3\x00":
                raise StoreError(f"{self.path} is not a kgraph store (not an SQLite database); kgraph "
                                 "never overwrites a file it did not make. Give another --store path.")
        ours = int.from_bytes(header[68:72], "big") == APPLICATION_ID
        self._db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT)
        try:
            damage = None if fresh else self._check()
        except sqlite3.DatabaseError as error:
            if not ours:
                raise StoreError(f"{self.path} cannot be read as a kgraph store ({error}). If it is one, "
                                 "it is damaged: delete it and build again without --update.") from error
            damage = str(error)
        if damage is not None:
            if not reset:
                raise StoreError(f"The store {self.path} is damaged ({damage}). Build again without "
                                 "--update (the store is then made anew from the corpus).")
            logger.warning("The store %s is damaged (%s); starting a new one.", self.path, damage)
            self._db.close()
            remove_store_files(self.path)
            self._db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        tables = self._tables()
        version = self._meta("store_version") if "meta" in tables else None
        if version is not None and version != STORE_VERSION and reset:
            self._drop_tables()  # a store of another version, to be rebuilt: start over
            version = None
        if version is None:
            # The tables and the version that marks them as kgraph's: one transaction, so that a
            # kill leaves either nothing or a store.
            version_row = json.dumps(STORE_VERSION)
            self._db.executescript(f"PRAGMA application_id = {APPLICATION_ID}; BEGIN; {_SCHEMA} "
                                   f"INSERT OR REPLACE INTO meta VALUES ('store_version', '{version_row}'); "
                                   "COMMIT;")
        elif version != STORE_VERSION:
            raise StoreError(f"{self.path} is a kgraph store of version {version}; this kgraph uses "
                             f"version {STORE_VERSION}. Rebuild without --update (the store is then "
                             "replaced).", )
        else:  # tables that a later version of the same schema added; the mark of older stores
            self._db.executescript(f"{_SCHEMA} PRAGMA application_id = {APPLICATION_ID};")
        stored = self._meta("settings")
        if stored is not None and stored != settings:
            changed = sorted(k for k in {*stored, *settings} if stored.get(k) != settings.get(k))
            if not reset:
                raise StoreError(f"{self.path} was built with other settings ({', '.join(changed)} "
                                 "differ). Build without --update to rebuild it with these settings.")
            self.clear()
        self._set_meta("settings", settings)
        self.run = int(self._meta("runs") or 0) + 1
        self._set_meta("runs", self.run)
        self._set_meta("holder", {"pid": os.getpid(), "host": socket.gethostname(),
                                  "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                                  "command": " ".join(sys.argv) or "python"})

    def _check(self) -> str | None:
        """Why an existing file is not a sound kgraph store (None if it is one).

        Raises:
            StoreError: An SQLite database that kgraph did not make.
        """
        tables = self._tables()
        if tables and ("meta" not in tables or self._db.execute(
                "SELECT 1 FROM meta WHERE name = 'store_version'").fetchone() is None):
            raise StoreError(f"{self.path} is an SQLite database that kgraph did not make (tables: "
                             f"{', '.join(sorted(tables))}); kgraph never overwrites it. Give another "
                             "--store path.")
        problems = [row[0] for row in self._db.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            return "; ".join(problems[:3])
        return None

    def _tables(self) -> set[str]:
        return {name for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def _drop_tables(self) -> None:
        with self._db:
            for table in self._tables():
                self._db.execute(f'DROP TABLE IF EXISTS "{table}"')

    def close(self) -> None:
        """Close the database and let other builds take the store."""
        db = getattr(self, "_db", None)
        if db is not None:
            if self._lock is not None:
                try:
                    with db:
                        db.execute("DELETE FROM meta WHERE name = 'holder'")
                except sqlite3.Error:
                    pass  # a store that failed to open, or a full disk: the holder entry is harmless
            db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def clear(self) -> None:
        """Remove every document and count."""
        with self._db:
            for table in ("documents", *_COUNT_TABLES):
                self._db.execute(f"DELETE FROM {table}")
            self._db.execute("DELETE FROM meta WHERE name NOT IN ('store_version', 'runs')")

    def _meta(self, name: str) -> Any:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        try:
            return json.loads(row[0])
        except (TypeError, ValueError) as error:
            raise self._damaged(f"its {name!r} entry", error) from error

    def _damaged(self, what: str, error: BaseException) -> StoreError:
        """The error for a stored value that cannot be read back."""
        return StoreError(f"The store {self.path} is damaged ({what} cannot be read: {error!r}). Delete "
                          "it and build again without --update (the corpus is read again).")

    def _set_meta(self, name: str, value: Any) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, json.dumps(value)))

    def get(self, name: str) -> Any:
        """A stored JSON value (None if missing)."""
        return self._meta(name)

    # Documents -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def known(self, digests: list[bytes]) -> dict[bytes, int]:
        """Digest -> row of the documents already stored, marked as seen by this run."""
        found: dict[bytes, int] = {}
        for start in range(0, len(digests), 500):
            chunk = digests[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(
                f"SELECT digest, row FROM documents WHERE digest IN ({marks})", chunk))
        if found:
            with self._db:
                self._db.executemany("UPDATE documents SET run = ? WHERE row = ?",
                                     [(self.run, row) for row in found.values()])
        return found

    def add_documents(self, rows: Iterable[tuple[bytes, str, bytes, bytes, str | None]]) -> int:
        """Store new documents: ``(digest, doc id, packed text, packed survey, metadata JSON)`` (one transaction).

        Returns:
            How many were new (a digest already stored is skipped).
        """
        with self._db:
            before = self._db.total_changes
            self._db.executemany("INSERT OR IGNORE INTO documents (digest, doc_id, text, survey, run, meta) "
                                 "VALUES (?, ?, ?, ?, ?, ?)",
                                 [(key, doc_id, text, survey, self.run, meta)
                                  for key, doc_id, text, survey, meta in rows])
            return self._db.total_changes - before

    def survey(self) -> CorpusSurvey:
        """The pass-1 statistics of every stored document, added up."""
        total = CorpusSurvey()
        for row, doc_id, blob in self._db.execute("SELECT row, doc_id, survey FROM documents ORDER BY row"):
            try:
                survey = DocumentSurvey.from_json(unpack_json(blob))
            except Exception as error:  # any damage to the blob: zlib, JSON or shape
                raise self._damaged(f"the survey of document {doc_id!r} (row {row})", error) from error
            total.add(survey, doc_id)
        return total

    def _text(self, row: int, doc_id: str, blob: bytes) -> str:
        try:
            return zlib.decompress(blob).decode()
        except Exception as error:
            raise self._damaged(f"the text of document {doc_id!r} (row {row})", error) from error

    def _doc_meta(self, row: int, doc_id: str, meta: str | None) -> dict[str, Any] | None:
        if meta is None:
            return None
        try:
            value = json.loads(meta)
        except ValueError as error:
            raise self._damaged(f"the metadata of document {doc_id!r} (row {row})", error) from error
        if not isinstance(value, dict):
            raise self._damaged(f"the metadata of document {doc_id!r} (row {row})", TypeError(type(value)))
        return value

    def remove_unseen(self) -> int:
        """Remove the documents this run has not seen (and the counts, if they included any).

        Returns:
            How many were removed.
        """
        with self._db:
            counted = self._db.execute("SELECT count(*) FROM documents WHERE run != ? AND counted = 1",
                                       (self.run,)).fetchone()[0]
            removed = self._db.execute("DELETE FROM documents WHERE run != ?", (self.run,)).rowcount
            if counted:
                self._drop_counts()
        return removed

    def _drop_counts(self) -> None:
        """Forget the stored counts (inside the caller's transaction); every extraction is uncounted.

        The stored counts always add up exactly the extractions marked as
        counted: whatever removes or redoes a counted extraction drops the
        counts in the same transaction, so a build killed at any moment
        leaves a store whose counts a rerun can trust.
        """
        for table in _COUNT_TABLES:
            self._db.execute(f"DELETE FROM {table}")
        self._db.execute("DELETE FROM meta WHERE name IN ('counts', 'discovered')")
        self._db.execute("UPDATE documents SET counted = 0 WHERE counted = 1")

    def texts(self) -> Iterator[tuple[int, str]]:
        """``(row, text)`` of the documents with an extraction, in store order."""
        query = "SELECT row, doc_id, text FROM documents WHERE extraction IS NOT NULL ORDER BY row"
        for row, doc_id, blob in self._db.execute(query):
            yield row, self._text(row, doc_id, blob)

    def pending(self) -> Iterator[tuple[Pending, Document]]:
        """``(key, document)`` of the documents still to extract, in store order.

        The key holds the row and the abbreviations that pass 1 found in the
        text (from the stored survey), so that pass 2 need not look for them again.
        """
        query = ("SELECT row, doc_id, text, meta, survey FROM documents WHERE extraction IS NULL AND row > ? "
                 "ORDER BY row LIMIT 128")
        last = 0
        # Pages: the table changes meanwhile; small ones, as a document may be a part of a huge file.
        while page := self._db.execute(query, (last,)).fetchall():
            for row, doc_id, blob, meta, survey in page:
                yield (Pending(row, self._abbreviations(row, doc_id, survey)),
                       Document(doc_id, self._text(row, doc_id, blob), self._doc_meta(row, doc_id, meta)))
            last = page[-1][0]

    def _abbreviations(self, row: int, doc_id: str, survey: bytes) -> list[Abbreviation] | None:
        try:
            return abbreviations_from_json(unpack_json(survey))
        except Exception as error:
            raise self._damaged(f"the survey of document {doc_id!r} (row {row})", error) from error

    def pending_count(self) -> int:
        """How many documents are still to extract."""
        return self._db.execute("SELECT count(*) FROM documents WHERE extraction IS NULL").fetchone()[0]

    def set_state(self, state: dict[str, Any]) -> None:
        """Record the corpus-wide state (abbreviations, terms) that extractions are made under."""
        self._set_meta("state", state)

    def forget_extractions(self, rows: Iterable[int]) -> None:
        """Drop the extractions of ``rows`` (to redo them), and the counts if they included any."""
        rows = list(rows)
        with self._db:
            counted = 0
            for start in range(0, len(rows), 500):
                chunk = rows[start:start + 500]
                counted += self._db.execute(
                    f"SELECT count(*) FROM documents WHERE counted = 1 AND row IN ({','.join('?' * len(chunk))})",
                    chunk).fetchone()[0]
            self._db.executemany("UPDATE documents SET extraction = NULL, counted = 0 WHERE row = ?",
                                 [(row,) for row in rows])
            if counted:
                self._drop_counts()

    def save_extractions(self, rows: Iterable[tuple[int, bytes]]) -> None:
        """Store packed extractions, ``(row, packed extraction)`` (one transaction)."""
        with self._db:
            self._db.executemany("UPDATE documents SET extraction = ? WHERE row = ?",
                                 [(blob, row) for row, blob in rows])

    def extractions(self, *, counted: bool | None = None) -> Iterator[DocExtraction]:
        """The stored extractions (all, or only those the counts do or do not include)."""
        query = "SELECT row, doc_id, text, extraction, meta FROM documents WHERE extraction IS NOT NULL"
        if counted is not None:
            query += f" AND counted = {int(counted)}"
        for row, doc_id, text, blob, meta in self._db.execute(query + " ORDER BY row"):
            try:
                extraction = unpack_extraction(blob, doc_id, self._text(row, doc_id, text),
                                               self._doc_meta(row, doc_id, meta))
            except StoreError:
                raise
            except Exception as error:
                raise self._damaged(f"the extraction of document {doc_id!r} (row {row})", error) from error
            yield extraction

    # Counts ----------------------------------------------------------------------------------

    def load_counts(self, *, max_evidence: int, max_sentence_chars: int
                    ) -> tuple[CooccurrenceCounts, dict[str, Concept]]:
        """The stored counts and discovered concepts (empty if none are stored).

        Args:
            max_evidence: Evidence sentences kept per pair (the build's settings).
            max_sentence_chars: Longer evidence sentences are shortened (the build's settings).

        Raises:
            StoreError: The stored counts are damaged.
        """
        try:
            return self._load_counts(max_evidence, max_sentence_chars)
        except (StoreError, sqlite3.OperationalError):
            raise
        except Exception as error:  # a damaged value: JSON, a missing evidence record, ...
            raise self._damaged("the stored counts", error) from error

    def _load_counts(self, max_evidence: int, max_sentence_chars: int
                     ) -> tuple[CooccurrenceCounts, dict[str, Concept]]:
        counts = CooccurrenceCounts(max_evidence=max_evidence, max_sentence_chars=max_sentence_chars)
        header = self._meta("counts") or {}
        counts.documents, counts.sentences = header.get("documents", 0), header.get("sentences", 0)
        db = self._db
        for concept, mentions, sentences, documents in db.execute("SELECT * FROM concepts"):
            counts.mentions[concept] = mentions
            counts.concept_sentences[concept] = sentences
            counts.concept_documents[concept] = documents
        for concept, form, source, n in db.execute("SELECT * FROM forms"):
            counts.surface_forms[concept][form, source] = n
        records, numbers = [], {}
        for record, doc, start, text, spans in db.execute("SELECT * FROM records"):
            numbers[record] = len(records)
            records.append(SentenceRecord(doc, start, text,
                                          tuple((c, tuple(map(tuple, s))) for c, s in json.loads(spans))))
        counts.add_rows(db.execute("SELECT * FROM pairs"), records,
                        ((a, b, rank + _OFFSET, numbers[record])
                         for a, b, rank, record in db.execute("SELECT * FROM evidence ORDER BY a, b, rank")),
                        ((a, b, (year, journal), values) for a, b, year, journal, *values in
                         db.execute("SELECT * FROM pair_strata")))
        for doc, info in db.execute("SELECT * FROM doc_info"):
            counts.doc_info[doc] = json.loads(info)
        for year, journal, *values in db.execute("SELECT * FROM strata"):
            counts.strata[(year, journal)] = values
        for concept, year, journal, *values in db.execute("SELECT * FROM concept_strata"):
            counts.concept_strata[concept][(year, journal)] = values
        discovered = {c.id: c for c in map(concept_from_json, self._meta("discovered") or [])}
        return counts, discovered

    def _insert_pairs(self, counts: CooccurrenceCounts, place: str | None) -> None:
        """Insert the pair counts, evidence records, evidence and pair strata of ``counts``.

        ``place``: the index of the records by ``(doc, start)``, when the
        records may be stored already (by an earlier part of the same
        counts); a record then refers to the stored one. None: the records
        table is empty.
        """
        db = self._db
        db.executemany("INSERT INTO pair_strata VALUES (?, ?, ?, ?, ?, ?)",
                       [(a, b, *stratum, *values) for (a, b), strata in counts.pair_strata.items()
                        for stratum, values in strata.items()])
        db.executemany("INSERT INTO pairs VALUES (?, ?, ?, ?)", counts.pair_rows())
        records, evidence = counts.evidence_rows()
        rows = ((r.doc, r.start, r.text, json.dumps([[c, offsets] for c, offsets in r.spans])) for r in records)
        if place is None:
            numbers = list(range(len(records)))
            db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?)",
                           ((number, *row) for number, row in zip(numbers, rows)))
        else:
            numbers = []
            for row in rows:
                found = db.execute(f"SELECT id FROM records INDEXED BY {place} WHERE doc = ? AND start = ? "
                                   "AND text = ?", row[:3]).fetchone()
                numbers.append(found[0] if found else db.execute(
                    "INSERT INTO records (doc, start, text, spans) VALUES (?, ?, ?, ?)", row).lastrowid)
        db.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?)",
                       ((a, b, rank - _OFFSET, numbers[record]) for a, b, rank, record in evidence))

    def save_counts(self, counts: CooccurrenceCounts, discovered: dict[str, Concept],
                    state: dict[str, Any], *, pairs: Iterable[CooccurrenceCounts] | None = None) -> None:
        """Replace the stored counts; every stored extraction is now counted (one transaction).

        Args:
            counts: The counts.
            discovered: The concepts discovered in the corpus.
            state: The corpus-wide state the extractions were made with.
            pairs: Where the pair counts are, if not in ``counts``: parts
                that hold each pair once (a sharded build's, streamed from
                its shards, :func:`~kgraph.engine.shards.sharded_chunks`);
                ``counts`` then gives the concept-level counts only.
        """
        db = self._db
        with db:
            for table in _COUNT_TABLES:
                db.execute(f"DELETE FROM {table}")
            db.executemany("INSERT INTO doc_info VALUES (?, ?)",
                           [(doc, json.dumps(info, ensure_ascii=False)) for doc, info in counts.doc_info.items()])
            db.executemany("INSERT INTO strata VALUES (?, ?, ?, ?)",
                           [(*stratum, *values) for stratum, values in counts.strata.items()])
            db.executemany("INSERT INTO concept_strata VALUES (?, ?, ?, ?, ?, ?)",
                           [(c, *stratum, *values) for c, strata in counts.concept_strata.items()
                            for stratum, values in strata.items()])
            db.executemany("INSERT INTO concepts VALUES (?, ?, ?, ?)",
                           [(c, n, counts.concept_sentences[c], counts.concept_documents[c])
                            for c, n in counts.mentions.items()])
            db.executemany("INSERT INTO forms VALUES (?, ?, ?, ?)",
                           [(c, form, source, n) for c, forms in counts.surface_forms.items()
                            for (form, source), n in forms.items()])
            if pairs is None:
                self._insert_pairs(counts, None)
            else:  # a sentence may be the evidence of pairs in several parts: it is stored once
                db.execute("CREATE INDEX IF NOT EXISTS records_place ON records (doc, start)")
                for part in pairs:
                    self._insert_pairs(part, "records_place")
                db.execute("DROP INDEX records_place")
            db.execute("UPDATE documents SET counted = 1 WHERE extraction IS NOT NULL")
            for name, value in (("counts", {"documents": counts.documents, "sentences": counts.sentences}),
                                ("discovered", [concept_to_json(c) for _, c in sorted(discovered.items())]),
                                ("state", state)):
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, json.dumps(value)))
