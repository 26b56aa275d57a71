"""What extraction gives, as plain data: :class:`Mention` and :class:`DocExtraction`.

These records cross from the spaCy edge (:mod:`kgraph.nlp.mentions` makes
them) to everything after it: the counts (:mod:`kgraph.graph.cooccur`), the
build store (which keeps them in the compact JSON form of
:meth:`DocExtraction.to_json`) and the Python API. Importing them does not
import spaCy.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .concepts.lexicon import Concept
from .concepts.survey import concept_from_json, concept_to_json

__all__ = ["DocExtraction", "Mention"]


class Mention(NamedTuple):
    """One occurrence of a concept in a text.

    Attributes:
        start: Character offset of the mention in the text.
        end: Character offset just after the mention.
        text: The mention as written (``text[start:end]``).
        concept: The concept id (the node id in the graph).
        label: The concept's preferred name.
        category: The concept's category.
        sentence: Index of the sentence holding the mention.
        resolved_by: How the name was resolved: ``"lexicon"`` (a lexicon name),
            ``"abbreviation"`` (a short form its document defines),
            ``"abbreviation_elsewhere"`` (a short form defined in another
            document), ``"discovered"`` (a drug name, a defined long form
            or a frequent term the lexicon lacks) or ``"ner"`` (an entity
            of another component of a user's pipeline). Not to be confused
            with :attr:`Concept.source <kgraph.concepts.lexicon.Concept.source>`,
            where the concept comes from.
    """

    start: int
    end: int
    text: str
    concept: str
    label: str
    category: str
    sentence: int = 0
    resolved_by: str = "lexicon"

    @property
    def source(self) -> str:
        """Deprecated: :attr:`resolved_by` (``source`` is a concept's origin, :attr:`Concept.source`)."""
        warnings.warn("Mention.source is deprecated; use Mention.resolved_by.", DeprecationWarning, stacklevel=2)
        return self.resolved_by


@dataclass
class DocExtraction:
    """The mentions and sentences of one document.

    Attributes:
        doc_id: The document id.
        text: The document text.
        sentences: ``(start, end)`` character offsets of each sentence.
        mentions: The mentions, in text order.
        discovered: Concepts found in this document that the lexicon lacks.
        meta: The document's metadata (:attr:`kgraph.documents.corpus.Document.meta`).

    Examples:
        >>> text = "CSCs and radiotherapy."
        >>> e = DocExtraction("d", text, [(0, 22)], [Mention(0, 4, "CSCs", "csc", "CSC", "cell_type")])
        >>> back = DocExtraction.from_json(e.to_json(), "d", text)
        >>> back.sentences, [(m.start, m.end, m.text, m.concept, m.label, m.category) for m in back.mentions]
        ([(0, 22)], [(0, 4, 'CSCs', 'csc', 'CSC', 'cell_type')])
    """

    doc_id: str
    text: str
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    discovered: dict[str, Concept] = field(default_factory=dict)
    meta: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """The sentences, mentions and discovered concepts, JSON-ready and compact.

        The document's id, text and metadata are left out: the build store
        keeps them apart (:meth:`from_json` takes them back).
        """
        return {
            "sentences": self.sentences,
            "mentions": [[m.start, m.end, m.concept, m.sentence, m.resolved_by, m.label, m.category]
                         for m in self.mentions],
            "discovered": [concept_to_json(c) for _, c in sorted(self.discovered.items())]}

    @classmethod
    def from_json(cls, data: dict[str, Any], doc_id: str, text: str,
                  meta: dict[str, Any] | None = None) -> DocExtraction:
        """The extraction of :meth:`to_json` output, with its document's id, text and metadata."""
        mentions = [Mention(s, e, text[s:e], concept, label, category, sentence, resolved_by)
                    for s, e, concept, sentence, resolved_by, label, category in data["mentions"]]
        discovered = {c.id: c for c in map(concept_from_json, data["discovered"])}
        return cls(doc_id, text, [tuple(s) for s in data["sentences"]], mentions, discovered, meta)
