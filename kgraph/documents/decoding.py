"""Decoding the bytes of corpus files into text, by a stated fallback (pure Python).

Files are UTF-8 (with or without BOM) or UTF-16 (with BOM). Exports made on
older systems hold Windows-1252 or Latin-1 bytes instead; replacing them
with U+FFFD would lose letters silently (``Chemothérapie`` ->
``Chemoth�rapie``). So text that is not UTF-8 is decoded as Windows-1252
(a superset of Latin-1 for letters), and the caller is told, so that the
corpus report can say which file and how many lines:

* :func:`decode` decodes a whole file;
* :func:`open_text` streams a file line by line (JSON lines, CSV, tagged
  exports of any size), each line decoded on its own: a file that is UTF-8
  but for a few lines keeps its UTF-8 lines as they are.
"""

from __future__ import annotations

import codecs
import io
from collections import deque
from pathlib import Path
from typing import BinaryIO

__all__ = ["FALLBACK", "TextLines", "decode", "decode_head", "decode_noting", "fallback_note", "is_utf16",
           "open_text"]

FALLBACK = "Windows-1252"
"""How bytes that are not UTF-8 are decoded (every byte is a character; Latin-1 letters are the same)."""

_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def is_utf16(data: bytes) -> bool:
    """Whether file bytes (or their first few) start with a UTF-16 byte order mark.

    The one test of UTF-16 in kgraph: such a file is text whatever its NUL
    bytes, and is decoded as UTF-16 whole, never line by line.

    Examples:
        >>> is_utf16("CSCs".encode("utf-16")), is_utf16("CSCs".encode("utf-8-sig"))
        (True, False)
    """
    return data.startswith(_BOMS)


def decode_noting(data: bytes) -> tuple[str, bool]:
    """Decode file bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else :data:`FALLBACK`.

    Returns:
        The text, and whether the fallback was used.

    Examples:
        >>> decode_noting("tumour".encode("utf-16"))
        ('tumour', False)
        >>> decode_noting("caf\\xe9".encode("cp1252"))
        ('café', True)
    """
    if is_utf16(data):
        return data.decode("utf-16", "replace"), False
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace"), True


def decode_head(head: bytes) -> str:
    """The first bytes of a file as text, to recognise its format: UTF-16 by BOM, else UTF-8.

    The head may end inside a character: bytes that cannot be decoded are
    replaced, never decoded by the fallback.

    Examples:
        >>> decode_head("PMID- 1".encode("utf-16")), decode_head(b"\\xef\\xbb\\xbfTY  - JOUR\\n\\xe2\\x80")[:-1]
        ('PMID- 1', 'TY  - JOUR\\n')
    """
    return head.decode("utf-16", "replace") if is_utf16(head) else head.decode("utf-8-sig", "replace")


def decode(data: bytes, *, name: str = "<bytes>") -> str:
    """The text of file bytes (see :func:`decode_noting`); ``name`` is kept for callers that log it.

    Examples:
        >>> decode("caf\\xe9".encode("cp1252"))
        'café'
    """
    return decode_noting(data)[0]


class TextLines(io.TextIOBase):
    """A text file read line by line; lines that are not UTF-8 are decoded as :data:`FALLBACK`.

    Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r`` and keep their line
    ends (as ``open(..., newline="")``, which the csv module needs).

    Attributes:
        fallback_lines: How many lines were decoded as :data:`FALLBACK`.
        first_fallback: The number of the first of them (1-based), or 0.

    Examples:
        >>> lines = TextLines(io.BytesIO(b"\\xef\\xbb\\xbfCSCs\\r\\nChemoth\\xe9rapie\\rend"))
        >>> list(lines), lines.fallback_lines, lines.first_fallback
        (['CSCs\\r\\n', 'Chemothérapie\\r', 'end'], 1, 2)
    """

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._pending: deque[bytes] = deque()
        self._number = 0
        self.fallback_lines = 0
        self.first_fallback = 0

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        """The next line (``""`` at the end of the file); ``size`` is ignored."""
        if not self._pending:
            data = self._raw.readline()
            if not data:
                return ""
            if self._number == 0 and data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8):]
            if b"\r" in data[:-2]:  # lone carriage returns end lines too
                self._pending.extend(data.splitlines(keepends=True))
            else:
                self._pending.append(data)
        data = self._pending.popleft()
        self._number += 1
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.fallback_lines += 1
            self.first_fallback = self.first_fallback or self._number
            return data.decode("cp1252", "replace")

    def read(self, size: int | None = -1) -> str:
        """The rest of the file (``size`` is ignored: the whole rest)."""
        return "".join(iter(self.readline, ""))

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_text(path: Path) -> TextLines | io.TextIOWrapper:
    """A streaming reader of a text file: UTF-16 by BOM, else UTF-8 line by line with the fallback.

    Raises:
        OSError: The file cannot be opened.
    """
    handle = path.open("rb")
    try:
        head = handle.read(4)
        handle.seek(0)
    except OSError:
        handle.close()
        raise
    if is_utf16(head):
        return io.TextIOWrapper(handle, encoding="utf-16", errors="replace", newline="")
    return TextLines(handle)


def fallback_note(lines: object) -> str:
    """What the report says of a stream read with the fallback ("" if it was all UTF-8).

    Examples:
        >>> lines = TextLines(io.BytesIO(b"a\\n\\xe9\\n"))
        >>> _ = lines.read()
        >>> fallback_note(lines)
        'not UTF-8: 1 line decoded as Windows-1252 (the first is line 2)'
    """
    count = getattr(lines, "fallback_lines", 0)
    if not count:
        return ""
    return (f"not UTF-8: {count} line{'s' if count > 1 else ''} decoded as {FALLBACK} "
            f"(the first is line {lines.first_fallback})")  # type: ignore[attr-defined]
