"""Counts in words: "1 document", "2 documents", "7,857 documents"."""

from __future__ import annotations

__all__ = ["counted"]


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for one, with thousands separators.

    Args:
        n: The count.
        noun: The singular noun.
        plural: Its plural, when it is not the noun plus ``s``.

    Examples:
        >>> counted(1, "document"), counted(7857, "document"), counted(0, "link"), counted(2, "synopsis", "synopses")
        ('1 document', '7,857 documents', '0 links', '2 synopses')
    """
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
