"""Sentence-level co-occurrence counts (pure Python).

Two concepts co-occur when they are mentioned in the same sentence; a
sentence counts once per pair however often the concepts repeat in it, and a
concept never pairs with itself. Each pair keeps a bounded, deterministic
sample of its evidence sentences: the ``max_evidence`` sentences with the
smallest hash of (document id, sentence offset, sentence). The sample does not depend
on the order in which documents are added, so partial counts can be merged.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, NamedTuple, NotRequired, TypedDict

from ..nlp.mentions import DocExtraction, Mention
from ..settings import DEFAULTS

__all__ = ["CooccurrenceCounts", "Evidence", "SentenceRecord", "Stratum", "count_cooccurrences", "stratum_of"]

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


@dataclass
class CooccurrenceCounts:
    """Counts of concepts and concept pairs over a corpus.

    Attributes:
        documents: Documents counted.
        sentences: Sentences counted.
        mentions: Concept -> number of mentions.
        concept_sentences: Concept -> sentences mentioning it.
        concept_documents: Concept -> documents mentioning it.
        surface_forms: Concept -> Counter of ``(written form, source)``: how it was
            written and how that name was resolved (``Mention.source``).
        pair_sentences: Sorted pair -> sentences mentioning both.
        pair_documents: Sorted pair -> documents mentioning both in one sentence.
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
        pair_strata: Sorted pair -> stratum -> ``[sentences, documents]``, likewise.
        evidence: Sorted pair -> heap of ``(-rank, SentenceRecord)``, at most
            ``max_evidence`` long.
        max_evidence: Evidence sentences kept per pair.
        max_sentence_chars: Longer evidence sentences are shortened.
    """

    documents: int = 0
    sentences: int = 0
    mentions: Counter[str] = field(default_factory=Counter)
    concept_sentences: Counter[str] = field(default_factory=Counter)
    concept_documents: Counter[str] = field(default_factory=Counter)
    surface_forms: defaultdict[str, Counter[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(Counter))
    pair_sentences: Counter[Pair] = field(default_factory=Counter)
    pair_documents: Counter[Pair] = field(default_factory=Counter)
    doc_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    strata: dict[Stratum, list[int]] = field(default_factory=dict)
    concept_strata: defaultdict[str, dict[Stratum, list[int]]] = field(default_factory=lambda: defaultdict(dict))
    pair_strata: defaultdict[Pair, dict[Stratum, list[int]]] = field(default_factory=lambda: defaultdict(dict))
    evidence: dict[Pair, list[tuple[int, Evidence]]] = field(default_factory=dict)
    max_evidence: int = DEFAULTS.max_evidence
    max_sentence_chars: int = DEFAULTS.max_sentence_chars

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
        pair_counts: Counter[Pair] = Counter()
        by_sentence: defaultdict[int, list[Mention]] = defaultdict(list)
        mentions, forms = self.mentions, self.surface_forms
        for m in extraction.mentions:
            mentions[m.concept] += 1
            forms[m.concept][m.text, m.source] += 1
            by_sentence[m.sentence].append(m)
        doc_concepts: set[str] = set()
        doc_pairs: set[Pair] = set()
        for index in sorted(by_sentence):
            group = by_sentence[index]
            concepts = sorted({m.concept for m in group})
            doc_concepts.update(concepts)
            self.concept_sentences.update(concepts)
            if dated:
                doc_sentences.update(concepts)
            if len(concepts) < 2:
                continue
            sentence = _Sentence(extraction, *extraction.sentences[index], group)
            for pair in combinations(concepts, 2):
                self.pair_sentences[pair] += 1
                doc_pairs.add(pair)
                self._offer(pair, sentence)
            if dated:
                pair_counts.update(combinations(concepts, 2))
        self.concept_documents.update(doc_concepts)
        self.pair_documents.update(doc_pairs)
        if not dated:
            return
        doc_mentions.update(m.concept for m in extraction.mentions)
        concept_strata, pair_strata = self.concept_strata, self.pair_strata
        for concept, n in doc_mentions.items():
            _add_to(concept_strata[concept], stratum, (n, doc_sentences[concept], 1))
        for pair, n in pair_counts.items():
            _add_to(pair_strata[pair], stratum, (n, 1))

    def _offer(self, pair: Pair, sentence: _Sentence) -> None:
        heap = self.evidence.get(pair)
        if heap is None:
            heap = self.evidence[pair] = []
        if self.max_evidence == 0 or (len(heap) >= self.max_evidence and -heap[0][0] <= sentence.rank):
            return
        item = (-sentence.rank, sentence.record())
        if len(heap) < self.max_evidence:
            heapq.heappush(heap, item)
        else:
            heapq.heapreplace(heap, item)

    def merge(self, other: CooccurrenceCounts) -> CooccurrenceCounts:
        """A new object holding the counts of both (associative and commutative)."""
        merged = CooccurrenceCounts(max_evidence=self.max_evidence,
                                    max_sentence_chars=self.max_sentence_chars)
        merged.absorb(self)
        merged.absorb(other)
        return merged

    def absorb(self, other: CooccurrenceCounts) -> None:
        """Add the counts of ``other`` to this object, in place (cost: the size of ``other``)."""
        self.documents += other.documents
        self.sentences += other.sentences
        for name in ("mentions", "concept_sentences", "concept_documents", "pair_sentences",
                     "pair_documents"):
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
        for pair, strata in other.pair_strata.items():
            into = self.pair_strata[pair]
            for stratum, values in strata.items():
                _add_to(into, stratum, values)
        for pair, items in other.evidence.items():
            heap = self.evidence.setdefault(pair, [])
            for item in items:  # keep the max_evidence smallest ranks (heap entries are -rank)
                if len(heap) < self.max_evidence:
                    heapq.heappush(heap, item)
                elif item[0] > heap[0][0]:
                    heapq.heapreplace(heap, item)

    def evidence_for(self, pair: Pair) -> list[Evidence]:
        """The evidence sample of a pair, in document order."""
        records = sorted((r for _, r in self.evidence.get(pair, [])), key=lambda r: (r.doc, r.start))
        return [r.for_pair(pair, self.max_sentence_chars) for r in records]


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
        if len(self.text) <= max_chars:  # the usual case: the whole sentence
            return {"doc": self.doc, "start": self.start, "end": self.start + len(self.text),
                    "text": self.text, "marks": {a: list(map(list, in_a)), b: list(map(list, in_b))}}
        spans = [(s, e, a) for s, e in in_a] + [(s, e, b) for s, e in in_b]
        start, end = 0, len(self.text)
        if spans:
            first = min(s for s, _, _ in spans)
            last = max(e for _, e, _ in spans)
            pad = max((max_chars - (last - first)) // 2, 0)
            start = max(0, first - pad)
            end = min(end, max(last + pad, start + max_chars))
        marks: dict[str, list[list[int]]] = {a: [], b: []}
        for s, e, concept in spans:
            if start <= s and e <= end:
                marks[concept].append([s - start, e - start])
        return {"doc": self.doc, "start": self.start + start, "end": self.start + end,
                "text": self.text[start:end], "marks": marks}



class _Sentence:
    """One sentence with two or more concepts; its record is made once, on first use."""

    __slots__ = ("_record", "doc_id", "end", "group", "rank", "start", "text")

    def __init__(self, extraction: DocExtraction, start: int, end: int, group: list[Mention]) -> None:
        text = extraction.text
        self.doc_id, self.text, self.group = extraction.doc_id, text, group
        sentence = text[start:end]
        self.rank = _rank(extraction.doc_id, start, sentence)
        # Trim surrounding white space from the sentence.
        self.start = start + len(sentence) - len(sentence.lstrip())
        self.end = max(end - (len(sentence) - len(sentence.rstrip())), self.start)
        self._record: SentenceRecord | None = None

    def record(self) -> SentenceRecord:
        if self._record is None:
            start = self.start
            grouped: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
            for m in self.group:
                grouped[m.concept].append((m.start - start, m.end - start))
            spans = tuple((concept, tuple(grouped[concept])) for concept in sorted(grouped))
            self._record = SentenceRecord(self.doc_id, start, self.text[start:self.end], spans)
        return self._record


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
        >>> from kgraph.nlp.mentions import DocExtraction, Mention
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
