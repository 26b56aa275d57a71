"""Reading a corpus: directories, files, or texts given in Python.

:func:`read_corpus` turns any supported source into a re-iterable
:class:`Corpus` of :class:`Document` (id, text) pairs. Files are read lazily,
one at a time, each time the corpus is iterated.
"""

from __future__ import annotations

import codecs
import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple, Union

from .errors import CorpusError

__all__ = ["Corpus", "Document", "Source", "decode", "read_corpus", "TEXT_SUFFIXES"]

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md", ".text")
JSONL_SUFFIXES = (".jsonl",)


class Document(NamedTuple):
    """A document of a corpus.

    Attributes:
        id: Document id (for files: the path relative to the corpus root,
            without suffix; for JSON lines: the ``id`` field).
        text: The text.
    """

    id: str
    text: str


Source = Union[str, Path, Iterable[Union[str, tuple[str, str]]]]


def decode(data: bytes, *, name: str = "<bytes>") -> str:
    """Decode file bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Examples:
        >>> decode("tumour".encode("utf-16"))
        'tumour'
        >>> decode("caf\\xe9".encode("cp1252"))
        'café'
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        logger.warning("%s is not UTF-8; decoded as Windows-1252.", name)
        return data.decode("cp1252", errors="replace")


class Corpus:
    """A re-iterable collection of documents.

    Args:
        documents: A callable returning a fresh iterator of documents.
        description: Where the documents come from (for messages).
    """

    def __init__(self, documents: Iterable[Document], description: str) -> None:
        self._documents = documents
        self.description = description

    def __iter__(self) -> Iterator[Document]:
        return iter(self._documents)

    def __repr__(self) -> str:
        return f"Corpus({self.description})"


class _FileDocuments:
    """Re-iterable documents read from files (one pass reads each file once)."""

    def __init__(self, files: list[Path], root: Path) -> None:
        self.files = files
        self.root = root

    def __iter__(self) -> Iterator[Document]:
        for path in self.files:
            yield from _read_file(path, self.root)


_METADATA_STEMS = ("readme", "license", "licence", "changelog", "copying")


def _is_metadata(path: Path) -> bool:
    """README, LICENSE and similar files describe a corpus; they are not part of it."""
    return path.stem.lower().startswith(_METADATA_STEMS)


def _doc_id(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return rel.with_suffix("").as_posix()


def _read_file(path: Path, root: Path) -> Iterator[Document]:
    try:
        data = path.read_bytes()
    except OSError as err:
        logger.warning("Skipped %s: cannot read it (%s).", path, err)
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl(decode(data, name=str(path)), path, root)
        return
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        logger.warning("Skipped %s: it looks like a binary file.", path)
        return
    text = decode(data, name=str(path))
    if not text.strip():
        logger.warning("Skipped %s: the file is empty.", path)
        return
    yield Document(_doc_id(path, root), text)


def _read_jsonl(text: str, path: Path, root: Path) -> Iterator[Document]:
    base = _doc_id(path, root)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            logger.warning("Skipped %s line %d: not valid JSON (%s).", path, number, err.msg)
            continue
        body = record.get("text") if isinstance(record, dict) else None
        if not isinstance(body, str) or not body.strip():
            logger.warning("Skipped %s line %d: no 'text' field with text in it.", path, number)
            continue
        doc_id = record.get("id")
        yield Document(str(doc_id) if doc_id is not None else f"{base}:{number}", body)


def read_corpus(source: Source) -> Corpus:
    """Turn a directory, a file or an iterable of texts into a corpus.

    Args:
        source: A directory (every ``.txt``, ``.md`` and ``.jsonl`` file in
            it, recursively, in sorted order; hidden files and README,
            LICENSE or CHANGELOG files are left out), one such file, or an iterable
            of texts or ``(doc_id, text)`` pairs. A one-shot iterator is read
            once into memory so the corpus can be iterated again.

    Returns:
        The corpus.

    Raises:
        CorpusError: The path does not exist, or a directory holds no
            readable file, or an item of the iterable is not a text.

    Examples:
        >>> [d.id for d in read_corpus(["CSCs resist.", ("paper-2", "TME matters.")])]
        ['text-1', 'paper-2']
    """
    if isinstance(source, (str, Path)) and not (isinstance(source, str) and "\n" in source):
        path = Path(source)
        if path.is_dir():
            suffixes = TEXT_SUFFIXES + JSONL_SUFFIXES
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                           and not any(part.startswith(".") for part in p.relative_to(path).parts)
                           and not _is_metadata(p))
            if not files:
                raise CorpusError(f"No {', '.join(suffixes)} files in directory {path}; point "
                                  "kgraph at a folder of text files or at a single file.")
            return Corpus(_FileDocuments(files, path), f"{len(files)} files in {path}")
        if path.is_file():
            return Corpus(_FileDocuments([path], path.parent), str(path))
        raise CorpusError(f"{path} does not exist. Give a directory, a file, or a list of texts.")
    if isinstance(source, (str, bytes)):
        raise CorpusError("Got a single text; pass a list of texts, e.g. build([text]).")
    documents = []
    for number, item in enumerate(source, start=1):
        if isinstance(item, str):
            documents.append(Document(f"text-{number}", item))
        elif isinstance(item, tuple) and len(item) == 2 and all(isinstance(x, str) for x in item):
            documents.append(Document(item[0], item[1]))
        else:
            raise CorpusError(f"Item {number} of the corpus is a {type(item).__name__}; expected a "
                              "text or a (doc_id, text) pair.")
    return Corpus(documents, f"{len(documents)} texts")
