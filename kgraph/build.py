"""Building a knowledge graph from a corpus: the only orchestrator.

documents -> (pass 1) corpus-wide abbreviations -> spaCy Docs -> mentions ->
co-occurrence counts -> ``nx.Graph`` -> :class:`~kgraph.kg.KnowledgeGraph`.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from tqdm import tqdm

from .cooccur import CooccurrenceCounts
from .corpus import Corpus, Source, read_corpus
from .graph import build_graph
from .kg import KnowledgeGraph
from .lexicon import Concept, Lexicon, default_lexicon, load_lexicon
from .mentions import DocExtraction, Mention, doc_extraction, noun_chunk_terms
from .parallel import count_in_workers
from .pipeline import default_nlp, make_nlp
from .discover import TermCandidates, drug_concept, drug_names, select_terms, term_candidates
from .normalize import key_of
from .recognize import ShortForms, collect_definitions
from .settings import DEFAULTS

__all__ = ["build", "discover_concepts", "extract", "resolve_lexicon"]

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


@dataclass
class _CorpusPass:
    """What pass 1 learns from the whole corpus before concepts are extracted."""

    short_forms: dict[tuple[str, ...], str]
    shorts: dict[str, str]
    discovered: dict[str, Concept]
    terms: TermCandidates


def _corpus_pass(corpus: Corpus, lexicon: Lexicon, *, terms: bool) -> _CorpusPass:
    """Pass 1 (cheap, no spaCy): abbreviations defined anywhere, and term candidates.

    A short form defined differently in different documents takes its most
    frequent meaning (ties: the smallest concept id).
    """
    votes: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    written: dict[tuple[str, ...], str] = {}
    discovered: dict[str, Concept] = {}
    candidates = TermCandidates()
    for document in corpus:
        if terms:
            candidates.update(term_candidates(document.text, lexicon))
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
    return _CorpusPass(resolved, shorts, discovered, candidates)


def _model_terms(corpus: Corpus, nlp: Language, lexicon: Lexicon, batch_size: int) -> TermCandidates:
    """Noun-chunk term candidates from a trained pipeline (only with ``model=``)."""
    candidates = TermCandidates()
    names = [name for name in nlp.pipe_names if name.startswith("kgraph_")]
    with nlp.select_pipes(disable=names):
        for doc in nlp.pipe((document.text for document in corpus), batch_size=batch_size):
            candidates.update(noun_chunk_terms(doc, lexicon))
    return candidates


def _with_terms(lexicon: Lexicon, terms: list[Concept]) -> Lexicon:
    """``lexicon`` plus discovered terms whose names it does not already have."""
    known = {key for key, _ in lexicon.matcher.items()}
    extra = []
    for concept in terms:
        if concept.id in lexicon.concepts:
            continue
        keys = {key_of(name) for name in concept.names}
        if keys & known:
            continue
        known |= keys
        extra.append(concept)
    if not extra:
        return lexicon
    return Lexicon.from_concepts([*lexicon.concepts.values(), *extra], name=lexicon.name,
                                 origin="discovered terms")


def _extractions(corpus: Corpus, nlp: Language, lexicon: Lexicon,
                 short_forms: dict[tuple[str, ...], str], discovered: dict[str, Concept],
                 batch_size: int, progress: bool, discover: bool) -> Iterator[DocExtraction]:
    stream = ((document.text, document) for document in corpus)
    cfg = {"short_forms": ShortForms(short_forms), "annotate": False, "discover": discover}
    docs = nlp.pipe(stream, as_tuples=True, batch_size=batch_size,
                    component_cfg={"kgraph_concepts": cfg, "kgraph_sentences": {"annotate": False}})
    for doc, document in tqdm(docs, desc="Reading", unit="doc", disable=not progress):
        yield doc_extraction(doc, lexicon, doc_id=document.id, known=discovered, text=document.text)


def build(source: Source, *, lexicon: LexiconSource = None, model: str | None = None,
          discover: bool = True, max_evidence: int = DEFAULTS.max_evidence,
          min_weight: int = DEFAULTS.min_weight, batch_size: int = DEFAULTS.batch_size,
          text_field: str = "text", id_field: str = "id", strict: bool = False,
          workers: int = 1, progress: bool = False) -> KnowledgeGraph:
    """Build the concept graph of a corpus.

    Args:
        source: A directory, a file, or an iterable of texts or ``(doc_id, text)``
            pairs (see :func:`kgraph.corpus.read_corpus`).
        lexicon: A lexicon or lexicon file; None for the shipped oncology lexicon.
        model: An installed trained spaCy pipeline to use instead of the blank one.
        discover: Add concepts the lexicon lacks: drug names recognised by their
            form, and multiword terms frequent in the corpus (see
            :mod:`kgraph.discover`; thresholds in :class:`~kgraph.settings.Settings`).
        max_evidence: Evidence sentences kept per edge.
        min_weight: Drop edges seen in fewer sentences.
        batch_size: Documents per ``nlp.pipe`` batch.
        text_field: Field (JSON) or column (CSV) holding a record's text.
        id_field: Field or column holding a record's id.
        strict: Raise on the first unreadable file or record instead of
            skipping it (every file is listed in ``kg.report`` either way).
        workers: Processes that extract concepts (see :mod:`kgraph.parallel`);
            the result is the same for any number.
        progress: Show a progress bar on stderr.

    Returns:
        The knowledge graph; ``kg.report`` says what happened to every input file.

    Raises:
        CorpusError: The source cannot be read.
        LexiconError: The lexicon file is invalid.

    Examples:
        >>> kg = build(["Radiotherapy and CAR T-cell therapy.", ("b", "CAR-T cell therapy works.")])
        >>> kg.find("CAR-T cell therapy") == kg.find("CAR T-cell therapy")
        True
    """
    if max_evidence < 0 or min_weight < 1 or batch_size < 1 or workers < 1:
        raise ValueError("max_evidence must be >= 0, and min_weight, batch_size and workers >= 1 "
                         f"(got {max_evidence}, {min_weight}, {batch_size}, {workers}).")
    corpus = read_corpus(source, text_field=text_field, id_field=id_field, strict=strict)
    lex = resolve_lexicon(lexicon)
    first = _corpus_pass(corpus, lex, terms=discover)
    if discover:
        if model:  # a trained pipeline adds the noun chunks it finds
            first.terms.update(_model_terms(corpus, make_nlp(lexicon=lex, model=model), lex, batch_size))
        terms = select_terms(first.terms, min_count=DEFAULTS.min_term_count,
                             min_c_value=DEFAULTS.min_term_c_value)
        lex = _with_terms(lex, [concept for concept, _, _ in terms])
    if model or lex is not default_lexicon():
        nlp = make_nlp(lexicon=lex, model=model)
    else:
        nlp = default_nlp()
    discovered = dict(first.discovered)
    if workers > 1 and not model:
        with tqdm(desc="Reading", unit="doc", disable=not progress) as bar:
            counts, found = count_in_workers(
                corpus, lexicon=lex, short_forms=first.short_forms, known=discovered, discover=discover,
                max_evidence=max_evidence, batch_size=batch_size, workers=workers, on_batch=bar.update)
        for concept_id, concept in sorted(found.items()):
            discovered.setdefault(concept_id, concept)
    else:
        counts = CooccurrenceCounts(max_evidence=max_evidence)
        for extraction in _extractions(corpus, nlp, lex, first.short_forms, discovered, batch_size,
                                       progress, discover):
            discovered.update(extraction.discovered)
            counts.add(extraction)
    if counts.documents == 0:
        logger.warning("The corpus %s holds no documents; the graph is empty.", corpus.description)
    concepts = {**discovered, **lex.concepts}
    graph = build_graph(counts, concepts, min_weight=min_weight,
                        metadata={"lexicon": lex.name, "abbreviations": first.shorts,
                                  "input": corpus.report.summary()})
    return KnowledgeGraph(graph, report=corpus.report)


def discover_concepts(source: Source, *, lexicon: LexiconSource = None, model: str | None = None,
                      min_count: int = DEFAULTS.min_term_count,
                      min_c_value: float = DEFAULTS.min_term_c_value
                      ) -> list[tuple[Concept, int, float, str]]:
    """Concepts of a corpus that the lexicon lacks, for review.

    Args:
        source: The corpus (as for :func:`build`).
        lexicon: The lexicon to compare against (None: the shipped one).
        model: An installed trained spaCy pipeline whose noun chunks add term
            candidates (optional; without it discovery is model-free).
        min_count: Multiword terms seen fewer times are left out.
        min_c_value: Multiword terms with a lower C-value are left out.

    Returns:
        ``(concept, count, score, how)`` tuples, grouped by ``how`` (``"stem"``
        or ``"code"`` for drug names, ``"abbreviation"``, ``"term"``) and best
        first within each group; the score is the C-value for terms and the
        count otherwise.

    Examples:
        >>> found = discover_concepts(["Zorvantinib and zorvantinib again.", "Glorbic fields (GF) work."])
        >>> [(c.id, n, how) for c, n, _, how in found]
        [('zorvantinib', 2, 'stem'), ('glorbic_field', 1, 'abbreviation')]
    """
    corpus = read_corpus(source)
    lex = resolve_lexicon(lexicon)
    drugs: Counter[str] = Counter()
    drug_kinds: dict[str, tuple[Concept, str]] = {}
    abbreviations: Counter[str] = Counter()
    abbreviation_concepts: dict[str, Concept] = {}
    terms = TermCandidates()
    for document in corpus:
        terms.update(term_candidates(document.text, lex))
        for drug in drug_names(document.text):
            concept = drug_concept(drug.text)
            if concept.id in lex.concepts or lex.lookup(drug.text):
                continue
            drugs[concept.id] += 1
            drug_kinds.setdefault(concept.id, (concept, "stem" if drug.kind == "inn" else "code"))
        for _, concept_id, concept in collect_definitions(document.text, lex):
            if concept is not None:
                abbreviations[concept_id] += 1
                abbreviation_concepts.setdefault(concept_id, concept)
    out: list[tuple[Concept, int, float, str]] = []
    for concept_id, n in sorted(drugs.items(), key=lambda kv: (-kv[1], kv[0])):
        concept, how = drug_kinds[concept_id]
        out.append((concept, n, float(n), how))
    for concept_id, n in sorted(abbreviations.items(), key=lambda kv: (-kv[1], kv[0])):
        if concept_id not in drugs:
            out.append((abbreviation_concepts[concept_id], n, float(n), "abbreviation"))
    if model:
        terms.update(_model_terms(corpus, make_nlp(lexicon=lex, model=model), lex, DEFAULTS.batch_size))
    seen = {c.id for c, *_ in out}
    for concept, n, score in select_terms(terms, min_count=min_count, min_c_value=min_c_value):
        if concept.id not in seen:
            out.append((concept, n, score, "term"))
    return out
