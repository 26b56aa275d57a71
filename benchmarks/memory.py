"""Peak memory (RSS) of a build of a corpus and of 10 times that corpus, in one run.

    python benchmarks/memory.py [ABSTRACTS.jsonl] [--documents 1000] [--store]

Each build runs in a fresh child process; its peak resident set size is read
with ``resource.getrusage(RUSAGE_CHILDREN)``. The large corpus is the small
one repeated 10 times under new document ids (so the graph is about the same
and the text 10 times larger); documents are generated on the fly, never held.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "abstracts.jsonl"

CHILD = """
import json, resource, sys, time
import kgraph
path, n, copies, store = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
with open(path, encoding="utf-8") as handle:
    records = [json.loads(line) for _, line in zip(range(n), handle)]

class Repeated:
    def __iter__(self):
        for copy in range(copies):
            for r in records:
                yield f"{r['id']}#{copy}", r["text"]

start = time.perf_counter()
kg = kgraph.build(Repeated(), store=store if store != "-" else False)
print(json.dumps({"seconds": time.perf_counter() - start, "documents": kg.graph.graph["documents"],
                  "concepts": len(kg), "edges": kg.graph.number_of_edges(),
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def run(corpus: Path, documents: int, copies: int, store: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(corpus), str(documents), str(copies), store],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--documents", type=int, default=1000, help="documents in the small corpus")
    parser.add_argument("--store", action="store_true", help="build with a store file (the CLI default)")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (1, 10):
            store = str(Path(tmp) / f"kg{copies}.db") if args.store else "-"
            results[copies] = r = run(args.corpus, args.documents, copies, store)
            print(f"x{copies:<2}: {r['documents']:,} documents -> {r['concepts']:,} concepts, {r['edges']:,} "
                  f"edges in {r['seconds']:.1f} s; peak RSS {r['peak_kb'] / 1024:,.0f} MB")
    print(f"peak RSS ratio 10x / 1x: {results[10]['peak_kb'] / results[1]['peak_kb']:.2f}")


if __name__ == "__main__":
    main()
