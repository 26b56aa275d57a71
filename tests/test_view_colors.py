"""The colours of the views (kgraph.views.colors): one rule each, computed in Python."""

import networkx as nx
import pytest

from kgraph.views.colors import (
    CATEGORY_COLORS,
    NEUTRAL_COLOR,
    category_colors,
    graph_colors,
    year_color,
)


def test_view_colors_an_unknown_category_is_neutral_not_a_known_one():
    """An unknown category was drawn in molecule's green (issue 29)."""
    colors = category_colors(["molecule", "my_category", "another_one"])
    assert colors["molecule"] == CATEGORY_COLORS["molecule"]
    assert colors["my_category"] == colors["another_one"] == NEUTRAL_COLOR
    assert NEUTRAL_COLOR not in CATEGORY_COLORS.values()


def test_view_colors_gexf_draws_an_unknown_category_neutral(tmp_path):
    from kgraph.views.formats import to_gexf

    graph = nx.Graph()
    graph.add_node("a", label="a", category="molecule", mentions=3)
    graph.add_node("b", label="b", category="gadget", mentions=2)
    graph.add_edge("a", "b", weight=1, npmi=0.5, documents=1)
    loaded = nx.read_gexf(to_gexf(graph, tmp_path / "g.gexf"))
    rgb = {node: tuple(d["viz"]["color"][k] for k in "rgb") for node, d in loaded.nodes(data=True)}
    assert rgb["b"] == tuple(int(NEUTRAL_COLOR[k:k + 2], 16) for k in (1, 3, 5)) != rgb["a"]
    assert graph_colors(graph) == {"gadget": NEUTRAL_COLOR, "molecule": CATEGORY_COLORS["molecule"]}


def test_view_colors_the_view_has_a_colour_for_every_concept(sample_kg):
    """The page only looks colours up: every category and community it can draw has one."""
    import json
    import re

    from kgraph.views.html import render_html

    graph = sample_kg.graph.copy()
    graph.nodes["radiotherapy"]["category"] = "gadget"  # a category of the user's own
    html = render_html(graph, max_nodes=10)
    data = json.loads(re.search(r'id="kgraph-data">(.*?)</script>', html, re.DOTALL).group(1))
    palette = data["palette"]
    assert set(data["concepts"]["category"]) <= set(palette["category"])
    assert palette["category"]["gadget"] == NEUTRAL_COLOR
    assert {str(c) for c in data["concepts"]["community"]} <= set(palette["community"])


@pytest.mark.parametrize(("year", "expected"), [(2015, "rgb(68,1,84)"), (2021, "rgb(253,231,37)"),
                                                (2010, "rgb(68,1,84)"), (2030, "rgb(253,231,37)")])
def test_view_colors_the_year_scale_runs_from_the_first_year_to_the_last(year, expected):
    assert year_color(year, 2015, 2021) == expected
