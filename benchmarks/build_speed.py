"""End-to-end build throughput against spaCy's bare tokenizer, with 1 and 2 workers, in one run.

    python benchmarks/build_speed.py [ABSTRACTS.jsonl] [--words 10000000] [--store]

The corpus is repeated (each copy with its own document ids) until it holds
about ``--words`` whitespace-separated words. The run measures, on that same
text: spaCy's bare tokenizer (``spacy.blank("en")``, the floor cost of any
spaCy-based pipeline), ``kgraph.build`` with one process and with two worker
processes. It reports words/s for each, the build/tokenizer ratio and the
2-worker speed-up. ``--store`` builds with a store file (the CLI default);
otherwise ``store=False`` (two streaming passes, nothing kept).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import spacy

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--words", type=int, default=10_000_000, help="repeat the corpus to about this size")
    parser.add_argument("--store", action="store_true", help="build with a store file (the CLI default)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="alternate 1 and 2 workers this many times; report the median speed-up")
    args = parser.parse_args()
    lines = args.corpus.read_text(encoding="utf-8").splitlines()
    records = [(r["id"], r["text"]) for r in map(json.loads, filter(str.strip, lines))]
    words_once = sum(len(text.split()) for _, text in records)
    copies = max(1, round(args.words / words_once))
    corpus = Repeated(records, copies)
    words = words_once * copies
    print(f"{len(records) * copies:,} documents, {words:,} words ({args.corpus.name} x{copies})")

    blank = spacy.blank("en")
    start = time.perf_counter()
    for _, text in corpus:
        blank.tokenizer(text)
    tokenizer = words / (time.perf_counter() - start)
    print(f"spaCy bare tokenizer: {tokenizer:,.0f} words/s")

    speedups = []
    for round_ in range(1, args.rounds + 1):
        speed = {}
        for workers in (1, 2):
            with tempfile.TemporaryDirectory() as tmp:
                store = Path(tmp) / "kg.db" if args.store else False
                start = time.perf_counter()
                kg = kgraph.build(corpus, workers=workers, store=store)
                seconds = time.perf_counter() - start
            speed[workers] = words / seconds
            print(f"round {round_}: kgraph.build workers={workers}: {seconds:,.1f} s, {speed[workers]:,.0f} "
                  f"words/s, ratio to the tokenizer {speed[workers] / tokenizer:.2f}; {kg}")
        speedups.append(speed[2] / speed[1])
        print(f"round {round_}: speed-up with 2 workers: {speedups[-1]:.2f}x")
    print(f"median speed-up with 2 workers: {statistics.median(speedups):.2f}x")

if __name__ == "__main__":
    main()
