"""End-to-end build throughput against spaCy's bare tokenizer, with 1 and 2 workers, in one run.

    python benchmarks/build_speed.py [ABSTRACTS.jsonl] [--words 10000000] [--store] [--rounds N]
                                     [--with-docs] [--recognition-once] [--yardstick]

The corpus is repeated (each copy with its own document ids) until it holds
about ``--words`` whitespace-separated words. The run measures, on that same
text: spaCy's bare tokenizer (``spacy.blank("en")``, the floor cost of any
spaCy-based pipeline), ``kgraph.build`` with one process and with two worker
processes. It reports words/s for each, the build/tokenizer ratio and the
2-worker speed-up. ``--store`` builds with a store file (the CLI default);
otherwise ``store=False`` (two streaming passes, nothing kept).

Each build, each diagnostic build and the yardstick runs in a process of its
own (this script started again with ``--child``), as a CLI build would: a
build never inherits the caches, the pipeline or the garbage of the one
before it, and worker processes are never forked from a process that has
already built a graph.

Where the time goes: the phases the build logs (pass 1, pass 2, saving
counts, graph) are shown as multiples of the tokenizer's time T on the same
text. A build with kgraph's own pipeline makes no spaCy Doc (its components
read only the text); ``--with-docs`` adds a diagnostic build (one process)
that makes them as a pipeline with any other component does (spaCy's
tokenizer included), with the same graph.

``--recognition-once`` adds a diagnostic build (one process) in which a
text seen before gets its earlier recognition back: on the repeated corpus,
recognition then costs one copy's worth, and the time left bounds what a
faster recognition alone could give.

``--yardstick`` also times the plain spaCy script anyone writes in an
afternoon (:func:`afternoon_script`): blank English, the sentencizer, a
``PhraseMatcher`` over the same lexicon names (case-insensitive), and
sentence co-occurrence counted into NetworkX. It has none of kgraph's
quality features (normalisation, abbreviations, senses, discovery,
evidence); it is the speed a build should come near.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import itertools
import json
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import spacy
from spacy.matcher import PhraseMatcher

import kgraph

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "abstracts.jsonl"


class Repeated:
    """The corpus repeated ``copies`` times, streamed (never all in memory as new strings)."""

    def __init__(self, records: list[tuple[str, str]], copies: int) -> None:
        self.records, self.copies = records, copies

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for copy in range(self.copies):
            for doc_id, text in self.records:
                yield f"{doc_id}#{copy}", text


class PhaseTimes(logging.Handler):
    """Adds up the phase timings that ``kgraph.build`` logs (records with ``kgraph_phase``)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        phase = getattr(record, "kgraph_phase", None)
        if phase is not None:
            self.seconds[phase] = self.seconds.get(phase, 0.0) + record.seconds


@contextmanager
def phase_times() -> Iterator[dict[str, float]]:
    handler, logger = PhaseTimes(), logging.getLogger("kgraph")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield handler.seconds
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextmanager
def docs_made() -> Iterator[None]:
    """Diagnostic only: pass 2 makes spaCy Docs, as it does for a pipeline with other components."""
    from kgraph.nlp import mentions

    original = mentions._reads_text_only
    mentions._reads_text_only = lambda nlp: None  # type: ignore[assignment]
    try:
        yield
    finally:
        mentions._reads_text_only = original  # type: ignore[assignment]


@contextmanager
def recognition_once() -> Iterator[None]:
    """Diagnostic only: a text seen before gets its earlier recognition back (repeated copies are free).

    On a corpus repeated N times, recognition then costs 1/N of its real
    time: the build's time shows what everything else costs.
    """
    from kgraph.nlp import component

    original, memo = component.recognize, {}

    def remembered(text: str, *args: object, **kwargs: object) -> object:
        found = memo.get(text)
        if found is None:
            found = memo[text] = original(text, *args, **kwargs)
        return found

    component.recognize = remembered
    try:
        yield
    finally:
        component.recognize = original


def timed_build(corpus: Repeated, *, workers: int, store: bool) -> tuple[float, dict[str, float], str, str]:
    """Seconds, phase seconds, a summary and a hash of the weighted links of one build."""
    gc.collect()  # no garbage of an earlier build is left to collect during this one
    with tempfile.TemporaryDirectory() as tmp, phase_times() as phases:
        start = time.perf_counter()
        kg = kgraph.build(corpus, workers=workers, store=Path(tmp) / "kg.db" if store else False)
        seconds = time.perf_counter() - start
    links = repr(sorted(kg.graph.edges(data="weight"))).encode()
    return seconds, dict(phases), repr(kg), hashlib.sha256(links).hexdigest()


def child(corpus: Repeated, what: str, store: bool) -> dict[str, object]:
    """One timed run in this process (``what``: ``1``, ``2``, ``docs``, ``once`` or ``yardstick``)."""
    if what == "yardstick":
        seconds, graph = afternoon_script(corpus)
        return {"seconds": seconds, "summary": f"{graph.number_of_nodes():,} concepts, "
                                               f"{graph.number_of_edges():,} links"}
    diagnostic = {"docs": docs_made, "once": recognition_once}.get(what)
    with diagnostic() if diagnostic else contextlib.nullcontext():
        seconds, phases, summary, links = timed_build(corpus, workers=2 if what == "2" else 1, store=store)
    return {"seconds": seconds, "phases": phases, "summary": summary, "links": links}


def in_process(args: argparse.Namespace, what: str) -> dict[str, object]:
    """:func:`child` in a new Python process (the measured build starts from nothing, as on the CLI)."""
    command = [sys.executable, __file__, str(args.corpus), "--words", str(args.words), "--child", what]
    if args.store:
        command.append("--store")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def afternoon_script(corpus: Repeated) -> tuple[float, nx.Graph]:
    """The yardstick: seconds and graph of a plain spaCy co-occurrence script over ``corpus``."""
    gc.collect()
    start = time.perf_counter()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for concept in kgraph.default_lexicon().concepts.values():
        matcher.add(concept.id, list(nlp.tokenizer.pipe(concept.names)))
    graph = nx.Graph()
    for doc in nlp.pipe((text for _, text in corpus), batch_size=256):
        by_sentence: dict[int, set[str]] = {}
        for match_id, begin, _ in matcher(doc):
            by_sentence.setdefault(doc[begin].sent.start, set()).add(nlp.vocab.strings[match_id])
        for found in by_sentence.values():
            for a, b in itertools.combinations(sorted(found), 2):
                weight = graph.get_edge_data(a, b, {"weight": 0})["weight"]
                graph.add_edge(a, b, weight=weight + 1)
    return time.perf_counter() - start, graph


def show_phases(phases: dict[str, float], seconds: float, tokenizer_seconds: float) -> str:
    parts = [f"{name} {value / tokenizer_seconds:.2f} T" for name, value in phases.items()]
    rest = seconds - sum(phases.values())
    return ", ".join([*parts, f"other {rest / tokenizer_seconds:.2f} T"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--words", type=int, default=10_000_000, help="repeat the corpus to about this size")
    parser.add_argument("--store", action="store_true", help="build with a store file (the CLI default)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="alternate 1 and 2 workers this many times; report the median speed-up")
    parser.add_argument("--with-docs", action="store_true",
                        help="also time a diagnostic build that makes spaCy Docs (spaCy's tokenizer included)")
    parser.add_argument("--recognition-once", action="store_true",
                        help="also time a diagnostic build (workers=1) that recognises each distinct text once")
    parser.add_argument("--yardstick", action="store_true",
                        help="also time the plain spaCy script of an afternoon (PhraseMatcher, sentences, NetworkX)")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # one timed run, printed as JSON (in_process)
    args = parser.parse_args()
    lines = args.corpus.read_text(encoding="utf-8").splitlines()
    records = [(r["id"], r["text"]) for r in map(json.loads, filter(str.strip, lines))]
    words_once = sum(len(text.split()) for _, text in records)
    copies = max(1, round(args.words / words_once))
    corpus = Repeated(records, copies)
    words = words_once * copies
    if args.child:
        print(json.dumps(child(corpus, args.child, args.store)))
        return
    print(f"{len(records) * copies:,} documents, {words:,} words ({args.corpus.name} x{copies}); "
          "each run in a process of its own")

    blank = spacy.blank("en")
    start = time.perf_counter()
    for _, text in corpus:
        blank.tokenizer(text)
    tokenizer_seconds = time.perf_counter() - start
    tokenizer = words / tokenizer_seconds
    print(f"spaCy bare tokenizer: {tokenizer:,.0f} words/s (T = {tokenizer_seconds:,.1f} s)")
    if args.yardstick:
        run = in_process(args, "yardstick")
        seconds = run["seconds"]
        print(f"afternoon script (yardstick): {seconds:,.1f} s, {words / seconds:,.0f} words/s, ratio to the "
              f"tokenizer {words / seconds / tokenizer:.2f}; {run['summary']}")

    speedups = []
    for round_ in range(1, args.rounds + 1):
        speed = {}
        for workers in (1, 2):
            run = in_process(args, str(workers))
            seconds, links = run["seconds"], run["links"]
            speed[workers] = words / seconds
            print(f"round {round_}: kgraph.build workers={workers}: {seconds:,.1f} s, {speed[workers]:,.0f} "
                  f"words/s, ratio to the tokenizer {speed[workers] / tokenizer:.2f}; {run['summary']}")
            print(f"    phases: {show_phases(run['phases'], seconds, tokenizer_seconds)}")
        speedups.append(speed[2] / speed[1])
        print(f"round {round_}: speed-up with 2 workers: {speedups[-1]:.2f}x")
    print(f"median speed-up with 2 workers: {statistics.median(speedups):.2f}x")

    diagnostics = [("docs", "spaCy Docs made", args.with_docs),
                   ("once", f"recognition run once per distinct text (1 of {copies} copies)", args.recognition_once)]
    for what, description, wanted in diagnostics:
        if wanted:
            run = in_process(args, what)
            seconds = run["seconds"]
            print(f"diagnostic, {description} (workers=1): {seconds:,.1f} s = {seconds / tokenizer_seconds:.2f} T, "
                  f"ratio {words / seconds / tokenizer:.2f}; same graph: {run['links'] == links}")
            print(f"    phases: {show_phases(run['phases'], seconds, tokenizer_seconds)}")


if __name__ == "__main__":
    main()
