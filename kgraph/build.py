"""Building a knowledge graph from a corpus: the only orchestrator.

documents -> (pass 1) corpus-wide abbreviations -> spaCy Docs -> mentions ->
co-occurrence counts -> ``nx.Graph`` -> :class:`~kgraph.kg.KnowledgeGraph`.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from tqdm import tqdm

from .cooccur import CooccurrenceCounts
from .corpus import Corpus, Source, read_corpus
from .graph import build_graph
from .kg import KnowledgeGraph
from .lexicon import Concept, Lexicon, default_lexicon, load_lexicon
from .mentions import DocExtraction, Mention, doc_extraction
from .pipeline import default_nlp, make_nlp
from .recognize import collect_definitions
from .settings import DEFAULTS

__all__ = ["build", "extract", "resolve_lexicon"]

logger = logging.getLogger(__name__)

LexiconSource = Lexicon | str | Path | None


def resolve_lexicon(lexicon: LexiconSource = None) -> Lexicon:
    """A :class:`Lexicon` from a lexicon, a file path, or None (the shipped one)."""
    if lexicon is None:
        return default_lexicon()
    if isinstance(lexicon, Lexicon):
        return lexicon
    return load_lexicon(lexicon)


def extract(text: str, *, lexicon: LexiconSource = None, nlp: Language | None = None) -> list[Mention]:
    """The concept mentions in one text.

    Args:
        text: The text.
        lexicon: A lexicon or lexicon file; None for the shipped oncology lexicon.
        nlp: A pipeline from :func:`kgraph.pipeline.make_nlp` (built if None).

    Returns:
        Mentions in text order; ``text[m.start:m.end] == m.text``.

    Examples:
        >>> [(m.text, m.concept) for m in extract("Cancer stem cells (CSCs) evade T cells. CSCs persist.")]
        [('Cancer stem cells', 'cancer_stem_cell'), ('CSCs', 'cancer_stem_cell'), ('T cells', 't_cell'), ('CSCs', 'cancer_stem_cell')]
    """
    lex = resolve_lexicon(lexicon)
    if nlp is None:
        nlp = default_nlp() if lexicon is None else make_nlp(lexicon=lex)
    doc = nlp(text, component_cfg={"kgraph_concepts": {"annotate": False},
                                   "kgraph_sentences": {"annotate": False}})
    return doc_extraction(doc, lex, text=text).mentions


def _corpus_abbreviations(corpus: Corpus, lexicon: Lexicon
                          ) -> tuple[dict[tuple[str, ...], str], dict[str, str], dict[str, Concept]]:
    """Pass 1: the abbreviations defined anywhere in the corpus.

    Returns ``(key -> concept id, short form -> concept id, discovered concepts)``;
    a short form defined differently in different documents takes its most
    frequent meaning (ties: the smallest concept id).
    """
    votes: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    written: dict[tuple[str, ...], str] = {}
    discovered: dict[str, Concept] = {}
    for document in corpus:
        for key, concept_id, concept in collect_definitions(document.text, lexicon):
            votes[key][concept_id] += 1
            written.setdefault(key, "".join(key) if len(key) == 1 else " ".join(key))
            if concept is not None:
                discovered.setdefault(concept_id, concept)
    resolved = {key: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for key, c in votes.items()}
    for key, counter in votes.items():
        if len(counter) > 1:
            logger.info("Short form %r has several meanings in the corpus %s; using %r where a "
                        "document does not define it.", written[key], dict(counter), resolved[key])
    shorts = {written[key]: concept_id for key, concept_id in sorted(resolved.items())}
    return resolved, shorts, discovered


def _extractions(corpus: Corpus, nlp: Language, lexicon: Lexicon,
                 short_forms: dict[tuple[str, ...], str], discovered: dict[str, Concept],
                 batch_size: int, progress: bool) -> Iterator[DocExtraction]:
    stream = ((document.text, document) for document in corpus)
    docs = nlp.pipe(stream, as_tuples=True, batch_size=batch_size,
                    component_cfg={"kgraph_concepts": {"short_forms": short_forms, "annotate": False},
                                   "kgraph_sentences": {"annotate": False}})
    for doc, document in tqdm(docs, desc="Reading", unit="doc", disable=not progress):
        yield doc_extraction(doc, lexicon, doc_id=document.id, known=discovered, text=document.text)


def build(source: Source, *, lexicon: LexiconSource = None, model: str | None = None,
          max_evidence: int = DEFAULTS.max_evidence, min_weight: int = DEFAULTS.min_weight,
          batch_size: int = DEFAULTS.batch_size, progress: bool = False) -> KnowledgeGraph:
    """Build the concept graph of a corpus.

    Args:
        source: A directory, a file, or an iterable of texts or ``(doc_id, text)``
            pairs (see :func:`kgraph.corpus.read_corpus`).
        lexicon: A lexicon or lexicon file; None for the shipped oncology lexicon.
        model: An installed trained spaCy pipeline to use instead of the blank one.
        max_evidence: Evidence sentences kept per edge.
        min_weight: Drop edges seen in fewer sentences.
        batch_size: Documents per ``nlp.pipe`` batch.
        progress: Show a progress bar on stderr.

    Returns:
        The knowledge graph.

    Raises:
        CorpusError: The source cannot be read.
        LexiconError: The lexicon file is invalid.

    Examples:
        >>> kg = build(["Radiotherapy and CAR T-cell therapy.", ("b", "CAR-T cell therapy works.")])
        >>> kg.find("CAR-T cell therapy") == kg.find("CAR T-cell therapy")
        True
    """
    if max_evidence < 0 or min_weight < 1 or batch_size < 1:
        raise ValueError("max_evidence must be >= 0, min_weight >= 1 and batch_size >= 1 "
                         f"(got {max_evidence}, {min_weight}, {batch_size}).")
    corpus = read_corpus(source)
    lex = resolve_lexicon(lexicon)
    nlp = make_nlp(lexicon=lex, model=model) if (model or lexicon is not None) else default_nlp()
    short_forms, shorts, discovered = _corpus_abbreviations(corpus, lex)
    counts = CooccurrenceCounts(max_evidence=max_evidence)
    for extraction in _extractions(corpus, nlp, lex, short_forms, discovered, batch_size, progress):
        discovered.update(extraction.discovered)
        counts.add(extraction)
    if counts.documents == 0:
        logger.warning("The corpus %s holds no documents; the graph is empty.", corpus.description)
    concepts = {**discovered, **lex.concepts}
    graph = build_graph(counts, concepts, min_weight=min_weight,
                        metadata={"lexicon": lex.name, "abbreviations": shorts})
    return KnowledgeGraph(graph)
