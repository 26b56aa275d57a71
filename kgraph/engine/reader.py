"""Reading a build store without changing it: every mention of every document.

A reader opens the store's SQLite file as immutable (``immutable=1``): no
lock, journal or shared-memory file is created beside it, so a store in a
shared or read-only folder can be read, and nothing a reader does can
change it. Do not read a store that a build is writing at the same time.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from ..errors import StoreError
from .store import APPLICATION_ID, unpack_extraction

__all__ = ["StoredMention", "stored_documents", "stored_mentions"]


class StoredMention(NamedTuple):
    """One mention as the build store keeps it.

    Attributes:
        doc: The document id.
        start: Character offset of the mention in the document's text.
        end: Character offset just after it.
        text: The mention as written.
        concept: The concept id (the node id in the graph).
        sentence: Index of the sentence holding it in the document.
        resolved_by: How the name was resolved (see :class:`kgraph.extraction.Mention`).
    """

    doc: str
    start: int
    end: int
    text: str
    concept: str
    sentence: int
    resolved_by: str


def _connect(path: str | Path) -> sqlite3.Connection:
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"There is no build store at {path}.")
    uri = f"file:{quote(str(path.resolve()))}?immutable=1"
    try:
        db = sqlite3.connect(uri, uri=True)
        (application_id,) = db.execute("PRAGMA application_id").fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} is not a kgraph build store ({error}).") from error
    if application_id != APPLICATION_ID:
        db.close()
        raise StoreError(f"{path} is not a kgraph build store.")
    return db


def stored_documents(path: str | Path) -> int:
    """How many documents of the store have an extraction that its counts include."""
    db = _connect(path)
    try:
        return int(db.execute("SELECT COUNT(*) FROM documents WHERE counted = 1").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise StoreError(f"The build store {path} is damaged ({error}); build again.") from error
    finally:
        db.close()


def stored_mentions(path: str | Path) -> Iterator[StoredMention]:
    """The mentions of every counted document of a store, by document then offset.

    Raises:
        StoreError: ``path`` is not a kgraph store or is damaged.
    """
    db = _connect(path)
    try:
        rows = db.execute("SELECT row, doc_id, text, extraction FROM documents "
                          "WHERE counted = 1 AND extraction IS NOT NULL ORDER BY doc_id, row")
        for row, doc_id, blob, extraction in rows:
            try:
                text = zlib.decompress(blob).decode()
                found = unpack_extraction(extraction, doc_id, text)
            except Exception as error:  # any damage: zlib, JSON or shape
                raise StoreError(f"The build store {path}: the extraction of document {doc_id!r} (row {row}) "
                                 f"is damaged ({error}); build again.") from error
            for m in found.mentions:
                yield StoredMention(doc_id, m.start, m.end, m.text, m.concept, m.sentence, m.resolved_by)
    except sqlite3.DatabaseError as error:
        raise StoreError(f"The build store {path} is damaged ({error}); build again.") from error
    finally:
        db.close()
