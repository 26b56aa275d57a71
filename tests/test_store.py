"""The build store: incremental updates and resumed builds equal a full rebuild."""

from __future__ import annotations

import importlib
import os
import sqlite3

import pytest

import kgraph
from kgraph.engine.store import Store
from kgraph.errors import StoreError

from .conftest import SHARED

build_module = importlib.import_module("kgraph.engine.passes")

OLD = [("old1", "Cancer stem cells (CSCs) resist chemotherapy."),
       ("old2", "Bare CSCs and SBRT were studied with radiotherapy."),
       ("old3", "We made glorbic acid nanoparticles with doxorubicin."),
       ("old4", "The glorbic acid nanoparticles and radiotherapy.")]
# The new documents define SBRT (bare in old2) and make "glorbic acid nanoparticles" frequent enough
# to become a concept: both change how old documents are read.
NEW = [("new1", "Stereotactic body radiotherapy (SBRT) helps."),
       ("new2", "Our glorbic acid nanoparticles again, with CSCs and new glorbic acid nanoparticles."),
       ("new3", "Pembrolizumab and radiotherapy.")]


def graph_data(kg: kgraph.KnowledgeGraph) -> tuple:
    graph = {k: v for k, v in kg.graph.graph.items() if k != "input"}
    return dict(kg.graph.nodes(data=True)), sorted(kg.graph.edges(data=True)), graph


def count_extracted(monkeypatch) -> list[int]:
    """Record how many documents each extraction batch holds."""
    seen: list[int] = []
    original = build_module.extract_batch

    def spy(batch, task, *totals):
        seen.append(len(batch))
        return original(batch, task, *totals)

    monkeypatch.setattr(build_module, "extract_batch", spy)
    return seen


def test_store_update_equals_full_rebuild_and_redoes_only_touched_documents(tmp_path, monkeypatch):
    full = kgraph.build(OLD + NEW, store=False)
    assert full.find("SBRT") == "stereotactic_body_radiotherapy"
    assert full.graph.nodes[full.find("glorbic acid nanoparticles")]["source"] == "discovered"
    assert "glorbic acid nanoparticles" not in kgraph.build(OLD, store=False)
    store = tmp_path / "kg.db"
    kgraph.build(OLD, store=store)
    seen = count_extracted(monkeypatch)
    updated = kgraph.build(NEW, store=store, update=True)
    assert graph_data(updated) == graph_data(full)
    # The 3 new documents, plus old2 (bare SBRT) and old3/old4 (the new term); never old1.
    assert sum(seen) == 6


def test_store_update_without_global_change_reads_only_new_documents(tmp_path, monkeypatch):
    store = tmp_path / "kg.db"
    kgraph.build(OLD, store=store)
    seen = count_extracted(monkeypatch)
    updated = kgraph.build([("n", "Pembrolizumab and chemotherapy.")], store=store, update=True)
    assert sum(seen) == 1
    assert graph_data(updated) == graph_data(kgraph.build(OLD + [("n", "Pembrolizumab and chemotherapy.")]))


def test_kg_add_equals_full_rebuild(tmp_path):
    kg = kgraph.build(OLD, store=tmp_path / "kg.db")
    before = kg.graph
    assert kg.add(NEW) is kg
    assert graph_data(kg) == graph_data(kgraph.build(OLD + NEW))
    assert before.graph["documents"] == 4  # the old graph object is untouched
    assert kg.graph.graph["documents"] == 7


def test_add_to_a_loaded_graph_says_what_to_do(tmp_path):
    path = kgraph.build(OLD, store=False).save(tmp_path / "g.json")
    with pytest.raises(kgraph.KGraphError, match="no build store"):
        kgraph.load(path).add(NEW)


def test_repeated_documents_are_counted_once(tmp_path, caplog):
    kg = kgraph.build(OLD + OLD[:2], store=tmp_path / "kg.db")
    assert kg.graph.graph["documents"] == 4
    assert "2 of the 6 texts repeat an earlier (doc_id, text) pair" in caplog.text
    assert graph_data(kg) == graph_data(kgraph.build(OLD + OLD[:2], store=False))  # the same without a store


def test_interrupted_build_resumes_where_it_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(build_module, "_TASK_DOCS", 64)  # several batches
    docs = [(f"d{i}", text) for i, (_, text) in enumerate((OLD + NEW) * 30)]
    store = tmp_path / "kg.db"
    original = build_module.extract_batch
    calls = []

    def crash(batch, task, *totals):
        calls.append(len(batch))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(batch, task, *totals)

    monkeypatch.setattr(build_module, "extract_batch", crash)
    with pytest.raises(KeyboardInterrupt):
        kgraph.build(docs, store=store)
    seen = count_extracted(monkeypatch)
    resumed = kgraph.build(docs, store=store)
    assert sum(seen) == len(docs) - calls[0]  # the first batch was kept
    assert graph_data(resumed) == graph_data(kgraph.build(docs, store=False))


def test_rebuild_with_fewer_documents_forgets_the_others(tmp_path):
    store = tmp_path / "kg.db"
    kgraph.build(OLD + NEW, store=store)
    assert graph_data(kgraph.build(OLD, store=store)) == graph_data(kgraph.build(OLD, store=False))


def test_update_with_other_settings_is_an_error_that_says_what_to_do(tmp_path):
    store = tmp_path / "kg.db"
    kgraph.build(OLD, store=store)
    with pytest.raises(StoreError, match=r"max_evidence.*Build without --update"):
        kgraph.build(NEW, store=store, update=True, max_evidence=2)
    kgraph.build(OLD, store=store, max_evidence=2)  # a full build replaces the store


def test_a_file_that_is_not_a_store_is_named_in_the_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("hello, not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.db is not a kgraph store"):
        kgraph.build(OLD, store=bad)


def test_store_from_another_version_is_an_error(tmp_path):
    store = tmp_path / "kg.db"
    kgraph.build(OLD, store=store)
    with sqlite3.connect(store) as db:
        db.execute("UPDATE meta SET value = '999' WHERE name = 'store_version'")
    with pytest.raises(StoreError, match="version 999"):
        kgraph.build(NEW, store=store, update=True)


def test_update_needs_a_store():
    with pytest.raises(ValueError, match="store=PATH"):
        kgraph.build(NEW, update=True)


def test_a_store_locked_by_another_build_gives_an_error_that_says_so(tmp_path, monkeypatch):
    store = tmp_path / "kg.db"
    kgraph.build(OLD, store=store)
    monkeypatch.setattr(importlib.import_module("kgraph.engine.store"), "LOCK_TIMEOUT", 0.05)
    other = sqlite3.connect(store, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="another program is using the store"):
            kgraph.build(NEW, store=store, update=True)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_store_held_by_a_build_is_refused_at_once_naming_the_holder(tmp_path):
    store = tmp_path / "kg.db"
    kgraph.build(OLD, store=store)
    holder = Store(store, {}, reset=True)  # a build in progress holds the store from open to close
    try:
        with pytest.raises(StoreError, match=rf"in use by another build \(process {os.getpid()} on "):
            kgraph.build(NEW, store=store, update=True)
        with pytest.raises(StoreError, match="in use by another build"):
            kgraph.build(OLD, store=store, wait=0.2)  # waits a little, then gives up
    finally:
        holder.close()
    kgraph.build(OLD, store=store)  # released: the next build takes it


def test_a_store_that_cannot_be_opened_says_what_to_do(tmp_path):
    kgraph.build(OLD, store=tmp_path / "new" / "kg.db")  # a missing folder is created
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(StoreError, match="Cannot create the folder of the store"):
        kgraph.build(OLD, store=tmp_path / "a-file" / "kg.db")
    (tmp_path / "a-dir.db").mkdir()
    with pytest.raises(StoreError, match="a-dir.db is a folder; give the path of a file"):
        kgraph.build(OLD, store=tmp_path / "a-dir.db")


def test_update_with_another_lexicon_is_refused(tmp_path):
    from kgraph.build import lexicon_fingerprint

    extra = kgraph.Lexicon.from_concepts([kgraph.Concept("glorbicide", "glorbicide", "drug")], name="x")
    lexicon = kgraph.default_lexicon().merged(extra)
    assert lexicon_fingerprint(lexicon) != lexicon_fingerprint(kgraph.default_lexicon())
    assert lexicon_fingerprint(kgraph.default_lexicon()) == lexicon_fingerprint(kgraph.default_lexicon())
    store = tmp_path / "kg.db"
    kgraph.build(OLD, store=store)
    with pytest.raises(StoreError, match="lexicon"):
        kgraph.build(NEW, store=store, update=True, lexicon=lexicon)


def test_update_with_a_short_form_matched_as_written_equals_a_full_build(tmp_path):
    from .test_parallel import same_graph

    # Text b shows the sense of A-T (telangiectasia), so the short form defined later in a applies there.
    early = [("b", "In telangiectasia, A-T rose with cisplatin and 10 mg doses."), ("c", "Serum Stat3 and A-T rose.")]
    late = [("a", ("Serum ataxia-telangiectasia (A-T) and signal transducer and activator of "
                   "transcription 3 (Stat3) were low with cisplatin."))]
    updated = kgraph.build(early, store=tmp_path / "kg.db")
    updated.add(late)
    full = kgraph.build(early + late, store=False)
    same_graph(updated, full)
    assert full.graph.edges[full.find("A-T"), full.find("cisplatin")]["documents"] == 2


def test_update_that_merges_rewordings_and_adds_senses_equals_a_full_build(tmp_path):
    from .test_parallel import same_graph

    early = [("a", "Hypoxanthine phosphoribosyltransferase (HPRT) deficiency causes gout."),
             ("b", "HPRT activity and hypoxanthine levels in gout with allopurinol.")]
    late = [("c", "Hypoxanthine guanine phosphoribosyltransferase (HPRT) mutations and allopurinol."),
            ("d", "The hypoxanthine guanine phosphoribosyltransferase gene in 12 families with gout.")]
    updated = kgraph.build(early, store=tmp_path / "kg.db")
    updated.add(late)
    full = kgraph.build(early + late, store=False)
    same_graph(updated, full)
    assert full.find("hypoxanthine guanine phosphoribosyltransferase") == full.find("HPRT")


@pytest.mark.parametrize("early,late", [
    # An earlier text writes the new term closed, as recognition also matches it (written_variants).
    ([("o1", "Intraarterial chemotherapy was given with cisplatin.")],
     [(f"n{i}", f"Intra-arterial chemotherapy (IAC) with doxorubicin, case {i}. IAC helped.") for i in range(3)]),
    # A re-worded long form joins a lexicon concept as a name: earlier texts with that name change.
    ([("o1", "Computed tomographic images showed a mass near the cisplatin depot.")],
     [("n1", "Computed tomography (CT) was done with cisplatin. CT showed tumors."),
      ("n2", "Computed tomographic (CT) scans were used with doxorubicin. CT again.")]),
], ids=["closed-compound", "reworded-name"])
def test_update_redoes_earlier_documents_by_the_keys_recognition_matches(tmp_path, early, late):
    store = tmp_path / "kg.db"
    kgraph.build(early, store=store)
    assert graph_data(kgraph.build(late, store=store, update=True)) == graph_data(kgraph.build(early + late,
                                                                                               store=False))


ABSTRACTS = SHARED / "data" / "abstracts.jsonl"


@pytest.mark.slow
@pytest.mark.skipif(not ABSTRACTS.exists(), reason="../shared/data/abstracts.jsonl is not available")
@pytest.mark.parametrize("first,more", [(2000, 400), (1000, 300), (500, 100)])
def test_update_on_real_abstracts_equals_a_fresh_build(tmp_path, first, more):
    """The README's promise on real text: build the first abstracts, --update with the next ones."""
    import itertools
    import json

    with ABSTRACTS.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in itertools.islice(lines, first + more)]
    documents = [(record["id"], record["text"]) for record in records]
    store = tmp_path / "kg.db"
    kgraph.build(documents[:first], store=store)
    updated = kgraph.build(documents[first:], store=store, update=True)
    fresh = kgraph.build(documents, store=False)
    assert graph_data(updated) == graph_data(fresh)
