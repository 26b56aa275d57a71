"""The passes of a build: survey, extraction and graph, streamed or kept in the store.

:func:`run` is what :func:`kgraph.build` and :meth:`kgraph.KnowledgeGraph.add`
call: pass 1 surveys the corpus-wide abbreviations and terms, pass 2 extracts
mentions and counts co-occurrences, both on an :mod:`~kgraph.engine.parallel`
engine; a store build keeps documents, extractions and counts in the
:mod:`~kgraph.engine.store` and redoes only what new documents change.

What a build needs is passed in explicitly: the corpus, the
:class:`BuildOptions` (with the build's :class:`~kgraph.settings.Settings`)
and the engine, which the caller makes and closes (``with make_engine(...)
as engine:``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

import networkx as nx
from tqdm import tqdm

from ..concepts.corpus_state import corpus_state
from ..concepts.grounding import ground_concepts
from ..concepts.lexicon import Concept, Lexicon, written_variants
from ..concepts.recognize import label_as_written, merge_discovered
from ..concepts.shortforms import ShortForm
from ..concepts.survey import CorpusSurvey, concept_from_json, concept_to_json
from ..concepts.thesaurus import Thesaurus
from ..documents.biblio import Fields
from ..documents.corpus import Corpus, CorpusReport, Document, Source, read_corpus
from ..errors import StoreError
from ..graph.cooccur import CooccurrenceCounts
from ..graph.references import LinkEvidence
from ..graph.schema import build_graph
from ..graph.serialize import DeferredEvidence
from ..settings import DEFAULTS, Settings
from ..text.normalize import key_of, scan
from .parallel import (
    DaskEngine,
    Engine,
    Extracted,
    ExtractTask,
    InlineEngine,
    ProcessEngine,
    SurveyTask,
    batches,
    extract_batch,
    extract_totals,
    fewer_gc_pauses,
    survey_batch,
    survey_totals,
)
from .shards import count_into, make_shards, map_sharded, sharded_chunks
from .store import Store, digest

__all__ = [
    "BuildOptions",
    "Built",
    "ShardedBuilt",
    "StoreUpdater",
    "code_fingerprint",
    "fold_fields",
    "lexicon_fingerprint",
    "make_engine",
    "run",
    "run_sharded",
    "sharded_build",
    "sharded_store_build",
    "store_build",
    "stream_build",
    "survey_corpus",
]

logger = logging.getLogger(__name__)

_TASK_DOCS = 1024  # documents per task sent to an engine (256 gave 1.56x with 2 workers, 1024 1.71x)
_TASK_CHARS = 4_000_000  # ... and at most about this much text (parts of a huge file are large)


def _batches(items: Iterable[tuple[Any, Document]]) -> Iterator[list[tuple[Any, Document]]]:
    """The tasks of a pass: documents (with their keys) in lists bounded in number and in text."""
    return batches(items, _TASK_DOCS, weight=lambda item: len(item[1].text), max_weight=_TASK_CHARS)

def lexicon_fingerprint(lexicon: Lexicon) -> str:
    """A hash of a lexicon's concepts (the store checks it before reusing results)."""
    data = json.dumps([[*concept_to_json(c), c.generic, list(c.ambiguous)] for _, c in sorted(lexicon.concepts.items())])
    return hashlib.blake2b(data.encode(), digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of kgraph's own source files.

    Stored extractions depend on the code that made them, not only on its
    version number: a store made by other code (an edited checkout, a
    development build) is rebuilt rather than reused.
    """
    digest_ = hashlib.blake2b(digest_size=12)
    package = Path(__file__).parents[1]  # kgraph/
    for path in sorted(package.rglob("*.py")):
        digest_.update(path.relative_to(package).as_posix().encode() + b"\x00" + path.read_bytes())
    return digest_.hexdigest()


def _describe(pipeline: Any) -> str | None:
    """What a store must know of a user's pipeline: its name, version and components."""
    if pipeline is None:
        return None
    meta = getattr(pipeline, "meta", {}) or {}
    return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}: {','.join(pipeline.pipe_names)}"


def make_engine(engine: str, workers: int, scheduler: str | None) -> Engine[Any, Any]:
    """The engine named ``engine`` (``"local"`` or ``"dask"``); close it when done (``with make_engine(...) as e:``).

    ``"local"`` with one worker runs in this process, with more in worker
    processes; ``"dask"`` connects to ``scheduler``, or starts a local
    cluster of ``workers`` processes.

    Raises:
        ValueError: An unknown engine, or a scheduler address without ``"dask"``.
        KGraphError: Dask is not installed, or the scheduler cannot be reached.

    Examples:
        >>> with make_engine("local", 1, None) as engine:
        ...     type(engine).__name__, engine.workers, engine.client
        ('InlineEngine', 1, None)
    """
    if engine == "dask":
        return DaskEngine(scheduler, workers=workers)
    if engine != "local":
        raise ValueError(f"Unknown engine {engine!r}: use 'local' or 'dask'.")
    if scheduler:
        raise ValueError("A scheduler address needs engine='dask' (--engine dask).")
    return ProcessEngine(workers) if workers > 1 else InlineEngine()


@dataclass(frozen=True, kw_only=True)
class BuildOptions:
    """What one build does (everything but the corpus and the engine it runs on).

    Attributes:
        lexicon: The lexicon.
        model: An installed trained spaCy pipeline to use instead of the blank one.
        discover: Add concepts the lexicon lacks (drug names, frequent terms).
        settings: The build's settings (evidence, weights, batches, parts, term thresholds).
        progress: Show progress bars on stderr.
        thesaurus: The user's merges and drops.
        pipeline: A user's spaCy pipeline object, run before kgraph's components (pass 2).
        defer_evidence: The graph's evidence stays references (``Built.evidence``) until it is read.
    """

    lexicon: Lexicon
    model: str | None = None
    discover: bool = True
    settings: Settings = DEFAULTS
    progress: bool = False
    thesaurus: Thesaurus = field(default_factory=Thesaurus)
    pipeline: Any = None
    defer_evidence: bool = False

    def store_settings(self) -> dict[str, Any]:
        """What stored surveys and extractions depend on."""
        from ..version import VERSION

        return {"kgraph": VERSION, "code": code_fingerprint(), "lexicon": lexicon_fingerprint(self.lexicon),
                "discover": self.discover, "model": self.model, "max_evidence": self.settings.max_evidence,
                "max_sentence_chars": self.settings.max_sentence_chars,
                "thesaurus": self.thesaurus.fingerprint(), "pipeline": _describe(self.pipeline)}

    def empty_counts(self) -> CooccurrenceCounts:
        """Empty co-occurrence counts with the build's evidence settings."""
        return CooccurrenceCounts(max_evidence=self.settings.max_evidence,
                                  max_sentence_chars=self.settings.max_sentence_chars)

    def survey_task(self, *, drugs: bool = False, keep: bool = False) -> SurveyTask:
        return SurveyTask(self.lexicon, terms=self.discover, drugs=drugs, model=self.model, keep=keep,
                          settings=self.settings)

    def extract_task(self, survey: CorpusSurvey, *, keep: bool) -> tuple[ExtractTask, dict[str, Any]]:
        """The task of pass 2 and the corpus-wide state it depends on (see
        :func:`~kgraph.concepts.corpus_state.corpus_state`), JSON-ready for the store."""
        state = corpus_state(survey, self.lexicon, discover=self.discover, thesaurus=self.thesaurus,
                             min_term_count=self.settings.min_term_count,
                             min_term_c_value=self.settings.min_term_c_value)
        task = ExtractTask(state.lexicon, dict(state.short_forms), dict(state.evidence), dict(state.known),
                           dict(state.same_as), discover=self.discover, model=self.model, keep=keep,
                           settings=self.settings, pipeline=self.pipeline)
        return task, state.to_json()

    def graph(self, counts: CooccurrenceCounts, discovered: dict[str, Concept], task: ExtractTask,
              survey: CorpusSurvey, corpus: Corpus) -> Built:
        if counts.documents == 0:
            logger.warning("The corpus %s holds no documents; the graph is empty.", corpus.description)
        concepts = {**task.known, **discovered}
        for concept_id, concept in task.lexicon.concepts.items():  # a long form: both sets of names
            found = concepts.get(concept_id)
            concepts[concept_id] = concept if found is None else replace(
                found, aliases=tuple(dict.fromkeys((*found.aliases, *concept.aliases))))
        for concept_id, forms in counts.surface_forms.items():  # discovered names as the texts write them
            concept = concepts.get(concept_id)
            if concept is not None and concept.source == "discovered" and concept.category == "drug" \
                    and concept_id in survey.cell_lines:  # a code that some document calls a cell line
                concept = concepts[concept_id] = replace(concept, category="cell_type")
            if concept is not None and concept.source == "discovered":
                written: Counter[str] = Counter()
                for (form, _), n in forms.items():
                    written[form] += n
                label = label_as_written(concept.label, written)
                if label != concept.label:
                    concepts[concept_id] = replace(concept, label=label)
        concepts.update(ground_concepts({c: concepts[c] for c in counts.mentions if c in concepts}))
        graph = build_graph(counts, concepts, min_weight=self.settings.min_weight,
                            defer_evidence=self.defer_evidence,
                            metadata={"lexicon": task.lexicon.name, "abbreviations": survey.abbreviations_attribute(),
                                      "short_forms": survey.short_forms_attribute(task.same_as),
                                      "input": corpus.report.summary()})
        if not self.defer_evidence:
            return Built(graph, None)
        return Built(graph, LinkEvidence(counts, graph.graph["documents_index"], graph.number_of_edges()))


class Built(NamedTuple):
    """What a build makes.

    Attributes:
        graph: The graph.
        evidence: The evidence of its links when the graph holds none
            (``BuildOptions.defer_evidence``): made into sentences when read.
    """

    graph: nx.Graph
    evidence: DeferredEvidence | None


@contextmanager
def _phase(name: str, description: str) -> Iterator[dict[str, int]]:
    """Log how long a phase of the build took (INFO; ``kgraph build --verbose`` shows it).

    The body may put ``documents`` in the dict it gets, for the message. The
    record carries ``kgraph_phase`` and ``seconds`` attributes, for tools that
    add up where the time goes (``benchmarks/build_speed.py``).
    """
    info: dict[str, int] = {}
    start = time.perf_counter()
    yield info
    seconds = time.perf_counter() - start
    what = f"{info['documents']:,} documents in " if "documents" in info else ""
    logger.info("%s: %s%.2f s.", description, what, seconds, extra={"kgraph_phase": name, "seconds": seconds})


@contextmanager
def _pass(options: BuildOptions, name: str, description: str, label: str,
          total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A pass over documents: a progress bar, and a phase log with the number of documents.

    Yields the function the pass calls with the number of documents each result holds.
    """
    with _phase(name, description) as info, \
            tqdm(desc=label, unit="doc", total=total, disable=not options.progress) as bar:
        info["documents"] = 0

        def advance(documents: int) -> None:
            info["documents"] += documents
            bar.update(documents)

        yield advance


def survey_corpus(corpus: Iterable[Document], options: BuildOptions, engine: Engine[Any, Any], *,
                  drugs: bool = False) -> CorpusSurvey:
    """Pass 1 over a corpus, on ``engine``."""
    total = CorpusSurvey()
    task = options.survey_task(drugs=drugs)
    with _pass(options, "survey", "Pass 1 (survey)", "Surveying") as advance:
        for result in engine.map(survey_batch, task, _batches(enumerate(corpus)), totals=survey_totals):
            if result.survey is not None:  # a worker's running totals
                total.absorb(result.survey)
            advance(result.documents)
    return total


def stream_build(corpus: Corpus, options: BuildOptions, engine: Engine[Any, Any]) -> Built:
    """Two passes over the corpus on ``engine``, nothing stored."""
    survey = survey_corpus(corpus, options, engine)
    task, _ = options.extract_task(survey, keep=False)
    counts = options.empty_counts()
    discovered = dict(survey.discovered)
    with _pass(options, "extraction", "Pass 2 (extraction)", "Extracting", survey.documents) as advance:
        for result in engine.map(extract_batch, task, _batches(enumerate(corpus)), totals=extract_totals):
            _add(counts, discovered, result)
            advance(result.documents)
    with _phase("graph", "Graph"):
        return options.graph(counts, discovered, task, survey, corpus)


class ShardedBuilt(NamedTuple):
    """What a sharded build makes (:func:`sharded_build`).

    Attributes:
        graph: The graph's attributes and concepts, without links.
        counts: The concept-level counts (:meth:`~kgraph.graph.cooccur.CooccurrenceCounts.split`),
            without ``doc_info`` (the graph's ``documents_index`` holds it).
        shards: The shards of the pair counts, pruned to ``min_weight``: Dask actors
            (:class:`~kgraph.engine.shards.Shard`) on the cluster.
    """

    graph: nx.Graph
    counts: CooccurrenceCounts
    shards: list[Any]


def sharded_build(corpus: Corpus, options: BuildOptions, engine: Engine[Any, Any], *, shards: int) -> ShardedBuilt:
    """Two passes over the corpus on Dask, the pair counts kept on the workers in ``shards`` parts (nothing stored).

    The caller reads the links with :func:`~kgraph.engine.shards.sharded_links`
    and closes the engine when it is done with them.

    Raises:
        ValueError: The engine cannot keep shards (it has no :attr:`~kgraph.engine.parallel.Engine.client`).
    """
    client = _client_of(engine)
    with fewer_gc_pauses():
        survey = survey_corpus(corpus, options, engine)
        task, _ = options.extract_task(survey, keep=False)
        counts = options.empty_counts()
        discovered = dict(survey.discovered)
        parts = make_shards(client, shards, max_evidence=options.settings.max_evidence,
                            max_sentence_chars=options.settings.max_sentence_chars)
        in_flight = 2 * engine.workers
        with _pass(options, "extraction", "Pass 2 (extraction)", "Extracting", survey.documents) as advance:
            for result in map_sharded(client, task, _batches(enumerate(corpus)), parts, in_flight=in_flight):
                _add(counts, discovered, result)
                advance(result.documents)
        return _sharded_graph(options, counts, discovered, task, survey, corpus, parts)


def _client_of(engine: Engine[Any, Any]) -> Any:
    """The Dask client of an engine that can keep shards.

    Raises:
        ValueError: The engine cannot keep shards.
    """
    if engine.client is None:
        raise ValueError(f"A sharded build keeps its counts on a Dask cluster, which {type(engine).__name__} "
                         "has not: make its engine with make_engine('dask', ...).")
    return engine.client


def _sharded_graph(options: BuildOptions, counts: CooccurrenceCounts, discovered: dict[str, Concept],
                   task: ExtractTask, survey: CorpusSurvey, corpus: Corpus, parts: list[Any]) -> ShardedBuilt:
    """The end of a sharded build: each shard drops the pairs below ``min_weight``, and the graph without links."""
    with _phase("graph", "Graph"):
        for done in [shard.finish(options.settings.min_weight) for shard in parts]:
            done.result()
        built = replace(options, defer_evidence=True).graph(counts, discovered, task, survey, corpus)
        counts.doc_info.clear()  # the graph's documents_index holds it now: one entry per document, not two
        return ShardedBuilt(built.graph, counts, parts)


def _add(counts: CooccurrenceCounts, discovered: dict[str, Concept], result: Extracted) -> None:
    """Add a pass-2 result to ``counts`` and ``discovered`` (in place); per-batch results of a
    worker that keeps running totals hold no counts."""
    merge_discovered(discovered, result.discovered)
    if result.counts is not None:
        counts.absorb(result.counts)


def store_build(corpus: Corpus, options: BuildOptions, engine: Engine[Any, Any], store: Store, *,
                update: bool) -> Built:
    """A build on ``engine`` that keeps its work in ``store`` and reuses what the store already holds."""
    survey, added = _store_survey(corpus, options, engine, store, update=update)
    task, state = _store_task(options, store, survey)
    # Counts so far: the stored ones (they add up exactly the extractions marked as counted; the
    # store drops them whenever it forgets one of those), plus every other stored extraction.
    with _phase("reuse", "Stored counts and extractions"):
        counts, discovered = store.load_counts(max_evidence=options.settings.max_evidence,
                                               max_sentence_chars=options.settings.max_sentence_chars)
        merge_discovered(discovered, survey.discovered)
        for extraction in store.extractions(counted=False):
            counts.add(extraction)
            merge_discovered(discovered, extraction.discovered)
    # Pass 2 on the documents without an extraction.
    with _pass(options, "extraction", "Pass 2 (extraction)", "Extracting", store.pending_count()) as advance:
        for result in engine.map(extract_batch, task, _batches(store.pending()), totals=extract_totals):
            store.save_extractions(result.rows)
            _add(counts, discovered, result)
            advance(result.documents)
    with _phase("store", "Saving counts to the store"):
        store.save_counts(counts, discovered, state)
    logger.info("Store %s: %s documents (%s new).", store.path, f"{len(store):,}", f"{added:,}")
    with _phase("graph", "Graph"):
        return options.graph(counts, discovered, task, survey, corpus)


def sharded_store_build(corpus: Corpus, options: BuildOptions, engine: Engine[Any, Any], store: Store, *,
                        shards: int, update: bool) -> ShardedBuilt:
    """A store build on Dask whose pair counts stay on the workers in ``shards`` parts (see :func:`sharded_build`).

    It stores what :func:`store_build` stores, and the store it leaves gives
    the same graph; what differs is where the pair counts are added up. The
    extractions the store already holds are counted again, on the workers
    (:func:`~kgraph.engine.shards.count_into`), rather than its pair counts
    read (they would all be in this process), and the pair counts are written
    to the store a chunk of a shard at a time
    (:func:`~kgraph.engine.shards.sharded_chunks`).

    Raises:
        ValueError: The engine cannot keep shards.
    """
    client = _client_of(engine)
    survey, added = _store_survey(corpus, options, engine, store, update=update)
    task, state = _store_task(options, store, survey)
    counts = options.empty_counts()
    discovered = dict(survey.discovered)
    parts = make_shards(client, shards, max_evidence=options.settings.max_evidence,
                        max_sentence_chars=options.settings.max_sentence_chars)
    with _phase("reuse", "Stored extractions"):
        stored = options.settings.max_evidence, options.settings.max_sentence_chars
        futures = []
        for batch in _batches(enumerate(store.extractions())):
            extractions = [extraction for _, extraction in batch]
            for extraction in extractions:
                merge_discovered(discovered, extraction.discovered)
            futures.append(client.submit(count_into, extractions, *stored, parts, pure=False))
            if len(futures) >= 2 * engine.workers:
                counts.absorb(futures.pop(0).result())
        for future in futures:
            counts.absorb(future.result())
    with _pass(options, "extraction", "Pass 2 (extraction)", "Extracting", store.pending_count()) as advance:
        for result in map_sharded(client, task, _batches(store.pending()), parts, in_flight=2 * engine.workers):
            store.save_extractions(result.rows)
            _add(counts, discovered, result)
            advance(result.documents)
    with _phase("store", "Saving counts to the store"):
        store.save_counts(counts, discovered, state, pairs=sharded_chunks(parts))
    logger.info("Store %s: %s documents (%s new).", store.path, f"{len(store):,}", f"{added:,}")
    return _sharded_graph(options, counts, discovered, task, survey, corpus, parts)


def _store_survey(corpus: Corpus, options: BuildOptions, engine: Engine[Any, Any], store: Store, *,
                  update: bool) -> tuple[CorpusSurvey, int]:
    """Pass 1 of a store build on the documents the store does not hold yet: the survey of all, and how many were added.

    Without ``update`` the documents of an earlier build that ``corpus`` does not hold are removed.
    """
    survey = store.survey()
    waiting: set[bytes] = set()
    duplicates = 0

    def new_documents() -> Iterator[list[tuple[bytes, Document]]]:
        nonlocal duplicates
        for batch in _batches((None, document) for document in corpus):
            keyed = [(digest(document), document) for _, document in batch]
            known = store.known([key for key, _ in keyed])
            fresh = []
            for key, document in keyed:
                if key in known or key in waiting:
                    duplicates += key not in known
                    continue
                waiting.add(key)
                fresh.append((key, document))
            if fresh:
                yield fresh

    added = 0
    with _pass(options, "survey", "Pass 1 (survey)", "Surveying") as advance:
        for result in engine.map(survey_batch, options.survey_task(keep=True), new_documents(),
                                 totals=survey_totals):
            store.add_documents(result.rows)
            waiting.difference_update(key for key, *_ in result.rows)
            if result.survey is not None:  # a worker's running totals
                survey.absorb(result.survey)
            added += result.documents
            advance(result.documents)
    if duplicates:
        logger.warning("%d documents of %s repeat another document (same id and text); each is "
                       "counted once.", duplicates, corpus.description)
    if not update:
        removed = store.remove_unseen()
        if removed:
            logger.info("Removed %d documents of an earlier build that %s does not hold.", removed,
                        corpus.description)
            survey = store.survey()
    return survey, added


def _store_task(options: BuildOptions, store: Store, survey: CorpusSurvey) -> tuple[ExtractTask, dict[str, Any]]:
    """The task of pass 2 and the corpus-wide state; the stored extractions that a changed state touches are forgotten."""
    task, state = options.extract_task(survey, keep=True)
    previous = store.get("state")
    if previous is not None and previous != state:
        # Corpus-wide abbreviations or terms changed: redo the documents they can touch.
        keys = _changed_keys(previous, state)
        matched = _as_matched(keys)
        touched = [row for row, text in store.texts() if _touches(text, matched)]
        logger.info("The new documents change %d corpus-wide abbreviations or terms; %d earlier "
                    "documents are extracted again.", len(keys), len(touched))
        store.forget_extractions(touched)
    store.set_state(state)
    return task, state


def _changed_keys(previous: dict[str, Any], state: dict[str, Any]) -> list[tuple[str, ...]]:
    """The normalised names whose meaning differs between two corpus-wide states.

    Those are: short forms whose senses differ; names of terms that appear
    or go; names added to a lexicon concept (``computed tomographic``, a
    re-worded long form of CT, joins computed tomography) that appear or
    go; and the short forms of every concept whose names changed, as a
    short form's sense in a document depends on the words of its names
    there.
    """
    before = {ShortForm.from_json(short): value for short, value in previous["short_forms"]}
    after = {ShortForm.from_json(short): value for short, value in state["short_forms"]}
    keys = {short.pieces for short in {*before, *after} if before.get(short) != after.get(short)}
    changed: set[str] = set()  # concepts whose names differ
    names: list[str] = []
    old_terms = {json.dumps(t) for t in previous["terms"]}
    new_terms = {json.dumps(t) for t in state["terms"]}
    for term in old_terms ^ new_terms:
        concept = concept_from_json(json.loads(term))
        changed.add(concept.id)
        names.extend(concept.names)
    old_names = {concept_id: set(more) for concept_id, more in previous.get("names", [])}
    new_names = {concept_id: set(more) for concept_id, more in state.get("names", [])}
    for concept_id in old_names.keys() | new_names.keys():
        differ = old_names.get(concept_id, set()) ^ new_names.get(concept_id, set())
        if differ:
            changed.add(concept_id)
            names.extend(differ)
    keys.update(key for name in names if (key := key_of(name)) is not None)
    keys.update(short.pieces for short, senses in (*before.items(), *after.items()) if changed.intersection(senses))
    return sorted(keys)


def _as_matched(keys: list[tuple[str, ...]]) -> list[frozenset[str]]:
    """The pieces (lower case) of every way recognition matches ``keys``: each key and its written variants.

    The lexicon's matcher also knows each name by its
    :func:`~kgraph.concepts.lexicon.written_variants` (``intra-arterial`` written
    ``intraarterial``); a text that holds only a variant is touched too.

    Examples:
        >>> sorted(map(sorted, _as_matched([("intra", "arterial", "chemotherapy")])))
        [['arterial', 'chemotherapy', 'intra'], ['arterialchemotherapy', 'intra'], ['chemotherapy', 'intraarterial']]
    """
    matched = {frozenset(piece.lower() for piece in variant)
               for key in keys for variant in (key, *written_variants(key))}
    return sorted(matched, key=sorted)


def _touches(text: str, keys: list[frozenset[str]]) -> bool:
    """Whether ``text`` holds every piece (lower case) of one of ``keys`` (a cheap superset test)."""
    if not keys:
        return False
    norms = {norm.lower() for norm in scan(text).norms}
    return any(key <= norms for key in keys)


def run(corpus: Corpus, options: BuildOptions, engine: Engine[Any, Any], store: str | Path | Literal[False], *,
        update: bool = False, wait: float = 0.0) -> Built:
    """Build the graph of ``corpus`` on ``engine``: two streaming passes (``store=False``) or a store build.

    The engine stays open (whoever made it closes it).

    Raises:
        StoreError: The store cannot be used (see :class:`~kgraph.engine.store.Store`), or SQLite
            failed on it (a full disk, a lock held by another program, a missing folder).
    """
    with fewer_gc_pauses():
        if store is False:
            return stream_build(corpus, options, engine)
        with _opened(store, options, update=update, wait=wait) as kept:
            return store_build(corpus, options, engine, kept, update=update)


def run_sharded(corpus: Corpus, options: BuildOptions, engine: Engine[Any, Any], store: str | Path | Literal[False],
                *, shards: int, update: bool = False, wait: float = 0.0) -> ShardedBuilt:
    """A sharded build of ``corpus`` on Dask (:func:`sharded_build`, or :func:`sharded_store_build` with a store).

    The engine stays open: the shards are on its workers.

    Raises:
        ValueError: The engine cannot keep shards.
        StoreError: As for :func:`run`.
    """
    with fewer_gc_pauses():
        if store is False:
            return sharded_build(corpus, options, engine, shards=shards)
        with _opened(store, options, update=update, wait=wait) as kept:
            return sharded_store_build(corpus, options, engine, kept, shards=shards, update=update)


@contextmanager
def _opened(store: str | Path, options: BuildOptions, *, update: bool, wait: float) -> Iterator[Store]:
    """The build store, opened for this build and closed after it; SQLite's errors become :class:`StoreError`."""
    try:
        kept = Store(store, options.store_settings(), reset=not update, wait=wait)
        try:
            yield kept
        finally:
            kept.close()
    except sqlite3.OperationalError as error:
        hint = ("free some space; the store is left as it was before this build's last step"
                if "full" in str(error) else
                "another program is using the store: wait for it, or give another --store path"
                if "locked" in str(error) else
                "check that the folder exists and is writable, or give another --store path")
        raise StoreError(f"The store {store}: {error}; {hint}.") from error


def fold_fields(fields: Fields | None, text_field: str | None, id_field: str | None, *,
                stacklevel: int = 3) -> Fields | None:
    """``fields`` with the text and id fields of the deprecated ``text_field=`` and ``id_field=`` options.

    Warns (``DeprecationWarning``) when either is given; they take precedence
    over ``fields``, as they did.

    Examples:
        >>> import warnings
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     fold_fields(Fields(year="PY"), "AB", None)
        Fields(text='AB', id=None, title=None, year='PY', journal=None)
        >>> fold_fields(None, None, None) is None
        True
    """
    if text_field is None and id_field is None:
        return fields
    warnings.warn("text_field= and id_field= are deprecated: pass fields=kgraph.Fields(text=..., id=...) "
                  "instead.", DeprecationWarning, stacklevel=stacklevel)
    chosen = fields or Fields()
    return replace(chosen, text=text_field or chosen.text, id=id_field or chosen.id)


@dataclass(frozen=True)
class StoreUpdater:
    """Adds documents to a store build (what :meth:`kgraph.KnowledgeGraph.add` calls).

    Holds the options and settings of the build that made the store; each
    call reads the new documents, runs an update build on the store and
    returns the graph of everything and the report of the new documents.

    The rule for the engine: an update runs on the local engine with the
    build's ``workers`` (in this process with one). It reads only the new
    documents, and the engine of the build is closed when the build ends (a
    Dask cluster the build started is gone); an update of a build that ran
    elsewhere (``built_on``) says so in the log. To add on Dask, build again
    with ``update=True`` and ``engine="dask"``.

    Attributes:
        options: The build's options.
        store: The build store.
        workers: Worker processes of the local engine.
        wait: Seconds to wait for another build that holds the store.
        built_on: The engine the build ran on (``"local"`` or ``"dask"``).
    """

    options: BuildOptions
    store: str | Path
    workers: int = 1
    wait: float = 0.0
    built_on: str = "local"

    def __call__(self, documents: Source, *, strict: bool = False, progress: bool = False,
                 fields: Fields | None = None, text_field: str | None = None,
                 id_field: str | None = None) -> tuple[nx.Graph, CorpusReport]:
        """Add ``documents``: the graph of everything, and the report of the new documents.

        Args:
            documents: Anything :func:`kgraph.build` reads.
            strict: Raise on the first unreadable file or record.
            progress: Show progress bars on stderr.
            fields: The fields of CSV/JSON records (:class:`~kgraph.documents.biblio.Fields`).
            text_field: Deprecated: ``fields=Fields(text=...)``.
            id_field: Deprecated: ``fields=Fields(id=...)``.
        """
        fields = fold_fields(fields, text_field, id_field, stacklevel=4)
        corpus = read_corpus(documents, strict=strict, fields=fields,
                             max_document_bytes=self.options.settings.max_document_bytes)
        options = replace(self.options, progress=progress, defer_evidence=False)
        if self.built_on != "local":
            logger.info("Adding on the local engine (%d worker%s): the %s engine of the build closed with it.",
                        self.workers, "s" if self.workers > 1 else "", self.built_on)
        with make_engine("local", self.workers, None) as engine:
            return run(corpus, options, engine, self.store, update=True, wait=self.wait).graph, corpus.report
