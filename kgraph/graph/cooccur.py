"""Sentence-level co-occurrence counts: concepts by name, pairs as integer keys in numpy arrays.

Two concepts co-occur when they are mentioned in the same sentence; a
sentence counts once per pair however often the concepts repeat in it, and a
concept never pairs with itself. Each pair keeps a bounded, deterministic
sample of its evidence sentences: the ``max_evidence`` sentences with the
smallest hash of (document id, sentence offset, sentence). The sample does not depend
on the order in which documents are added, so partial counts can be merged.
How the pairs are kept is in :mod:`kgraph.graph.pairs` (about 100 bytes per
distinct pair with its evidence references).
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, NamedTuple, NotRequired, TypedDict

import numpy as np

from ..extraction import DocExtraction, Mention
from ..settings import DEFAULTS
from .pairs import (
    SHIFT,
    Records,
    pair_key,
    pair_shards,
    reduce_evidence,
    reduce_pairs,
    split_key,
)

__all__ = ["CooccurrenceCounts", "Evidence", "Link", "SentenceRecord", "Stratum", "count_cooccurrences", "excerpt",
           "stratum_of"]

Pair = tuple[str, str]
Stratum = tuple[Any, Any]
"""``(year, journal)`` of a document; None where it has none."""
NO_STRATUM: Stratum = (None, None)


def stratum_of(meta: dict[str, Any]) -> Stratum:
    """The stratum of a document: its year and journal (None for what it lacks).

    Examples:
        >>> stratum_of({"year": 2019, "journal": "Cancer Res", "title": "x"}), stratum_of({})
        ((2019, 'Cancer Res'), (None, None))
    """
    return meta.get("year"), meta.get("journal")


def _add_to(table: dict[Stratum, list[int]], stratum: Stratum, values: Iterable[int]) -> None:
    """Add ``values`` to the counts of ``stratum`` in ``table``."""
    here = table.get(stratum)
    if here is None:
        table[stratum] = list(values)
    else:
        for i, value in enumerate(values):
            here[i] += value


class Evidence(TypedDict):
    """One evidence sentence of a link.

    Attributes:
        doc: The document id.
        start: The sentence's offset in the document (of the excerpt when a
            long sentence was shortened).
        end: Its end offset.
        text: The sentence.
        marks: Each of the two concept ids -> the ``[start, end]`` offsets of
            its mentions inside ``text``.
        year: The document's year (only when it has one; added to the graph's evidence).
        cite: A short citation of the document (only when it has metadata).
    """

    doc: str
    start: int
    end: int
    text: str
    marks: dict[str, list[list[int]]]
    year: NotRequired[int]
    cite: NotRequired[str]


def _rank(doc_id: str, start: int, sentence: str) -> int:
    """A pseudo-random rank for the evidence sample.

    The sentence text is part of the hash, so two different sentences never
    tie (documents may share an id), and only identical evidence can compare
    equal in the heaps.
    """
    digest = hashlib.blake2b(f"{doc_id}\x00{start}\x00{sentence}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


class Link(NamedTuple):
    """A link of the counts, as :meth:`CooccurrenceCounts.links` gives it.

    Attributes:
        a: The first concept id (the smaller as a string).
        b: The second.
        sentences: Sentences mentioning both.
        documents: Documents mentioning both in one sentence.
        evidence: The evidence sample, in document order.
        strata: Stratum -> ``[sentences, documents]`` (documents with a year or a journal only).
    """

    a: str
    b: str
    sentences: int
    documents: int
    evidence: list[Evidence]
    strata: dict[Stratum, list[int]]


_FOLD = 1 << 20
"""Pair observations buffered before they are folded into the sorted tables (at least; or as many as the tables hold)."""


@dataclass(eq=False)
class CooccurrenceCounts:
    """Counts of concepts and concept pairs over a corpus.

    Counts per concept are dictionaries by concept id (a corpus has about a
    tenth as many concepts as distinct pairs); pair counts are compact
    (:mod:`kgraph.graph.pairs`): each pair an integer key in sorted numpy
    arrays with its sentence and document counts, and its evidence sample
    references to sentence records shared by the pairs of a sentence (only
    the counts per stratum of a pair are a dictionary by that key, and only
    for documents with a year or a journal). The evidence becomes
    :class:`Evidence` dictionaries only when it is read
    (:meth:`links`, :meth:`evidence_for`).

    Attributes:
        documents: Documents counted.
        sentences: Sentences counted.
        mentions: Concept -> number of mentions.
        concept_sentences: Concept -> sentences mentioning it.
        concept_documents: Concept -> documents mentioning it.
        surface_forms: Concept -> Counter of ``(written form, resolved by)``: how it was
            written and how that name was resolved (:attr:`Mention.resolved_by
            <kgraph.extraction.Mention.resolved_by>`).
        doc_info: Document id -> ``{"sentences": n, **metadata}``: every
            document counted (documents that share an id add up).
        strata: Stratum -> ``[documents, sentences]``. A stratum is a
            ``(year, journal)`` pair (None where the document has none):
            counts kept per stratum let a sub-corpus of years and journals
            be counted exactly from the graph, with memory that grows with
            the graph and the number of strata, not with the corpus.
        concept_strata: Concept -> stratum -> ``[mentions, sentences, documents]``,
            for the strata of documents with a year or a journal (the rest
            is the total minus these: a corpus without metadata costs nothing).
        max_evidence: Evidence sentences kept per pair.
        max_sentence_chars: Longer evidence sentences are shortened.

    The pair counts are read with :meth:`links` (sorted, with evidence),
    :meth:`evidence_for`, and the dictionaries :attr:`pair_sentences`,
    :attr:`pair_documents` and :attr:`pair_strata` (made when asked for).
    """

    documents: int = 0
    sentences: int = 0
    mentions: Counter[str] = field(default_factory=Counter)
    concept_sentences: Counter[str] = field(default_factory=Counter)
    concept_documents: Counter[str] = field(default_factory=Counter)
    surface_forms: defaultdict[str, Counter[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(Counter))
    doc_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    strata: dict[Stratum, list[int]] = field(default_factory=dict)
    concept_strata: defaultdict[str, dict[Stratum, list[int]]] = field(default_factory=lambda: defaultdict(dict))
    max_evidence: int = DEFAULTS.max_evidence
    max_sentence_chars: int = DEFAULTS.max_sentence_chars

    def __post_init__(self) -> None:
        self._names: list[str] = []  # concept number -> concept id
        self._numbers: dict[str, int] = {}
        empty = np.zeros(0, np.int64)
        self._keys, self._sentences, self._documents = empty, empty, empty  # sorted by key
        self._ev_keys, self._ev_ranks, self._ev_records = empty, np.zeros(0, np.uint64), empty  # by key, rank
        self._records = Records()
        self._pair_strata: dict[int, dict[Stratum, list[int]]] = {}
        self._chunks: list[tuple[np.ndarray, ...]] = []  # folded-in later: (keys, sentences, documents)
        self._ev_chunks: list[tuple[np.ndarray, ...]] = []  # (keys, ranks, records)
        self._waiting = 0
        self._new_buffers()

    def _new_buffers(self) -> None:
        self._new_keys, self._new_doc_keys = array("q"), array("q")
        self._new_ranks, self._new_records = array("Q"), array("q")

    def _number(self, concept: str) -> int:
        number = self._numbers.get(concept)
        if number is None:
            number = self._numbers[concept] = len(self._names)
            self._names.append(concept)
        return number

    # Counting ----------------------------------------------------------------------------------

    def add(self, extraction: DocExtraction) -> None:
        """Count one document."""
        self.documents += 1
        self.sentences += len(extraction.sentences)
        doc_id, meta = extraction.doc_id, extraction.meta or {}
        info = self.doc_info.get(doc_id)
        if info is None:
            self.doc_info[doc_id] = {"sentences": len(extraction.sentences), **meta}
        else:  # another document with the same id: one entry, counts added up
            info["sentences"] += len(extraction.sentences)
        stratum = stratum_of(meta)
        _add_to(self.strata, stratum, (1, len(extraction.sentences)))
        dated = stratum != NO_STRATUM  # documents without year or journal: no counts per stratum
        doc_mentions: Counter[str] = Counter()
        doc_sentences: Counter[str] = Counter()
        pair_counts: Counter[int] = Counter()
        by_sentence: defaultdict[int, list[Mention]] = defaultdict(list)
        mentions, forms = self.mentions, self.surface_forms
        for m in extraction.mentions:
            mentions[m.concept] += 1
            forms[m.concept][m.text, m.resolved_by] += 1
            by_sentence[m.sentence].append(m)
        doc_concepts: set[str] = set()
        doc_pairs: set[int] = set()
        numbers, number = self._numbers, self._number
        new_keys, keep = self._new_keys, self.max_evidence > 0
        for index in sorted(by_sentence):
            group = by_sentence[index]
            concepts = sorted({m.concept for m in group})
            doc_concepts.update(concepts)
            self.concept_sentences.update(concepts)
            if dated:
                doc_sentences.update(concepts)
            if len(concepts) < 2:
                continue
            ids = [numbers[c] if c in numbers else number(c) for c in concepts]
            keys = [first << SHIFT | second for first, second in combinations(ids, 2)]
            new_keys.extend(keys)
            doc_pairs.update(keys)
            if keep:
                rank, record = self._record(extraction, doc_id, *extraction.sentences[index], group, concepts, ids)
                self._new_ranks.extend([rank] * len(keys))
                self._new_records.extend([record] * len(keys))
            if dated:
                pair_counts.update(keys)
        self.concept_documents.update(doc_concepts)
        self._new_doc_keys.extend(doc_pairs)
        if dated:
            doc_mentions.update(m.concept for m in extraction.mentions)
            concept_strata, pair_strata = self.concept_strata, self._pair_strata
            for concept, n in doc_mentions.items():
                _add_to(concept_strata[concept], stratum, (n, doc_sentences[concept], 1))
            for key, n in pair_counts.items():
                _add_to(pair_strata.setdefault(key, {}), stratum, (n, 1))
        if len(new_keys) + self._waiting >= max(_FOLD, len(self._keys)):
            self._fold()

    def _record(self, extraction: DocExtraction, doc_id: str, start: int, end: int, group: list[Mention],
                concepts: list[str], ids: list[int]) -> tuple[int, int]:
        """The rank of a sentence and the number of its new record."""
        text = extraction.text
        sentence = text[start:end]
        rank = _rank(extraction.doc_id, start, sentence)
        # Trim surrounding white space from the sentence.
        first = start + len(sentence) - len(sentence.lstrip())
        last = max(end - (len(sentence) - len(sentence.rstrip())), first)
        grouped: dict[str, list[tuple[int, int]]] = {concept: [] for concept in concepts}
        for m in group:
            grouped[m.concept].append((m.start - first, m.end - first))
        record = self._records.add(doc_id, first, text[first:last],
                                   [(number, grouped[concept]) for number, concept in zip(ids, concepts)])
        return rank, record

    def _fold(self) -> None:
        """Fold the buffered observations and chunks into the sorted tables (and drop unused records)."""
        new = np.frombuffer(self._new_keys, np.int64)
        pairs = [(self._keys, self._sentences, self._documents), *self._chunks]
        if len(new) or len(self._new_doc_keys):
            documents = np.frombuffer(self._new_doc_keys, np.int64)
            pairs.append((np.concatenate([new, documents]),
                          np.repeat(np.array([1, 0], np.int64), [len(new), len(documents)]),
                          np.repeat(np.array([0, 1], np.int64), [len(new), len(documents)])))
        if len(pairs) == 1:
            return
        self.__dict__.pop("_order", None)
        self._keys, self._sentences, self._documents = reduce_pairs(
            *(np.concatenate(column) for column in zip(*pairs)))
        evidence = [(self._ev_keys, self._ev_ranks, self._ev_records), *self._ev_chunks]
        if len(self._new_ranks):
            evidence.append((new, np.frombuffer(self._new_ranks, np.uint64),
                             np.frombuffer(self._new_records, np.int64)))
        del new
        self._chunks, self._ev_chunks, self._waiting = [], [], 0
        self._new_buffers()
        if self.max_evidence:
            keys, ranks, records = reduce_evidence(*(np.concatenate(column) for column in zip(*evidence)),
                                                   self.max_evidence)
            used = np.unique(records)
            self._ev_keys, self._ev_ranks, self._ev_records = keys, ranks, self._records.keep(used)[records]
        else:
            self._records = Records()

    def absorb(self, other: CooccurrenceCounts) -> None:
        """Add the counts of ``other`` to this object, in place (cost: the size of ``other``)."""
        self.documents += other.documents
        self.sentences += other.sentences
        for name in ("mentions", "concept_sentences", "concept_documents"):
            getattr(self, name).update(getattr(other, name))
        for concept, forms in other.surface_forms.items():
            self.surface_forms[concept].update(forms)
        for doc_id, info in other.doc_info.items():
            mine = self.doc_info.get(doc_id)
            if mine is None:
                self.doc_info[doc_id] = dict(info)
            else:
                mine["sentences"] += info["sentences"]
        for stratum, values in other.strata.items():
            _add_to(self.strata, stratum, values)
        for concept, strata in other.concept_strata.items():
            into = self.concept_strata[concept]
            for stratum, values in strata.items():
                _add_to(into, stratum, values)
        other._fold()
        renumber = np.array([self._number(c) for c in other._names], np.int64)
        for key, strata in other._pair_strata.items():
            first, second = split_key(key)
            into = self._pair_strata.setdefault(pair_key(int(renumber[first]), int(renumber[second])), {})
            for stratum, values in strata.items():
                _add_to(into, stratum, values)
        if len(other._keys):
            self._chunks.append((_renumbered(other._keys, renumber), other._sentences, other._documents))
            self._waiting += len(other._keys)
        if self.max_evidence and len(other._ev_keys):
            offset = self._records.extend(other._records, renumber)
            self._ev_chunks.append((_renumbered(other._ev_keys, renumber), other._ev_ranks,
                                    other._ev_records + offset))
        if self._waiting + len(self._new_keys) >= max(_FOLD, len(self._keys)):
            self._fold()

    def __getstate__(self) -> dict[str, Any]:
        self._fold()  # what crosses a process boundary: the sorted tables, no buffers
        state = dict(self.__dict__)
        for name in ("_new_keys", "_new_doc_keys", "_new_ranks", "_new_records"):
            del state[name]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._new_buffers()

    # Reading -----------------------------------------------------------------------------------

    def __len__(self) -> int:
        """The number of distinct pairs."""
        self._fold()
        return len(self._keys)

    def pair_nbytes(self) -> int:
        """Bytes held for the pairs: their keys, counts, evidence rows and sentence records (texts included)."""
        self._fold()
        arrays = (self._keys, self._sentences, self._documents, self._ev_keys, self._ev_ranks, self._ev_records)
        return sum(a.nbytes for a in arrays) + self._records.nbytes()

    def _pair_of(self, key: int) -> Pair:
        first, second = split_key(key)
        return self._names[first], self._names[second]

    @property
    def pair_sentences(self) -> Counter[Pair]:
        """Sorted pair -> sentences mentioning both (a new Counter, made when asked for)."""
        self._fold()
        return Counter(dict(zip(map(self._pair_of, self._keys.tolist()), self._sentences.tolist())))

    @property
    def pair_documents(self) -> Counter[Pair]:
        """Sorted pair -> documents mentioning both in one sentence (a new Counter)."""
        self._fold()
        return Counter(dict(zip(map(self._pair_of, self._keys.tolist()), self._documents.tolist())))

    @property
    def pair_strata(self) -> dict[Pair, dict[Stratum, list[int]]]:
        """Sorted pair -> stratum -> ``[sentences, documents]``, likewise (a new dict)."""
        return {self._pair_of(key): strata for key, strata in self._pair_strata.items()}

    def _key_of(self, pair: Pair) -> int | None:
        a, b = pair
        if a not in self._numbers or b not in self._numbers:
            return None
        return pair_key(self._numbers[a], self._numbers[b])

    def _evidence(self, lo: int, hi: int, a: str, b: str) -> list[Evidence]:
        """The evidence of the rows ``lo:hi`` of the evidence table (one pair's), in document order."""
        records, numbers = self._records, (self._numbers[a], self._numbers[b])
        found = []
        for record in self._ev_records[lo:hi].tolist():
            spans: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
            for concept, s, e in records.spans(record):
                if concept in numbers:
                    spans[numbers.index(concept)].append((s, e))
            found.append((records.doc[record], records.start[record], records.text[record], spans))
        found.sort(key=lambda r: (r[0], r[1]))
        return [excerpt(doc, start, text, a, in_a, b, in_b, self.max_sentence_chars)
                for doc, start, text, (in_a, in_b) in found]

    def evidence_for(self, pair: Pair) -> list[Evidence]:
        """The evidence sample of a pair, in document order."""
        self._fold()
        key = self._key_of(pair)
        if key is None:
            return []
        lo, hi = np.searchsorted(self._ev_keys, key, "left"), np.searchsorted(self._ev_keys, key, "right")
        return self._evidence(int(lo), int(hi), *pair)

    def _sorted(self, min_weight: int) -> np.ndarray:
        """Positions of the pairs seen in at least ``min_weight`` sentences, in the order of their concept ids."""
        cached = self.__dict__.get("_order")
        if cached is not None and cached[0] == min_weight:
            return cached[1]
        names = self._names
        place = np.empty(len(names), np.int64)
        place[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
        first, second = self._keys >> SHIFT, self._keys & ((1 << SHIFT) - 1)
        chosen = np.flatnonzero(self._sentences >= min_weight)
        chosen = chosen[np.argsort(place[first[chosen]] * len(names) + place[second[chosen]], kind="stable")]
        self._order = (min_weight, chosen)
        return chosen

    def links(self, *, min_weight: int = 1, evidence: bool = True, start: int = 0,
              stop: int | None = None) -> Iterator[Link]:
        """The pairs seen in at least ``min_weight`` sentences, sorted, with their evidence.

        Args:
            min_weight: Leave out pairs seen in fewer sentences.
            evidence: Make the evidence sentences (otherwise ``Link.evidence`` is empty).
            start: The first link to give (in sorted order).
            stop: The link to stop before (None: the last).

        Examples:
            >>> from kgraph.extraction import DocExtraction, Mention
            >>> ms = [Mention(0, 1, "B", "b", "B", "x"), Mention(6, 7, "A", "a", "A", "x")]
            >>> [link] = count_cooccurrences([DocExtraction("d", "B and A.", [(0, 8)], ms)]).links()
            >>> link.a, link.b, link.sentences, link.evidence[0]["marks"]
            ('a', 'b', 1, {'a': [[6, 7]], 'b': [[0, 1]]})
        """
        self._fold()
        chosen = self._sorted(min_weight)[start:stop]
        starts = np.searchsorted(self._ev_keys, self._keys[chosen], "left")
        ends = np.searchsorted(self._ev_keys, self._keys[chosen], "right")
        for i, lo, hi in zip(chosen.tolist(), starts.tolist(), ends.tolist()):
            key = int(self._keys[i])
            a, b = self._pair_of(key)
            yield Link(a, b, int(self._sentences[i]), int(self._documents[i]),
                       self._evidence(lo, hi, a, b) if evidence else [],
                       self._pair_strata.get(key, {}))

    # Shards -----------------------------------------------------------------------------------

    def split(self, shards: int) -> tuple[CooccurrenceCounts, list[CooccurrenceCounts]]:
        """The concept-level counts, and the pair counts cut in ``shards`` parts by a hash of the pair.

        Every pair goes to the same part in every process
        (:func:`~kgraph.graph.pairs.pair_shards`), so parts with the same
        number add up to the counts of their pairs over the whole corpus. The
        first object shares this one's concept-level counts; the parts hold
        pairs, evidence and the concepts they name.
        """
        self._fold()
        head = CooccurrenceCounts(self.documents, self.sentences, self.mentions, self.concept_sentences,
                                  self.concept_documents, self.surface_forms, self.doc_info, self.strata,
                                  self.concept_strata, self.max_evidence, self.max_sentence_chars)
        shard, ev_shard = pair_shards(self._keys, self._names, shards), pair_shards(self._ev_keys, self._names, shards)
        parts = []
        for number in range(shards):
            chosen, rows = shard == number, ev_shard == number
            records = np.unique(self._ev_records[rows])
            parts.append(self._part(self._keys[chosen], self._sentences[chosen], self._documents[chosen],
                                    (self._ev_keys[rows], self._ev_ranks[rows], self._ev_records[rows]), records))
        return head, parts

    def _part(self, keys: np.ndarray, sentences: np.ndarray, documents: np.ndarray,
              evidence: tuple[np.ndarray, ...], records: np.ndarray) -> CooccurrenceCounts:
        """Counts of some of this object's pairs (and their evidence), numbering only the concepts they need."""
        part = CooccurrenceCounts(max_evidence=self.max_evidence, max_sentence_chars=self.max_sentence_chars)
        kept = self._records.select(records)
        used = np.unique(np.concatenate([keys >> SHIFT, keys & ((1 << SHIFT) - 1), kept.concepts()]))
        renumber = np.full(len(self._names), -1, np.int64)
        renumber[used] = np.arange(len(used))
        part._names = [self._names[i] for i in used.tolist()]
        part._numbers = {name: i for i, name in enumerate(part._names)}
        part._keys, part._sentences, part._documents = _renumbered(keys, renumber), sentences, documents
        ev_keys, ranks, numbers = evidence
        place = np.full(len(self._records) + 1, -1, np.int64)
        place[records] = np.arange(len(records))
        part._ev_keys, part._ev_ranks, part._ev_records = _renumbered(ev_keys, renumber), ranks, place[numbers]
        concepts = kept.concepts()
        if len(concepts):
            kept._concept = array("i", renumber[concepts].astype(np.int32).tobytes())
        part._records = kept
        strata = self._pair_strata  # looked up per key: a chunk costs its own pairs, not all of them
        part._pair_strata = {new: strata[key] for key, new in zip(keys.tolist(), part._keys.tolist())
                             if key in strata}
        return part

    def chunk(self, start: int, stop: int) -> CooccurrenceCounts:
        """The pairs ``start:stop`` (in key order) with their evidence and strata, as counts of their own.

        The chunks of ``0:len(self)`` hold every pair once; a sentence that
        is the evidence of pairs in two chunks is a record of both. What a
        sharded store build writes to the store a chunk of a shard at a time.
        """
        self._fold()
        keys = self._keys[start:stop]
        if not len(keys):
            lo = hi = 0
        else:
            lo = int(np.searchsorted(self._ev_keys, keys[0], "left"))
            hi = int(np.searchsorted(self._ev_keys, keys[-1], "right"))
        rows = slice(lo, hi)
        records = np.unique(self._ev_records[rows])
        return self._part(keys, self._sentences[start:stop], self._documents[start:stop],
                          (self._ev_keys[rows], self._ev_ranks[rows], self._ev_records[rows]), records)

    def prune(self, min_weight: int) -> None:
        """Drop the pairs seen in fewer than ``min_weight`` sentences, with their evidence."""
        self._fold()
        if min_weight <= 1:
            return
        chosen = self._sentences >= min_weight
        rows = np.isin(self._ev_keys, self._keys[chosen])
        records = np.unique(self._ev_records[rows])
        pruned = self._part(self._keys[chosen], self._sentences[chosen], self._documents[chosen],
                            (self._ev_keys[rows], self._ev_ranks[rows], self._ev_records[rows]), records)
        self.__dict__.pop("_order", None)
        for name in ("_names", "_numbers", "_keys", "_sentences", "_documents", "_ev_keys", "_ev_ranks",
                     "_ev_records", "_records", "_pair_strata"):
            setattr(self, name, getattr(pruned, name))

    # Rows for the store ------------------------------------------------------------------------

    def pair_rows(self) -> Iterator[tuple[str, str, int, int]]:
        """``(a, b, sentences, documents)`` of every pair."""
        self._fold()
        for key, sentences, documents in zip(self._keys.tolist(), self._sentences.tolist(),
                                             self._documents.tolist()):
            yield (*self._pair_of(key), sentences, documents)

    def evidence_rows(self) -> tuple[list[SentenceRecord], Iterator[tuple[str, str, int, int]]]:
        """The evidence records (numbered by position) and ``(a, b, rank, record number)`` of every evidence row."""
        self._fold()
        records, names = self._records, self._names
        sentences = []
        for number in range(len(records)):
            grouped: dict[str, list[tuple[int, int]]] = {}
            for concept, s, e in records.spans(number):
                grouped.setdefault(names[concept], []).append((s, e))
            sentences.append(SentenceRecord(records.doc[number], records.start[number], records.text[number],
                                            tuple((c, tuple(offsets)) for c, offsets in grouped.items())))
        rows = ((*self._pair_of(key), rank, record) for key, rank, record in zip(
            self._ev_keys.tolist(), self._ev_ranks.tolist(), self._ev_records.tolist()))
        return sentences, rows

    def add_rows(self, pairs: Iterable[tuple[str, str, int, int]], records: Iterable[SentenceRecord],
                 evidence: Iterable[tuple[str, str, int, int]],
                 pair_strata: Iterable[tuple[str, str, Stratum, list[int]]] = ()) -> None:
        """Add pair counts, evidence and pair strata read back from :meth:`pair_rows` and :meth:`evidence_rows`.

        Args:
            pairs: ``(a, b, sentences, documents)``.
            records: The evidence sentences; ``evidence`` numbers them by position.
            evidence: ``(a, b, rank, record number)``.
            pair_strata: ``(a, b, stratum, [sentences, documents])``.
        """
        number = self._number
        keys, sentences, documents = array("q"), array("q"), array("q")
        for a, b, s, d in pairs:
            keys.append(pair_key(number(a), number(b)))
            sentences.append(s)
            documents.append(d)
        if len(keys):
            self._chunks.append((np.array(keys, np.int64), np.array(sentences, np.int64),
                                 np.array(documents, np.int64)))
        renumber, offset = [], len(self._records)
        for record in records:
            self._records.add(record.doc, record.start, record.text,
                              [(number(concept), offsets) for concept, offsets in record.spans])
            renumber.append(offset)
            offset += 1
        ev_keys, ranks, numbers = array("q"), array("Q"), array("q")
        for a, b, rank, record in evidence:
            ev_keys.append(pair_key(number(a), number(b)))
            ranks.append(rank)
            numbers.append(renumber[record])
        if len(ev_keys) and self.max_evidence:
            self._ev_chunks.append((np.array(ev_keys, np.int64), np.array(ranks, np.uint64),
                                    np.array(numbers, np.int64)))
        for a, b, stratum, values in pair_strata:
            _add_to(self._pair_strata.setdefault(pair_key(number(a), number(b)), {}), stratum, values)
        self._fold()


def _renumbered(keys: np.ndarray, renumber: np.ndarray) -> np.ndarray:
    """Pair keys of another counts object in this one's concept numbers."""
    return renumber[keys >> SHIFT] << SHIFT | renumber[keys & ((1 << SHIFT) - 1)]


class SentenceRecord(NamedTuple):
    """An evidence sentence as stored: shared by every pair of concepts it holds.

    Attributes:
        doc: The document id.
        start: Offset of the (trimmed) sentence in the document.
        text: The sentence.
        spans: ``(concept, ((start, end), ...))`` for each concept, sorted;
            offsets relative to ``start``.
    """

    doc: str
    start: int
    text: str
    spans: tuple[tuple[str, tuple[tuple[int, int], ...]], ...]

    def for_pair(self, pair: Pair, max_chars: int) -> Evidence:
        """The evidence of ``pair``: the sentence, or an excerpt around the pair if it is long."""
        a, b = pair
        in_a = in_b = ()
        for concept, offsets in self.spans:  # a handful of concepts: a scan beats a search
            if concept == a:
                in_a = offsets
            elif concept == b:
                in_b = offsets
        return excerpt(self.doc, self.start, self.text, a, in_a, b, in_b, max_chars)


def excerpt(doc: str, start: int, text: str, a: str, in_a: Iterable[tuple[int, int]], b: str,
            in_b: Iterable[tuple[int, int]], max_chars: int) -> Evidence:
    """The evidence of the pair ``a``, ``b`` in a sentence: the sentence, or an excerpt around the pair if it is long.

    Args:
        doc: The document id.
        start: The sentence's offset in the document.
        text: The sentence.
        a: The first concept.
        in_a: Its mentions, ``(start, end)`` relative to ``start``.
        b: The second concept.
        in_b: Its mentions.
        max_chars: Longer sentences are cut around the two concepts.

    Examples:
        >>> excerpt("d", 5, "A and B", "a", [(0, 1)], "b", [(6, 7)], 600)
        {'doc': 'd', 'start': 5, 'end': 12, 'text': 'A and B', 'marks': {'a': [[0, 1]], 'b': [[6, 7]]}}
    """
    if len(text) <= max_chars:  # the usual case: the whole sentence
        return {"doc": doc, "start": start, "end": start + len(text),
                "text": text, "marks": {a: list(map(list, in_a)), b: list(map(list, in_b))}}
    spans = [(s, e, a) for s, e in in_a] + [(s, e, b) for s, e in in_b]
    first_char, end = 0, len(text)
    if spans:
        first = min(s for s, _, _ in spans)
        last = max(e for _, e, _ in spans)
        pad = max((max_chars - (last - first)) // 2, 0)
        first_char = max(0, first - pad)
        end = min(end, max(last + pad, first_char + max_chars))
    marks: dict[str, list[list[int]]] = {a: [], b: []}
    for s, e, concept in spans:
        if first_char <= s and e <= end:
            marks[concept].append([s - first_char, e - first_char])
    return {"doc": doc, "start": start + first_char, "end": start + end,
            "text": text[first_char:end], "marks": marks}


def count_cooccurrences(extractions: Iterable[DocExtraction], *,
                        max_evidence: int = DEFAULTS.max_evidence,
                        max_sentence_chars: int = DEFAULTS.max_sentence_chars) -> CooccurrenceCounts:
    """Count concepts and same-sentence pairs over documents.

    Args:
        extractions: The documents' mentions and sentences.
        max_evidence: Evidence sentences kept per pair.
        max_sentence_chars: Evidence sentences longer than this are shortened
            around the two concepts.

    Returns:
        The counts.

    Examples:
        >>> from kgraph.extraction import DocExtraction, Mention
        >>> text = "A and B. A, A and C."
        >>> ms = [Mention(0, 1, "A", "a", "A", "x", 0), Mention(6, 7, "B", "b", "B", "x", 0),
        ...       Mention(9, 10, "A", "a", "A", "x", 1), Mention(12, 13, "A", "a", "A", "x", 1),
        ...       Mention(18, 19, "C", "c", "C", "x", 1)]
        >>> counts = count_cooccurrences([DocExtraction("d1", text, [(0, 8), (9, 20)], ms)])
        >>> sorted(counts.pair_sentences.items()), counts.mentions["a"], counts.concept_sentences["a"]
        ([(('a', 'b'), 1), (('a', 'c'), 1)], 3, 2)
    """
    counts = CooccurrenceCounts(max_evidence=max_evidence, max_sentence_chars=max_sentence_chars)
    for extraction in extractions:
        counts.add(extraction)
    return counts
