"""Building a knowledge graph from a corpus: the only orchestrator.

documents -> (pass 1) corpus-wide abbreviations -> spaCy Docs -> mentions ->
co-occurrence counts -> ``nx.Graph`` -> :class:`~kgraph.kg.KnowledgeGraph`.

This module turns the user's arguments into one frozen
:class:`~kgraph.settings.Settings` (the ``settings`` argument, with single
fields overridden by keywords such as ``max_evidence``) and
:class:`~kgraph.engine.passes.BuildOptions`, makes the engine, and hands them
to :func:`kgraph.engine.passes.run`; the passes and the incremental logic
live there.
"""

from __future__ import annotations

import logging
import os
import tempfile
import weakref
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .concepts.lexicon import Concept, Lexicon, default_lexicon, load_lexicon
from .concepts.thesaurus import Thesaurus, load_stop_list, load_thesaurus
from .documents.biblio import Fields
from .documents.corpus import Document, Source, read_corpus
from .engine.parallel import InlineEngine
from .engine.passes import (
    BuildOptions,
    StoreUpdater,
    fold_fields,
    lexicon_fingerprint,
    make_engine,
    run,
    run_sharded,
    survey_corpus,
)
from .engine.store import remove_store_files
from .extraction import Mention
from .kg import KnowledgeGraph
from .nlp.mentions import pipe_extractions
from .settings import BUILD_FIELDS, DEFAULTS, Settings, changed_fields
from .sharded import ShardedGraph

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["build", "build_sharded", "discover_concepts", "extract", "lexicon_fingerprint", "resolve_lexicon"]

logger = logging.getLogger(__name__)

LexiconSource = Lexicon | str | Path | None


def _build_settings(settings: Settings | None = None, **fields: float | None) -> Settings:
    """The settings of a build: ``settings`` (default :data:`~kgraph.settings.DEFAULTS`) with the fields given.

    A field given as None keeps the value of ``settings`` (the keyword
    arguments of :func:`build` are None unless set). Changed fields that a
    build does not use (defaults of queries and views) are logged as a
    warning: the build cannot honour them.

    Examples:
        >>> _build_settings(Settings(min_weight=2), max_evidence=3, min_weight=None).max_evidence
        3
        >>> _build_settings(Settings(min_weight=2), max_evidence=3, min_weight=None).min_weight
        2
    """
    chosen = settings if settings is not None else DEFAULTS
    given = {name: value for name, value in fields.items() if value is not None}
    chosen = replace(chosen, **given) if given else chosen
    unused = [name for name in changed_fields(chosen) if name not in BUILD_FIELDS]
    if unused:
        logger.warning("A build does not use the settings %s (defaults of queries and views, not of a build: "
                       "see kgraph.settings.BUILD_FIELDS); pass them to the query or the view instead.",
                       ", ".join(unused))
    return chosen


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
        nlp: A pipeline from :func:`kgraph.nlp.pipeline.make_nlp` (built if None).

    Returns:
        Mentions in text order; ``text[m.start:m.end] == m.text``.

    Examples:
        >>> [(m.text, m.concept) for m in extract("Cancer stem cells (CSCs) evade T cells. CSCs persist.")]
        [('Cancer stem cells', 'cancer_stem_cell'), ('CSCs', 'cancer_stem_cell'), ('T cells', 't_cell'), ('CSCs', 'cancer_stem_cell')]
    """
    lex = resolve_lexicon(lexicon)
    if nlp is None:
        from .nlp.pipeline import (  # spaCy is imported when text is read, not before
            default_nlp,
            make_nlp,
        )

        nlp = default_nlp() if lexicon is None else make_nlp(lexicon=lex)
    [extraction] = pipe_extractions(nlp, [Document("", text)], lex)
    return extraction.mentions


StoreSource = str | Path | Literal[False] | None


def build(source: Source, *, lexicon: LexiconSource = None, model: str | None = None,
          discover: bool = True, settings: Settings | None = None, max_evidence: int | None = None,
          min_weight: int | None = None, batch_size: int | None = None, strict: bool = False,
          workers: int = 1, progress: bool = False, store: StoreSource = None, update: bool = False,
          engine: str = "local", scheduler: str | None = None,
          thesaurus: Thesaurus | str | Path | None = None,
          stop_list: str | Path | Iterable[str] | None = None, wait: float = 0.0,
          fields: Fields | None = None, nlp: Language | None = None,
          text_field: str | None = None, id_field: str | None = None) -> KnowledgeGraph:
    """Build the concept graph of a corpus.

    Args:
        source: A directory, a file, or an iterable of texts or ``(doc_id, text)``
            pairs (see :func:`kgraph.documents.corpus.read_corpus`).
        lexicon: A lexicon or lexicon file; None for the shipped oncology lexicon.
        model: An installed trained spaCy pipeline to use instead of the blank one.
        discover: Add concepts the lexicon lacks: drug names recognised by their
            form, and multiword terms frequent in the corpus (see
            :mod:`kgraph.concepts.discover`; thresholds in :class:`~kgraph.settings.Settings`).
        settings: The build's settings (:class:`~kgraph.settings.Settings`;
            None: the defaults). The three keywords below override single fields.
        max_evidence: Evidence sentences kept per edge (None: from ``settings``).
        min_weight: Drop edges seen in fewer sentences (None: from ``settings``).
        batch_size: Documents per ``nlp.pipe`` batch (None: from ``settings``).
        strict: Raise on the first unreadable file or record instead of
            skipping it (every file is listed in ``kg.report`` either way).
        workers: Worker processes (``engine="local"``), or the size of the local
            Dask cluster (``engine="dask"`` without ``scheduler``); the result is
            the same for any number.
        progress: Show progress bars on stderr.
        store: The build store (:mod:`kgraph.engine.store`, one SQLite file) that keeps
            documents, extractions and counts, so that documents can be added
            later (``update=True``, :meth:`KnowledgeGraph.add`) and an
            interrupted build resumes. None: a temporary file, removed with the
            returned graph. False: no store (two streaming passes over the corpus).
        update: Add the corpus to what ``store`` holds. Otherwise the store is
            made to hold exactly this corpus (documents it already holds are
            not processed again: a rerun resumes).
        engine: ``"local"`` (this machine) or ``"dask"`` (``pip install "kgraph[dask]"``).
            The build closes the engine when it ends; :meth:`KnowledgeGraph.add`
            runs on the local engine with ``workers`` (see
            :class:`~kgraph.engine.passes.StoreUpdater`).
        scheduler: Address of a running Dask scheduler (``tcp://host:8786``).
        thesaurus: Your merges and drops: a :class:`~kgraph.concepts.thesaurus.Thesaurus`
            or a VOSviewer thesaurus file (``label<TAB>replace by``; an empty
            replacement leaves the term out).
        stop_list: Terms to leave out: a file with one per line, or the terms.
        wait: Seconds to wait for another build that holds ``store`` (by
            default a second build on a store fails at once, naming the holder).
        fields: The fields of CSV/JSON records holding the text, id, title,
            year and journal (:class:`~kgraph.documents.biblio.Fields`; by
            default found by name, see :func:`kgraph.documents.corpus.read_corpus`).
        nlp: Your own spaCy pipeline (a trained NER, an entity linker,
            negspacy, ...). It processes each text first, then kgraph's
            components read the same Doc; its entities join the graph as
            concepts (an entity that names a lexicon concept is that concept;
            one with a knowledge-base id is the concept of that id; negated
            ones are left out). It is not changed, and runs in this process
            (``workers=1``).
        text_field: Deprecated: ``fields=Fields(text=...)``.
        id_field: Deprecated: ``fields=Fields(id=...)``.

    Returns:
        The knowledge graph; ``kg.report`` says what happened to every input file.

    Raises:
        CorpusError: The source cannot be read.
        LexiconError: The lexicon file is invalid.
        StoreError: ``store`` is not a kgraph store, is damaged (with
            ``update``), is held by another build, or (with ``update``) is
            missing or was made with other settings or another kgraph version.

    Examples:
        >>> kg = build(["Radiotherapy and CAR T-cell therapy.", ("b", "CAR-T cell therapy works.")])
        >>> kg.find("CAR-T cell therapy") == kg.find("CAR T-cell therapy")
        True
    """
    config = _build_settings(settings, max_evidence=max_evidence, min_weight=min_weight, batch_size=batch_size)
    if workers < 1 or wait < 0:
        raise ValueError(f"workers must be >= 1 and wait >= 0 (got {workers} and {wait}).")
    if update and not store:
        raise ValueError("update=True needs the store of an earlier build (store=PATH).")
    if nlp is not None and (workers > 1 or engine != "local" or model):
        raise ValueError("A pipeline object (nlp=) runs in this process: use workers=1 and the local engine, "
                         "and not model= as well (or name an installed pipeline with model= instead).")
    fields = fold_fields(fields, text_field, id_field)
    corpus = read_corpus(source, strict=strict, fields=fields, max_document_bytes=config.max_document_bytes)
    options = BuildOptions(lexicon=resolve_lexicon(lexicon), model=model, discover=discover, settings=config,
                           progress=progress, thesaurus=_user_thesaurus(thesaurus, stop_list), pipeline=nlp,
                           defer_evidence=True)
    temporary = None
    if store is None:
        fd, temporary = tempfile.mkstemp(prefix="kgraph-", suffix=".db")
        os.close(fd)
        store = temporary
    try:
        with make_engine(engine, workers, scheduler) as engine_:
            built = run(corpus, options, engine_, store, update=update, wait=wait)
    except BaseException:
        if temporary:
            _remove_store(temporary)
        raise
    updater = None if store is False else StoreUpdater(options, store, workers=workers, wait=wait, built_on=engine)
    kg = KnowledgeGraph(built.graph, report=corpus.report, updater=updater, deferred=built.evidence)
    if temporary:
        weakref.finalize(kg, _remove_store, temporary)
    return kg


def build_sharded(source: Source, *, lexicon: LexiconSource = None, model: str | None = None,
                  discover: bool = True, settings: Settings | None = None, max_evidence: int | None = None,
                  min_weight: int | None = None, batch_size: int | None = None, strict: bool = False,
                  workers: int = 2, progress: bool = False, scheduler: str | None = None,
                  shards: int | None = None, store: str | Path | None = None, update: bool = False,
                  wait: float = 0.0, thesaurus: Thesaurus | str | Path | None = None,
                  stop_list: str | Path | Iterable[str] | None = None,
                  fields: Fields | None = None, text_field: str | None = None,
                  id_field: str | None = None) -> ShardedGraph:
    """Build on Dask with the pair counts kept on the workers (``kgraph build --engine dask``).

    The arguments are those of :func:`build`. The pair counts are cut in
    ``shards`` parts by a hash of the pair and added up on the workers
    (:mod:`kgraph.engine.shards`); this process holds the concepts and
    documents, never all links. ``graph.json`` written from the result is
    the file of :func:`build`, and a store is the store :func:`build` leaves
    (its pair counts are written from the shards, a chunk at a time).

    Args:
        workers: Worker processes of the local Dask cluster (without ``scheduler``).
        scheduler: Address of a running Dask scheduler (``tcp://host:8786``).
        shards: Parts of the pair counts (default: four per worker, at least 8).
        store: The build store (as for :func:`build`); None: no store (two streaming passes).
        update: Add the corpus to what ``store`` holds.
        wait: Seconds to wait for another build that holds ``store``.

    Returns:
        The graph, its links on the cluster until written; close it when done
        (``with build_sharded(...) as graph:``).
    """
    config = _build_settings(settings, max_evidence=max_evidence, min_weight=min_weight, batch_size=batch_size)
    if workers < 1 or (shards is not None and shards < 1) or wait < 0:
        raise ValueError(f"workers and shards must be >= 1 and wait >= 0 (got {workers}, {shards} and {wait}).")
    if update and not store:
        raise ValueError("update=True needs the store of an earlier build (store=PATH).")
    fields = fold_fields(fields, text_field, id_field)
    corpus = read_corpus(source, strict=strict, fields=fields, max_document_bytes=config.max_document_bytes)
    options = BuildOptions(lexicon=resolve_lexicon(lexicon), model=model, discover=discover, settings=config,
                           progress=progress, thesaurus=_user_thesaurus(thesaurus, stop_list))
    engine_ = make_engine("dask", workers, scheduler)
    try:  # the engine stays open: the graph's links are on its workers (closed with the graph)
        count = shards or max(8, 4 * engine_.workers)
        built = run_sharded(corpus, options, engine_, store or False, shards=count, update=update, wait=wait)
        return ShardedGraph(built, engine_, corpus.report)
    except BaseException:
        engine_.close()
        raise


def _user_thesaurus(thesaurus: Thesaurus | str | Path | None,
                    stop_list: str | Path | Iterable[str] | None) -> Thesaurus:
    """One :class:`Thesaurus` from the ``thesaurus`` and ``stop_list`` options of :func:`build`."""
    rules = thesaurus if isinstance(thesaurus, Thesaurus) else (
        load_thesaurus(thesaurus) if thesaurus is not None else Thesaurus())
    if stop_list is None:
        return rules
    if isinstance(stop_list, (str, Path)):
        return rules.merged(load_stop_list(stop_list))
    return rules.merged(Thesaurus({}, frozenset(stop_list)))


def discover_concepts(source: Source, *, lexicon: LexiconSource = None, model: str | None = None,
                      settings: Settings | None = None, min_count: int | None = None,
                      min_c_value: float | None = None) -> list[tuple[Concept, int, float, str]]:
    """Concepts of a corpus that the lexicon lacks, for review.

    Args:
        source: The corpus (as for :func:`build`).
        lexicon: The lexicon to compare against (None: the shipped one).
        model: An installed trained spaCy pipeline whose noun chunks add term
            candidates (optional; without it discovery is model-free).
        settings: The settings (None: the defaults); the keywords below override single fields.
        min_count: Multiword terms seen fewer times are left out (None: ``settings.min_term_count``).
        min_c_value: Multiword terms with a lower C-value are left out (None: ``settings.min_term_c_value``).

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
    config = _build_settings(settings, min_term_count=min_count, min_term_c_value=min_c_value)
    corpus = read_corpus(source, max_document_bytes=config.max_document_bytes)
    options = BuildOptions(lexicon=resolve_lexicon(lexicon), model=model, settings=config)
    with InlineEngine() as engine:
        first = survey_corpus(corpus, options, engine, drugs=True)
    out: list[tuple[Concept, int, float, str]] = []
    for concept_id, n in sorted(first.drugs.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append((first.discovered[concept_id], n, float(n), first.drug_kinds[concept_id]))
    for concept_id, n in sorted(first.definitions.items(), key=lambda kv: (-kv[1], kv[0])):
        if concept_id not in first.drugs:
            out.append((first.discovered[concept_id], n, float(n), "abbreviation"))
    seen = {c.id for c, *_ in out}
    for concept, n, score in first.terms(min_count=config.min_term_count, min_c_value=config.min_term_c_value):
        if concept.id not in seen:
            out.append((concept, n, score, "term"))
    return out


def _remove_store(path: str) -> None:
    remove_store_files(path)
    Path(path + ".lock").unlink(missing_ok=True)
