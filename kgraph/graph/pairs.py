"""Compact tables of concept pairs: integer keys, counts and evidence references in numpy arrays.

What :class:`~kgraph.graph.cooccur.CooccurrenceCounts` keeps per distinct
link, about 100 bytes instead of about 2 KB of Python objects:

* a pair is one ``int64`` key, ``a << 32 | b``, of two concept numbers
  (each counts object numbers its concepts in the order it meets them; the
  first of the pair is the smaller concept id as a string);
* its sentence and document counts are ``int64`` in arrays aligned with the keys;
* its evidence sample is at most ``max_evidence`` rows of ``(key, rank,
  record)``: the rank that orders the sample and the number of a sentence
  record (:class:`Records`), shared by every pair of that sentence.

Observations are appended to plain :mod:`array` buffers and folded into the
sorted tables now and then (:func:`reduce_pairs`, :func:`reduce_evidence`),
so the cost of counting is an append per pair and a sort per million pairs.

Examples:
    >>> keys, sentences, documents = reduce_pairs(np.array([5, 3, 5]), np.array([1, 1, 1]), np.array([1, 0, 0]))
    >>> keys.tolist(), sentences.tolist(), documents.tolist()
    ([3, 5], [1, 2], [0, 1])
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["SHIFT", "Records", "pair_key", "pair_shards", "reduce_evidence", "reduce_pairs", "split_key"]

SHIFT = 32
"""A pair key is ``first << SHIFT | second`` (concept numbers below 2**31)."""
_LOW = (1 << SHIFT) - 1


def pair_key(first: int, second: int) -> int:
    """The key of the pair of concept numbers ``first`` and ``second`` (in that order).

    Examples:
        >>> split_key(pair_key(3, 7))
        (3, 7)
    """
    return first << SHIFT | second


def split_key(key: int) -> tuple[int, int]:
    """The two concept numbers of a pair key."""
    return key >> SHIFT, key & _LOW


def pair_shards(keys: np.ndarray, names: Sequence[str], shards: int) -> np.ndarray:
    """The shard of each pair key: a hash of the two concept ids (the same in every process), modulo ``shards``.

    Examples:
        >>> names = ["a", "b", "c"]
        >>> shard = pair_shards(np.array([pair_key(0, 1), pair_key(1, 2)]), names, 4)
        >>> shard.tolist() == pair_shards(np.array([pair_key(2, 1), pair_key(1, 0)]), names[::-1], 4).tolist()
        True
    """
    hashes = np.array([zlib.crc32(name.encode()) for name in names], np.uint64)
    if len(keys) == 0:
        return np.zeros(0, np.int64)
    mixed = hashes[keys >> SHIFT] * np.uint64(0x9E3779B97F4A7C15) + hashes[keys & _LOW]
    return (mixed % np.uint64(shards)).astype(np.int64)


def reduce_pairs(keys: np.ndarray, sentences: np.ndarray,
                 documents: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted distinct keys and the sums of their sentence and document counts."""
    if len(keys) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return (keys[starts], np.add.reduceat(sentences[order], starts).astype(np.int64),
            np.add.reduceat(documents[order], starts).astype(np.int64))


def reduce_evidence(keys: np.ndarray, ranks: np.ndarray, records: np.ndarray,
                    keep: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``keep`` rows of smallest rank per key, sorted by key and rank.

    Rows of equal key and rank keep their order (the earlier one wins a tie;
    a tie means the same sentence of the same document id, counted twice).

    Examples:
        >>> k, r, i = reduce_evidence(np.array([1, 1, 1, 2]), np.array([9, 3, 5, 1], np.uint64),
        ...                           np.array([0, 1, 2, 3]), 2)
        >>> k.tolist(), r.tolist(), i.tolist()
        ([1, 1, 2], [3, 5, 1], [1, 2, 3])
    """
    if len(keys) == 0 or keep == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64), np.zeros(0, np.int64)
    order = np.lexsort((ranks, keys))  # stable: by key, then rank, then position
    keys = keys[order]
    first = np.r_[True, keys[1:] != keys[:-1]]
    positions = np.arange(len(keys))
    group_start = np.maximum.accumulate(np.where(first, positions, 0))
    kept = order[positions - group_start < keep]
    return keys[positions - group_start < keep], ranks[kept], records[kept]


class Records:
    """Evidence sentences, each stored once however many pairs refer to it.

    A record is a document id (the counts' own string), the offset of the
    (trimmed) sentence, its text, and the mentions in it: flat arrays of
    concept number, start and end (offsets relative to the sentence), grouped
    by concept in the order of the concept ids, each concept's mentions in
    text order.

    Examples:
        >>> r = Records()
        >>> r.add("d1", 10, "A and B", [(0, [(0, 1)]), (1, [(6, 7)])])
        0
        >>> r.doc[0], r.start[0], r.spans(0)
        ('d1', 10, [(0, 0, 1), (1, 6, 7)])
    """

    def __init__(self) -> None:
        self.doc: list[str] = []
        self.text: list[str] = []
        self.start = array("q")
        self._ends = array("q", [0])  # record i's mentions are rows _ends[i]:_ends[i + 1]
        self._concept = array("i")
        self._from = array("i")
        self._to = array("i")

    def __len__(self) -> int:
        return len(self.doc)

    def add(self, doc: str, start: int, text: str,
            spans: Iterable[tuple[int, Sequence[tuple[int, int]]]]) -> int:
        """Add a sentence; ``spans`` is ``(concept number, [(start, end), ...])`` per concept. Returns its number."""
        concept, first, last = self._concept, self._from, self._to
        for number, offsets in spans:
            for s, e in offsets:
                concept.append(number)
                first.append(s)
                last.append(e)
        self.doc.append(doc)
        self.text.append(text)
        self.start.append(start)
        self._ends.append(len(concept))
        return len(self.doc) - 1

    def spans(self, record: int) -> list[tuple[int, int, int]]:
        """``(concept number, start, end)`` of the mentions of a record."""
        lo, hi = self._ends[record], self._ends[record + 1]
        return list(zip(self._concept[lo:hi], self._from[lo:hi], self._to[lo:hi]))

    def extend(self, other: Records, renumber: np.ndarray) -> int:
        """Append ``other``'s records, its concept numbers mapped through ``renumber``; returns the first new number."""
        offset, base = len(self.doc), len(self._concept)
        self.doc.extend(other.doc)
        self.text.extend(other.text)
        self.start.extend(other.start)
        ends = np.frombuffer(other._ends, np.int64)[1:] + base
        self._ends.frombytes(ends.tobytes())
        concepts = np.frombuffer(other._concept, np.int32)
        if len(concepts):
            self._concept.frombytes(renumber[concepts].astype(np.int32).tobytes())
        self._from.extend(other._from)
        self._to.extend(other._to)
        return offset

    def keep(self, numbers: np.ndarray) -> np.ndarray:
        """Keep only the records ``numbers`` (sorted, distinct); returns old number -> new number (-1: dropped)."""
        renumber = np.full(len(self.doc) + 1, -1, np.int64)
        renumber[numbers] = np.arange(len(numbers))
        if len(numbers) != len(self.doc):
            self.__dict__.update(self.select(numbers).__dict__)
        return renumber

    def select(self, numbers: np.ndarray) -> Records:
        """A new table of the records ``numbers`` (sorted, distinct), numbered in that order."""
        ends = np.frombuffer(self._ends, np.int64)
        lengths = ends[numbers + 1] - ends[numbers]
        new_ends = np.r_[0, np.cumsum(lengths)].astype(np.int64)
        rows = np.repeat(ends[numbers] - new_ends[:-1], lengths) + np.arange(new_ends[-1])
        out = Records()
        out.doc = [self.doc[i] for i in numbers.tolist()]
        out.text = [self.text[i] for i in numbers.tolist()]
        out.start = array("q", np.frombuffer(self.start, np.int64)[numbers].tobytes())
        out._ends = array("q", new_ends.tobytes())
        for name in ("_concept", "_from", "_to"):
            setattr(out, name, array("i", np.frombuffer(getattr(self, name), np.int32)[rows].tobytes()))
        return out

    def concepts(self) -> np.ndarray:
        """The concept numbers of every mention (a view)."""
        return np.frombuffer(self._concept, np.int32)

    def nbytes(self) -> int:
        """Bytes held by the arrays and the strings that only the records refer to (the texts)."""
        import sys

        arrays = sum(a.itemsize * len(a) for a in (self.start, self._ends, self._concept, self._from, self._to))
        return arrays + 16 * len(self.doc) + sum(sys.getsizeof(t) for t in self.text)
