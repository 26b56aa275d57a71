import csv
import json
import os
import re

import networkx as nx
import pytest

import kgraph
from kgraph.views.html import render_html, select_subgraph

PAYLOAD_DOCS = [
    ("evil<script>alert(1)</script>", "Radiotherapy and chemotherapy <script>alert('x')</script> helped."),
    ("img", "Chemotherapy <img src=x onerror=alert(2)> with radiotherapy (R<b>T</b>)."),
    ("disc", "The </script><script>alert(3)</script> zorbic fields (ZF) and radiotherapy."),
]


def embedded_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="kgraph-data">(.*?)</script>', html, re.S)
    assert m, "data block missing"
    return json.loads(m.group(1))


def rows(table: dict) -> list[dict]:
    """A table of the page's data (named columns) as one dict per row."""
    return [dict(zip(table, values)) for values in zip(*table.values())]


def test_export_html_is_self_contained(sample_kg):
    html = render_html(sample_kg.graph)
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "cdn.jsdelivr" not in html and "bootstrap" not in html.lower()
    assert "vis.Network" in html  # vis-network is inlined
    data = embedded_data(html)
    assert data["total"]["nodes"] == len(sample_kg)
    assert all(e["evidence"] for e in data["edges"])


def test_export_html_escapes_document_text():
    kg = kgraph.build(PAYLOAD_DOCS)
    html = render_html(kg.graph)
    assert "<script>alert" not in html
    assert "onerror=alert" not in html.replace("onerror=alert(2)", "") or "<img src=x" not in html
    assert "<img src=x" not in html
    data = embedded_data(html)  # the payloads survive, as data
    texts = [ev["text"] for e in data["edges"] for ev in e["evidence"]]
    assert any("<script>alert('x')</script>" in t for t in texts)
    assert any("<img src=x onerror=alert(2)>" in t for t in texts)


def test_export_html_caps_nodes_and_says_so(sample_kg, tmp_path):
    path = sample_kg.to_html(tmp_path / "view.html", max_nodes=10, title="Top ten")
    html = path.read_text(encoding="utf-8")
    data = embedded_data(html)
    assert data["shown"]["nodes"] == 10 and data["total"]["nodes"] == len(sample_kg)
    assert "<title>Top ten</title>" in html
    assert len(select_subgraph(sample_kg.graph, 10)) == 10
    assert len(sample_kg.graph) > 10  # the caller's graph is untouched


def test_export_html_filtered_view_carries_every_concept_and_link(sample_kg):
    from kgraph.views.layout import node_size

    data = embedded_data(render_html(sample_kg.graph, max_nodes=10))
    ids = data["concepts"]["id"]
    concepts = {row["id"]: row for row in rows(data["concepts"])}
    assert len(concepts) == len(sample_kg) and set(data["nodes"]) <= set(concepts)
    # Every link of the whole graph, not only those drawn, with its counts.
    links = rows(data["links"])
    assert len(links) == sample_kg.graph.number_of_edges() > len(data["edges"])
    for link in links:
        edge = sample_kg.graph.edges[ids[link["a"]], ids[link["b"]]]
        assert link["a"] < link["b"] and (link["weight"], link["documents"]) == (edge["weight"], edge["documents"])
        assert link["npmi"] == round(edge["npmi"], 3)
    abscopal = concepts["abscopal_effect"]
    rank = ids.index("abscopal_effect") + 1
    assert abscopal["label"] == "abscopal effect" and rank > 10
    # Its other names for the panel, once each up to case and plural, not the label again.
    assert abscopal["names"] and "abscopal effects" not in abscopal["names"]
    assert abscopal["size"] == node_size(sample_kg.graph.nodes["abscopal_effect"]["mentions"])
    # A search finds it by its names, cut into words in Python; the first entry of a name is the one found.
    found = {words: ids[i] for words, i in reversed(list(zip(data["names"]["words"], data["names"]["concept"])))}
    assert found["abscopal effect"] == found["abscopal response"] == "abscopal_effect"
    # The rank is the --max-nodes that draws the concept.
    redrawn = embedded_data(render_html(sample_kg.graph, max_nodes=rank))
    assert "abscopal_effect" in redrawn["nodes"]


def test_export_html_large_graph_uses_fixed_layout():
    texts = [f"Radiotherapy with drug{i}mab (D{i}M) and D{i}M again." for i in range(200)]
    kg = kgraph.build(texts)
    assert len(kg) > 200
    data = embedded_data(render_html(kg.graph, max_nodes=400))
    assert data["physics"] is False and data["shown"]["nodes"] == len(kg)
    small = embedded_data(render_html(kgraph.build(["Radiotherapy and surgery."]).graph))
    assert small["physics"] is True


def large_graph(edges: int = 100_000) -> nx.Graph:
    """A graph with ``edges`` links among 800 concepts, each link with one evidence sentence."""
    import random

    rng = random.Random(7)
    graph = nx.gnm_random_graph(800, edges, seed=7)
    big = nx.Graph(documents=50_000, sentences=400_000)
    for node in graph:
        big.add_node(f"c{node:03d}", label=f"concept {node}", category="other", mentions=rng.randint(1, 999))
    for a, b in graph.edges:
        weight = rng.randint(1, 50)
        big.add_edge(f"c{a:03d}", f"c{b:03d}", weight=weight, npmi=round(rng.random(), 3), documents=weight,
                     evidence=[{"doc": "d", "start": 0, "end": 20, "text": f"concept {a} and concept {b}",
                                "marks": {}}])
    return big


@pytest.mark.slow
def test_html_of_a_100k_edge_graph_is_filtered_and_says_so():
    graph = large_graph()
    assert graph.number_of_edges() == 100_000
    html = render_html(graph)
    data = json.loads(re.search(r'<script type="application/json" id="kgraph-data">(.*?)</script>', html, re.S)
                      .group(1))
    assert data["total"] == {"nodes": 800, "edges": 100_000}
    assert data["shown"]["nodes"] == 800 and data["shown"]["edges"] == 10_000
    assert len(data["links"]["a"]) == 100_000  # the panel lists every link
    assert len(html) < 16_000_000
    shown = {(e["from"], e["to"]) for e in data["edges"]}
    assert {n for pair in shown for n in pair} == set(data["nodes"])  # no concept left without a link
    weights = sorted((graph.edges[e]["weight"] for e in shown), reverse=True)
    assert weights[0] == 50  # the strongest links are the ones shown


def test_the_view_of_a_large_graph_is_the_same_in_every_python_process(tmp_path):
    """Subgraph views of networkx iterate a set for small subsets: the layout must not follow it."""
    import random
    import subprocess
    import sys

    import networkx as nx

    from kgraph.graph.serialize import save_graph

    rng = random.Random(5)
    graph = nx.Graph()
    for i in range(900):
        graph.add_node(f"concept_{i}", label=f"concept {i}", category="mechanism", mentions=rng.randint(1, 50),
                       sentences=1, documents=1, aliases=[], synonyms=[])
    for _ in range(3000):
        a, b = rng.sample(range(900), 2)
        graph.add_edge(f"concept_{a}", f"concept_{b}", weight=rng.randint(1, 9), npmi=0.1, documents=1,
                       evidence=[])
    graph.graph.update(documents=1, sentences=1)
    save_graph(graph, tmp_path / "g.json")
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"view-{seed}.html"
        subprocess.run([sys.executable, "-m", "kgraph", "html", str(tmp_path / "g.json"), "--out", str(out)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append(out.read_text(encoding="utf-8"))
    assert pages[0] == pages[1]


def map_graph(concepts: int = 2400, groups: int = 12, links: int = 16_000, seed: int = 3) -> nx.Graph:
    """A literature-like graph: ``groups`` planted topics, Zipf-like mentions, most links inside a topic."""
    import random

    rng = random.Random(seed)
    words = ["kinase", "receptor", "therapy", "cell", "tumour", "ligand", "pathway", "inhibitor", "antibody",
             "syndrome", "factor", "protein", "marker", "response", "signalling", "vaccine"]
    graph = nx.Graph(documents=20_000, sentences=150_000)
    topic = {}
    for i in range(concepts):
        topic[i] = i % groups
        label = f"{rng.choice(words)} {rng.choice(words)} {i}" if i % 3 else f"{rng.choice(words)}-{i}"
        graph.add_node(f"c{i:04d}", label=label, category=["drug", "target", "therapy", "mechanism"][i % 4],
                       source="discovered" if i % 7 == 0 else "lexicon", mentions=max(1, int(5000 / (i + 1))),
                       sentences=1, documents=1, aliases=[label], synonyms=[])
    members = {g: [i for i in range(concepts) if topic[i] == g] for g in range(groups)}
    while graph.number_of_edges() < links:
        a = rng.randrange(concepts)
        b = rng.choice(members[topic[a]]) if rng.random() < 0.9 else rng.randrange(concepts)
        if a != b:
            weight = rng.randint(1, 30)
            graph.add_edge(f"c{a:04d}", f"c{b:04d}", weight=weight, npmi=round(rng.random(), 3), documents=weight,
                           evidence=[{"doc": "d", "start": 0, "end": 9, "text": f"{a} with {b}", "marks": {}}])
    return graph


def test_the_map_places_communities_apart_and_each_compact():
    from kgraph.views.layout import map_layout

    graph = map_graph(concepts=600, groups=6, links=3000)
    layout = map_layout(graph)
    assert set(layout.positions) == set(graph) and layout == map_layout(graph)
    clusters = [c for c in layout.clusters if c.size >= 20]
    assert len(clusters) >= 5
    for c in clusters:  # discs do not overlap
        for d in clusters:
            if c.id < d.id:
                assert ((c.x - d.x) ** 2 + (c.y - d.y) ** 2) ** 0.5 >= c.radius + d.radius
    # A concept is nearer its own cluster's centre than any other's.
    inside = sum(1 for node, cid in layout.community.items() if cid >= 0 and min(
        clusters, key=lambda c: (c.x - layout.positions[node][0]) ** 2 + (c.y - layout.positions[node][1]) ** 2
    ).id == cid)
    assert inside >= 0.99 * sum(1 for cid in layout.community.values() if cid >= 0 and cid < len(clusters))
    assert graph.number_of_nodes() == 600  # the caller's graph is untouched


def test_discs_are_pushed_apart_until_none_overlap():
    """A crowd of discs started near one spot ends with none overlapping (and always the same way)."""
    import numpy as np

    from kgraph.views.layout import _separate

    rng = np.random.default_rng(3)
    start, radii = rng.normal(0, 10, (60, 2)), rng.uniform(30, 400, 60)
    centres = _separate(start, radii)
    apart = np.hypot(*(centres[:, None, :] - centres[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(apart, np.inf)
    assert (apart >= radii[:, None] + radii[None, :]).all()
    assert np.array_equal(centres, _separate(start, radii))


def test_export_html_the_view_and_the_exports_share_one_map(tmp_path):
    """A view that draws part of a graph shows the exports' communities, numbers and places (issue 27)."""
    from kgraph.kg import KnowledgeGraph

    graph = map_graph(concepts=700, groups=6, links=4000)
    kg = KnowledgeGraph(graph)
    html = kg.to_html(tmp_path / "view.html", max_nodes=300).read_text(encoding="utf-8")
    data = embedded_data(html)
    concepts = {row["id"]: row for row in rows(data["concepts"])}
    assert len(data["nodes"]) == 300 < len(graph)
    map_file, _ = kg.to_vosviewer(tmp_path / "map.txt", tmp_path / "network.txt")
    vosviewer = csv.DictReader(map_file.read_text(encoding="utf-8").splitlines(), delimiter="\t")
    cluster = {row["label"]: int(row["cluster"]) for row in vosviewer}
    cytoscape = json.loads(kg.to_cytoscape(tmp_path / "g.cyjs").read_text(encoding="utf-8"))
    place = {n["data"]["id"]: (n["position"]["x"], n["position"]["y"]) for n in cytoscape["elements"]["nodes"]}
    groups = kg.communities()
    for node, d in concepts.items():  # drawn or not (a search draws them where the exports put them)
        assert cluster[graph.nodes[node]["label"]] == d["community"] + 1  # the number VOSviewer shows
        assert d["community"] < 0 or node in groups[d["community"]]  # the community of kg.communities()
        assert (d["x"], d["y"]) == place[node]  # the place Cytoscape shows
    # The legend's numbers and sizes are those of the whole graph's communities.
    assert data["communities"] and all(c["size"] == len(groups[c["id"]]) for c in data["communities"])
    assert sum(c["drawn"] for c in data["communities"]) <= 300


def test_the_map_never_lets_two_concepts_overlap():
    """Large concepts drawn on one another (BCL-2 on apoptosis) hid each other when zoomed in (issue 27)."""
    import itertools
    import math

    from kgraph.views.layout import map_layout, node_size

    graph = map_graph(concepts=600, groups=6, links=3000)
    layout = map_layout(graph)
    touching = [(a, b) for a, b in itertools.combinations(graph, 2)
                if math.dist(layout.positions[a], layout.positions[b])
                < node_size(graph.nodes[a]["mentions"]) + node_size(graph.nodes[b]["mentions"])]
    assert touching == []
