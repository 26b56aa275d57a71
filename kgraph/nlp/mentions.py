"""From annotated spaCy Docs to plain :class:`~kgraph.extraction.Mention` objects.

This is the last module that touches spaCy Docs: everything downstream works
on the plain records of :mod:`kgraph.extraction` (whose import does not import spaCy).
A pipeline of kgraph's own components and nothing else reads only the text,
so :func:`pipe_extractions` runs their functions on the text and makes no Doc;
the extractions are those the Docs would give.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple

from ..concepts.discover import TermCandidates, add_candidate
from ..concepts.lexicon import Concept, Lexicon
from ..concepts.recognize import Recognition, collect_definitions
from ..documents.corpus import Document
from ..extraction import DocExtraction, Mention
from ..settings import ABBREVIATIONS_KEY, DEFAULTS, DEFINITIONS_KEY, SENTENCES_KEY, TEXT_KEY
from ..text.normalize import slug
from ..text.sentences import split_sentences, text_parts

if TYPE_CHECKING:  # spaCy is only needed by the caller that made the Doc
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..concepts.shortforms import ShortForm, ShortForms
    from ..text.abbreviations import Abbreviation
    from .component import ConceptExtractor

__all__ = ["doc_extraction", "noun_chunk_terms", "pipe_extractions"]


def doc_extraction(doc: Doc, lexicon: Lexicon, *, doc_id: str = "",
                   known: Mapping[str, Concept] | None = None,
                   same_as: Mapping[str, str] | None = None,
                   text: str | None = None) -> DocExtraction:
    """Read the concepts that ``kgraph_concepts`` recognised in ``doc``.

    Args:
        doc: A Doc processed by a kgraph pipeline.
        lexicon: The lexicon the pipeline used (labels and categories).
        doc_id: The document id.
        known: Concepts discovered elsewhere in the corpus (for short forms
            this document uses without defining them).
        text: The text the Doc was made from, if at hand (saves rebuilding
            ``doc.text`` from the tokens).

    Returns:
        The document's sentences and mentions, with exact character offsets.

    Raises:
        ValueError: ``doc`` was not processed by ``kgraph_concepts``.
    """
    recognition = doc._.kg_recognition
    if recognition is None:
        raise ValueError("The Doc has no kgraph annotations: make it with a pipeline from "
                         "kgraph.make_nlp() (it needs the 'kgraph_concepts' component).")
    if text is None:
        text = doc.user_data.get(TEXT_KEY) or doc.text
    sentences = doc.user_data.get(SENTENCES_KEY)
    if sentences is None:  # sentences set by another component (a trained parser or senter)
        sentences = [(s.start_char, s.end_char) for s in doc.sents] \
            if doc.has_annotation("SENT_START") else [(0, len(text))]
    extraction = _extraction(text, sentences, recognition, lexicon, doc_id=doc_id, known=known, same_as=same_as)
    if not doc.ents:
        return extraction
    found = dict(extraction.discovered)
    mentions = _with_entities(doc, text, extraction.mentions, [s for s, _ in sentences], lexicon, found,
                              same_as or {})
    return replace(extraction, mentions=mentions, discovered=found)


def _extraction(text: str, sentences: list[tuple[int, int]], recognition: Recognition, lexicon: Lexicon, *,
                doc_id: str, known: Mapping[str, Concept] | None,
                same_as: Mapping[str, str] | None) -> DocExtraction:
    """The mentions of a text's recognised concepts, each with its sentence (see :func:`doc_extraction`)."""
    starts = [s for s, _ in sentences]
    discovered = recognition.discovered
    known, same_as = known or {}, same_as or {}
    mentions = []
    for f in recognition.found:
        concept_id = same_as.get(f.concept, f.concept)
        if not concept_id:  # left out by the user's thesaurus or stop list
            continue
        concept = lexicon.concepts.get(concept_id) or discovered.get(concept_id) or known.get(concept_id)
        if concept is None:
            continue
        sentence = max(bisect.bisect_right(starts, f.start) - 1, 0)
        resolved_by = "discovered" if f.resolved_by == "lexicon" and concept.source == "discovered" \
            else f.resolved_by
        mentions.append(Mention(f.start, f.end, text[f.start:f.end], concept.id, concept.label,
                                concept.category, sentence, resolved_by))
    found = {c: concept for c, concept in discovered.items() if c not in same_as}
    return DocExtraction(doc_id, text, sentences, mentions, found)


def _with_entities(doc: Doc, text: str, mentions: list[Mention], starts: list[int], lexicon: Lexicon,
                   found: dict[str, Concept], same_as: Mapping[str, str]) -> list[Mention]:
    """Add the entities of another component (a trained NER, an entity ruler, an entity linker).

    An entity that overlaps a kgraph mention is left out (kgraph's reading
    wins). One whose text names a lexicon concept is that concept; one with a
    knowledge-base id (an entity linker's ``kb_id_``, an entity ruler's
    pattern id) is the concept of that id, else of its normalised text, with the entity label as category and
    ``source="ner"`` (the mention's ``resolved_by`` is ``"ner"`` too). Entities a negation component marks as negated
    (``ent._.negex``, as negspacy does) are left out.
    """
    taken = [(m.start, m.end) for m in mentions]
    negation = type(doc.ents[0]).has_extension("negex")  # (spaCy's Span, without importing spaCy here)
    added = []
    for ent in doc.ents:
        start, end = ent.start_char, ent.end_char
        if any(s < end and start < e for s, e in taken) or (negation and ent._.negex):
            continue
        written = text[start:end]
        concept = lexicon.lookup(written)
        if concept is None:
            known_id = ent.kb_id_ or ent.ent_id_  # an entity linker's id, or an entity ruler's pattern id
            concept_id = slug(known_id) if known_id else slug(written)
            if not concept_id:
                continue
            concept = found.get(concept_id) or Concept(concept_id, written, ent.label_.lower() or "other", (),
                                                       source="ner")
            found.setdefault(concept_id, concept)
        concept_id = same_as.get(concept.id, concept.id)
        if not concept_id:  # left out by the user's thesaurus or stop list
            continue
        sentence = max(bisect.bisect_right(starts, start) - 1, 0)
        added.append(Mention(start, end, written, concept_id, concept.label, concept.category, sentence,
                             "lexicon" if concept.id in lexicon.concepts else "ner"))
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end)) if added else mentions


def noun_chunk_terms(doc: Doc, lexicon: Lexicon) -> TermCandidates:
    """Term candidates from the noun chunks of a parsed Doc (needs a trained parser).

    Each noun chunk of two or more words whose last word is its root noun is a
    candidate, with the same filters as the model-free candidates
    (:func:`kgraph.concepts.discover.add_candidate`). A Doc without a dependency parse
    gives no candidates.
    """
    result = TermCandidates()
    if not doc.has_annotation("DEP"):
        return result
    for chunk in doc.noun_chunks:
        words = [t.text for t in chunk if not t.is_punct]
        if len(words) < 2 or chunk.root.i != chunk.end - 1 or chunk.root.pos_ not in ("NOUN", "PROPN"):
            continue
        add_candidate(result, words[:-1], words[-1], lexicon)
    return result


def pipe_extractions(nlp: Language, documents: Iterable[Document], lexicon: Lexicon, *,
                     short_forms: ShortForms | None = None, known: Mapping[str, Concept] | None = None,
                     same_as: Mapping[str, str] | None = None, discover: bool = True,
                     batch_size: int = DEFAULTS.batch_size, max_part_chars: int = DEFAULTS.max_part_chars,
                     before: Language | None = None,
                     abbreviations: Iterable[list[Abbreviation] | None] | None = None) -> Iterator[DocExtraction]:
    """Run a kgraph pipeline over documents and read their mentions.

    A document longer than ``max_part_chars`` (or the pipeline's
    ``max_length``) is processed in sentence-aligned parts, and its
    extraction put together again: offsets refer to the whole text, and an
    abbreviation that one part defines is the document's own in every part.

    Args:
        nlp: A pipeline from :func:`kgraph.nlp.pipeline.make_nlp`.
        documents: The documents.
        lexicon: The lexicon the pipeline uses.
        short_forms: Corpus-wide abbreviations, for short forms a document
            uses without defining them.
        known: Concepts discovered elsewhere in the corpus.
        same_as: Concept id -> the concept it is counted as.
        discover: Also recognise unknown drug names by their form.
        batch_size: Documents per ``nlp.pipe`` batch.
        max_part_chars: Longer documents are processed in sentence-aligned
            parts of at most this size (see :class:`~kgraph.settings.Settings`).
        before: A user's pipeline (a trained NER, an entity linker, negspacy)
            that processes each text first; its entities join the mentions
            (see :func:`doc_extraction`). Not changed.
        abbreviations: Per document, the abbreviation definitions already
            found in its text (:func:`~kgraph.text.abbreviations.find_abbreviations`,
            as pass 1 of a store build keeps them), or None to find them;
            a document processed in parts finds them part by part.
    """
    maker = before or nlp
    limit = min(maker.max_length, nlp.max_length, max_part_chars)
    parts = _parts(documents, lexicon, limit, abbreviations)
    extractor = _reads_text_only(nlp) if before is None else None
    if extractor is not None:
        # Nothing in the pipeline reads a token: its components' own functions on the text give what
        # the Docs would carry, and no Doc is made (spaCy's tokenizer was a third of a build).
        read: Iterator[tuple[DocExtraction, _Part]] = (
            (_extraction(text, split_sentences(text),
                         extractor.match_text(text, short_forms=short_forms, discover=discover,
                                              definitions=definitions, abbreviations=found),
                         lexicon, doc_id=part.document.id, known=known, same_as=same_as), part)
            for text, definitions, found, part in parts)
    else:
        # A fresh dict per call: spaCy's pipe() writes batch_size into component_cfg.
        cfg = {"kgraph_concepts": {"short_forms": short_forms, "discover": discover}}
        inputs: Iterable[tuple[Any, _Part]] = _docs(maker, parts)
        if before is not None:  # the user's components first; kgraph's then read the same Docs
            inputs = before.pipe(inputs, as_tuples=True, batch_size=batch_size)
        docs = nlp.pipe(inputs, as_tuples=True, batch_size=batch_size, component_cfg=cfg)
        read = ((doc_extraction(doc, lexicon, doc_id=part.document.id, known=known, same_as=same_as,
                                text=part.document.text[part.start:part.end]), part) for doc, part in docs)
    pieces: list[DocExtraction] = []
    for extraction, (document, start, end, last) in read:
        if start == 0 and last:
            yield replace(extraction, meta=document.meta) if document.meta else extraction
            continue
        pieces.append(_shifted(extraction, start, sum(len(p.sentences) for p in pieces)))
        if last:
            yield _joined(document, pieces)
            pieces = []


class _Part(NamedTuple):
    """Where a text handed to the pipeline comes from: a document, or a part of it."""

    document: Document
    start: int
    end: int
    last: bool


def _reads_text_only(nlp: Language) -> ConceptExtractor | None:
    """kgraph's concept component, when the pipeline is kgraph's own components and nothing else.

    Both of them read only the text (sentences by :func:`~kgraph.text.sentences.split_sentences`,
    concepts by :func:`~kgraph.concepts.recognize.recognize`), so an extraction needs no Doc.
    Any other component (a trained parser, an entity ruler, a user's) makes the Docs needed.
    """
    factories = [nlp.get_pipe_meta(name).factory for name in nlp.pipe_names]
    if factories != ["kgraph_sentences", "kgraph_concepts"]:
        return None
    extractor: ConceptExtractor = nlp.get_pipe(nlp.pipe_names[1])
    return extractor


def _parts(documents: Iterable[Document], lexicon: Lexicon, limit: int,
           abbreviations: Iterable[list[Abbreviation] | None] | None = None
           ) -> Iterator[tuple[str, dict[ShortForm, str] | None, list[Abbreviation] | None, _Part]]:
    """Each document's text, or its sentence-aligned parts when it is longer than ``limit``.

    Yields ``(text, definitions, abbreviations, part)``. A part carries the
    definitions of the whole document, so an abbreviation defined in one part
    is the document's own in every part. A whole document carries the
    abbreviations already found in its text (``abbreviations``, one entry per
    document), if any.
    """
    known = abbreviations if abbreviations is not None else repeat(None)
    for document, found in zip(documents, known):
        if len(document.text) <= limit:
            yield document.text, None, found, _Part(document, 0, len(document.text), True)
            continue
        definitions: dict[ShortForm, str] = {}
        for key, concept_id, _ in collect_definitions(document.text, lexicon):
            definitions.setdefault(key, concept_id)  # the first definition, as in one text
        parts = text_parts(document.text, limit)
        for number, (start, end) in enumerate(parts, start=1):
            yield document.text[start:end], definitions, None, _Part(document, start, end, number == len(parts))


def _docs(nlp: Language, parts: Iterable[tuple[str, dict[ShortForm, str] | None, list[Abbreviation] | None, _Part]]
          ) -> Iterator[tuple[str | Doc, _Part]]:
    """The pipeline's inputs: a text, or a Doc that carries its definitions or abbreviations in ``user_data``."""
    for text, definitions, found, part in parts:
        if definitions is None and found is None:
            yield text, part
            continue
        doc = nlp.make_doc(text)
        if definitions is not None:
            doc.user_data[DEFINITIONS_KEY] = definitions
        if found is not None:
            doc.user_data[ABBREVIATIONS_KEY] = found
        yield doc, part


def _shifted(part: DocExtraction, offset: int, sentences: int) -> DocExtraction:
    """A part's extraction with offsets in the whole text (and sentence numbers after ``sentences``)."""
    return replace(part, sentences=[(s + offset, e + offset) for s, e in part.sentences],
                   mentions=[m._replace(start=m.start + offset, end=m.end + offset,
                                        sentence=m.sentence + sentences) for m in part.mentions])


def _joined(document: Document, parts: list[DocExtraction]) -> DocExtraction:
    """One extraction of a document processed in parts."""
    discovered: dict[str, Concept] = {}
    for part in parts:
        for concept_id, concept in part.discovered.items():
            discovered.setdefault(concept_id, concept)
    return DocExtraction(document.id, document.text, [s for p in parts for s in p.sentences],
                         [m for p in parts for m in p.mentions], discovered, document.meta)
