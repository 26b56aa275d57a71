"""Building a knowledge graph from a corpus: the only orchestrator.

documents -> (pass 1) corpus-wide abbreviations -> spaCy Docs -> mentions ->
co-occurrence counts -> ``nx.Graph`` -> :class:`~kgraph.kg.KnowledgeGraph`.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from tqdm import tqdm

from .cooccur import CooccurrenceCounts
from .corpus import Corpus, Document, Source, read_corpus
from .discover import TermCandidates, drug_concept, drug_names, select_terms, term_candidates
from .graph import build_graph
from .kg import KnowledgeGraph
from .lexicon import Concept, Lexicon, default_lexicon, load_lexicon
from .mentions import Mention, noun_chunk_terms, pipe_extractions
from .normalize import key_of
from .parallel import count_in_workers
from .pipeline import default_nlp, make_nlp
from .recognize import ShortForms, collect_definitions, merge_discovered
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
    [extraction] = pipe_extractions(nlp, [Document("", text)], lex)
    return extraction.mentions


@dataclass
class _CorpusPass:
    """What pass 1 learns from the whole corpus before concepts are extracted.

    Attributes:
        short_forms: Short-form key -> concept id, one meaning per short form.
        shorts: The same, keyed by the short form as written (for the graph).
        discovered: Concepts of long forms the lexicon lacks.
        definitions: Concept id -> definitions seen, for discovered long forms.
        terms: Multiword term candidates (when asked for).
        drugs: Drug names by form the lexicon lacks, counted (when asked for).
        drug_kinds: Concept id -> ("stem" or "code").
    """

    short_forms: dict[tuple[str, ...], str] = field(default_factory=dict)
    shorts: dict[str, str] = field(default_factory=dict)
    discovered: dict[str, Concept] = field(default_factory=dict)
    definitions: Counter[str] = field(default_factory=Counter)
    terms: TermCandidates = field(default_factory=TermCandidates)
    drugs: Counter[str] = field(default_factory=Counter)
    drug_kinds: dict[str, str] = field(default_factory=dict)


def _corpus_pass(corpus: Corpus, lexicon: Lexicon, *, terms: bool, drugs: bool = False,
                 model: str | None = None, batch_size: int = DEFAULTS.batch_size) -> _CorpusPass:
    """Pass 1 (cheap, no spaCy unless ``model``): what the whole corpus defines and repeats.

    Collects abbreviation definitions (a short form defined differently in
    different documents takes its most frequent meaning; ties: the smallest
    concept id), and optionally multiword term candidates (plus noun chunks of
    a trained ``model``) and drug names the lexicon lacks.
    """
    result = _CorpusPass()
    votes: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    written: dict[tuple[str, ...], str] = {}
    for document in corpus:
        if terms:
            result.terms.update(term_candidates(document.text, lexicon))
        if drugs:
            for drug in drug_names(document.text):
                concept = drug_concept(drug.text)
                if concept.id not in lexicon.concepts and lexicon.lookup(drug.text) is None:
                    result.drugs[concept.id] += 1
                    merge_discovered(result.discovered, {concept.id: concept})
                    result.drug_kinds.setdefault(concept.id, "stem" if drug.kind == "inn" else "code")
        for key, concept_id, concept in collect_definitions(document.text, lexicon):
            votes[key][concept_id] += 1
            written.setdefault(key, "".join(key) if len(key) == 1 else " ".join(key))
            if concept is not None:
                result.definitions[concept_id] += 1
                merge_discovered(result.discovered, {concept_id: concept})
    if terms and model:  # a trained pipeline adds the noun chunks it finds
        result.terms.update(_model_terms(corpus, make_nlp(lexicon=lexicon, model=model), lexicon,
                                         batch_size))
    result.short_forms = {key: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]
                          for key, c in votes.items()}
    for key, counter in votes.items():
        if len(counter) > 1:
            logger.info("Short form %r has several meanings in the corpus %s; using %r where a "
                        "document does not define it.", written[key], dict(counter),
                        result.short_forms[key])
    result.shorts = {written[key]: concept_id for key, concept_id in sorted(result.short_forms.items())}
    return result


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
    first = _corpus_pass(corpus, lex, terms=discover, model=model, batch_size=batch_size)
    if discover:
        terms = select_terms(first.terms, min_count=DEFAULTS.min_term_count,
                             min_c_value=DEFAULTS.min_term_c_value)
        lex = _with_terms(lex, [concept for concept, _, _ in terms])
    discovered = dict(first.discovered)
    if workers > 1 and not model:
        with tqdm(desc="Reading", unit="doc", disable=not progress) as bar:
            counts, found = count_in_workers(
                corpus, lexicon=lex, short_forms=first.short_forms, known=discovered, discover=discover,
                max_evidence=max_evidence, batch_size=batch_size, workers=workers, on_batch=bar.update)
        merge_discovered(discovered, found)
    else:
        nlp = make_nlp(lexicon=lex, model=model) if model or lex is not default_lexicon() else default_nlp()
        counts = CooccurrenceCounts(max_evidence=max_evidence)
        known = dict(discovered)
        extractions = pipe_extractions(nlp, corpus, lex, short_forms=ShortForms(first.short_forms),
                                       known=known, discover=discover, batch_size=batch_size)
        for extraction in tqdm(extractions, desc="Reading", unit="doc", disable=not progress):
            merge_discovered(discovered, extraction.discovered)
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
    first = _corpus_pass(corpus, lex, terms=True, drugs=True, model=model)
    out: list[tuple[Concept, int, float, str]] = []
    for concept_id, n in sorted(first.drugs.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append((first.discovered[concept_id], n, float(n), first.drug_kinds[concept_id]))
    for concept_id, n in sorted(first.definitions.items(), key=lambda kv: (-kv[1], kv[0])):
        if concept_id not in first.drugs:
            out.append((first.discovered[concept_id], n, float(n), "abbreviation"))
    seen = {c.id for c, *_ in out}
    for concept, n, score in select_terms(first.terms, min_count=min_count, min_c_value=min_c_value):
        if concept.id not in seen:
            out.append((concept, n, score, "term"))
    return out
