"""What reading a corpus gives: documents, and a report of every input path (plain data).

A :class:`Document` is what the rest of kgraph reads; a :class:`CorpusReport`
holds one :class:`FileReport` per path under the corpus, so that nothing is
lost silently. Both are filled in by :mod:`kgraph.documents.corpus` and its
readers (:mod:`kgraph.documents.readers`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = ["CorpusReport", "Document", "FileReport"]


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
