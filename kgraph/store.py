"""The build store: documents, their surveys and extractions, and the counts, in SQLite.

A build keeps everything it learns in one SQLite file (nothing to install or
start), so that a later build can add documents without reprocessing the old
ones (``kgraph build CORPUS --update``, ``kg.add(documents)``) and an
interrupted build picks up where it stopped. Each document is stored once
(identified by a hash of its id and text) with:

* its text (compressed), to re-extract it if corpus-wide facts change and to
  cut evidence sentences from;
* its pass-1 survey (:class:`~kgraph.survey.DocumentSurvey`, JSON);
* its extraction (sentences and mentions, JSON), once pass 2 has run;
* whether its extraction is included in the stored counts.

The co-occurrence counts and the evidence sample live in tables of their own
and are rewritten at the end of each build. Batches are committed as they
are done; the counts are committed together with the flags that say which
documents they include, so the store is consistent after any interruption.
Nothing is pickled: every value is JSON or plain SQL.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .cooccur import CooccurrenceCounts, SentenceRecord
from .corpus import Document
from .errors import StoreError
from .lexicon import Concept
from .mentions import DocExtraction, Mention
from .survey import CorpusSurvey, DocumentSurvey, concept_from_json, concept_to_json

__all__ = [
    "STORE_VERSION",
    "Store",
    "digest",
    "pack_extraction",
    "pack_json",
    "pack_text",
    "unpack_extraction",
]

STORE_VERSION = 2
LOCK_TIMEOUT = 60.0
"""Seconds to wait for another build that is writing to the same store."""
_OFFSET = 1 << 63  # evidence ranks are unsigned 64-bit; SQLite integers are signed

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    row INTEGER PRIMARY KEY, digest BLOB NOT NULL UNIQUE, doc_id TEXT NOT NULL, text BLOB NOT NULL,
    survey BLOB NOT NULL, extraction BLOB, counted INTEGER NOT NULL DEFAULT 0,
    run INTEGER NOT NULL DEFAULT 0);
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
"""


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
    """A document's sentences, mentions and discovered concepts, compact (no text).

    Examples:
        >>> from kgraph.mentions import Mention
        >>> text = "CSCs and radiotherapy."
        >>> e = DocExtraction("d", text, [(0, 22)], [Mention(0, 4, "CSCs", "csc", "CSC", "cell_type")])
        >>> back = unpack_extraction(pack_extraction(e), "d", text)
        >>> back.sentences, [(m.start, m.end, m.text, m.concept) for m in back.mentions]
        ([(0, 22)], [(0, 4, 'CSCs', 'csc')])
    """
    return pack_json({
        "sentences": extraction.sentences,
        "mentions": [[m.start, m.end, m.concept, m.sentence, m.source] for m in extraction.mentions],
        "discovered": [concept_to_json(c) for _, c in sorted(extraction.discovered.items())]})


def unpack_extraction(blob: bytes, doc_id: str, text: str) -> DocExtraction:
    """The :class:`~kgraph.mentions.DocExtraction` of :func:`pack_extraction` output.

    Labels and categories are not stored (counting does not need them).
    """
    data = unpack_json(blob)
    mentions = [Mention(s, e, text[s:e], concept, "", "", sentence, source)
                for s, e, concept, sentence, source in data["mentions"]]
    discovered = {c.id: c for c in map(concept_from_json, data["discovered"])}
    return DocExtraction(doc_id, text, [tuple(s) for s in data["sentences"]], mentions, discovered)


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
        ...     {"definitions": [], "terms": [], "drugs": []}))])
        1
        >>> len(store), store.pending_count(), list(store.known([digest(doc)]).values())
        (1, 1, [1])
        >>> Store(":memory:", {"max_evidence": 5}).get("state") is None
        True
    """

    def __init__(self, path: str | Path, settings: dict[str, Any], *, reset: bool = False) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"Cannot create the folder of the store {self.path} ({error}); give "
                                 "another --store path.") from error
        try:
            self._db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            with self._db:
                self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            version = self._meta("store_version")
            if version is not None and version != STORE_VERSION and reset:
                self._drop_tables()  # a store of another version, to be rebuilt: start over
                version = None
            with self._db:
                self._db.executescript(_SCHEMA)
        except sqlite3.OperationalError:
            raise  # locked by another build, unreadable directory, ...: the caller says which
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path} is not a kgraph store ({error}). Give another --store path, "
                             "or delete the file to start over.") from error
        if version is None:
            self._set_meta("store_version", STORE_VERSION)
        elif version != STORE_VERSION:
            raise StoreError(f"{self.path} is a kgraph store of version {version}; this kgraph uses "
                             f"version {STORE_VERSION}. Rebuild without --update (the store is then "
                             "replaced).", )
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

    def _drop_tables(self) -> None:
        with self._db:
            tables = [name for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                self._db.execute(f'DROP TABLE IF EXISTS "{table}"')
            self._db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def clear(self) -> None:
        """Remove every document and count."""
        with self._db:
            for table in ("documents", "concepts", "forms", "pairs", "records", "evidence"):
                self._db.execute(f"DELETE FROM {table}")
            self._db.execute("DELETE FROM meta WHERE name NOT IN ('store_version', 'runs')")

    def _meta(self, name: str) -> Any:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else json.loads(row[0])

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

    def add_documents(self, rows: Iterable[tuple[bytes, str, bytes, bytes]]) -> int:
        """Store new documents: ``(digest, doc id, packed text, packed survey)`` (one transaction).

        Returns:
            How many were new (a digest already stored is skipped).
        """
        with self._db:
            before = self._db.total_changes
            self._db.executemany("INSERT OR IGNORE INTO documents (digest, doc_id, text, survey, run) "
                                 "VALUES (?, ?, ?, ?, ?)",
                                 [(key, doc_id, text, survey, self.run) for key, doc_id, text, survey in rows])
            return self._db.total_changes - before

    def survey(self) -> CorpusSurvey:
        """The pass-1 statistics of every stored document, added up."""
        total = CorpusSurvey()
        for doc_id, blob in self._db.execute("SELECT doc_id, survey FROM documents ORDER BY row"):
            total.add(DocumentSurvey.from_json(unpack_json(blob)), doc_id)
        return total

    def remove_unseen(self) -> tuple[int, bool]:
        """Remove the documents this run has not seen.

        Returns:
            How many were removed, and whether the stored counts included any.
        """
        with self._db:
            counted = self._db.execute("SELECT count(*) FROM documents WHERE run != ? AND counted = 1",
                                       (self.run,)).fetchone()[0]
            removed = self._db.execute("DELETE FROM documents WHERE run != ?", (self.run,)).rowcount
        return removed, counted > 0

    def texts(self, *, extracted: bool = True) -> Iterator[tuple[int, str]]:
        """``(row, text)`` of the documents with (or without) an extraction."""
        condition = "IS NOT NULL" if extracted else "IS NULL"
        query = f"SELECT row, text FROM documents WHERE extraction {condition} ORDER BY row"
        for row, blob in self._db.execute(query):
            yield row, zlib.decompress(blob).decode()

    def pending(self) -> Iterator[tuple[int, Document]]:
        """``(row, document)`` of the documents still to extract, in store order."""
        query = ("SELECT row, doc_id, text FROM documents WHERE extraction IS NULL AND row > ? "
                 "ORDER BY row LIMIT 512")
        last = 0
        while page := self._db.execute(query, (last,)).fetchall():  # pages: the table changes meanwhile
            for row, doc_id, blob in page:
                yield row, Document(doc_id, zlib.decompress(blob).decode())
            last = page[-1][0]

    def pending_count(self) -> int:
        """How many documents are still to extract."""
        return self._db.execute("SELECT count(*) FROM documents WHERE extraction IS NULL").fetchone()[0]

    def set_state(self, state: dict[str, Any]) -> None:
        """Record the corpus-wide state (abbreviations, terms) that extractions are made under."""
        self._set_meta("state", state)

    def forget_extractions(self, rows: Iterable[int]) -> bool:
        """Drop the extractions of ``rows`` (to redo them); True if the counts included any."""
        rows = list(rows)
        with self._db:
            counted = sum(self._db.execute("SELECT counted FROM documents WHERE row = ?", (row,)).fetchone()[0]
                          for row in rows)
            self._db.executemany("UPDATE documents SET extraction = NULL, counted = 0 WHERE row = ?",
                                 [(row,) for row in rows])
        return counted > 0

    def save_extractions(self, rows: Iterable[tuple[int, bytes]]) -> None:
        """Store packed extractions (one transaction)."""
        with self._db:
            self._db.executemany("UPDATE documents SET extraction = ? WHERE row = ?",
                                 [(blob, row) for row, blob in rows])

    def extractions(self, *, counted: bool | None = None) -> Iterator[DocExtraction]:
        """The stored extractions (all, or only those the counts do or do not include)."""
        query = "SELECT doc_id, text, extraction FROM documents WHERE extraction IS NOT NULL"
        if counted is not None:
            query += f" AND counted = {int(counted)}"
        for doc_id, text, blob in self._db.execute(query + " ORDER BY row"):
            yield unpack_extraction(blob, doc_id, zlib.decompress(text).decode())

    # Counts ----------------------------------------------------------------------------------

    def load_counts(self, max_evidence: int) -> tuple[CooccurrenceCounts, dict[str, Concept]]:
        """The stored counts and discovered concepts (empty if none are stored)."""
        counts = CooccurrenceCounts(max_evidence=max_evidence)
        header = self._meta("counts") or {}
        counts.documents, counts.sentences = header.get("documents", 0), header.get("sentences", 0)
        db = self._db
        for concept, mentions, sentences, documents in db.execute("SELECT * FROM concepts"):
            counts.mentions[concept] = mentions
            counts.concept_sentences[concept] = sentences
            counts.concept_documents[concept] = documents
        for concept, form, source, n in db.execute("SELECT * FROM forms"):
            counts.surface_forms[concept][form, source] = n
        for a, b, sentences, documents in db.execute("SELECT * FROM pairs"):
            counts.pair_sentences[(a, b)] = sentences
            counts.pair_documents[(a, b)] = documents
            counts.evidence[(a, b)] = []
        records = {}
        for record, doc, start, text, spans in db.execute("SELECT * FROM records"):
            records[record] = SentenceRecord(doc, start, text,
                                             tuple((c, tuple(map(tuple, s))) for c, s in json.loads(spans)))
        for a, b, rank, record in db.execute("SELECT * FROM evidence ORDER BY a, b, rank"):
            counts.evidence[(a, b)].append((-(rank + _OFFSET), records[record]))
        for heap in counts.evidence.values():
            heap.sort()  # a heap of (-rank, record)
        discovered = {c.id: c for c in map(concept_from_json, self._meta("discovered") or [])}
        return counts, discovered

    def save_counts(self, counts: CooccurrenceCounts, discovered: dict[str, Concept],
                    state: dict[str, Any]) -> None:
        """Replace the stored counts; every stored extraction is now counted (one transaction)."""
        db = self._db
        with db:
            for table in ("concepts", "forms", "pairs", "records", "evidence"):
                db.execute(f"DELETE FROM {table}")
            db.executemany("INSERT INTO concepts VALUES (?, ?, ?, ?)",
                           [(c, n, counts.concept_sentences[c], counts.concept_documents[c])
                            for c, n in counts.mentions.items()])
            db.executemany("INSERT INTO forms VALUES (?, ?, ?, ?)",
                           [(c, form, source, n) for c, forms in counts.surface_forms.items()
                            for (form, source), n in forms.items()])
            pair_documents = counts.pair_documents
            db.executemany("INSERT INTO pairs VALUES (?, ?, ?, ?)",
                           [(a, b, n, pair_documents[(a, b)]) for (a, b), n in counts.pair_sentences.items()])
            ids: dict[int, int] = {}
            records, evidence = [], []
            for (a, b), heap in counts.evidence.items():
                for negative, record in heap:
                    number = ids.setdefault(id(record), len(ids))
                    if number == len(records):
                        spans = json.dumps([[c, offsets] for c, offsets in record.spans])
                        records.append((number, record.doc, record.start, record.text, spans))
                    evidence.append((a, b, -negative - _OFFSET, number))
            db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?)", records)
            db.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?)", evidence)
            db.execute("UPDATE documents SET counted = 1 WHERE extraction IS NOT NULL")
            for name, value in (("counts", {"documents": counts.documents, "sentences": counts.sentences}),
                                ("discovered", [concept_to_json(c) for _, c in sorted(discovered.items())]),
                                ("state", state)):
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, json.dumps(value)))
