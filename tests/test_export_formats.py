import csv
import json

import networkx as nx


def test_export_formats_graphml_gexf_cytoscape_csv(sample_kg, tmp_path):
    graphml = nx.read_graphml(sample_kg.to_graphml(tmp_path / "g.graphml"))
    assert graphml.number_of_nodes() == len(sample_kg)
    node = graphml.nodes["cancer_stem_cell"]
    assert node["label"] == "cancer stem cell" and "CSCs" in node["aliases"]
    edge = graphml.edges["abscopal_effect", "radiotherapy"]
    assert edge["weight"] == 1 and edge["evidence_count"] == 1
    gexf = nx.read_gexf(sample_kg.to_gexf(tmp_path / "g.gexf"))
    assert gexf.number_of_edges() == sample_kg.summary()["edges"]
    cy = json.loads(sample_kg.to_cytoscape(tmp_path / "g.cyjs").read_text())
    assert len(cy["elements"]["nodes"]) == len(sample_kg)
    assert any(e["data"]["evidence"] for e in cy["elements"]["edges"])
    rows = list(csv.DictReader(sample_kg.to_csv(tmp_path / "e.csv").open(encoding="utf-8")))
    total = sum(len(d["evidence"]) for _, _, d in sample_kg.graph.edges(data=True))
    assert len(rows) == total
    row = next(r for r in rows if r["source"] == "abscopal_effect" and r["target"] == "radiotherapy")
    assert "abscopal effect" in row["sentence"] and row["doc"] == "radiotherapy-and-immunotherapy"


def test_export_formats_dataframes(sample_kg):
    nodes, edges = sample_kg.nodes, sample_kg.edges
    assert len(nodes) == len(sample_kg) and nodes.index.name == "id"
    assert nodes["mentions"].is_monotonic_decreasing
    assert nodes.loc["cancer_stem_cell", "label"] == "cancer stem cell"
    assert len(edges) == sample_kg.summary()["edges"] and edges["weight"].is_monotonic_decreasing


def test_export_formats_jupyter_display(sample_kg):
    html = sample_kg._repr_html_()
    assert "82 concepts" in html or "concepts" in html
    shown = sample_kg.show(height=400)
    body = shown.data
    assert "<iframe srcdoc=" in body and "height:400px" in body
    assert "<script" not in body.split('srcdoc="', 1)[1][:200]  # the page is escaped into the attribute
    assert "&lt;script" in body
