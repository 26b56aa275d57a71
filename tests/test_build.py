import logging

import pytest

import kgraph
from kgraph import CorpusError, KnowledgeGraph


def test_build_sample_corpus_acceptance(sample_kg):
    kg = sample_kg
    assert kg.find("CAR T-cell therapy") == kg.find("CAR-T cell therapy")
    assert kg.find("CSCs") == kg.find("cancer stem cells") == "cancer_stem_cell"
    abscopal, radio = kg.find("abscopal effect"), kg.find("radiotherapy")
    assert kg.graph.has_edge(abscopal, radio)
    [evidence] = kg.evidence("abscopal effect", "radiotherapy")
    assert evidence["doc"] == "radiotherapy-and-immunotherapy"
    assert "abscopal effect" in evidence["text"] and "radiotherapy" in evidence["text"]
    # The CAR-T mentions come from two different articles.
    assert kg.graph.nodes["car_t_cell_therapy"]["documents"] == 2
    s = kg.summary()
    assert s["documents"] == 5 and s["concepts"] > 50 and s["edges"] > 100


def test_build_sources_directory_file_and_iterables(tiny_corpus):
    from_dir = kgraph.build(tiny_corpus)
    assert from_dir.summary()["documents"] == 3
    from_file = kgraph.build(tiny_corpus / "beta.txt")
    assert from_file.summary()["documents"] == 1
    texts = [(p.stem, p.read_text()) for p in sorted(tiny_corpus.iterdir())]
    from_pairs = kgraph.build(texts)
    assert sorted(from_pairs.graph.edges) == sorted(from_dir.graph.edges)
    from_strings = kgraph.build(iter([t for _, t in texts]))
    assert sorted(from_strings.graph.nodes) == sorted(from_dir.graph.nodes)


def test_build_abbreviation_defined_in_one_document_resolves_in_another():
    kg = kgraph.build([("b", "CSCs survive SBRT."), ("a", "Stereotactic body radiotherapy (SBRT) works.")])
    assert kg.find("SBRT") == "stereotactic_body_radiotherapy"
    assert kg.graph.has_edge("cancer_stem_cell", "stereotactic_body_radiotherapy")
    assert kg.graph.graph["abbreviations"]["SBRT"] == "stereotactic_body_radiotherapy"


def test_build_is_deterministic_and_order_independent():
    docs = [("a", "Radiotherapy and immunotherapy."), ("b", "Immunotherapy (IO) with nanoparticles."),
            ("c", "Nanoparticles carry doxorubicin; radiotherapy too.")]
    one, two = kgraph.build(docs), kgraph.build(list(reversed(docs)))
    assert sorted(one.graph.edges(data=True)) == sorted(two.graph.edges(data=True))
    assert dict(one.graph.nodes(data=True)) == dict(two.graph.nodes(data=True))


def test_build_empty_corpus_warns_and_returns_empty_graph(caplog):
    with caplog.at_level(logging.WARNING):
        kg = kgraph.build([])
    assert isinstance(kg, KnowledgeGraph) and len(kg) == 0
    assert "no documents" in caplog.text


def test_build_min_weight_and_max_evidence():
    texts = ["Radiotherapy and chemotherapy."] * 3 + ["Radiotherapy and surgery."]
    kg = kgraph.build(texts, min_weight=2, max_evidence=2)
    assert set(kg.graph.edges) == {("chemotherapy", "radiotherapy")}
    assert len(kg.evidence("chemotherapy", "radiotherapy")) == 2


@pytest.mark.parametrize("source,message", [
    ("/no/such/dir", "does not exist"),
    ([1, 2], "expected a text"),
    ("line one\nline two", "single text"),
])
def test_build_bad_source(source, message):
    with pytest.raises(CorpusError, match=message):
        kgraph.build(source)


def test_build_does_not_mutate_the_callers_list():
    texts = ["Radiotherapy.", "Chemotherapy."]
    kgraph.build(texts)
    assert texts == ["Radiotherapy.", "Chemotherapy."]


def test_build_bad_options():
    with pytest.raises(ValueError, match="min_weight"):
        kgraph.build(["x"], min_weight=0)
    with pytest.raises(ValueError, match="Settings.batch_size must be at least 1, not 0"):
        kgraph.build(["x"], settings=kgraph.Settings(batch_size=0))


def test_build_settings_are_one_object_that_keywords_override_field_by_field(caplog):
    texts = ["Radiotherapy and surgery.", "Radiotherapy with surgery and cisplatin.", "Cisplatin alone."]
    strict = kgraph.Settings(max_evidence=1, min_weight=2)
    by_object = kgraph.build(texts, settings=strict, store=False)
    by_keywords = kgraph.build(texts, max_evidence=1, min_weight=2, store=False)
    assert sorted(by_object.graph.edges(data=True)) == sorted(by_keywords.graph.edges(data=True))
    assert list(by_object.graph.edges) == [("radiotherapy", "surgery")]
    assert len(by_object.graph.edges["radiotherapy", "surgery"]["evidence"]) == 1
    overridden = kgraph.build(texts, settings=strict, min_weight=1, store=False)  # max_evidence stays 1
    assert overridden.graph.number_of_edges() == 3
    assert {len(d["evidence"]) for *_, d in overridden.graph.edges(data=True)} == {1}
    with caplog.at_level(logging.WARNING, logger="kgraph"):
        kgraph.build(texts, settings=kgraph.Settings(alpha=0.01, min_weight=2), store=False)
    assert "does not use the settings alpha" in caplog.text and "min_weight" not in caplog.text


def test_build_documents_sharing_an_id_do_not_clash():
    docs = [("a", "Radiotherapy and surgery."), ("a", "Radiotherapy with surgery."),
            ("a", "Radiotherapy, then surgery.")]
    kg = kgraph.build(docs, max_evidence=2)
    assert kg.graph.edges["radiotherapy", "surgery"]["weight"] == 3
    assert len(kg.evidence("radiotherapy", "surgery")) == 2


@pytest.mark.parametrize("store", [False, None])
def test_build_logs_how_long_each_phase_took(caplog, store):
    with caplog.at_level(logging.INFO, logger="kgraph"):
        kgraph.build(["Radiotherapy and immunotherapy.", "CSCs resist radiotherapy."], store=store)
    timed = [r for r in caplog.records if hasattr(r, "kgraph_phase")]
    expected = ["survey", "extraction", "graph"] if store is False else \
        ["survey", "reuse", "extraction", "store", "graph"]
    assert [r.kgraph_phase for r in timed] == expected
    assert all(r.levelno == logging.INFO and 0 <= r.seconds < 60 for r in timed)


def test_a_store_made_by_other_kgraph_code_is_rebuilt_or_refused(tmp_path, monkeypatch):
    import importlib

    from kgraph.errors import StoreError

    build_module = importlib.import_module("kgraph.engine.passes")
    store = tmp_path / "kg.db"
    first = kgraph.build(["Radiotherapy and CSCs."], store=store)
    build_module.code_fingerprint.cache_clear()
    monkeypatch.setattr(build_module, "code_fingerprint", lambda: "other code")
    with pytest.raises(StoreError, match="code"):
        kgraph.build(["Cisplatin and CSCs."], store=store, update=True)
    again = kgraph.build(["Radiotherapy and CSCs."], store=store)  # rebuilt from the corpus
    assert sorted(again.graph.edges) == sorted(first.graph.edges)


def test_entities_of_a_users_pipeline_join_the_graph():
    """A user's NER (here an entity ruler), entity ids and a negation component, on a blank pipeline."""
    import spacy
    from spacy.language import Language
    from spacy.tokens import Span

    if not Span.has_extension("negex"):
        Span.set_extension("negex", default=False)

    @Language.component("test_negation")
    def negation(doc):  # negspacy's contract: ent._.negex is True for a negated entity
        for ent in doc.ents:
            ent._.negex = ent.start > 0 and doc[ent.start - 1].lower_ == "no"
        return doc

    user = spacy.blank("en")
    ruler = user.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GENE", "pattern": "ZORB1"},
                        {"label": "CHEMICAL", "pattern": "cisplatin"},
                        {"label": "DISEASE", "pattern": "flurbosis", "id": "D000123"},
                        {"label": "DISEASE", "pattern": "quellitis"}])
    user.add_pipe("test_negation")
    names = list(user.pipe_names)
    texts = [("a", "ZORB1 drives flurbosis after radiotherapy."), ("b", "ZORB1 with cisplatin."),
             ("c", "Radiotherapy and no quellitis.")]
    kg = kgraph.build(texts, nlp=user)
    assert user.pipe_names == names  # the caller's pipeline is not changed
    zorb = kg["ZORB1"]
    assert (zorb["id"], zorb["category"], zorb["source"]) == ("zorb1", "gene", "ner")
    assert kg.graph.has_edge("zorb1", "radiotherapy") and kg.graph.has_edge("zorb1", "d000123")
    assert kg.graph.nodes["d000123"]["label"] == "flurbosis"  # an entity id names the concept
    # An entity that is a lexicon concept is that concept: no second cisplatin node.
    assert kg.graph.has_edge("zorb1", "cisplatin") and kg.graph.nodes["cisplatin"]["source"] == "lexicon"
    assert "quellitis" not in kg  # negated
    with pytest.raises(ValueError, match="workers=1"):
        kgraph.build(texts, nlp=user, workers=2)


@pytest.mark.parametrize("store", [None, False], ids=["store", "no-store"])
def test_build_counts_the_same_input_twice_once_on_every_path(store, caplog):
    text = "Radiotherapy and pembrolizumab. Radiotherapy with pembrolizumab again."
    kg = kgraph.build([("a", text), ("a", text), ("b", "Radiotherapy alone.")], store=store)
    assert kg.graph.edges["pembrolizumab", "radiotherapy"]["weight"] == 2  # not 4 without a store
    assert kg.summary()["documents"] == 2 and "1 of the 3 texts repeat" in caplog.text
