"""The spaCy components of kgraph.

* ``kgraph_line_breaks`` starts a new sentence after every line break, so a
  title or a list item never runs into the next sentence.
* ``kgraph_concepts`` (:class:`ConceptExtractor`) writes the concepts it
  recognises to ``doc.spans["kgraph"]``: each span's ``kb_id_`` is the concept
  id and its ``label_`` the category. It also sets ``doc._.kg_recognition``,
  the full :class:`~kgraph.recognize.Recognition` (abbreviation definitions,
  undefined short forms, discovered concepts).

The recognition itself is the pure function :func:`kgraph.recognize.recognize`;
the component only calls it and stores the result.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.language import Language
from spacy.tokens import Doc, Span

from .lexicon import Lexicon, default_lexicon, load_lexicon
from .recognize import Recognition, recognize
from .settings import SPANS_KEY

__all__ = ["ConceptExtractor", "SPANS_KEY"]


if not Doc.has_extension("kg_recognition"):
    Doc.set_extension("kg_recognition", default=None)


@Language.component("kgraph_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """Mark the first token after a line break as a sentence start."""
    after_break = False
    for token in doc:
        if after_break and not token.is_space:
            token.is_sent_start = True
            after_break = False
        if "\n" in token.text or "\n" in token.whitespace_:
            after_break = True
    return doc


class ConceptExtractor:
    """Recognises lexicon concepts and abbreviations in a Doc.

    Args:
        nlp: The pipeline (unused; part of spaCy's factory protocol).
        name: The component name.
        lexicon: Path of a lexicon file; empty for kgraph's oncology lexicon.
        spans_key: Key in ``doc.spans`` that receives the concept spans.
    """

    def __init__(self, nlp: Language, name: str, *, lexicon: str, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.lexicon: Lexicon = load_lexicon(lexicon) if lexicon else default_lexicon()

    def __call__(self, doc: Doc, *, short_forms: Mapping[tuple[str, ...], str] | None = None) -> Doc:
        """Annotate ``doc``.

        Args:
            doc: The Doc.
            short_forms: Corpus-wide abbreviations (key -> concept id) for
                short forms this Doc uses without defining; pass them with
                ``nlp.pipe(texts, component_cfg={"kgraph_concepts": {"short_forms": ...}})``.
        """
        recognition = self.match(doc, short_forms=short_forms)
        self.set_annotations(doc, recognition)
        return doc

    def match(self, doc: Doc, *, short_forms: Mapping[tuple[str, ...], str] | None = None) -> Recognition:
        """Recognise the concepts in ``doc`` without changing it."""
        return recognize(doc.text, self.lexicon, short_forms=short_forms)

    def set_annotations(self, doc: Doc, recognition: Recognition) -> None:
        """Write the recognised concepts to ``doc.spans`` and ``doc._``."""
        spans = []
        for found in recognition.found:
            span = doc.char_span(found.start, found.end, alignment_mode="expand")
            if span is None:
                continue
            concept = self.lexicon.concepts.get(found.concept) or recognition.discovered.get(found.concept)
            category = concept.category if concept else "other"
            spans.append(Span(doc, span.start, span.end, label=category, kb_id=found.concept))
        doc.spans[self.spans_key] = spans
        doc._.kg_recognition = recognition


@Language.factory(
    "kgraph_concepts",
    assigns=["doc.spans", "doc._.kg_recognition"],
    default_config={"lexicon": "", "spans_key": SPANS_KEY},
)
def make_concept_extractor(nlp: Language, name: str, lexicon: str, spans_key: str) -> ConceptExtractor:
    """Factory of :class:`ConceptExtractor` (defaults live in ``default_config``)."""
    return ConceptExtractor(nlp, name, lexicon=lexicon, spans_key=spans_key)
