"""Where the work of a build runs: in this process, in worker processes, or on Dask.

A build does two kinds of work on batches of raw text: the survey (pass 1,
:func:`survey_batch`) and the extraction (pass 2, :func:`extract_batch`).
Both are plain functions of a batch and a task description, and both return
compact results that add up in any order (see :mod:`kgraph.concepts.survey` and
:class:`~kgraph.graph.cooccur.CooccurrenceCounts`), so the result of a build does
not depend on the engine, the number of workers or how the corpus was cut.
Only raw text and compact results cross process boundaries, never spaCy Docs.

Engines (all with the interface of :class:`Engine`: :meth:`~Engine.map`,
:attr:`~Engine.workers`, :attr:`~Engine.client`, :meth:`~Engine.close`, and
``with engine:``):

* :class:`InlineEngine`: this process.
* :class:`ProcessEngine`: ``workers`` local processes; the task (lexicon,
  corpus-wide abbreviations) is sent once per process.
* :class:`DaskEngine`: a Dask cluster (``pip install "kgraph[dask]"``); the
  task is broadcast once to every worker. The only engine that can keep a
  sharded build's pair counts (:mod:`kgraph.engine.shards`), and the only one
  that holds something to close (the local cluster it started).

Whoever makes an engine closes it (``with make_engine(...) as engine:``).
"""

from __future__ import annotations

import gc
import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from ..concepts.lexicon import Concept, Lexicon
from ..concepts.recognize import merge_discovered
from ..concepts.shortforms import ShortForm, ShortForms
from ..concepts.survey import CorpusSurvey, DocumentSurvey, survey_document
from ..documents.corpus import Document
from ..errors import KGraphError
from ..graph.cooccur import CooccurrenceCounts
from ..nlp.mentions import noun_chunk_terms, pipe_extractions
from ..settings import DEFAULTS, Settings
from .batching import batches
from .store import Pending, pack_extraction, pack_json, pack_text

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "DaskEngine",
    "Engine",
    "ExtractTask",
    "Extracted",
    "InlineEngine",
    "ProcessEngine",
    "SurveyTask",
    "Surveyed",
    "batches",
    "extract_batch",
    "extract_totals",
    "fewer_gc_pauses",
    "survey_batch",
    "survey_totals",
]

Batch = list[tuple[Any, Document]]
"""Documents with the key the caller knows them by (a digest, or in pass 2 of a store build its
:class:`~kgraph.engine.store.Pending` key: the row and the abbreviations pass 1 found)."""

T = TypeVar("T")
R = TypeVar("R")


def _token() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class SurveyTask:
    """What pass 1 needs besides the text.

    Attributes:
        lexicon: The lexicon.
        terms: Collect multiword term candidates.
        drugs: Collect drug names the lexicon lacks.
        model: A trained spaCy pipeline whose noun chunks add term candidates.
        keep: Also return each document packed for the store.
        settings: The build's settings (``batch_size``: documents per
            ``nlp.pipe`` batch, with ``model``).
    """

    lexicon: Lexicon
    terms: bool = True
    drugs: bool = False
    model: str | None = None
    keep: bool = False
    settings: Settings = DEFAULTS
    token: str = field(default_factory=_token, compare=False)


@dataclass(frozen=True)
class ExtractTask:
    """What pass 2 needs besides the text.

    Attributes:
        lexicon: The lexicon (with the corpus's discovered terms).
        short_forms: Corpus-wide abbreviations (key -> senses, preferred first).
        evidence: Concept id -> the pieces that show its sense in a text.
        known: Concepts discovered in pass 1.
        same_as: Discovered concept id -> the concept it joins (a re-worded long form).
        discover: Recognise drug names the lexicon lacks.
        model: A trained spaCy pipeline to use instead of the blank one.
        keep: Also return each document's packed extraction (for the store).
        settings: The build's settings (``max_evidence``,
            ``max_sentence_chars``, ``batch_size``, ``max_part_chars``).
        pipeline: A user's pipeline object that processes each text before
            kgraph's components (its entities join the graph); in-process
            engines only.
    """

    lexicon: Lexicon
    short_forms: dict[ShortForm, tuple[str, ...]]
    evidence: dict[str, frozenset[str]]
    known: dict[str, Concept]
    same_as: dict[str, str] = field(default_factory=dict)
    discover: bool = True
    model: str | None = None
    keep: bool = False
    settings: Settings = DEFAULTS
    token: str = field(default_factory=_token, compare=False)
    pipeline: Any = field(default=None, compare=False)


@dataclass
class Extracted:
    """The result of extracting one batch.

    Attributes:
        counts: Co-occurrence counts of the batch, or None when they went into
            the process's running totals (see :func:`extract_totals`).
        discovered: Concepts discovered in the batch (empty when they went
            into the running totals).
        rows: ``(key, packed extraction)`` per document (when the task keeps them); the row
            number for a :class:`~kgraph.engine.store.Pending` key.
        documents: Documents extracted in the batch.
    """

    counts: CooccurrenceCounts | None
    discovered: dict[str, Concept] = field(default_factory=dict)
    rows: list[tuple[int, bytes]] = field(default_factory=list)
    documents: int = 0


_CACHE: dict[str, Any] = {}


def _cached(token: str, name: str, make: Callable[[], T]) -> T:
    """One object per task, name and process (a pipeline takes a while to build)."""
    if _CACHE.get("token") != token:  # one task at a time per process
        _CACHE.clear()
        _CACHE["token"] = token
    if name not in _CACHE:
        _CACHE[name] = make()
    return _CACHE[name]


def _pipeline(lexicon: Lexicon, model: str | None) -> Language:
    from ..concepts.lexicon import default_lexicon
    from ..nlp.pipeline import default_nlp, make_nlp

    if model is None and lexicon is default_lexicon():
        return default_nlp()
    return make_nlp(lexicon=lexicon, model=model)


@dataclass
class Surveyed:
    """The result of surveying one batch.

    Attributes:
        survey: Running totals of the statistics (:func:`survey_totals`), or
            None in a batch's own result (its statistics went into the
            running totals).
        rows: ``(key, doc id, packed text, packed survey, metadata JSON)`` per document (when
            the task keeps them), ready for the store.
        documents: Documents surveyed in the batch.
    """

    survey: CorpusSurvey | None
    rows: list[tuple[Any, str, bytes, bytes, str | None]] = field(default_factory=list)
    documents: int = 0


def survey_totals(task: SurveyTask) -> Surveyed:
    """Empty running totals of pass 1 (what :meth:`Engine.map` keeps per process for :func:`survey_batch`)."""
    return Surveyed(CorpusSurvey())


def _survey(text: str, task: SurveyTask) -> DocumentSurvey:
    """A document's survey, with the abbreviations found in it only where pass 2 takes them from the store.

    That is a stored document (``task.keep``) short enough to be recognised
    whole; a longer one is recognised part by part, and each part finds its own.
    """
    survey = survey_document(text, task.lexicon, terms=task.terms, drugs=task.drugs)
    if not task.keep or len(text) > task.settings.max_part_chars:
        survey.abbreviations = None
    return survey


def survey_batch(batch: Batch, task: SurveyTask, totals: Surveyed) -> Surveyed:
    """Pass 1 on a batch: its documents' statistics go into ``totals``; the result holds each one packed for the store.

    Args:
        batch: The documents.
        task: What pass 1 needs besides the text.
        totals: Running totals (:func:`survey_totals`) that take the batch's statistics.

    Returns:
        The packed documents (when the task keeps them) and their number.
    """
    surveys = [_survey(doc.text, task) for _, doc in batch]
    if task.terms and task.model:  # a trained pipeline adds the noun chunks it finds
        nlp = _cached(task.token, "nlp", lambda: _pipeline(task.lexicon, task.model))
        names = [name for name in nlp.pipe_names if name.startswith("kgraph_")]
        with nlp.select_pipes(disable=names):
            docs = nlp.pipe((doc.text for _, doc in batch), batch_size=task.settings.batch_size)
            for survey, doc in zip(surveys, docs):
                survey.add_terms(noun_chunk_terms(doc, task.lexicon))
    total = totals.survey
    if total is None:
        raise ValueError("Running totals of pass 1 need a survey: make them with survey_totals(task).")
    rows = []
    for (key, doc), survey in zip(batch, surveys):
        total.add(survey, doc.id)
        if task.keep:
            rows.append((key, doc.id, pack_text(doc.text), pack_json(survey.to_json()),
                         json.dumps(doc.meta, ensure_ascii=False) if doc.meta else None))
    return Surveyed(None, rows=rows, documents=len(batch))


def extract_totals(task: ExtractTask) -> Extracted:
    """Empty running totals of pass 2 (what :meth:`Engine.map` keeps per process for :func:`extract_batch`)."""
    return Extracted(CooccurrenceCounts(max_evidence=task.settings.max_evidence,
                                        max_sentence_chars=task.settings.max_sentence_chars))


def extract_batch(batch: Batch, task: ExtractTask, totals: Extracted | None = None) -> Extracted:
    """Pass 2 on a batch: concepts, counts and (if kept) packed extractions.

    Args:
        batch: The documents.
        task: What pass 2 needs besides the text.
        totals: Running totals (:func:`extract_totals`) that take the batch's
            counts and discovered concepts; the result then holds only the
            packed extractions (what :meth:`Engine.map` does: counts kept in a
            worker are sent back once per few batches, not once per batch).
            None: the result holds the batch's own counts (what a sharded
            build sends to its shards, :mod:`kgraph.engine.shards`).
    """
    nlp = _cached(task.token, "nlp", lambda: _pipeline(task.lexicon, task.model))
    short_forms = _cached(task.token, "short_forms", lambda: ShortForms(task.short_forms, task.evidence))
    into = totals if totals is not None else extract_totals(task)
    counts = into.counts
    if counts is None:
        raise ValueError("Running totals of pass 2 need counts: make them with extract_totals(task).")
    # A stored document's key (Pending) holds the abbreviations pass 1 found in its text.
    found = [key.abbreviations if isinstance(key, Pending) else None for key, _ in batch]
    extractions = pipe_extractions(nlp, [doc for _, doc in batch], task.lexicon, short_forms=short_forms,
                                   known=task.known, same_as=task.same_as, discover=task.discover,
                                   batch_size=task.settings.batch_size,
                                   max_part_chars=task.settings.max_part_chars, before=task.pipeline,
                                   abbreviations=found if any(f is not None for f in found) else None)
    rows = []
    for (key, _), extraction in zip(batch, extractions):
        merge_discovered(into.discovered, extraction.discovered)
        counts.add(extraction)
        if task.keep:
            rows.append((key.row if isinstance(key, Pending) else key, pack_extraction(extraction)))
    if totals is None:
        into.rows, into.documents = rows, len(batch)
        return into
    return Extracted(None, rows=rows, documents=len(batch))


A = TypeVar("A")


class Engine(Generic[T, R]):
    """Where batches run: in this process, in worker processes, or on a cluster.

    Every engine has the same interface, so a build never asks which engine it
    has: :meth:`map` runs the work, :attr:`workers` says how many run at once,
    :attr:`client` says whether it can keep a sharded build's counts, and
    :meth:`close` releases what it holds. An engine is a context manager;
    whoever makes one closes it::

        with make_engine("local", 2, None) as engine:
            ...

    Examples:
        >>> def count(batch, task, running):  # a batch function: its result, and what adds up
        ...     running.extend(batch)
        ...     return f"{task}: {len(batch)}"
        >>> with InlineEngine() as engine:
        ...     list(engine.map(count, "counted", [[1, 2], [3]], totals=lambda task: []))
        ['counted: 2', [1, 2], 'counted: 1', [3]]
    """

    def map(self, function: Callable[..., R], task: T, items: Iterable[Any], *,
            totals: Callable[[T], A]) -> Iterator[R | A]:
        """The results of ``function(item, task, running_totals)`` for every item, and the running totals, in any order.

        Args:
            function: A module-level function (engines may send it to other processes).
            task: What every call needs besides its item (sent once per process).
            items: The batches.
            totals: Makes empty running totals from the task. Each worker
                process (each call, in this process and on Dask) keeps its
                own and passes them to ``function``; the engine yields them
                after the results of the items that went into them: every
                ``_FLUSH_EVERY`` batches (new totals then start) and at the
                end. What adds up in a worker crosses a process boundary once
                per few batches, not once per batch, and a worker's memory
                stays bounded.
        """
        raise NotImplementedError

    @property
    def workers(self) -> int:
        """How many batches run at the same time (at least 1)."""
        return 1

    @property
    def client(self) -> Any:
        """The Dask client of the cluster that can keep a sharded build's pair counts, or None (this engine cannot)."""
        return None

    def close(self) -> None:
        """Release what the engine holds (nothing, unless it started a cluster). Closing twice is harmless."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InlineEngine(Engine[Any, Any]):
    """Runs everything in this process.

    Nothing crosses a process boundary, so each batch's running totals come
    back right after its result.
    """

    def map(self, function: Callable[..., R], task: T, items: Iterable[Any], *,
            totals: Callable[[T], A]) -> Iterator[R | A]:
        for item in items:
            yield from _with_own_totals(function, totals, item, task)


_FEWER_GC = (50_000, 10, 100)  # the default is (700, 10, 10)


@contextmanager
def fewer_gc_pauses() -> Iterator[None]:
    """Run the cyclic garbage collector less often for a while (restored afterwards).

    A build allocates millions of small objects that live long (counts,
    evidence); with the default thresholds the collector scans them again
    and again, about a fifth of the build time. Reference counting still
    frees everything at once; only cycles wait a little longer.
    """
    before = gc.get_threshold()
    gc.set_threshold(*_FEWER_GC)
    try:
        yield
    finally:
        gc.set_threshold(*before)


_TASK: dict[str, Any] = {}


_FLUSH_EVERY = 8
"""Batches whose counts a process adds up before it sends them back (bounds a worker's memory)."""


def _install(task: Any, totals: Callable[[Any], Any]) -> None:
    gc.set_threshold(*_FEWER_GC)  # a worker process of ours: see fewer_gc_pauses
    _TASK.update(task=task, make=totals, totals=totals(task), calls=0)


def _call(function: Callable[..., Any], item: Any) -> tuple[int, list[Any]]:
    """``function`` on one item: ``(process id, [result])``, or ``[result, running totals]`` every few batches."""
    task, running = _TASK["task"], _TASK["totals"]
    if running is None:  # handed over (_hand_over) and asked for more work: start again
        running = _TASK["totals"] = _TASK["make"](task)
    result = function(item, task, running)
    _TASK["calls"] += 1
    if _TASK["calls"] % _FLUSH_EVERY:
        return os.getpid(), [result]
    _TASK["totals"] = _TASK["make"](task)
    return os.getpid(), [result, running]


def _hand_over(pid: int) -> tuple[bool, Any]:
    """``(True, running totals)`` if this is process ``pid`` (the totals are then spent), else ``(False, None)``."""
    if os.getpid() != pid:
        return False, None
    running, _TASK["totals"] = _TASK["totals"], None
    return True, running


class ProcessEngine(Engine[Any, Any]):
    """Runs batches in ``workers`` local processes, at most ``2 * workers`` in flight.

    Memory stays bounded however large the corpus: batches are read only as
    fast as the workers take them. Each process that took a batch is then
    asked for its running totals by its process id (a process that is handed
    another's request says so, and it is asked again), so every total comes
    back exactly once whatever process picks up which call. A process also
    sends its totals back (and starts new ones) every ``_FLUSH_EVERY``
    batches, so a worker never holds more than that many batches' counts.
    The processes live for one :meth:`map`; there is nothing to close.
    """

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers!r}.")
        self._workers = workers

    @property
    def workers(self) -> int:
        return self._workers

    def map(self, function: Callable[..., R], task: T, items: Iterable[Any], *,
            totals: Callable[[T], A]) -> Iterator[R | A]:
        pending: set[Future[tuple[int, list[Any]]]] = set()
        owed: set[int] = set()  # processes holding running totals

        def finished(done: set[Future[tuple[int, list[Any]]]]) -> Iterator[Any]:
            for future in done:
                pid, results = future.result()
                owed.add(pid)
                yield from results

        with ProcessPoolExecutor(max_workers=self._workers, initializer=_install,
                                 initargs=(task, totals)) as pool:
            for item in items:
                if len(pending) >= 2 * self._workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from finished(done)
                pending.add(pool.submit(_call, function, item))
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from finished(done)
            while owed:
                asked = {pool.submit(_hand_over, pid): pid for pid in sorted(owed)}
                for future in asked:
                    mine, running = future.result()
                    if mine:
                        owed.discard(asked[future])
                        yield running


def _with_own_totals(function: Callable[..., R], totals: Callable[[T], A], item: Any, task: T) -> list[R | A]:
    """``function`` on one item with running totals of its own: its result, then the totals."""
    running = totals(task)
    return [function(item, task, running), running]


_DASK_CONFIG = {"distributed.admin.low-level-log-length": 0}
"""Dask settings while a :class:`DaskEngine` is open.

Dask's debugging logs keep the last 1,000 messages of every connection
(``distributed.admin.low-level-log-length``): the client's to the scheduler
hold each task as submitted, the scheduler's to a worker each task as sent,
and a task of ours holds a batch's text. A driver with a local cluster (whose
scheduler runs in the driver's process) then grew by about 4 KB per document
(docs/scaling.md); without those logs it stays flat.
"""


class DaskEngine(Engine[Any, Any]):
    """Runs batches on a Dask cluster.

    While it is open, Dask keeps no low-level logs (:data:`_DASK_CONFIG`) in
    this process and in the workers of the local cluster it starts; a
    scheduler started elsewhere needs the same setting
    (``DASK_DISTRIBUTED__ADMIN__LOW_LEVEL_LOG_LENGTH=0 dask scheduler``), or
    it keeps the text of the last 1,000 tasks sent to each worker.

    Args:
        scheduler: Address of a running scheduler (``tcp://host:8786``), or
            None for a local cluster of ``workers`` processes.
        workers: Worker processes of the local cluster (without ``scheduler``).
        client: An existing ``distributed.Client`` (takes precedence; not
            closed by :meth:`close`).
        timeout: Seconds to wait for ``scheduler``.

    Raises:
        KGraphError: Dask is not installed (the message says how to install it),
            or the scheduler cannot be reached.
    """

    def __init__(self, scheduler: str | None = None, *, workers: int = 2, client: Any = None,
                 timeout: float = 30.0) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as error:
            raise KGraphError('The Dask engine needs Dask: pip install "kgraph[dask]"') from error
        self._own = client is None
        self._config = dask.config.set(_DASK_CONFIG)  # restored by close(): a reconnection makes new logs
        try:
            if client is None:
                if scheduler:
                    try:
                        client = Client(scheduler, timeout=timeout)
                    except OSError as error:
                        raise KGraphError(f"Cannot reach the Dask scheduler at {scheduler} ({error}). Start it "
                                          "(dask scheduler) or check the address; without --scheduler, "
                                          "--engine dask starts a local cluster.") from error
                else:
                    client = Client(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                 dashboard_address=None))
        except BaseException:
            self._config.__exit__(None, None, None)
            raise
        self._client = client
        self._closed = False

    @property
    def client(self) -> Any:
        return self._client

    @property
    def workers(self) -> int:
        return max(len(self._client.scheduler_info().get("workers", {})), 1)

    def map(self, function: Callable[..., R], task: T, items: Iterable[Any], *,
            totals: Callable[[T], A]) -> Iterator[R | A]:
        from distributed import as_completed

        client = self._client
        in_flight = 2 * self.workers
        shared = client.scatter(task, broadcast=True, hash=False)
        futures = as_completed()
        pending = 0
        # A Dask worker may run several calls at once in threads: each call has its own totals.
        for item in items:
            if pending >= in_flight:
                yield from next(futures).result()
                pending -= 1
            futures.add(client.submit(_with_own_totals, function, totals, item, shared, pure=False))
            pending += 1
        for future in futures:
            yield from future.result()

    def close(self) -> None:
        """Close the client (and the local cluster) this engine started; a client it was given stays open.

        Dask's settings are restored (:data:`_DASK_CONFIG`).
        """
        if self._closed:
            return
        self._closed = True
        try:
            if self._own:
                cluster = getattr(self._client, "cluster", None)
                self._client.close()
                if cluster is not None:
                    cluster.close()
        finally:
            self._config.__exit__(None, None, None)
