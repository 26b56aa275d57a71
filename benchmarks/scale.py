"""Peak memory, wall time and bytes per link of builds of N synthetic abstracts (``benchmarks/synthetic.py``).

    python benchmarks/scale.py [--abstracts 20000 100000] [--engine local|dask] [--workers 2]
                               [--python PYTHON] [--pythonpath DIR] [--data DIR]

Each build is ``kgraph build FILE --no-store -q`` run in a fresh child
process; the child reports its own peak resident set size (with
``--engine dask`` that is the driver's: the workers are processes of their
own), the build's wall time, and the links. With the local engine the child
also reports the memory of the pair counts when pass 2 is over
(:meth:`kgraph.graph.cooccur.CooccurrenceCounts.pair_nbytes`), per link.
``--python`` and ``--pythonpath`` run another interpreter or checkout (the
code before a change, say) on the same files. The last line gives what the
last two sizes add per link (peak memory) and per abstract (time), to
project larger builds from (docs/scaling.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write  # noqa: E402

CHILD = r"""
import json, re, resource, sys, time
measured = {}
try:
    from kgraph.engine import passes
    graph = passes.BuildOptions.graph
    def measuring(self, counts, *args, **kwargs):
        if hasattr(counts, "pair_nbytes") and len(counts):
            measured.update(pair_bytes=counts.pair_nbytes(), pairs=len(counts))
        return graph(self, counts, *args, **kwargs)
    passes.BuildOptions.graph = measuring
except Exception:
    pass
from kgraph.cli import app
start = time.perf_counter()
try:
    app(sys.argv[1:], prog_name="kgraph", standalone_mode=False)
finally:
    measured.update(seconds=time.perf_counter() - start,
                    peak_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print("SCALE " + json.dumps(measured), file=sys.stderr)
"""


def run(python: str, pythonpath: str | None, corpus: Path, engine: str, workers: int) -> dict[str, float]:
    """One build in a child process: seconds, peak KB, links and (local engine) bytes of the pair counts."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    with tempfile.TemporaryDirectory() as out:
        command = [python, "-c", CHILD, "build", str(corpus), "--out", out, "--no-store", "-q",
                   "--engine", engine, "--workers", str(workers)]
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    result = json.loads(done.stderr.split("SCALE ")[-1].splitlines()[0])
    result["links"] = int(done.stdout.split(" concepts, ")[1].split(" edges")[0])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--abstracts", type=int, nargs="+", default=[20000, 100000])
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--pythonpath", default=None)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()), help="where the abstracts go")
    args = parser.parse_args()
    rows = []
    for n in args.abstracts:
        corpus = args.data / f"synthetic-{n}.jsonl"
        if not corpus.exists():
            write(n, corpus)
        r = run(args.python, args.pythonpath, corpus, args.engine, args.workers)
        per_link = f", pair counts {r['pair_bytes'] / r['pairs']:.0f} B/link" if "pair_bytes" in r else ""
        print(f"{n:>9,} abstracts: {r['links']:>9,} links, peak {r['peak_kb'] / 1024:,.0f} MB "
              f"({r['peak_kb'] * 1024 / max(r['links'], 1):,.0f} B/link), {r['seconds']:.1f} s{per_link}",
              flush=True)
        rows.append((n, r))
    if len(rows) >= 2:
        (n1, a), (n2, b) = rows[-2], rows[-1]
        per_link = (b["peak_kb"] - a["peak_kb"]) * 1024 / max(b["links"] - a["links"], 1)
        per_abstract = (b["seconds"] - a["seconds"]) / (n2 - n1)
        print(f"from {n1:,} to {n2:,} abstracts: {per_link:,.0f} B of peak per added link, "
              f"{per_abstract * 1000:.2f} s per 1,000 added abstracts")

if __name__ == "__main__":
    main()
