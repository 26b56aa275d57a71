"""Building a knowledge graph from a corpus: the only orchestrator.

documents -> (pass 1) corpus-wide abbreviations -> spaCy Docs -> mentions ->
co-occurrence counts -> ``nx.Graph`` -> :class:`~kgraph.kg.KnowledgeGraph`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import tempfile
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx
from tqdm import tqdm

from .concepts.lexicon import (
    Concept,
    Lexicon,
    default_lexicon,
    load_lexicon,
    written_variants,
)
from .concepts.recognize import merge_discovered
from .concepts.senses import evidence_pieces, same_senses, shortened_names, written_out
from .concepts.shortforms import match_key
from .concepts.survey import CorpusSurvey, concept_from_json, concept_to_json
from .concepts.thesaurus import Thesaurus, load_stop_list, load_thesaurus
from .documents.biblio import Fields
from .documents.corpus import Corpus, Document, Source, read_corpus
from .engine.parallel import (
    DaskEngine,
    Engine,
    ExtractTask,
    InlineEngine,
    ProcessEngine,
    SurveyTask,
    batches,
    extract_batch,
    fewer_gc_pauses,
    survey_batch,
)
from .engine.store import Store, digest, remove_store_files
from .errors import StoreError
from .graph.cooccur import CooccurrenceCounts
from .graph.schema import build_graph
from .kg import KnowledgeGraph
from .nlp.mentions import Mention, pipe_extractions
from .settings import DEFAULTS
from .text.normalize import key_of, scan

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["build", "discover_concepts", "extract", "lexicon_fingerprint", "resolve_lexicon"]

_TASK_DOCS = 1024  # documents per task sent to an engine (256 gave 1.56x with 2 workers, 1024 1.71x)
_TASK_CHARS = 4_000_000  # ... and at most about this much text (parts of a huge file are large)


def _batches(items: Iterable[tuple[Any, Document]]) -> Iterator[list[tuple[Any, Document]]]:
    """The tasks of a pass: documents (with their keys) in lists bounded in number and in text."""
    return batches(items, _TASK_DOCS, weight=lambda item: len(item[1].text), max_weight=_TASK_CHARS)

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


def _with_terms(lexicon: Lexicon, terms: list[Concept],
                names: dict[str, list[str]] | None = None) -> Lexicon:
    """``lexicon`` plus more names for some of its concepts, plus discovered terms.

    Only names and terms it does not already have, written in any way (see
    :func:`~kgraph.concepts.lexicon.written_variants`), are added; the lexicon is
    built once.
    """
    known = {key for key, _ in lexicon.matcher.items()}
    concepts = dict(lexicon.concepts)
    changed = False
    for concept_id, more in sorted((names or {}).items()):
        if concept_id not in concepts:
            continue
        fresh = [name for name in more if (key := key_of(name)) is not None and key not in known]
        known.update(key_of(name) for name in fresh)
        if fresh:
            concept = concepts[concept_id]
            concepts[concept_id] = replace(concept, aliases=(*concept.aliases, *fresh))
            changed = True
    for concept in terms:
        if concept.id in concepts:
            continue
        keys = {key for name in concept.names if (key := key_of(name)) is not None}
        keys |= {variant for key in keys for variant in written_variants(key)}
        if keys & known:
            continue
        known |= keys
        concepts[concept.id] = concept
        changed = True
    if not changed:
        return lexicon
    return Lexicon.from_concepts(concepts.values(), name=lexicon.name, origin="discovered terms")


def lexicon_fingerprint(lexicon: Lexicon) -> str:
    """A hash of a lexicon's concepts (the store checks it before reusing results)."""
    data = json.dumps([concept_to_json(c) for _, c in sorted(lexicon.concepts.items())])
    return hashlib.blake2b(data.encode(), digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of kgraph's own source files.

    Stored extractions depend on the code that made them, not only on its
    version number: a store made by other code (an edited checkout, a
    development build) is rebuilt rather than reused.
    """
    digest_ = hashlib.blake2b(digest_size=12)
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest_.update(path.relative_to(package).as_posix().encode() + b"\x00" + path.read_bytes())
    return digest_.hexdigest()


def _engine(engine: str, workers: int, scheduler: str | None) -> Engine[Any, Any]:
    if engine == "dask":
        return DaskEngine(scheduler, workers=workers)
    if engine != "local":
        raise ValueError(f"Unknown engine {engine!r}: use 'local' or 'dask'.")
    if scheduler:
        raise ValueError("A scheduler address needs engine='dask' (--engine dask).")
    return ProcessEngine(workers) if workers > 1 else InlineEngine()


@dataclass
class _Options:
    """The settings of one build (everything but the corpus)."""

    lexicon: Lexicon
    model: str | None
    discover: bool
    max_evidence: int
    min_weight: int
    batch_size: int
    engine: Engine[Any, Any]
    progress: bool
    thesaurus: Thesaurus = field(default_factory=Thesaurus)

    def store_settings(self) -> dict[str, Any]:
        """What stored surveys and extractions depend on."""
        from .version import VERSION

        return {"kgraph": VERSION, "code": code_fingerprint(), "lexicon": lexicon_fingerprint(self.lexicon),
                "discover": self.discover, "model": self.model, "max_evidence": self.max_evidence,
                "max_sentence_chars": DEFAULTS.max_sentence_chars,
                "thesaurus": self.thesaurus.fingerprint()}

    def survey_task(self, *, drugs: bool = False, keep: bool = False) -> SurveyTask:
        return SurveyTask(self.lexicon, terms=self.discover, drugs=drugs, model=self.model,
                          batch_size=self.batch_size, keep=keep)

    def extract_task(self, survey: CorpusSurvey, *, keep: bool) -> tuple[ExtractTask, dict[str, Any]]:
        """The task of pass 2 and the corpus-wide state it depends on.

        Besides the lexicon, pass 2 matches the multiword terms frequent in the
        corpus and the long forms that abbreviation definitions introduced
        (``epidermal growth factor (EGF)`` in one document makes a bare
        ``epidermal growth factor`` in another the same concept).
        """
        short_forms = survey.short_forms()
        terms = sorted((concept for concept, _, _ in survey.terms(
            min_count=DEFAULTS.min_term_count, min_c_value=DEFAULTS.min_term_c_value)),
            key=lambda c: c.id) if self.discover else []
        # Long forms that only re-word another sense of their short form join it (one node).
        same = same_senses(short_forms, {**survey.discovered, **self.lexicon.concepts})
        short_forms = {key: tuple(dict.fromkeys(same.get(c, c) for c in senses))
                       for key, senses in short_forms.items()}
        # Names that differ only by an abbreviation written out join too (SGLT2 inhibitor = sodium
        # glucose co-transporter-2 inhibitor); a discovered term that joins is matched as a name.
        by_id = {c.id: c for c in terms}
        candidates = {**by_id, **{c: d for c, d in survey.discovered.items() if c not in same},
                      **self.lexicon.concepts}
        joined = {merged: target for merged, target in written_out(short_forms, candidates).items()
                  if merged not in self.lexicon.concepts}
        terms = [c for c in terms if c.id not in joined]
        rewordings: dict[str, list[str]] = {}
        for merged, target in sorted(joined.items()):
            if merged in by_id:
                rewordings.setdefault(target, []).extend(by_id[merged].names)
            else:
                same[merged] = target
        short_forms = {key: tuple(dict.fromkeys(same.get(c, c) for c in senses))
                       for key, senses in short_forms.items()}
        same = {merged: same.get(target, target) for merged, target in same.items()}  # never a chain
        for merged, target in sorted(same.items()):
            rewordings.setdefault(target, []).append(survey.discovered[merged].label)
        # ... and a discovered concept is also matched with a long form in its name abbreviated
        # (DPP-4 inhibitors = dipeptidyl peptidase-4 inhibitors, where DPP-4 is the corpus's short form).
        kept = {c: d for c, d in survey.discovered.items() if c not in same}
        shorter = shortened_names(short_forms, {**kept, **{c.id: c for c in terms}, **self.lexicon.concepts})
        terms = [replace(c, aliases=(*c.aliases, *shorter[c.id])) if c.id in shorter else c for c in terms]
        for concept_id, names in sorted(shorter.items()):
            if concept_id in kept or concept_id in self.lexicon.concepts:
                rewordings.setdefault(concept_id, []).extend(names)
        # Long forms join the matcher by their label (and rewordings) only: their short forms keep
        # the sense check.
        long_forms = [replace(c, aliases=tuple(rewordings.pop(c.id, ()))) for c in survey.long_forms()
                      if c.id not in same]
        lexicon = _with_terms(self.lexicon, [*long_forms, *terms], rewordings)
        concepts = {**survey.discovered, **lexicon.concepts}
        evidence = {concept_id: evidence_pieces(concepts[concept_id].names)
                    for senses in short_forms.values() for concept_id in senses if concept_id in concepts}
        # The user's thesaurus and stop list: counted as another concept, or left out ("").
        rules, introduced = self.thesaurus.resolve(concepts)
        same_as = {merged: rules.get(target, target) for merged, target in same.items()}
        same_as.update(rules)
        known = {**survey.discovered, **{c.id: c for c in introduced}}
        task = ExtractTask(lexicon, short_forms, evidence, known, same_as,
                           discover=self.discover, max_evidence=self.max_evidence,
                           batch_size=self.batch_size, model=self.model, keep=keep)
        state = {"short_forms": [[list(key), list(senses)] for key, senses in short_forms.items()],
                 "terms": [concept_to_json(c) for c in [*long_forms, *terms]],
                 "same": sorted(same_as.items())}
        return task, state

    def graph(self, counts: CooccurrenceCounts, discovered: dict[str, Concept], task: ExtractTask,
              survey: CorpusSurvey, corpus: Corpus) -> nx.Graph:
        if counts.documents == 0:
            logger.warning("The corpus %s holds no documents; the graph is empty.", corpus.description)
        concepts = {**task.known, **discovered}
        for concept_id, concept in task.lexicon.concepts.items():  # a long form: both sets of names
            found = concepts.get(concept_id)
            concepts[concept_id] = concept if found is None else replace(
                found, aliases=tuple(dict.fromkeys((*found.aliases, *concept.aliases))))
        return build_graph(counts, concepts, min_weight=self.min_weight, consume=True,
                           metadata={"lexicon": task.lexicon.name, "abbreviations": survey.shorts(),
                                     "short_forms": survey.senses(task.same_as),
                                     "input": corpus.report.summary()})


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
def _pass(options: _Options, name: str, description: str, label: str,
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


def _survey(corpus: Iterable[Document], options: _Options, *, drugs: bool = False) -> CorpusSurvey:
    """Pass 1 over a corpus, on the build's engine."""
    total = CorpusSurvey()
    task = options.survey_task(drugs=drugs)
    with _pass(options, "survey", "Pass 1 (survey)", "Surveying") as advance:
        for result in options.engine.map(survey_batch, task, _batches(enumerate(corpus))):
            total.absorb(result.survey)
            advance(result.survey.documents)
    return total


def _stream_build(corpus: Corpus, options: _Options) -> nx.Graph:
    """Two passes over the corpus, nothing stored."""
    survey = _survey(corpus, options)
    task, _ = options.extract_task(survey, keep=False)
    counts = CooccurrenceCounts(max_evidence=options.max_evidence)
    discovered = dict(survey.discovered)
    with _pass(options, "extraction", "Pass 2 (extraction)", "Extracting", survey.documents) as advance:
        for result in options.engine.map(extract_batch, task, _batches(enumerate(corpus))):
            counts.absorb(result.counts)
            merge_discovered(discovered, result.discovered)
            advance(result.counts.documents)
    with _phase("graph", "Graph"):
        return options.graph(counts, discovered, task, survey, corpus)


def _store_build(corpus: Corpus, options: _Options, store: Store, *, update: bool) -> nx.Graph:
    """A build that keeps its work in ``store`` and reuses what the store already holds."""
    survey = store.survey()
    # Pass 1 on the documents the store does not hold yet.
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
        for result in options.engine.map(survey_batch, options.survey_task(keep=True), new_documents()):
            store.add_documents(result.rows)
            waiting.difference_update(key for key, *_ in result.rows)
            survey.absorb(result.survey)
            added += result.survey.documents
            advance(result.survey.documents)
    if duplicates:
        logger.warning("%d documents of %s repeat another document (same id and text); each is "
                       "counted once.", duplicates, corpus.description)
    if not update:
        removed = store.remove_unseen()
        if removed:
            logger.info("Removed %d documents of an earlier build that %s does not hold.", removed,
                        corpus.description)
            survey = store.survey()
    task, state = options.extract_task(survey, keep=True)
    previous = store.get("state")
    if previous is not None and previous != state:
        # Corpus-wide abbreviations or terms changed: redo the documents they can touch.
        keys = _changed_keys(previous, state)
        pieces = [frozenset(piece.lower() for piece in match_key(key)) for key in keys]
        touched = [row for row, text in store.texts() if _touches(text, pieces)]
        logger.info("The new documents change %d corpus-wide abbreviations or terms; %d earlier "
                    "documents are extracted again.", len(keys), len(touched))
        store.forget_extractions(touched)
    store.set_state(state)
    # Counts so far: the stored ones (they add up exactly the extractions marked as counted; the
    # store drops them whenever it forgets one of those), plus every other stored extraction.
    with _phase("reuse", "Stored counts and extractions"):
        counts, discovered = store.load_counts(options.max_evidence)
        merge_discovered(discovered, survey.discovered)
        for extraction in store.extractions(counted=False):
            counts.add(extraction)
            merge_discovered(discovered, extraction.discovered)
    # Pass 2 on the documents without an extraction.
    with _pass(options, "extraction", "Pass 2 (extraction)", "Extracting", store.pending_count()) as advance:
        for result in options.engine.map(extract_batch, task, _batches(store.pending())):
            store.save_extractions(result.rows)
            counts.absorb(result.counts)
            merge_discovered(discovered, result.discovered)
            advance(result.counts.documents)
    with _phase("store", "Saving counts to the store"):
        store.save_counts(counts, discovered, state)
    logger.info("Store %s: %s documents (%s new).", store.path, f"{len(store):,}", f"{added:,}")
    with _phase("graph", "Graph"):
        return options.graph(counts, discovered, task, survey, corpus)


def _changed_keys(previous: dict[str, Any], state: dict[str, Any]) -> list[tuple[str, ...]]:
    """The normalised names whose meaning differs between two corpus-wide states."""
    before = {tuple(key): value for key, value in previous["short_forms"]}
    after = {tuple(key): value for key, value in state["short_forms"]}
    keys = {key for key in {*before, *after} if before.get(key) != after.get(key)}
    old_terms = {json.dumps(t) for t in previous["terms"]}
    new_terms = {json.dumps(t) for t in state["terms"]}
    for term in old_terms ^ new_terms:
        for name in concept_from_json(json.loads(term)).names:
            if (key := key_of(name)) is not None:
                keys.add(key)
    return sorted(keys)


def _touches(text: str, keys: list[frozenset[str]]) -> bool:
    """Whether ``text`` holds every piece (lower case) of one of ``keys`` (a cheap superset test)."""
    if not keys:
        return False
    norms = {norm.lower() for norm in scan(text).norms}
    return any(key <= norms for key in keys)


StoreSource = str | Path | Literal[False] | None


def build(source: Source, *, lexicon: LexiconSource = None, model: str | None = None,
          discover: bool = True, max_evidence: int = DEFAULTS.max_evidence,
          min_weight: int = DEFAULTS.min_weight, batch_size: int = DEFAULTS.batch_size,
          text_field: str | None = None, id_field: str | None = None, strict: bool = False,
          workers: int = 1, progress: bool = False, store: StoreSource = None, update: bool = False,
          engine: str = "local", scheduler: str | None = None,
          thesaurus: Thesaurus | str | Path | None = None,
          stop_list: str | Path | Iterable[str] | None = None, wait: float = 0.0,
          fields: Fields | None = None) -> KnowledgeGraph:
    """Build the concept graph of a corpus.

    Args:
        source: A directory, a file, or an iterable of texts or ``(doc_id, text)``
            pairs (see :func:`kgraph.documents.corpus.read_corpus`).
        lexicon: A lexicon or lexicon file; None for the shipped oncology lexicon.
        model: An installed trained spaCy pipeline to use instead of the blank one.
        discover: Add concepts the lexicon lacks: drug names recognised by their
            form, and multiword terms frequent in the corpus (see
            :mod:`kgraph.concepts.discover`; thresholds in :class:`~kgraph.settings.Settings`).
        max_evidence: Evidence sentences kept per edge.
        min_weight: Drop edges seen in fewer sentences.
        batch_size: Documents per ``nlp.pipe`` batch.
        text_field: Field (JSON) or column (CSV) holding a record's text
            (None: found by its name, see :func:`kgraph.documents.corpus.read_corpus`).
        id_field: Field or column holding a record's id.
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
        scheduler: Address of a running Dask scheduler (``tcp://host:8786``).
        thesaurus: Your merges and drops: a :class:`~kgraph.concepts.thesaurus.Thesaurus`
            or a VOSviewer thesaurus file (``label<TAB>replace by``; an empty
            replacement leaves the term out).
        stop_list: Terms to leave out: a file with one per line, or the terms.
        wait: Seconds to wait for another build that holds ``store`` (by
            default a second build on a store fails at once, naming the holder).
        fields: The fields of CSV/JSON records holding the title, year and
            journal (:class:`~kgraph.documents.biblio.Fields`; by default found by name).

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
    if max_evidence < 0 or min_weight < 1 or batch_size < 1 or workers < 1 or wait < 0:
        raise ValueError("max_evidence and wait must be >= 0, and min_weight, batch_size and workers >= 1 "
                         f"(got {max_evidence}, {wait}, {min_weight}, {batch_size}, {workers}).")
    if update and not store:
        raise ValueError("update=True needs the store of an earlier build (store=PATH).")
    corpus = read_corpus(source, text_field=text_field, id_field=id_field, strict=strict, fields=fields)
    lex = resolve_lexicon(lexicon)
    engine_ = _engine(engine, workers, scheduler)
    options = _Options(lex, model, discover, max_evidence, min_weight, batch_size, engine_, progress,
                       _user_thesaurus(thesaurus, stop_list))
    temporary = None
    if store is None:
        fd, temporary = tempfile.mkstemp(prefix="kgraph-", suffix=".db")
        os.close(fd)
        store = temporary
    with fewer_gc_pauses():
        try:
            if store is False:
                graph = _stream_build(corpus, options)
            else:
                try:
                    kept = Store(store, options.store_settings(), reset=not update, wait=wait)
                    try:
                        graph = _store_build(corpus, options, kept, update=update)
                    finally:
                        kept.close()
                except sqlite3.OperationalError as error:
                    hint = ("free some space; the store is left as it was before this build's last step"
                            if "full" in str(error) else
                            "another program is using the store: wait for it, or give another --store path"
                            if "locked" in str(error) else
                            "check that the folder exists and is writable, or give another --store path")
                    raise StoreError(f"The store {store}: {error}; {hint}.") from error
        except BaseException:
            if temporary:
                _remove_store(temporary)
            raise
        finally:
            if isinstance(engine_, DaskEngine):
                engine_.close()
    def rebuild(documents: Source, **more: Any) -> KnowledgeGraph:
        return build(documents, lexicon=lex, model=model, discover=discover, max_evidence=max_evidence,
                     thesaurus=options.thesaurus, min_weight=min_weight, batch_size=batch_size,
                     workers=workers, store=store, update=True, wait=wait, **more)

    kg = KnowledgeGraph(graph, report=corpus.report, updater=rebuild if store is not False else None)
    if temporary:
        weakref.finalize(kg, _remove_store, temporary)
    return kg


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


def _remove_store(path: str) -> None:
    remove_store_files(path)
    Path(path + ".lock").unlink(missing_ok=True)


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
    options = _Options(resolve_lexicon(lexicon), model, True, DEFAULTS.max_evidence, DEFAULTS.min_weight,
                       DEFAULTS.batch_size, InlineEngine(), False)
    first = _survey(corpus, options, drugs=True)
    out: list[tuple[Concept, int, float, str]] = []
    for concept_id, n in sorted(first.drugs.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append((first.discovered[concept_id], n, float(n), first.drug_kinds[concept_id]))
    for concept_id, n in sorted(first.definitions.items(), key=lambda kv: (-kv[1], kv[0])):
        if concept_id not in first.drugs:
            out.append((first.discovered[concept_id], n, float(n), "abbreviation"))
    seen = {c.id for c, *_ in out}
    for concept, n, score in first.terms(min_count=min_count, min_c_value=min_c_value):
        if concept.id not in seen:
            out.append((concept, n, score, "term"))
    return out
