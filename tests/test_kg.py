import json

import pytest

import kgraph
from kgraph import ConceptNotFoundError, GraphFileError


def test_kg_find_any_name_case_insensitive(sample_kg):
    for name in ["CSCs", "csc", "Cancer Stem Cells", "cancer stem cell", "cancer_stem_cell", "tumor-initiating cells"]:
        assert sample_kg.find(name) == "cancer_stem_cell"
    assert sample_kg.find("tumour microenvironment") == sample_kg.find("TME") == "tumor_microenvironment"


def test_kg_find_a_shared_abbreviation_names_the_most_mentioned_concept():
    docs = [f"Cancer stem cells (CSCs) resist radiotherapy {i}. CSCs return." for i in range(3)]
    docs.append("Cyclic sorbo complexes (CSCs) were studied. CSCs grew.")
    kg = kgraph.build(docs)
    rare = kg.find("cyclic sorbo complexes")
    assert rare != "cancer_stem_cell" and "CSCs" in kg.graph.nodes[rare]["synonyms"]
    assert kg.find("CSCs") == kg.find("csc") == "cancer_stem_cell"


def test_kg_find_unknown_raises_keyerror_with_suggestions(sample_kg):
    with pytest.raises(KeyError) as info:
        sample_kg.find("radiotherapie")
    err = info.value
    assert isinstance(err, ConceptNotFoundError)
    assert "radiotherapy" in err.suggestions
    assert "Did you mean" in str(err)


def test_kg_suggestions_rank_words_before_letters():
    import networkx as nx

    from kgraph import KnowledgeGraph

    graph = nx.Graph()
    for node, label, mentions in [("chh", "cartilage-hair hypoplasia", 90), ("therapy_17", "CAR-T cell therapy", 5),
                                  ("cars", "childhood autism rating scale", 80), ("np", "nanoparticle", 50),
                                  ("gd", "gene delivery", 40), ("sap", "systolic arterial pressure", 70)]:
        graph.add_node(node, label=label, mentions=mentions, category="other")
    graph.graph["abbreviations"] = {"CARS": "cars"}
    kg = KnowledgeGraph(graph)

    def suggested(name):
        with pytest.raises(ConceptNotFoundError) as info:
            kg.find(name)
        return info.value.suggestions

    assert suggested("CAR-T") == ["CAR-T cell therapy"]  # not cartilage, CARS or arterial
    assert suggested("CAR T cells") == ["CAR-T cell therapy"]
    assert suggested("nanoparticle delivery") == ["nanoparticle", "gene delivery"]
    assert suggested("cartilage hypoplasa") == ["cartilage-hair hypoplasia"]


def test_kg_neighbors_strongest_first(sample_kg):
    neighbors = sample_kg.neighbors("CAR-T")
    assert neighbors
    weights = [n.weight for n in neighbors]
    assert weights == sorted(weights, reverse=True)
    by_npmi = [n.npmi for n in sample_kg.neighbors("CSCs", by="npmi")]
    assert by_npmi == sorted(by_npmi, reverse=True)
    assert len(sample_kg.neighbors("CSCs", limit=3)) == 3


def test_kg_evidence_offsets_and_marks(sample_kg):
    items = sample_kg.evidence("CSCs", "TME")
    assert items
    corpus = {p.stem: p.read_text(encoding="utf-8") for p in
              __import__("pathlib").Path(__file__).resolve().parents[1].joinpath("corpus").glob("*.txt")}
    for item in items:
        assert corpus[item["doc"]][item["start"]:item["end"]] == item["text"]
        assert item["marks"]["cancer_stem_cell"] and item["marks"]["tumor_microenvironment"]


def test_kg_evidence_of_unlinked_pair_is_empty():
    kg = kgraph.build(["Radiotherapy.", "Chemotherapy."])
    assert kg.evidence("radiotherapy", "chemotherapy") == []


def test_kg_save_load_round_trip(sample_kg, tmp_path):
    path = sample_kg.save(tmp_path / "g.json")
    loaded = kgraph.load(path)
    assert dict(loaded.graph.nodes(data=True)) == dict(sample_kg.graph.nodes(data=True))
    assert sorted(loaded.graph.edges(data=True)) == sorted(sample_kg.graph.edges(data=True))
    assert loaded.graph.graph == sample_kg.graph.graph
    assert loaded.find("CSCs") == "cancer_stem_cell"
    assert path.read_text() == loaded.save(tmp_path / "again.json").read_text()


def test_kg_file_is_one_compact_json_document_whatever_its_size(tmp_path):
    """Written piece by piece, the file equals one json.dumps of the document (large containers included)."""
    import networkx as nx

    from kgraph.graph.serialize import graph_to_json, save_graph

    graph = nx.Graph(documents_index=[{"id": f"d{i}", "sentences": i % 3} for i in range(700)], name="é")
    for i in range(600):  # more nodes and links than are encoded in one call
        graph.add_edge(f"n{i}", f"n{(i * 7) % 600}", weight=i, evidence=[{"doc": "d", "text": f"\u03b1 {i}"}])
    text = save_graph(graph, tmp_path / "g.json").read_text(encoding="utf-8")
    assert text == json.dumps(graph_to_json(graph), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def test_kg_load_decodes_evidence_only_when_asked(sample_kg, tmp_path):
    """Queries on a loaded graph never read the sentences; one link's evidence decodes that link only."""
    from kgraph import GraphFileError

    document = json.loads(sample_kg.save(tmp_path / "g.json").read_text(encoding="utf-8"))
    edges = document["graph"]["edges"]
    assert all(isinstance(e["evidence"], str) for e in edges)  # each link's evidence: one JSON string
    broken = next(e for e in edges if {e["source"], e["target"]} == {"cancer_stem_cell", "hypoxia"})
    broken["evidence"] = "[{not json"
    (tmp_path / "broken.json").write_text(json.dumps(document), encoding="utf-8")
    kg = kgraph.load(tmp_path / "broken.json")
    assert kg.find("CSCs") == "cancer_stem_cell" and kg.neighbors("CSCs") == sample_kg.neighbors("CSCs")
    assert kg.evidence("radiotherapy", "abscopal effect") == sample_kg.evidence("radiotherapy", "abscopal effect")
    assert kg.summary() == sample_kg.summary() and list(kg) == list(sample_kg)
    with pytest.raises(GraphFileError, match="cancer_stem_cell -- hypoxia|hypoxia -- cancer_stem_cell"):
        kg.evidence("CSCs", "hypoxia")
    with pytest.raises(GraphFileError):
        kg.graph  # all evidence decoded on first use of the graph


def test_kg_loads_files_with_evidence_as_lists(sample_kg, tmp_path):
    """Files written before evidence was encoded per link (encoding 1) still load."""
    document = json.loads(sample_kg.save(tmp_path / "g.json").read_text(encoding="utf-8"))
    del document["encoding"]
    for edge in document["graph"]["edges"]:
        edge["evidence"] = json.loads(edge["evidence"])
    (tmp_path / "old.json").write_text(json.dumps(document), encoding="utf-8")
    old = kgraph.load(tmp_path / "old.json")
    assert sorted(old.graph.edges(data=True)) == sorted(sample_kg.graph.edges(data=True))
    assert old.evidence("CSCs", "hypoxia") == sample_kg.evidence("CSCs", "hypoxia") != []


@pytest.mark.parametrize("content,message", [
    ("{not json", "not valid JSON"),
    (json.dumps({"nodes": []}), "not a kgraph graph file"),
    (json.dumps({"format": "kgraph", "schema": 99, "graph": {}}), "schema 99"),
])
def test_kg_load_bad_file(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(GraphFileError, match=message):
        kgraph.load(path)


def test_kg_repr_and_summary(sample_kg):
    assert "concepts" in repr(sample_kg) and sample_kg.summary()["categories"]["therapy"] > 3


def test_kg_interrupted_write_leaves_the_old_file_intact(sample_kg, tmp_path, monkeypatch):
    import os

    path = sample_kg.save(tmp_path / "graph.json")
    before = path.read_text()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        kgraph.build(["Radiotherapy and surgery."]).save(path)
    with pytest.raises(KeyboardInterrupt):
        sample_kg.to_html(tmp_path / "graph.html")
    assert path.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json"]  # no temporary files left


def test_kg_path_between_unconnected_concepts_raises_a_kgraph_error():
    import networkx as nx

    from kgraph import KGraphError, NoPathError

    kg = kgraph.build(["Radiotherapy and the abscopal effect.", "Cisplatin and nanoparticles."])
    with pytest.raises(NoPathError) as info:
        kg.path("radiotherapy", "cisplatin")
    assert isinstance(info.value, KGraphError) and isinstance(info.value, nx.NetworkXNoPath)
    assert "'radiotherapy' and 'cisplatin'" in str(info.value) and "2 and 2 concepts" in str(info.value)


def test_kg_filter_by_an_unknown_category_lists_the_known_ones(sample_kg):
    from kgraph import KGraphError

    with pytest.raises(KGraphError, match=r"Unknown category .drugs.; this graph has: anatomy, cancer, .*therapy\."):
        sample_kg.filter(categories=["drugs"])
    assert len(sample_kg.filter(categories=["drug_class"])) > 0


def test_kg_iterates_over_concepts_and_looks_them_up_by_any_name(sample_kg):
    ids = list(sample_kg)
    assert len(ids) == len(sample_kg) and set(ids) == set(sample_kg.graph)
    keys = [(sample_kg.graph.nodes[n]["generic"], -sample_kg.graph.nodes[n]["mentions"]) for n in ids]
    assert keys == sorted(keys)  # domain concepts most mentioned first, then the generic ones
    assert not sample_kg.graph.nodes[ids[0]]["generic"] and sample_kg.graph.nodes[ids[-1]]["generic"]
    concept = sample_kg["CSCs"]
    assert concept["id"] == "cancer_stem_cell" and concept["label"] == "cancer stem cell"
    concept["aliases"].append("changed")  # a copy: the graph is untouched
    assert "changed" not in sample_kg.graph.nodes["cancer_stem_cell"]["aliases"]
    with pytest.raises(KeyError):
        sample_kg["no such concept"]


def _edit(document: dict, where: str, value: object) -> None:
    """Set a field of the first node (``node.label``), link (``link.weight``) or the graph (``graph.documents``)."""
    kind, field = where.split(".")
    target = {"node": document["graph"]["nodes"][0], "link": document["graph"]["edges"][0],
              "graph": document["graph"]["graph"]}[kind]
    target[field] = value


@pytest.mark.parametrize("where,value,message", [
    ("link.weight", "3", r"link \S+ -- \S+: 'weight' is '3' \(text\); expected a whole number"),
    ("link.weight", 10**400, r"'weight' is a 401-digit number"),
    ("node.label", 5, r"node '\S+': 'label' is 5 \(a number\); expected text"),
    ("link.evidence", {"doc": "d1", "text": "x"}, r"'evidence' is an object; expected the evidence sentences"),
    ("link.npmi", [0.5], r"'npmi' is a list; expected a number"),
    ("graph.documents_index", [{"id": 7}], r"the graph's attributes: 'documents_index' is a list"),
], ids=["weight-text", "weight-401-digits", "label-number", "evidence-object", "npmi-list", "index-id"])
def test_kg_load_malformed_values_name_the_field(sample_kg, tmp_path, where, value, message):
    document = json.loads(sample_kg.save(tmp_path / "g.json").read_text(encoding="utf-8"))
    _edit(document, where, value)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(GraphFileError, match=message):
        kgraph.load(path)


@pytest.mark.parametrize("text,message", [
    ('{"format": "kgraph", "schema": 1, "n": ' + "9" * 5000 + "}", "a number with more than 4,300 digits"),
    ('{"format": "kgraph", "schema": 1, "n": 1e400}', "the number 1e400 is too large"),
    ('{"format": "kgraph", "schema": 1, "n": NaN}', "NaN is not a number JSON allows"),
    ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
], ids=["5000-digits", "1e400", "nan", "200000-brackets"])
def test_kg_load_json_that_python_cannot_hold_is_a_graph_file_error(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GraphFileError, match=f"not valid JSON \\({message}\\)"):
        kgraph.load(path)


def test_kg_evidence_of_the_wrong_shape_is_refused_when_decoded(sample_kg, tmp_path):
    document = json.loads(sample_kg.save(tmp_path / "g.json").read_text(encoding="utf-8"))
    edge = document["graph"]["edges"][0]
    edge["evidence"] = json.dumps([{"doc": 1, "text": "x", "start": 0, "end": 1}])
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    kg = kgraph.load(path)  # evidence is decoded when needed: the other links still answer
    with pytest.raises(GraphFileError, match="evidence sentence 1 is not an object whose 'doc' is 1"):
        kg.evidence(edge["source"], edge["target"])


def test_kg_find_says_when_the_lexicon_knows_a_name_the_corpus_never_mentions():
    kg = kgraph.build(["Radiotherapy with cisplatin.", "Cartilage and cardiac troponin T after radiotherapy."])
    with pytest.raises(ConceptNotFoundError) as info:
        kg.find("CAR-T")
    assert "The lexicon knows it ('CAR-T cell therapy', therapy), but no document of this corpus mentions it" \
        in str(info.value)
    with pytest.raises(ConceptNotFoundError) as info:
        kg.find("glorbic zandomycin")  # a name nobody knows: suggestions only
    assert "lexicon" not in str(info.value)


def test_kg_neighbors_by_npmi_says_why_none_is_listed(sample_kg, caplog):
    """The sample's CAR-T links are each seen in one document; by NPMI none has the support (issue 27)."""
    assert sample_kg.neighbors("CAR-T")
    with caplog.at_level("WARNING", logger="kgraph"):
        assert sample_kg.neighbors("CAR-T", by="npmi") == []
    [record] = [r for r in caplog.records if r.name.startswith("kgraph")]
    assert "fewer than 3 documents" in record.getMessage() and "min_documents=1" in record.getMessage()
    caplog.clear()
    with caplog.at_level("WARNING", logger="kgraph"):
        assert sample_kg.neighbors("CAR-T", by="npmi", min_documents=1)
        assert sample_kg.neighbors("cancer cell", by="npmi")  # some listed: nothing to explain
    assert not caplog.records


def test_kg_communities_are_the_maps_and_computed_once(sample_kg, monkeypatch):
    from kgraph.graph import analysis
    from kgraph.kg import KnowledgeGraph
    from kgraph.views.layout import map_layout

    kg = KnowledgeGraph(sample_kg.graph)
    groups = kg.communities()
    layout = map_layout(kg.graph)
    assert all(layout.community[n] == i for i, group in enumerate(groups) if len(group) > 1 for n in group)
    demoted = kgraph.settings.DEFAULTS.demoted_categories
    assert not any(kg.graph.nodes[n]["category"] in demoted for group in groups for n in group)
    assert set().union(*kg.communities(generic=True)) == set(kg.graph)  # every concept, on request
    calls = []
    real = analysis.communities
    monkeypatch.setattr(analysis, "communities", lambda *a, **k: calls.append(1) or real(*a, **k))
    kg.gaps()
    kg.communities()
    assert calls == []  # the gaps compare the communities already found


def test_kg_built_graph_keeps_evidence_as_references_until_read_or_written(sample_texts, tmp_path):
    kg = kgraph.build(sample_texts, store=False)
    a, b = next((u, v) for u, v in kg._graph.edges)
    assert "evidence" not in kg._graph.edges[a, b]  # not made yet
    one = kg.evidence(a, b)
    kg.save(tmp_path / "streamed.json")  # written a link at a time from the references
    assert "evidence" not in kg._graph.edges[a, b]
    whole = kg.graph  # everything made at once
    assert whole.edges[a, b]["evidence"] == one != []
    kgraph.KnowledgeGraph(whole).save(tmp_path / "whole.json")
    assert (tmp_path / "streamed.json").read_bytes() == (tmp_path / "whole.json").read_bytes()


def test_kg_loaded_graph_is_written_back_without_decoding_its_evidence(sample_kg, tmp_path):
    sample_kg.save(tmp_path / "a.json")
    loaded = kgraph.load(tmp_path / "a.json")
    loaded.save(tmp_path / "b.json")
    assert loaded._deferred is not None  # still encoded
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
