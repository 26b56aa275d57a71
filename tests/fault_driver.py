"""Kill builds with SIGKILL at chosen moments, in real processes, and check what a rerun makes of it.

Run by ``tests/test_faults.py`` as ``python tests/fault_driver.py SPEC.json``
(a process of its own, so that forking is safe: pytest may hold threads). The
driver imports kgraph once, then, for each trial, forks a child that runs a
build and kills itself with ``SIGKILL`` just before the N-th SQL statement
of the store (or the N-th file rename of the outputs), exactly as ``kill -9``
would at that instant. A second child then reruns the build without fault,
and its graph is compared with a clean build of the same corpus.

Prints one JSON line per trial: ``{"scenario", "kill_at", "killed", "ok", "problem"}``.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
import traceback
from pathlib import Path
from typing import Any

import kgraph
import kgraph.engine.passes as build_module

CORPUS = [(f"d{n}", text) for n, text in enumerate([
    "Cancer stem cells (CSCs) resist chemotherapy and radiotherapy.",
    "Bare CSCs and SBRT were studied with pembrolizumab.",
    "We made glorbic acid nanoparticles with doxorubicin.",
    "The glorbic acid nanoparticles and radiotherapy shrink tumours.",
    "CAR T-cell therapy and the abscopal effect after radiotherapy.",
    "Tumour microenvironment and immune checkpoint inhibitors.",
])]
MORE = [(f"n{n}", text) for n, text in enumerate([
    "Stereotactic body radiotherapy (SBRT) helps CSCs die.",
    "Our glorbic acid nanoparticles again, with CSCs and new glorbic acid nanoparticles.",
    "Pembrolizumab and radiotherapy; nivolumab and chemotherapy.",
])]
SCENARIOS: dict[str, tuple[list[Any], list[Any], bool]] = {
    # name: (what the store holds before, what the killed build reads, update?)
    "build": ([], CORPUS, False),
    "update": (CORPUS, MORE, True),
    "rebuild_other_corpus": (CORPUS, CORPUS[2:] + MORE, False),
}


def graph_data(kg: kgraph.KnowledgeGraph) -> Any:
    graph = {k: v for k, v in kg.graph.graph.items() if k != "input"}
    return json.loads(json.dumps([sorted(kg.graph.nodes(data=True)), sorted(kg.graph.edges(data=True)), graph],
                                 sort_keys=True, default=str))


def _kill_at_statement(n: int) -> None:
    """Make every store connection of this process die before its n-th statement."""
    seen = [0]
    connect = sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = connect(*args, **kwargs)

        def trace(statement: str) -> None:
            seen[0] += 1
            if seen[0] == n:
                os.kill(os.getpid(), signal.SIGKILL)

        db.set_trace_callback(trace)
        return db

    sqlite3.connect = traced  # type: ignore[assignment]


def _in_child(work: Any) -> int:
    """Run ``work()`` in a forked child; its exit status (negative: killed by that signal)."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            work()
        except BaseException:
            traceback.print_exc()
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def trial(scenario: str, kill_at: int, folder: Path, expected: Any) -> dict[str, Any]:
    before, corpus, update = SCENARIOS[scenario]
    store = folder / f"{scenario}-{kill_at}.db"
    if before and _in_child(lambda: kgraph.build(before, store=store)) != 0:
        return {"scenario": scenario, "kill_at": kill_at, "ok": False, "problem": "setup failed"}

    def killed() -> None:
        _kill_at_statement(kill_at)
        kgraph.build(corpus, store=store, update=update)

    status = _in_child(killed)
    result_file = folder / f"{scenario}-{kill_at}.json"

    def rerun() -> None:
        result_file.write_text(json.dumps(graph_data(kgraph.build(corpus, store=store, update=update))))

    problem = ""
    if _in_child(rerun) != 0:
        problem = "the rerun failed (traceback on stderr)"
    elif json.loads(result_file.read_text()) != expected:
        got = json.loads(result_file.read_text())
        problem = (f"the rerun differs from a clean build: documents {got[2].get('documents')} vs "
                   f"{expected[2].get('documents')}, {len(got[0])} vs {len(expected[0])} concepts, "
                   f"{len(got[1])} vs {len(expected[1])} links")
    return {"scenario": scenario, "kill_at": kill_at, "killed": status == -signal.SIGKILL,
            "ok": not problem, "problem": problem}


def statements(scenario: str, folder: Path) -> int:
    """How many SQL statements the build of ``scenario`` runs (counted in a child)."""
    before, corpus, update = SCENARIOS[scenario]
    store = folder / f"{scenario}-count.db"
    count = folder / f"{scenario}-count.txt"

    def counted() -> None:
        if before:
            kgraph.build(before, store=store)
        seen = [0]
        connect = sqlite3.connect

        def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            db = connect(*args, **kwargs)
            db.set_trace_callback(lambda _: seen.__setitem__(0, seen[0] + 1))
            return db

        sqlite3.connect = traced  # type: ignore[assignment]
        kgraph.build(corpus, store=store, update=update)
        count.write_text(str(seen[0]))

    _in_child(counted)
    return int(count.read_text())


def _kill_at_call(module: Any, name: str, n: int) -> None:
    """Make this process die just before the n-th call of ``module.name``."""
    original, seen = getattr(module, name), [0]

    def dying(*args: Any, **kwargs: Any) -> Any:
        seen[0] += 1
        if seen[0] == n:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)

    setattr(module, name, dying)


def output_set(out: Path) -> dict[str, Any]:
    """The stamps that graph.json, graph.html and report.json carry (after a reader and then a writer came).

    A reader changes nothing; the next writer completes a half-done switch
    before it writes anything (here: a writer that writes nothing).
    """
    import hashlib
    import re

    from kgraph.cli import BUILD_OUTPUTS
    from kgraph.files import OutputSet

    before = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    kgraph.load(out / "graph.json")
    if {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()} != before:
        raise AssertionError(f"reading {out / 'graph.json'} changed the folder")
    with OutputSet(out, BUILD_OUTPUTS):
        pass
    graph = (out / "graph.json").read_bytes()
    html = (out / "graph.html").read_text(encoding="utf-8")
    meta = re.search(r'<meta name="kgraph-graph" content="([0-9a-f]+)">', html)
    return {"graph.json": hashlib.blake2b(graph, digest_size=12).hexdigest(),
            "graph.html": meta.group(1) if meta else None,
            "report.json": json.loads((out / "report.json").read_text())["graph"],
            "documents": json.loads(graph)["graph"]["graph"]["documents"],
            "leftovers": sorted(p.name for p in out.iterdir() if p.name.startswith(".kgraph-s"))}


def output_trials(folder: Path) -> None:
    """Kill ``kgraph build`` while it writes its outputs; the folder must hold one whole set."""
    from kgraph.cli import app

    corpus = {}
    for name, docs in (("old", CORPUS[:2]), ("new", CORPUS)):
        corpus[name] = folder / f"corpus-{name}"
        corpus[name].mkdir(exist_ok=True)
        for doc_id, text in docs:
            (corpus[name] / f"{doc_id}.txt").write_text(text)

    def cli(name: str, out: Path) -> None:
        app(["build", str(corpus[name]), "--out", str(out), "-q", "--no-store"], standalone_mode=False)

    for function, calls in (("fsync", 5), ("replace", 5)):
        for n in range(1, calls + 1):
            out = folder / f"out-{function}-{n}"
            _in_child(lambda: cli("old", out))

            def killed() -> None:
                _kill_at_call(os, function, n)
                cli("new", out)

            status = _in_child(killed)
            stamps = output_set(out)
            one_set = stamps["graph.json"] == stamps["graph.html"] == stamps["report.json"]
            _in_child(lambda: cli("new", out))  # the next build cleans up what the killed one staged
            after = output_set(out)
            problem = ("" if one_set else f"mixed set: {stamps}") + (
                f" left over after the next build: {after['leftovers']}" if after["leftovers"] else "")
            print(json.dumps({"scenario": f"outputs-{function}", "kill_at": n,
                              "killed": status == -signal.SIGKILL, "ok": not problem,
                              "documents": stamps["documents"], "problem": problem}), flush=True)


def main() -> None:
    build_module._TASK_DOCS = 2  # several batches, so a kill can fall between two of them
    spec = json.loads(Path(sys.argv[1]).read_text())
    folder = Path(spec["folder"])
    if spec.get("outputs"):
        output_trials(folder)
    for scenario in spec["scenarios"]:
        before, corpus, update = SCENARIOS[scenario]
        expected = graph_data(kgraph.build(corpus if not update else before + corpus, store=False))
        total = statements(scenario, folder)
        print(json.dumps({"scenario": scenario, "statements": total}), flush=True)
        for kill_at in range(1, total + 1, spec.get("stride", 1)):
            print(json.dumps(trial(scenario, kill_at, folder, expected)), flush=True)


if __name__ == "__main__":
    main()
