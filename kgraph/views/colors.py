"""The colours a concept is drawn in: by category, by community, by the mean year of its documents.

Every colour rule of the views lives here: the HTML view receives the
colours computed (its script only looks them up), GEXF and the other
exports take the same ones.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

__all__ = ["CATEGORY_COLORS", "COMMUNITY_COLORS", "NEUTRAL_COLOR", "OTHER_COMMUNITY_COLOR", "OUTLINED_SOURCES",
           "RING_COLOR", "YEAR_SCALE", "category_colors", "graph_colors", "year_color"]

#: Colours of the categories (the view, GEXF).
CATEGORY_COLORS = {
    "therapy": "#4e79a7", "drug": "#f28e2b", "drug_class": "#ffbe7d", "cell_type": "#59a14f",
    "target": "#e15759", "mechanism": "#b07aa1", "technology": "#76b7b2", "cancer": "#9c755f",
    "clinical": "#edc948", "anatomy": "#ff9da7", "other": "#bab0ac", "molecule": "#8cd17d",
    "statistic": "#d4d4d4", "method": "#c7c7c7", "general": "#dcdcdc", "generic": "#cfcfcf",
}

NEUTRAL_COLOR = "#a5acb5"
"""The colour of a category kgraph does not know (a user's lexicon may add some): a neutral grey,
never the colour of a known category."""

#: Colours of the largest communities (a qualitative palette); smaller ones are grey.
COMMUNITY_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948",
                    "#9c755f", "#ff9da7", "#86bcb6", "#d37295", "#8cd17d", "#b6992d", "#499894",
                    "#a0cbe8", "#f1ce63", "#d4a6c8", "#fabfd2", "#79706e", "#ffbe7d"]
OTHER_COMMUNITY_COLOR = "#c9c9c9"
"""The colour of concepts outside the coloured communities."""

RING_COLOR = "#3e4c59"
"""The dark ring around a concept of one of :data:`OUTLINED_SOURCES` (the README's "outlined")."""

OUTLINED_SOURCES = ("discovered",)
"""The sources (node attribute ``source``) of the concepts drawn with a ring: found in the texts, not in the lexicon."""

YEAR_SCALE = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
"""The stops of the mean-year scale (viridis-like, as VOSviewer's overlay), from the first year to the last."""


def category_colors(categories: Iterable[str]) -> dict[str, str]:
    """The colour of each category: its own, or :data:`NEUTRAL_COLOR` for a category kgraph does not know.

    Examples:
        >>> category_colors(["drug", "my_category"])
        {'drug': '#f28e2b', 'my_category': '#a5acb5'}
        >>> NEUTRAL_COLOR in CATEGORY_COLORS.values()
        False
    """
    return {category: CATEGORY_COLORS.get(category, NEUTRAL_COLOR) for category in sorted(set(categories))}


def graph_colors(graph: nx.Graph) -> dict[str, str]:
    """The colour of each category of ``graph``'s concepts (the view, GEXF)."""
    return category_colors(d.get("category", "other") for _, d in graph.nodes(data=True))


def year_color(year: float, first: int, last: int) -> str:
    """The colour of a mean year on :data:`YEAR_SCALE`, from ``first`` (its first stop) to ``last`` (its last).

    Years outside the range take the colour of its nearer end; a range of one
    year is drawn in the last stop's colour.

    Examples:
        >>> year_color(2015, 2015, 2021), year_color(2021, 2015, 2021), year_color(2018, 2015, 2021)
        ('rgb(68,1,84)', 'rgb(253,231,37)', 'rgb(33,145,140)')
        >>> year_color(2019, 2019, 2019)
        'rgb(253,231,37)'
    """
    t = min(max((year - first) / (last - first), 0.0), 1.0) if last > first else 1.0
    stops = [tuple(int(stop[k:k + 2], 16) for k in (1, 3, 5)) for stop in YEAR_SCALE]
    position = t * (len(stops) - 1)
    i = min(int(position), len(stops) - 2)
    f = position - i
    rgb = (_round_half_up(a + f * (b - a)) for a, b in zip(stops[i], stops[i + 1]))
    return "rgb({},{},{})".format(*rgb)


def _round_half_up(value: float) -> int:
    """Round as JavaScript's ``Math.round`` does (halves up), as the view always has."""
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)
