"""Builds on several processes and on Dask give the single-process result."""

from __future__ import annotations

import pytest

import kgraph
from kgraph.concepts.lexicon import default_lexicon
from kgraph.documents.corpus import Document
from kgraph.engine.parallel import (
    _FLUSH_EVERY,
    ExtractTask,
    InlineEngine,
    ProcessEngine,
    batches,
    extract_batch,
    extract_totals,
)
from kgraph.graph.cooccur import CooccurrenceCounts, count_cooccurrences
from kgraph.nlp.mentions import doc_extraction
from kgraph.nlp.pipeline import make_nlp
from kgraph.settings import Settings

TEXTS = [(f"d{i}", t) for i, t in enumerate([
    "Cancer stem cells (CSCs) resist chemotherapy and radiotherapy.",
    "CSCs shape the tumour microenvironment; zorvantinib targets them.",
    "CAR T-cell therapy with pembrolizumab; radiotherapy caused an abscopal effect.",
    "Glorbic acid nanoparticles carried doxorubicin.", "Glorbic acid nanoparticles again.",
    "Glorbic acid nanoparticles and radiotherapy.", "Stereotactic body radiotherapy (SBRT) and CSCs.",
    "SBRT with durvalumab."] * 6)]


def same_graph(a: kgraph.KnowledgeGraph, b: kgraph.KnowledgeGraph) -> None:
    assert dict(a.graph.nodes(data=True)) == dict(b.graph.nodes(data=True))
    assert sorted(a.graph.edges(data=True)) == sorted(b.graph.edges(data=True))
    assert a.graph.graph == b.graph.graph


def test_parallel_build_equals_single_process():
    one = kgraph.build(TEXTS, max_evidence=3)
    # The corpus-wide passes have work to do: a term found across documents, a drug known by its form.
    discovered = [one.graph.nodes[one.find(name)] for name in ("glorbic acid nanoparticles", "zorvantinib")]
    assert [(d["label"], d["source"], d["category"], d["documents"]) for d in discovered] == [
        ("glorbic acid nanoparticles", "discovered", "technology", 18), ("zorvantinib", "discovered", "drug", 6)]
    same_graph(one, kgraph.build(TEXTS, max_evidence=3, workers=2))
    same_graph(one, kgraph.build(TEXTS, max_evidence=3, store=False))


@pytest.mark.parametrize("engine", [InlineEngine(), ProcessEngine(2)], ids=["inline", "processes"])
def test_parallel_many_small_batches_merge_to_the_same_counts(engine):
    lex = default_lexicon()
    docs = [Document(f"d{i}", text) for i, text in enumerate(
        ["Radiotherapy and CAR T-cell therapy.", "Cisplatin with radiotherapy; CSCs persist.",
         "Nanoparticles deliver doxorubicin to cancer cells with radiotherapy."] * 9)]
    nlp = make_nlp()
    single = count_cooccurrences(doc_extraction(nlp(d.text), lex, doc_id=d.id) for d in docs)
    task = ExtractTask(lex, {}, {}, {}, settings=Settings(max_evidence=5, batch_size=8))
    merged, extracted, totals = CooccurrenceCounts(max_evidence=5), 0, 0
    with engine:
        for result in engine.map(extract_batch, task, batches(enumerate(docs), 4), totals=extract_totals):
            extracted += result.documents
            if result.counts is not None:  # a process's running totals
                totals += 1
                merged.absorb(result.counts)
    assert extracted == merged.documents == single.documents == 27
    assert 1 <= totals <= 7  # 7 batches: at most one total per batch
    assert merged.pair_sentences == single.pair_sentences
    assert merged.mentions == single.mentions
    for pair in single.pair_sentences:
        assert merged.evidence_for(pair) == single.evidence_for(pair)


def _remember(item: int, task: str, running: list[int]) -> str:
    running.append(item)
    return task


def _no_totals(task: str) -> list[int]:
    return []


@pytest.mark.parametrize("engine", [InlineEngine(), ProcessEngine(2)], ids=["inline", "processes"])
def test_running_totals_come_back_exactly_once_and_bounded(engine):
    # 60 one-item batches: whichever process picks up which call, every item is in exactly one of
    # the totals that come back, and no totals hold more than a few batches (a worker's memory).
    results = list(engine.map(_remember, "task", range(60), totals=_no_totals))
    totals = [r for r in results if isinstance(r, list)]
    assert [r for r in results if not isinstance(r, list)] == ["task"] * 60
    assert sorted(item for running in totals for item in running) == list(range(60))
    assert max(map(len, totals)) <= _FLUSH_EVERY < 60
    if isinstance(engine, ProcessEngine):
        assert len(totals) < 60  # sent back once per few batches, not once per batch


@pytest.mark.slow
def test_dask_local_cluster_build_equals_single_process():
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    one = kgraph.build(TEXTS, max_evidence=3)
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        same_graph(one, kgraph.build(TEXTS, max_evidence=3, engine="dask", scheduler=cluster.scheduler_address))
        assert len(client.scheduler_info()["workers"]) == 2


def test_unknown_engine_is_an_error():
    with pytest.raises(ValueError, match="Unknown engine"):
        kgraph.build(["Radiotherapy."], engine="spark")
    with pytest.raises(ValueError, match="needs engine='dask'"):
        kgraph.build(["Radiotherapy."], scheduler="tcp://127.0.0.1:8786")


def test_unreachable_dask_scheduler_is_an_error_that_says_what_to_do():
    pytest.importorskip("distributed")
    from kgraph.engine.parallel import DaskEngine

    with pytest.raises(kgraph.KGraphError, match="Cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        DaskEngine("tcp://127.0.0.1:9", timeout=0.5)


class _ClosingEngine(InlineEngine):
    """An in-process engine that counts how often it is closed."""

    def __init__(self) -> None:
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def test_build_closes_the_engine_it_made_and_add_says_where_it_runs(tmp_path, monkeypatch, caplog):
    import importlib

    made: list[_ClosingEngine] = []

    def make_engine(engine, workers, scheduler):
        made.append(_ClosingEngine())
        return made[-1]

    monkeypatch.setattr(importlib.import_module("kgraph.build"), "make_engine", make_engine)
    kg = kgraph.build(TEXTS[:8], store=tmp_path / "kg.db", engine="dask")  # as a build on Dask would
    assert [engine.closed for engine in made] == [1]
    with caplog.at_level("INFO", logger="kgraph"):
        kg.add(TEXTS[8:16])
    assert "Adding on the local engine (1 worker): the dask engine of the build closed with it" in caplog.text
    assert len(made) == 1  # the update made its own local engine, not the build's
    same_graph(kg, kgraph.build(TEXTS[:16]))


def test_engines_are_context_managers_and_say_what_they_can_do():
    from kgraph.engine.passes import BuildOptions, make_engine, sharded_build

    with make_engine("local", 1, None) as inline, make_engine("local", 3, None) as processes:
        assert (type(inline), inline.workers, inline.client) == (InlineEngine, 1, None)
        assert (type(processes), processes.workers, processes.client) == (ProcessEngine, 3, None)
    inline.close()  # closing again is harmless
    with InlineEngine() as engine, pytest.raises(ValueError, match="keeps its counts on a Dask cluster"):
        sharded_build(kgraph.documents.corpus.read_corpus(["Radiotherapy."]),
                      BuildOptions(lexicon=default_lexicon()), engine, shards=2)


def test_fewer_gc_pauses_restores_the_thresholds():
    import gc

    from kgraph.engine.parallel import fewer_gc_pauses

    before = gc.get_threshold()
    with fewer_gc_pauses():
        assert gc.get_threshold()[0] > before[0]
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_gc_pauses():
        raise RuntimeError
    assert gc.get_threshold() == before


@pytest.mark.slow
@pytest.mark.parametrize("min_weight", [1, 2])
def test_dask_sharded_build_writes_the_local_graph_json_and_keeps_no_pairs_in_the_driver(min_weight, monkeypatch):
    pytest.importorskip("distributed")
    import importlib
    import io

    from distributed import LocalCluster

    from kgraph.build import build_sharded
    from kgraph.engine import passes

    monkeypatch.setattr(passes, "_TASK_DOCS", 5)  # many tasks: every shard adds up parts of several
    local = io.StringIO()
    kgraph.build(TEXTS, max_evidence=3, min_weight=min_weight, store=False).write(local)
    built = []
    run_sharded = passes.run_sharded
    monkeypatch.setattr(importlib.import_module("kgraph.build"), "run_sharded",
                        lambda *a, **k: built.append(run_sharded(*a, **k)) or built[-1])
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            build_sharded(TEXTS, max_evidence=3, min_weight=min_weight, scheduler=cluster.scheduler_address,
                          shards=3) as graph:
        written = io.StringIO()
        graph.write(written)
        assert len(built[0].counts) == 0 and graph.graph.number_of_edges() == 0  # the driver holds no pairs
        assert graph.summary()["edges"] == written.getvalue().count('"target":') > 0
    assert written.getvalue() == local.getvalue()


@pytest.mark.slow
def test_dask_sharded_view_draws_what_the_local_view_draws(monkeypatch):
    pytest.importorskip("distributed")
    import json
    import re

    from distributed import LocalCluster

    from kgraph import sharded
    from kgraph.build import build_sharded
    from kgraph.views import html

    few = Settings(html_max_edges=4)  # the view draws fewer links than the graph has: candidates matter
    monkeypatch.setattr(html, "DEFAULTS", few)
    monkeypatch.setattr(sharded, "DEFAULTS", few)

    def drawn(pieces: object) -> tuple[object, object]:
        page = "".join(pieces)
        data = json.loads(re.search(r'id="kgraph-data">(.*?)</script>', page, re.S).group(1))
        # The drawn concepts' details and links; not the whole graph's concepts and map (the sharded
        # view knows only the candidate links, docs/scaling.md).
        return data["nodes"], data["edges"]

    local = drawn(kgraph.build(TEXTS, max_evidence=3, store=False).html_pieces(max_nodes=5))
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            build_sharded(TEXTS, max_evidence=3, scheduler=cluster.scheduler_address, shards=3) as graph:
        assert drawn(graph.html_pieces(max_nodes=5)) == local
    assert len(local[1]) == 4 and all(edge["evidence"] for edge in local[1])


@pytest.mark.slow
def test_dask_driver_keeps_no_batch_once_the_passes_are_over(monkeypatch):
    """Dask's low-level logs kept the last 1,000 messages of each connection, every batch's text with them."""
    pytest.importorskip("distributed")
    import gc

    import dask

    from kgraph.build import build_sharded
    from kgraph.engine import passes

    before = dask.config.get("distributed.admin.low-level-log-length")
    texts = [(f"flat{i}", text) for i, (_, text) in enumerate(TEXTS)]
    batch = 4  # 12 tasks a pass: the old code kept all 24 (every document, twice)
    monkeypatch.setattr(passes, "_TASK_DOCS", batch)
    with build_sharded(texts, max_evidence=3, workers=2, shards=2) as graph:  # its own local cluster
        gc.collect()
        kept = {o.id for o in gc.get_objects() if isinstance(o, Document) and o.id.startswith("flat")}
        # The scheduler of the local cluster runs in this process. What it may still hold, until a
        # worker's next heartbeat, is the time of the last tasks the worker ran (its "executing" map,
        # at most a task of each pass): a bound that does not grow with the corpus.
        assert len(kept) <= 2 * 2 * batch < len(texts), sorted(kept)
        assert graph.summary()["documents"] == len(texts) == len(graph.graph.graph["documents_index"])
    assert dask.config.get("distributed.admin.low-level-log-length") == before  # restored by close()


def _stored_counts(path: object) -> tuple[list[tuple[object, ...]], ...]:
    """The pair counts, their evidence (with the sentences) and the concept counts of a store, sorted."""
    import sqlite3

    with sqlite3.connect(str(path)) as db:
        return tuple(sorted(db.execute(query).fetchall()) for query in (
            "SELECT a, b, sentences, documents FROM pairs",
            "SELECT e.a, e.b, e.rank, r.doc, r.start, r.text, r.spans FROM evidence e JOIN records r ON e.record = r.id",
            "SELECT * FROM pair_strata", "SELECT * FROM concepts", "SELECT * FROM doc_info",
            "SELECT COUNT(*) FROM records", "SELECT name, value FROM meta WHERE name IN ('counts', 'discovered', 'state')",
            "SELECT doc_id, counted FROM documents"))


@pytest.mark.slow
def test_dask_sharded_store_build_writes_the_local_store_and_graph_from_the_shards(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    import importlib
    import io

    from distributed import LocalCluster

    from kgraph.build import build_sharded
    from kgraph.engine import passes

    monkeypatch.setattr(passes, "_TASK_DOCS", 5)  # many tasks, and chunks of several shards
    monkeypatch.setattr(importlib.import_module("kgraph.engine.shards"), "CHUNK", 4)
    first, more = TEXTS[:24], TEXTS[24:]
    local = kgraph.build(first, max_evidence=3, min_weight=2, store=tmp_path / "local.db")
    built = []
    run_sharded = passes.run_sharded
    monkeypatch.setattr(importlib.import_module("kgraph.build"), "run_sharded",
                        lambda *a, **k: built.append(run_sharded(*a, **k)) or built[-1])
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        options = {"max_evidence": 3, "min_weight": 2, "scheduler": cluster.scheduler_address, "shards": 3}
        with build_sharded(first, store=tmp_path / "sharded.db", **options) as graph:
            written, expected = io.StringIO(), io.StringIO()
            graph.write(written)
            local.write(expected)
            assert len(built[-1].counts) == 0  # the driver held no pair, with a store too
        assert written.getvalue() == expected.getvalue()
        assert _stored_counts(tmp_path / "sharded.db") == _stored_counts(tmp_path / "local.db")
        # Adding documents: the stored extractions are counted again on the workers, the new ones extracted.
        with build_sharded(more, store=tmp_path / "sharded.db", update=True, **options) as graph:
            written = io.StringIO()
            graph.write(written)
    local.add(more)
    expected = io.StringIO()
    local.write(expected)
    assert written.getvalue() == expected.getvalue()
    assert _stored_counts(tmp_path / "sharded.db") == _stored_counts(tmp_path / "local.db")
    # The store a sharded build leaves is the local build's: a local update of it gives the same graph.
    again = kgraph.build(TEXTS[:4], max_evidence=3, min_weight=2, store=tmp_path / "sharded.db", update=True)
    same_graph(again, kgraph.build(TEXTS[:4], max_evidence=3, min_weight=2, store=tmp_path / "local.db",
                                   update=True))


def test_chunks_of_counts_hold_every_pair_once_with_its_evidence_and_strata():
    lex = default_lexicon()
    nlp = make_nlp()
    texts = ["Radiotherapy and CAR T-cell therapy with cisplatin.", "Cisplatin with radiotherapy; CSCs persist.",
             "Nanoparticles deliver doxorubicin to cancer cells with radiotherapy and cisplatin."]
    extractions = [doc_extraction(nlp(text), lex, doc_id=f"d{i}") for i, text in enumerate(texts * 4)]
    for i, extraction in enumerate(extractions):
        extraction.meta = {"year": 2000 + i % 2} if i % 3 else None
    counts = count_cooccurrences(extractions, max_evidence=2)
    assert len(counts) > 6 and counts.pair_strata  # several chunks, dated documents among them
    chunks = [counts.chunk(start, start + 3) for start in range(0, len(counts), 3)]
    assert [len(chunk) for chunk in chunks[:-1]] == [3] * (len(chunks) - 1)
    added = CooccurrenceCounts(max_evidence=2)
    for chunk in chunks:
        added.absorb(chunk)
    assert list(added.links()) == list(counts.links())
    assert added.pair_strata == counts.pair_strata
