import copy

import networkx as nx
import pytest

import kgraph
from kgraph.graph.analysis import (
    communities,
    filter_graph,
    path_with_evidence,
    structural_gaps,
)


def two_clusters() -> nx.Graph:
    g = nx.Graph()
    for a, b in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")]:
        g.add_edge(a, b, weight=5, evidence=[{"doc": "d", "start": 0, "end": 1, "text": "t", "marks": {}}])
    g.add_edge("c", "x", weight=1, evidence=[])
    for n in g:
        g.nodes[n].update(label=n.upper(), category="therapy" if n in "abc" else "drug", mentions=ord(n))
    return g


def test_analysis_communities_are_seeded_and_partition_the_graph():
    g = two_clusters()
    first, second = communities(g, seed=1), communities(g, seed=1)
    assert first == second == [{"a", "b", "c"}, {"x", "y", "z"}]
    assert set().union(*first) == set(g)


def test_analysis_path_prefers_strong_links_and_carries_evidence():
    g = two_clusters()
    g.add_edge("a", "z", weight=1, evidence=[])
    hops = path_with_evidence(g, "b", "y")
    assert [h.source for h in hops][0] == "b" and hops[-1].target == "y"
    assert all(h.weight >= 1 for h in hops)
    with pytest.raises(nx.NetworkXNoPath):
        path_with_evidence(nx.Graph([("p", "q"), ("r", "s")]), "p", "r")


def test_analysis_structural_gaps_name_the_bridges():
    [gap] = structural_gaps(two_clusters(), min_size=3, min_expected=0.5)
    assert gap.links == 1 and gap.bridges == ["c", "x"] and 0 < gap.density < 1
    assert gap.names_a == ["C", "B", "A"] and gap.names_b == ["Z", "Y", "X"]
    assert gap.expected == pytest.approx(7 * 7 / 14) and gap.ratio == pytest.approx(1 / 3.5, abs=1e-4)
    assert [(b.source, b.target) for b in gap.evidence] == [("c", "x")]


def test_analysis_gaps_are_fewer_links_than_expected_not_small_empty_pairs():
    """Two big fields that rarely meet form a gap; two tiny groups without links do not (nothing was expected)."""
    import random

    rng = random.Random(1)
    g = nx.Graph()
    fields = {"cell": 40, "clinic": 40, "imaging": 40}
    for name, size in fields.items():
        members = [f"{name}{i}" for i in range(size)]
        for _ in range(size * 4):
            a, b = rng.sample(members, 2)
            g.add_edge(a, b, weight=rng.randint(1, 5), evidence=[{"doc": "d", "text": f"{a} {b}"}])
    for _ in range(60):  # cell-imaging and clinic-imaging meet often, cell-clinic hardly
        g.add_edge(f"imaging{rng.randrange(40)}", f"{rng.choice(['cell', 'clinic'])}{rng.randrange(40)}",
                   weight=1, evidence=[])
    g.add_edge("cell0", "clinic0", weight=2, evidence=[{"doc": "d9", "text": "cell0 meets clinic0"}])
    for i in range(3):  # two tiny groups, never linked
        g.add_edge(f"tiny{i}", f"tiny{i + 1}", weight=1, evidence=[])
        g.add_edge(f"small{i}", f"small{i + 1}", weight=1, evidence=[])
    for n in g:
        g.nodes[n].update(label=n, category="mechanism", mentions=1)
    gaps = structural_gaps(g)
    first = gaps[0]
    assert {first.names_a[0][:4], first.names_b[0][:4]} <= {"cell", "clin"} and first.links == 1
    assert first.p < 1e-6 and first.evidence[0].evidence[0]["text"] == "cell0 meets clinic0"
    assert not any("tiny" in g.names_a[0] + g.names_b[0] for g in gaps)


def test_analysis_filter_returns_a_new_graph_and_leaves_the_input_alone():
    g = two_clusters()
    before = copy.deepcopy(g)
    strong = filter_graph(g, min_weight=2)
    assert not strong.has_edge("c", "x") and strong.number_of_nodes() == 6
    assert set(filter_graph(g, categories=["drug"])) == {"x", "y", "z"}
    assert set(filter_graph(g, top=2)) == {"z", "y"}
    assert nx.utils.graphs_equal(g, before) and g.has_edge("c", "x")


def test_analysis_on_the_sample_graph(sample_kg):
    central = sample_kg.central(by="pagerank", limit=5)
    assert len(central) == 5 and central == sorted(central, key=lambda t: (-t[1], t[0]))
    assert sample_kg.central(by="degree", limit=1)[0][1] >= sample_kg.central(by="degree", limit=2)[1][1]
    assert sample_kg.central(by="betweenness", limit=3)
    with pytest.raises(ValueError):
        sample_kg.central(by="fame")
    hops = sample_kg.path("abscopal effect", "CSCs")
    assert hops[0].source == "abscopal_effect" and hops[-1].target == "cancer_stem_cell"
    assert all(h.evidence for h in hops)
    ego = sample_kg.ego("CSCs")
    assert isinstance(ego, kgraph.KnowledgeGraph) and "cancer_stem_cell" in ego.graph
    assert set(ego.graph) == {"cancer_stem_cell", *sample_kg.graph["cancer_stem_cell"]}
    assert sample_kg.communities(seed=7) == sample_kg.communities(seed=7)
    assert all(g.density >= 0 and g.links < g.expected for g in sample_kg.gaps(limit=3))
    filtered = sample_kg.filter(min_weight=3)
    assert filtered.summary()["edges"] < sample_kg.summary()["edges"]
    assert all(d["weight"] >= 3 for _, _, d in filtered.graph.edges(data=True))


def test_analysis_betweenness_of_a_large_graph_is_sampled_and_says_so(caplog):
    """Exact betweenness of thousands of concepts takes minutes (issue 27): sampled, seeded, announced."""
    from kgraph.graph import analysis
    from kgraph.settings import DEFAULTS

    size, samples = DEFAULTS.betweenness_exact_limit + 20, DEFAULTS.betweenness_samples
    big = nx.connected_watts_strogatz_graph(size, 4, 0.2, seed=1)
    nx.set_edge_attributes(big, 1, "weight")
    with caplog.at_level("WARNING", logger="kgraph"):
        sampled = analysis.central_concepts(big, by="betweenness", limit=None)
    assert f"estimated from {samples} sampled sources (seed 42)" in caplog.text and f"k={size}" in caplog.text
    expected = nx.betweenness_centrality(big, k=samples, seed=42, weight="weight")
    assert dict(sampled) == {n: round(s, 6) for n, s in expected.items()}
    assert analysis.central_concepts(big, by="betweenness", limit=None) == sampled  # reproducible
    caplog.clear()
    g = nx.connected_watts_strogatz_graph(80, 4, 0.2, seed=1)
    nx.set_edge_attributes(g, 1, "weight")
    with caplog.at_level("WARNING", logger="kgraph"):
        asked = analysis.central_concepts(big, by="betweenness", k=samples, limit=None)  # sampled as asked
        exact = analysis.central_concepts(g, by="betweenness", limit=None)  # under the limit: exact
        small = analysis.central_concepts(nx.path_graph(5), by="betweenness", limit=1)
    assert not caplog.records and asked == sampled and small == [(2, 0.666667)]
    assert dict(exact) == {n: round(s, 6) for n, s in nx.betweenness_centrality(g, weight="weight").items()}
    with pytest.raises(ValueError, match="k must be at least 1"):
        analysis.central_concepts(g, by="betweenness", k=0)
