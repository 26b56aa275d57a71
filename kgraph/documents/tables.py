"""Reading CSV and TSV rows so that one malformed row never costs its neighbours (pure Python).

The csv module, left to itself, lets a quote that is never closed swallow
the rows after it into one field (the next paper's id is lost, its year
given to the other), and gives rows with too many or too few fields as if
nothing were wrong. :func:`read_rows` reads in strict mode: a row the csv
module cannot read is reported with the line it starts on, and reading
resumes on the line after that start, so the rows it would have swallowed
are read as themselves. :func:`check_width` says what is wrong with a row
whose number of fields differs from the header's (for the report: real
Scopus exports add a field for each further funding text, so such rows are
read, not skipped).
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

__all__ = ["BadRow", "Row", "check_width", "long_fields", "read_rows"]

_MAX_FIELD = 2**31 - 1


class Row(NamedTuple):
    """A row and the line it starts on (1-based)."""

    line: int
    fields: list[str]


class BadRow(NamedTuple):
    """A row the csv module cannot read: the line it starts on, and why."""

    line: int
    reason: str


@contextmanager
def long_fields() -> Iterator[None]:
    """Let the csv module read fields of any length (its default limit is 131,072 characters).

    The limit is global to the process: it is raised only while a row is
    read, and restored before the row is handed on (the reading is a
    generator, interleaved with other code).
    """
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, _MAX_FIELD))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _reason(error: csv.Error) -> str:
    message = str(error)
    if "expected after" in message or "end of data" in message:
        return (f"a quote that is not closed, or text after a closing quote ({message}); the rows after it "
                "are read on their own")
    return f"not valid CSV ({message})"


def read_rows(lines: Iterable[str], *, delimiter: str = ",") -> Iterator[Row | BadRow]:
    r"""The rows of CSV text (lines with their line ends), each with the line it starts on.

    Empty lines give no row. A row the csv module cannot read in strict
    mode is a :class:`BadRow`, and reading goes on from the line after the
    one it starts on.

    Examples:
        >>> text = ['id,title,year\n', '1,"Radiotherapy,2019\n', '2,Second,2020\n', '3,"Third",2021\n']
        >>> for row in read_rows(text):
        ...     print(row.line, row.fields if isinstance(row, Row) else "bad")
        1 ['id', 'title', 'year']
        2 bad
        3 ['2', 'Second', '2020']
        4 ['3', 'Third', '2021']
    """
    source = enumerate(lines, start=1)
    again: deque[tuple[int, str]] = deque()  # lines to read again after a bad row
    used: list[tuple[int, str]] = []  # the lines of the row being read

    def feed() -> Iterator[str]:
        while True:
            item = again.popleft() if again else next(source, None)
            if item is None:
                return
            used.append(item)
            yield item[1]

    while True:
        reader = csv.reader(feed(), delimiter=delimiter, strict=True)
        try:
            while True:
                with long_fields():
                    fields = next(reader, None)
                if fields is None:
                    return
                start = used[0][0] if used else 0
                used.clear()
                if fields:
                    yield Row(start, fields)
        except csv.Error as error:
            (start, _), *rest = used
            used.clear()
            again.extendleft(reversed(rest))
            yield BadRow(start, _reason(error))


def check_width(fields: list[str], header: list[str]) -> str:
    """What is wrong with a row whose number of fields differs from the header's ("" if nothing).

    Empty fields past the header's end (a trailing delimiter) are fine.

    Examples:
        >>> check_width(["1", "CSCs", ""], ["id", "title"])
        ''
        >>> check_width(["1"], ["id", "title"])
        'have fewer fields than the header (2): the missing ones are left empty'
        >>> check_width(["1", "CSCs", "radiotherapy"], ["id", "title"])[:60]
        'have more fields than the header (2): a field the header lac'
    """
    if len(fields) == len(header) or (len(fields) > len(header) and not any(fields[len(header):])):
        return ""
    if len(fields) < len(header):
        return f"have fewer fields than the header ({len(header)}): the missing ones are left empty"
    return (f"have more fields than the header ({len(header)}): a field the header lacks shifts the columns "
            "after it, and the fields past its last column are left out")
