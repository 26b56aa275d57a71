"""The per-document mention table and the ranking of generic terms after domain concepts."""

from __future__ import annotations

import pytest

import kgraph
from kgraph.errors import KGraphError

CORPUS = [
    ("a", "Cancer cells resist cisplatin. Cancer cells and cancer cells again resist radiotherapy."),
    ("b", "Glorbic acid nanocarriers (GAN) with cisplatin killed cancer cells. GAN was safe."),
    ("c", "Cisplatin with radiotherapy improved the diagnosis of cancer cells."),
]


def test_mentions_table_holds_every_mention_with_how_it_was_resolved():
    kg = kgraph.build(CORPUS)
    table = kg.mentions()
    assert list(table.columns) == ["doc", "start", "end", "text", "concept", "label", "category", "source",
                                   "sentence"]
    assert len(table) == sum(data["mentions"] for _, data in kg.graph.nodes(data=True))
    texts = dict(CORPUS)
    assert all(texts[row.doc][row.start:row.end] == row.text for row in table.itertuples())
    gan = table[table.text == "GAN"]
    assert set(gan.concept) == {kg.find("glorbic acid nanocarriers")} and set(gan.source) == {"abbreviation"}
    matrix = table.groupby(["doc", "concept"]).size().unstack(fill_value=0)
    assert matrix.loc["a", "cancer_cell"] == 3 and matrix.loc["b", "cisplatin"] == 1
    only = kg.mentions(concepts=["GAN"])
    assert set(only.concept) == {kg.find("GAN")} and len(only) == 3


def test_mentions_table_of_a_loaded_build_folder_and_clear_errors_without_a_store(tmp_path):
    kg = kgraph.build(CORPUS, store=tmp_path / "kgraph.db")
    kg.save(tmp_path / "graph.json")
    loaded = kgraph.load(tmp_path / "graph.json")
    assert loaded.mentions().equals(kg.mentions())
    before = sorted(p.name for p in tmp_path.iterdir())
    loaded.mentions()
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # reading the store writes nothing beside it
    with pytest.raises(KGraphError, match="no build store"):
        kgraph.build(CORPUS, store=False).mentions()
    (tmp_path / "other").mkdir()
    kgraph.build(CORPUS[:1], store=tmp_path / "other" / "kgraph.db")
    kg.save(tmp_path / "other" / "graph.json")
    with pytest.raises(KGraphError, match="different builds"):
        kgraph.load(tmp_path / "other" / "graph.json").mentions()


def test_generic_terms_rank_after_domain_concepts_everywhere():
    kg = kgraph.build(CORPUS)
    assert kg.graph.nodes["cancer_cell"]["generic"] is True
    assert kg.graph.nodes["cisplatin"]["generic"] is False
    assert kg.graph.nodes["cancer_cell"]["mentions"] > kg.graph.nodes["cisplatin"]["mentions"]
    order = list(kg)
    assert order.index("cisplatin") < order.index("cancer_cell")
    assert not any(kg.graph.nodes[n]["generic"] for n in order[:order.index("cancer_cell")])
    concepts = kg.concepts
    assert concepts.index[0] != "cancer_cell" and bool(concepts.loc["cancer_cell", "generic"])
    assert list(concepts["generic"]) == sorted(concepts["generic"])  # domain first
    links = kg.links
    assert not links.iloc[0]["generic"] and list(links["generic"]) == sorted(links["generic"])
    assert "cancer_cell" not in [n.concept for n in kg.neighbors("cisplatin")]
    assert "cancer_cell" in [n.concept for n in kg.neighbors("cisplatin", generic=True)]
