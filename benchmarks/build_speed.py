"""Build throughput with 1 and 2 worker processes, in one run.

    python benchmarks/build_speed.py [ABSTRACTS.jsonl] [--repeat 1]

Builds the same corpus (optionally repeated) with ``workers=1`` and
``workers=2`` and reports words/s for each and the speed-up.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import kgraph

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "abstracts.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=1, help="repeat the corpus N times")
    args = parser.parse_args()
    records = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = [(f"{r['id']}#{k}", r["text"]) for k in range(args.repeat) for r in records]
    words = sum(len(text.split()) for _, text in docs)
    print(f"{len(docs)} documents, {words:,} words ({args.corpus.name} x{args.repeat})")
    results = {}
    for workers in (1, 2):
        start = time.perf_counter()
        kg = kgraph.build(docs, workers=workers)
        seconds = time.perf_counter() - start
        results[workers] = seconds
        print(f"workers={workers}: {seconds:.1f} s, {words / seconds:,.0f} words/s, {kg}")
    print(f"speed-up with 2 workers: {results[1] / results[2]:.2f}x")


if __name__ == "__main__":
    main()
