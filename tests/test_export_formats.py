import csv
import json
import re
from collections import Counter

import networkx as nx
import pytest


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
    assert any(e["data"]["evidence_sentences"] for e in cy["elements"]["edges"])
    rows = list(csv.DictReader(sample_kg.to_csv(tmp_path / "e.csv").open(encoding="utf-8")))
    total = sum(len(d["evidence"]) for _, _, d in sample_kg.graph.edges(data=True))
    assert len(rows) == total
    row = next(r for r in rows if r["source"] == "abscopal_effect" and r["target"] == "radiotherapy")
    assert "abscopal effect" in row["sentence"] and row["doc"] == "radiotherapy-and-immunotherapy"


def test_export_formats_dataframes(sample_kg):
    nodes, edges = sample_kg.concepts, sample_kg.links
    assert len(nodes) == len(sample_kg) and nodes.index.name == "id"
    first = edges.iloc[0]
    assert first["source_label"] == sample_kg.graph.nodes[first["source"]]["label"]  # labels, not only ids
    with pytest.warns(DeprecationWarning, match="kg.concepts"):
        assert sample_kg.nodes.equals(nodes)
    with pytest.warns(DeprecationWarning, match="kg.links"):
        assert sample_kg.edges.equals(edges)
    domain, generic = nodes[~nodes["generic"]], nodes[nodes["generic"]]  # domain concepts first
    assert len(domain) and len(generic) and nodes.index.get_loc(generic.index[0]) == len(domain)
    assert domain["mentions"].is_monotonic_decreasing and generic["mentions"].is_monotonic_decreasing
    assert nodes.loc["cancer_stem_cell", "label"] == "cancer stem cell"
    assert len(edges) == sample_kg.summary()["edges"]
    assert edges[~edges["generic"]]["weight"].is_monotonic_decreasing and not edges.iloc[0]["generic"]


def test_export_formats_jupyter_display(sample_kg, tmp_path, monkeypatch):
    html = sample_kg._repr_html_()
    graph = sample_kg.graph
    assert (f"<strong>KnowledgeGraph</strong>: {graph.number_of_nodes()} concepts, {graph.number_of_edges()} links "
            f"from {graph.graph['documents']} documents (") in html
    categories = Counter(category for _, category in graph.nodes(data="category"))
    assert f"<em>Categories:</em> {', '.join(f'{c} {n}' for c, n in sorted(categories.items()))}<br>" in html
    central = [graph.nodes[concept]["label"] for concept, _ in sample_kg.central(limit=5)]
    assert f"<em>Most central:</em> {', '.join(central)}<br>" in html and "cancer stem cell" in central
    monkeypatch.chdir(tmp_path)  # Jupyter runs the kernel in the notebook's folder
    # The notebook holds a frame that refers to the page, not the page (1 MB for the sample).
    body = sample_kg.show(height=400).data
    assert len(body) < 2000 and "height:400px" in body and "srcdoc" not in body
    src = re.search(r'<iframe src="([^"]+)"', body).group(1)
    page = tmp_path / src
    assert src.startswith("kgraph-views/") and page.stat().st_size > 100_000
    assert 'id="kgraph-data"' in page.read_text(encoding="utf-8")
    assert sample_kg.show(height=400).data == body  # the same graph: the same file, written once
    assert len(list((tmp_path / "kgraph-views").iterdir())) == 1
    mine = sample_kg.show(tmp_path / "views" / "mine.html").data
    assert 'src="views/mine.html"' in mine and (tmp_path / "views" / "mine.html").exists()
    # Embedded on request (front ends that serve no files), the page escaped into the attribute.
    embedded = sample_kg.show(embed=True).data
    assert "<iframe srcdoc=" in embedded and len(embedded) > 100_000
    assert "<script" not in embedded.split('srcdoc="', 1)[1][:200] and "&lt;script" in embedded


# --- exports read back by their formats' own parsers and specifications ---

VOS_FIXED = ("id", "label", "sub_label", "description", "url", "x", "y", "cluster")


def read_vosviewer_map(text: str) -> list[dict[str, str]]:
    """A map file as VOSviewer's manual (4.1.1) specifies it: tab-separated, a header of known columns."""
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    header, body = rows[0], rows[1:]
    for column in header:
        assert column in VOS_FIXED or re.fullmatch(r"(weight|score)<[^<>]+>", column), column
    assert "id" in header and "label" in header and len(set(header)) == len(header)
    items = [dict(zip(header, row, strict=True)) for row in body]
    ids = [int(item["id"]) for item in items]
    assert all(i > 0 for i in ids) and len(set(ids)) == len(ids)  # positive, unique integers
    for item in items:
        float(item["x"]), float(item["y"])
        assert 1 <= int(item["cluster"]) <= 1000
        for column, value in item.items():
            if column.startswith("weight<"):
                assert float(value) >= 0
            elif column.startswith("score<") and value:
                float(value)
    return items


def read_vosviewer_network(text: str, ids: set[int]) -> list[tuple[int, int, float]]:
    """A network file (manual 4.1.2): no header, ``id<TAB>id<TAB>strength`` per line."""
    links = []
    for line in text.splitlines():
        a, b, strength = line.split("\t")
        assert int(a) in ids and int(b) in ids and int(a) != int(b) and float(strength) >= 0
        links.append((int(a), int(b), float(strength)))
    assert len({(a, b) for a, b, _ in links}) == len(links)
    return links


def test_vosviewer_files_follow_the_column_spec_and_hold_the_graph(sample_kg, tmp_path):
    map_path, network_path = sample_kg.to_vosviewer(tmp_path / "map.txt", tmp_path / "network.txt")
    items = read_vosviewer_map(map_path.read_text(encoding="utf-8"))
    assert len(items) == len(sample_kg)
    links = read_vosviewer_network(network_path.read_text(encoding="utf-8"), {int(i["id"]) for i in items})
    assert len(links) == sample_kg.graph.number_of_edges()
    by_label = {item["label"]: item for item in items}
    csc = by_label["cancer stem cell"]
    node = sample_kg.graph.nodes["cancer_stem_cell"]
    assert int(csc["weight<Documents>"]) == node["documents"] and int(csc["weight<Mentions>"]) == node["mentions"]
    assert float(csc["weight<Total link strength>"]) == sample_kg.graph.degree("cancer_stem_cell", weight="weight")
    # Link strengths are the sentences of each link.
    ids = {item["label"]: int(item["id"]) for item in items}
    strength = {(a, b): s for a, b, s in links}
    a, b = sorted((ids["abscopal effect"], ids["radiotherapy"]))
    assert strength[a, b] == sample_kg.graph.edges["abscopal_effect", "radiotherapy"]["weight"]
    # The communities are the clusters: concepts of one cluster are linked more among themselves.
    assert len({item["cluster"] for item in items}) > 2


def test_vosviewer_json_follows_the_json_spec_and_scores_years(tmp_path):
    import kgraph

    from .biblio_samples import PUBMED_XML

    (tmp_path / "pubmed.xml").write_text(PUBMED_XML, encoding="utf-8")
    kg = kgraph.build(tmp_path / "pubmed.xml")
    document = json.loads(kg.to_vosviewer_json(tmp_path / "map.json").read_text(encoding="utf-8"))
    network = document["network"]
    ids = set()
    for item in network["items"]:
        assert isinstance(item["id"], (int, str)) and isinstance(item["label"], str)
        assert isinstance(item["x"], float) and isinstance(item["y"], float) and 1 <= item["cluster"] <= 1000
        assert all(isinstance(k, str) and v >= 0 for k, v in item["weights"].items())
        assert all(isinstance(k, str) and isinstance(v, (int, float)) for k, v in item["scores"].items())
        ids.add(item["id"])
    assert len(ids) == len(kg)
    for link in network["links"]:
        assert link["source_id"] in ids and link["target_id"] in ids and link["strength"] >= 0
    assert all(isinstance(c["cluster"], int) and isinstance(c["label"], str) for c in network["clusters"])
    car_t = next(i for i in network["items"] if i["label"] == kg.graph.nodes["car_t_cell_therapy"]["label"])
    assert car_t["scores"]["Avg. pub. year"] == 2015.0
    map_path, _ = kg.to_vosviewer(tmp_path / "m.txt", tmp_path / "n.txt")
    assert "score<Avg. pub. year>" in map_path.read_text(encoding="utf-8").splitlines()[0]


def test_gexf_has_viz_colours_sizes_and_the_map_positions(sample_kg, tmp_path):
    from kgraph.views.layout import map_layout

    gexf = nx.read_gexf(sample_kg.to_gexf(tmp_path / "g.gexf"))  # NetworkX's GEXF reader
    layout = map_layout(sample_kg.graph)
    assert set(gexf) == set(sample_kg.graph)
    for node, data in gexf.nodes(data=True):
        viz = data["viz"]
        assert (viz["position"]["x"], -viz["position"]["y"]) == pytest.approx(layout.positions[node], abs=0.01)
        assert {"r", "g", "b"} <= set(viz["color"]) and viz["size"] > 0
        assert data["label"] == sample_kg.graph.nodes[node]["label"]
    big, small = (max(sample_kg.graph, key=lambda n: sample_kg.graph.nodes[n]["mentions"]),
                  min(sample_kg.graph, key=lambda n: sample_kg.graph.nodes[n]["mentions"]))
    assert gexf.nodes[big]["viz"]["size"] > gexf.nodes[small]["viz"]["size"]


def test_cytoscape_json_names_concepts_by_label_and_gives_evidence_as_plain_fields(sample_kg, tmp_path):
    data = json.loads(sample_kg.to_cytoscape(tmp_path / "g.cyjs").read_text(encoding="utf-8"))
    # Cytoscape.js elements JSON: data.id unique strings; edges' source and target are node ids.
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    ids = [n["data"]["id"] for n in nodes]
    assert len(set(ids)) == len(ids) == len(sample_kg) and all(isinstance(i, str) for i in ids)
    for n in nodes:
        assert n["data"]["name"] == sample_kg.graph.nodes[n["data"]["id"]]["label"]
        assert isinstance(n["position"]["x"], float) and isinstance(n["position"]["y"], float)
    for e in edges:
        d = e["data"]
        assert d["source"] in ids and d["target"] in ids and isinstance(d["id"], str)
        assert all(isinstance(s, str) for s in d["evidence_sentences"] + d["evidence_documents"])
        assert len(d["evidence_sentences"]) == len(d["evidence_documents"])
        for value in d.values():  # plain fields: scalars or lists of scalars, nothing nested
            assert not isinstance(value, dict)
            assert not isinstance(value, list) or all(not isinstance(v, (dict, list)) for v in value)
    # NetworkX's Cytoscape reader takes it back with the labels as names.
    back = nx.cytoscape_graph(data)
    assert back.number_of_edges() == sample_kg.graph.number_of_edges()
    assert back.nodes["cancer_stem_cell"]["name"] == "cancer stem cell"
    edge = back.edges["abscopal_effect", "radiotherapy"]
    assert any("abscopal" in s for s in edge["evidence_sentences"])


def test_node_link_json_is_the_whole_graph_for_networkx(sample_kg, tmp_path):
    path = sample_kg.to_node_link(tmp_path / "g.json")
    back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    assert nx.utils.graphs_equal(back, sample_kg.graph)


def test_cli_export_writes_each_format_into_the_folder(sample_kg, tmp_path):
    from typer.testing import CliRunner

    from kgraph.cli import app

    sample_kg.save(tmp_path / "graph.json")
    runner = CliRunner()
    result = runner.invoke(app, ["export", str(tmp_path / "graph.json"), "vosviewer", "--out", str(tmp_path / "vos")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "vos" / "vosviewer_map.txt").exists() and (tmp_path / "vos" / "vosviewer_network.txt").exists()
    for to, name in [("gexf", "graph.gexf"), ("cytoscape", "graph.cyjs"), ("node-link", "graph.node-link.json"),
                     ("vosviewer-json", "graph.vosviewer.json"), ("graphml", "graph.graphml"), ("csv", "evidence.csv")]:
        result = runner.invoke(app, ["export", str(tmp_path / "graph.json"), to, "--out", str(tmp_path / "x")])
        assert result.exit_code == 0 and (tmp_path / "x" / name).stat().st_size > 100, (to, result.output)
    result = runner.invoke(app, ["export", str(tmp_path / "graph.json"), "pajek"])
    assert result.exit_code == 2 and "pajek" in result.output


@pytest.mark.parametrize("export", ["gexf", "graphml"])
def test_export_formats_xml_stays_well_formed_with_control_characters(sample_kg, tmp_path, export):
    import xml.etree.ElementTree as ET

    import kgraph

    graph = sample_kg.graph.copy()
    graph.nodes["cancer_stem_cell"].update(label="CSC\x01s \x1b[2J", category="cell\x0btype",
                                           aliases=["CSC\x00", "tumour \ud800"])
    path = getattr(kgraph.KnowledgeGraph(graph), f"to_{export}")(tmp_path / f"g.{export}")
    ET.parse(path)  # Gephi and yEd refuse a file that is not XML
    read = (nx.read_gexf if export == "gexf" else nx.read_graphml)(path)
    node = read.nodes["cancer_stem_cell"]
    assert node["label"] == "CSC\\x01s \\x1b[2J" and node["category"] == "cell\\x0btype"
    assert node["aliases"] == "CSC\\x00; tumour \\ud800"
    assert sample_kg.graph.nodes["cancer_stem_cell"]["label"] == "cancer stem cell"  # the graph is unchanged


def test_export_formats_evidence_csv_names_the_papers_and_gexf_holds_json_not_python(tmp_path):
    import kgraph

    from .biblio_samples import PUBMED_XML

    (tmp_path / "pubmed.xml").write_text(PUBMED_XML, encoding="utf-8")
    kg = kgraph.build(tmp_path / "pubmed.xml")
    rows = list(csv.DictReader(kg.to_csv(tmp_path / "evidence.csv").open(encoding="utf-8")))
    row = next(r for r in rows if {r["source"], r["target"]} == {"abscopal_effect", "radiotherapy"})
    assert row["year"] == "2019" and row["cite"] == kg.evidence("abscopal effect", "radiotherapy")[0]["cite"]
    assert "Radiation Oncology" in row["cite"]
    gexf = nx.read_gexf(kg.to_gexf(tmp_path / "g.gexf"))
    node = gexf.nodes["radiotherapy"]
    provenance = json.loads(node["provenance"])  # JSON, not "['radiotherapy', 'lexicon', 2]; ..."
    assert provenance == kg.graph.nodes["radiotherapy"]["provenance"]
    assert json.loads(node["years"]) == kg.graph.nodes["radiotherapy"]["years"]
    assert node["aliases"] == "; ".join(kg.graph.nodes["radiotherapy"]["aliases"])  # names stay readable
