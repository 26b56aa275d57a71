"""From annotated spaCy Docs to plain :class:`Mention` objects.

This is the last module that touches spaCy Docs: everything downstream works
on the dataclasses defined here (and importing them does not import spaCy).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from .lexicon import Concept, Lexicon
from .settings import SPANS_KEY

if TYPE_CHECKING:  # spaCy is only needed by the caller that made the Doc
    from spacy.tokens import Doc

__all__ = ["DocExtraction", "Mention", "doc_extraction", "iter_mentions"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a concept in a text.

    Attributes:
        start: Character offset of the mention in the text.
        end: Character offset just after the mention.
        text: The mention as written (``text[start:end]``).
        concept: The concept id (the node id in the graph).
        label: The concept's preferred name.
        category: The concept's category.
        sentence: Index of the sentence holding the mention.
        source: ``"lexicon"``, ``"abbreviation"`` or ``"discovered"``.
    """

    start: int
    end: int
    text: str
    concept: str
    label: str
    category: str
    sentence: int = 0
    source: str = "lexicon"


@dataclass
class DocExtraction:
    """The mentions and sentences of one document.

    Attributes:
        doc_id: The document id.
        text: The document text.
        sentences: ``(start, end)`` character offsets of each sentence.
        mentions: The mentions, in text order.
        discovered: Concepts found in this document that the lexicon lacks.
    """

    doc_id: str
    text: str
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    discovered: dict[str, Concept] = field(default_factory=dict)


def doc_extraction(doc: Doc, lexicon: Lexicon, *, doc_id: str = "",
                   known: Mapping[str, Concept] | None = None,
                   spans_key: str = SPANS_KEY) -> DocExtraction:
    """Read the concepts that ``kgraph_concepts`` wrote to ``doc``.

    Args:
        doc: A Doc processed by a kgraph pipeline.
        lexicon: The lexicon the pipeline used (labels and categories).
        doc_id: The document id.
        known: Concepts discovered elsewhere in the corpus (for short forms
            this document uses without defining them).
        spans_key: The ``doc.spans`` key of the concepts.

    Returns:
        The document's sentences and mentions.
    """
    recognition = doc._.kg_recognition
    discovered: Mapping[str, Concept] = recognition.discovered if recognition else {}
    sentences = [(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") \
        else [(0, len(doc.text))]
    starts = [s for s, _ in sentences]
    sources = {(f.start, f.end): f.source for f in recognition.found} if recognition else {}
    mentions = []
    for span in doc.spans.get(spans_key, []):
        concept = (lexicon.concepts.get(span.kb_id_) or discovered.get(span.kb_id_)
                   or (known or {}).get(span.kb_id_))
        if concept is None:
            continue
        start, end = span.start_char, span.end_char
        sentence = max(bisect.bisect_right(starts, start) - 1, 0)
        mentions.append(Mention(start, end, span.text, concept.id, concept.label, concept.category,
                                sentence, sources.get((start, end), concept.source)))
    mentions.sort(key=lambda m: (m.start, m.end, m.concept))
    return DocExtraction(doc_id, doc.text, sentences, mentions, dict(discovered))


def iter_mentions(docs: Iterator[Doc], lexicon: Lexicon) -> Iterator[Mention]:
    """All mentions of a stream of Docs, in order."""
    for doc in docs:
        yield from doc_extraction(doc, lexicon).mentions
