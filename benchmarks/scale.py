"""Peak memory, wall time and bytes per link of builds of N synthetic abstracts (``benchmarks/synthetic.py``).

    python benchmarks/scale.py [--abstracts 20000 100000] [--engine local|dask] [--workers 2]
                               [--passes-only] [--python PYTHON] [--pythonpath DIR] [--data DIR]

Each build is ``kgraph build FILE --no-store -q`` run in a fresh child
process; the child reports its own peak resident set size (with
``--engine dask`` that is the driver's: the workers are processes of their
own), the build's wall time, and the links. With the local engine the child
also reports the memory of the pair counts when pass 2 is over
(:meth:`kgraph.graph.cooccur.CooccurrenceCounts.pair_nbytes`), per link.
The child also reports its resident set size when both passes are over
(before the graph is made; Linux only), and with ``--passes-only`` it stops
there (no ``graph.json``, no view: what a sharded build's driver holds after
the passes, without the long write). ``--python`` and ``--pythonpath`` run
another interpreter or checkout (the code before a change, say) on the same
files. The last line gives what the
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
import gc, json, os, re, resource, sys, time
measured = {}
class PassesOver(Exception):
    pass
def rss_kb():
    try:
        with open("/proc/self/status") as status:
            return int(next(line for line in status if line.startswith("VmRSS")).split()[1])
    except OSError:
        return 0
try:
    from kgraph.engine import passes
    graph = passes.BuildOptions.graph
    def measuring(self, counts, *args, **kwargs):
        gc.collect()
        measured.update(after_passes_kb=rss_kb())
        if hasattr(counts, "pair_nbytes") and len(counts):
            measured.update(pair_bytes=counts.pair_nbytes(), pairs=len(counts))
        if os.environ.get("SCALE_PASSES_ONLY"):
            raise PassesOver
        return graph(self, counts, *args, **kwargs)
    passes.BuildOptions.graph = measuring
except Exception:
    pass
from kgraph.cli import app
start = time.perf_counter()
try:
    app(sys.argv[1:], prog_name="kgraph", standalone_mode=False)
except PassesOver:
    pass
finally:
    measured.update(seconds=time.perf_counter() - start,
                    peak_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print("SCALE " + json.dumps(measured), file=sys.stderr)
"""


def run(python: str, pythonpath: str | None, corpus: Path, engine: str, workers: int, *,
        passes_only: bool = False) -> dict[str, float]:
    """One build in a child process: seconds, peak KB, KB after the passes, links (none with ``passes_only``)
    and (local engine) bytes of the pair counts."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    if passes_only:
        env["SCALE_PASSES_ONLY"] = "1"
    with tempfile.TemporaryDirectory() as out:
        command = [python, "-c", CHILD, "build", str(corpus), "--out", out, "--no-store", "-q",
                   "--engine", engine, "--workers", str(workers)]
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    result = json.loads(done.stderr.split("SCALE ")[-1].splitlines()[0])
    result["links"] = 0 if passes_only else int(done.stdout.split(" concepts, ")[1].split(" edges")[0])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--abstracts", type=int, nargs="+", default=[20000, 100000])
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--passes-only", action="store_true", help="stop when both passes are over")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--pythonpath", default=None)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()), help="where the abstracts go")
    args = parser.parse_args()
    rows = []
    for n in args.abstracts:
        corpus = args.data / f"synthetic-{n}.jsonl"
        if not corpus.exists():
            write(n, corpus)
        r = run(args.python, args.pythonpath, corpus, args.engine, args.workers, passes_only=args.passes_only)
        per_link = f", pair counts {r['pair_bytes'] / r['pairs']:.0f} B/link" if "pair_bytes" in r else ""
        after = f", {r['after_passes_kb'] / 1024:,.0f} MB after the passes" if r.get("after_passes_kb") else ""
        links = f"({r['peak_kb'] * 1024 / r['links']:,.0f} B/link)" if r["links"] else "(passes only)"
        print(f"{n:>9,} abstracts: {r['links']:>9,} links, peak {r['peak_kb'] / 1024:,.0f} MB "
              f"{links}{after}, {r['seconds']:.1f} s{per_link}", flush=True)
        rows.append((n, r))
    if len(rows) >= 2:
        (n1, a), (n2, b) = rows[-2], rows[-1]
        per_link = (b["peak_kb"] - a["peak_kb"]) * 1024 / max(b["links"] - a["links"], 1)
        per_abstract = (b["seconds"] - a["seconds"]) / (n2 - n1)
        per_document = (b.get("after_passes_kb", 0) - a.get("after_passes_kb", 0)) * 1024 / (n2 - n1)
        peak = f"{per_link:,.0f} B of peak per added link, " if b["links"] else ""
        print(f"from {n1:,} to {n2:,} abstracts: {peak}{per_abstract * 1000:.2f} s per 1,000 added abstracts, "
              f"{per_document:,.0f} B after the passes per added abstract")

if __name__ == "__main__":
    main()
