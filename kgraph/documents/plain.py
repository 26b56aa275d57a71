"""Readers of files that are one document each: plain text, HTML and PDF.

A text file is one document (a very large one is streamed in parts, cut at
blank lines); an HTML page is its visible text; a PDF is its text with the
wrapped lines joined into paragraphs (with the ``pdf`` extra).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .cleanup import html_to_text, paragraphs
from .document import Document, FileReport
from .reading import Reader, ReadOptions, Skip, cannot_read, file_text, reading

__all__ = ["HTML", "PDF", "TEXT"]


def _read_text(path: Path, base: str, options: ReadOptions, entry: FileReport) -> Iterator[Document]:
    """A text file as one document, or a very large one in parts."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise cannot_read(err) from err
    if size > options.max_document_bytes:
        yield from _read_large_text(path, base, entry, options.max_document_bytes)
        return
    yield _one_document(file_text(path, entry), base, entry)


def _read_large_text(path: Path, base: str, entry: FileReport, max_bytes: int) -> Iterator[Document]:
    """Stream a very large text file as parts of about ``max_bytes``, cut at blank lines."""
    part: list[str] = []
    size = 0
    number = 0
    with reading(path, entry) as lines:
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


def _read_html(path: Path, base: str, options: ReadOptions, entry: FileReport) -> Iterator[Document]:
    """An HTML page as one document: its visible text."""
    yield _one_document(html_to_text(file_text(path, entry)), base, entry)


def _one_document(text: str, base: str, entry: FileReport) -> Document:
    if not text.strip():
        raise Skip("no text in it")
    return Document(base, text, {"file": entry.path})


def _read_pdf(path: Path, base: str, options: ReadOptions, entry: FileReport) -> Iterator[Document]:
    """A PDF as one document: the text of its pages, wrapped lines joined into paragraphs."""
    try:
        from pypdf import PdfReader
    except ImportError as err:
        raise Skip("PDF needs the pdf extra: pip install 'kgraph[pdf]'") from err
    reader = PdfReader(str(path))  # any error of pypdf's skips the file (see _pdf_failure)
    text = paragraphs("\n".join(page.extract_text() or "" for page in reader.pages))
    if not text.strip():
        raise Skip("no text in the PDF (a scanned image needs OCR first)")
    yield Document(base, text, {"file": entry.path})


def _pdf_failure(error: Exception) -> str:
    """The reason to report for an error of pypdf's.

    Examples:
        >>> _pdf_failure(ValueError("bad xref"))
        'unreadable PDF (ValueError: bad xref)'
    """
    name = type(error).__name__
    if name == "DependencyError" or "cryptography" in str(error).lower():
        return ("an encrypted PDF: reading it needs the 'cryptography' package (pip install "
                "cryptography), and the password if it has one")
    if name == "FileNotDecryptedError":
        return "an encrypted PDF that needs a password; save an unencrypted copy"
    return f"unreadable PDF ({name}: {error})"


TEXT = Reader("text", (".txt", ".md", ".text"), _read_text, sniff=True)
"""Plain text: one document per file."""

HTML = Reader("HTML", (".html", ".htm"), _read_html, sniff=True)
"""HTML: the visible text of the page (markup, scripts and styles dropped)."""

PDF = Reader("PDF", (".pdf",), _read_pdf, explain=_pdf_failure)
"""PDF (with the ``pdf`` extra): the text of its pages as paragraphs."""
