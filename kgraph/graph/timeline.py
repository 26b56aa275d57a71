"""Documents, their metadata and time: sub-corpora and trends (pure Python on the graph).

Every node and edge of a kgraph graph keeps its counts per stratum, the
(year, journal) of its documents (``strata``, see :mod:`kgraph.graph.schema`), so
the graph of a span of years or a set of journals is computed exactly from
the graph alone: counts, NPMI and evidence as a build of those documents
would give them (the written forms of a concept are the whole corpus's).

Trends are tested per concept and per link with the Cochran-Armitage test
for a linear trend in the share of documents that mention it across the
years, and the p-values are corrected for the number of tests with the
Benjamini-Hochberg procedure.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..errors import KGraphError
from ..settings import DEFAULTS
from .schema import npmi, year_profile

__all__ = ["Keep", "Trend", "document_years", "documents_of", "periods", "restrict", "select_strata", "strata_of", "trends"]


def documents_of(graph: nx.Graph) -> list[dict[str, Any]]:
    """The documents of a graph: ``{"id", "sentences", ...metadata}``, sorted by id.

    Raises:
        KGraphError: The graph was built by a kgraph version that did not
            record its documents.
    """
    documents = graph.graph.get("documents_index")
    if documents is None:
        raise KGraphError("This graph does not record its documents (it was built by an older kgraph); "
                          "build it again from its corpus.")
    return documents


Keep = Callable[[Any, Any], bool]
"""A test on a stratum: ``keep(year, journal)``."""


def select_strata(graph: nx.Graph, *, years: tuple[int | None, int | None] | None = None,
                  journals: Iterable[str] | None = None) -> Keep:
    """The test that keeps the documents of some years and journals.

    Args:
        graph: A kgraph graph.
        years: ``(first, last)``, both included; None on one side leaves it
            open. Documents without a year never pass.
        journals: Journal names (compared without regard to case).

    Raises:
        KGraphError: ``years`` or ``journals`` are given but no document
            has a year or a journal, or a journal is unknown (the message
            lists the most frequent ones).
    """
    strata = strata_of(graph)
    tests: list[Keep] = []
    if years is not None:
        first, last = years
        if not any(row[0] is not None for row in strata):
            raise KGraphError("No document of this graph has a year: build it from a bibliographic export "
                              "(PubMed, RIS, BibTeX, ...) or give --year-field for CSV/JSON records.")
        tests.append(lambda year, _: year is not None and (first is None or year >= first)
                     and (last is None or year <= last))
    if journals is not None:
        asked = {str(j).strip().lower(): j for j in journals}
        known: Counter[str] = Counter()
        for _, journal, documents, _ in strata:
            if journal is not None:
                known[str(journal).strip()] += documents
        if not known:
            raise KGraphError("No document of this graph has a journal.")
        unknown = sorted(asked[name] for name in set(asked) - {k.lower() for k in known})
        if unknown:
            top = ", ".join(name for name, _ in known.most_common(8))
            raise KGraphError(f"No document is from {', '.join(map(repr, unknown))}; the most frequent "
                              f"journals are: {top}.")
        tests.append(lambda _, journal: journal is not None and str(journal).strip().lower() in asked)
    return lambda year, journal: all(test(year, journal) for test in tests)


def strata_of(graph: nx.Graph) -> list[list[Any]]:
    """The ``strata`` graph attribute: ``[year, journal, documents, sentences]`` rows.

    Raises:
        KGraphError: The graph was built by a kgraph that did not keep them.
    """
    strata = graph.graph.get("strata")
    if strata is None:
        raise KGraphError("This graph does not record the years and journals of its documents (it was "
                          "built by an older kgraph); build it again from its corpus.")
    return strata


def restrict(graph: nx.Graph, keep: Keep, *, description: str = "") -> nx.Graph:
    """The graph of the documents of some years and journals, counted over them only.

    Every count is kept per stratum (year and journal), so mentions,
    sentences, documents, weights, NPMI, expected counts, years and evidence
    come out as a build of only those documents gives them, when that build
    recognises the same concepts (the corpus-wide abbreviations and
    discovered terms, and the written forms of each concept, are those of
    the whole corpus).

    Args:
        graph: A kgraph graph (not modified).
        keep: Which strata to keep: ``keep(year, journal)`` (see :func:`select_strata`).
        description: What the subset is, kept as the ``subset`` graph attribute.

    Returns:
        A new graph; concepts and links without any kept document are left
        out, and links under the graph's ``min_weight`` dropped.

    Examples:
        >>> from kgraph import build
        >>> kg = build([("a", "CSCs resist radiotherapy."), ("b", "Radiotherapy and CSCs.")])
        >>> restrict(kg.graph, lambda year, journal: True).graph["documents"]
        2
    """
    strata = [row for row in strata_of(graph) if keep(row[0], row[1])]
    index = [dict(d) for d in graph.graph.get("documents_index", []) if keep(d.get("year"), d.get("journal"))]
    kept_ids = {d["id"] for d in index}
    out = nx.Graph()
    out.graph.update(graph.graph)
    out.graph.update(documents=sum(row[2] for row in strata), sentences=sum(row[3] for row in strata),
                     documents_index=index, strata=strata)
    if description:
        out.graph["subset"] = description
    for node, data in graph.nodes(data=True):
        rows = [row for row in _rows(data, ("mentions", "sentences", "documents")) if keep(row[0], row[1])]
        if not rows:
            continue
        attributes = {k: v for k, v in data.items() if k not in ("years", "first_year")}
        attributes.update(strata=rows, mentions=sum(r[2] for r in rows), sentences=sum(r[3] for r in rows),
                          documents=sum(r[4] for r in rows), **year_profile(rows))
        out.add_node(node, **attributes)
    total = out.graph["sentences"]
    min_weight = graph.graph.get("min_weight", 1)
    for a, b, data in graph.edges(data=True):
        if a not in out or b not in out:
            continue
        rows = [row for row in _rows(data, ("weight", "documents")) if keep(row[0], row[1])]
        weight = sum(r[2] for r in rows)
        if weight < min_weight:
            continue
        n_a, n_b = out.nodes[a]["sentences"], out.nodes[b]["sentences"]
        attributes = {k: v for k, v in data.items() if k not in ("years", "first_year")}
        attributes.update(weight=weight, documents=sum(r[3] for r in rows), npmi=npmi(weight, n_a, n_b, total),
                          expected=round(n_a * n_b / total, 4) if total else 0.0,
                          evidence=[e for e in data.get("evidence", []) if e.get("doc") in kept_ids],
                          strata=rows, **year_profile(rows))
        out.add_edge(a, b, **attributes)
    return out


def _rows(data: Mapping[str, Any], counts: tuple[str, ...]) -> list[list[Any]]:
    """The strata of a node or edge; one row without year or journal when the graph has no metadata."""
    rows = data.get("strata")
    return rows if rows is not None else [[None, None, *(data.get(name, 0) for name in counts)]]


def document_years(graph: nx.Graph) -> Counter[int]:
    """Documents per year (documents without a year left out)."""
    per_year: Counter[int] = Counter()
    for year, _, documents, _ in strata_of(graph):
        if year is not None:
            per_year[year] += documents
    return per_year


@dataclass(frozen=True)
class Trend:
    """The trend of one concept or link over the years.

    Attributes:
        kind: ``"concept"`` or ``"link"``.
        key: The node id, or ``(a, b)`` for a link.
        label: Its label (``"a — b"`` for a link).
        documents: Dated documents it occurs in.
        first_year: The year of its first document.
        share_first: Its share of the documents of the first half of the years.
        share_last: Its share of the documents of the second half.
        slope: Change of its share of documents per year (least squares).
        z: The Cochran-Armitage statistic (positive: rising).
        p: Two-sided p-value.
        q: Benjamini-Hochberg adjusted p-value over all tested items.
    """

    kind: str
    key: Any
    label: str
    documents: int
    first_year: int
    share_first: float
    share_last: float
    slope: float
    z: float
    p: float
    q: float

    @property
    def direction(self) -> str:
        """``"rising"`` or ``"falling"``."""
        return "rising" if self.z > 0 else "falling"


def _per_year(data: Mapping[str, Any]) -> Counter[int]:
    """Documents per year of a node or edge (its ``years`` attribute)."""
    return Counter({year: n for year, n in data.get("years", [])})


def _armitage(per_year: Mapping[int, int], totals: Mapping[int, int]) -> tuple[float, float, float]:
    """Cochran-Armitage test for a linear trend: ``(z, two-sided p, slope of the share per year)``.

    Examples:
        >>> z, p, slope = _armitage({2000: 1, 2001: 5, 2002: 9}, {2000: 10, 2001: 10, 2002: 10})
        >>> round(z, 2), p < 0.001, round(slope, 2)
        (3.58, True, 0.4)
        >>> _armitage({2000: 5, 2001: 5}, {2000: 10, 2001: 10})[:2]
        (0.0, 1.0)
    """
    from scipy.stats import norm

    n = sum(totals.values())
    k = sum(per_year.get(y, 0) for y in totals)
    if n == 0 or k == 0 or k == n:
        return 0.0, 1.0, 0.0
    share = k / n
    mean_year = sum(y * t for y, t in totals.items()) / n
    spread = sum(t * (y - mean_year) ** 2 for y, t in totals.items())
    if spread == 0:
        return 0.0, 1.0, 0.0
    statistic = sum((y - mean_year) * per_year.get(y, 0) for y in totals)
    variance = share * (1 - share) * spread
    z = statistic / math.sqrt(variance)
    return z, float(2 * norm.sf(abs(z))), statistic / spread


def periods(totals: Mapping[int, int], min_documents: int) -> dict[int, float]:
    """Years pooled into periods of at least ``min_documents`` documents, oldest first.

    A year with two documents both mentioning a concept would otherwise
    weigh as much as a year with a hundred: the trend test's normal
    approximation needs enough documents in each period. Each year maps to
    the mean year of its period's documents; a short last period joins the
    one before.

    Examples:
        >>> periods({1979: 2, 2003: 4, 2010: 30, 2011: 40, 2012: 3}, 5)
        {1979: 1995.0, 2003: 1995.0, 2010: 2010.0, 2011: 2011.07, 2012: 2011.07}
    """
    groups: list[list[int]] = [[]]
    for year in sorted(totals):
        if sum(totals[y] for y in groups[-1]) >= min_documents:
            groups.append([])
        groups[-1].append(year)
    if len(groups) > 1 and sum(totals[y] for y in groups[-1]) < min_documents:
        groups[-2].extend(groups.pop())
    out = {}
    for group in groups:
        size = sum(totals[y] for y in group)
        score = round(sum(y * totals[y] for y in group) / size, 2)
        out.update({year: score for year in group})
    return out


def trends(graph: nx.Graph, *, min_documents: int = DEFAULTS.trend_min_documents, alpha: float = DEFAULTS.alpha,
           kinds: Iterable[str] = ("concept", "link"), significant: bool = True,
           min_period_documents: int = DEFAULTS.trend_min_period_documents) -> list[Trend]:
    """Concepts and links whose share of the documents rises or falls over the years.

    Each concept and link seen in at least ``min_documents`` dated documents
    is tested (Cochran-Armitage trend test on the share of each period's
    documents that mention it; sparse years are pooled into periods of at
    least ``min_period_documents`` documents, see :func:`periods`); the
    p-values of all tests together are adjusted with the Benjamini-Hochberg
    procedure.

    Args:
        graph: A kgraph graph whose documents have years (at least three
            distinct years).
        min_documents: The minimum support: items in fewer dated documents
            are not tested.
        alpha: The false discovery rate: with ``significant``, only items
            with ``q <= alpha`` are returned.
        kinds: ``"concept"``, ``"link"`` or both.
        significant: Return only the significant trends (else every tested item).
        min_period_documents: Years with fewer documents are pooled with
            the next ones.

    Returns:
        Trends, most significant first (then strongest, then by label);
        ``slope`` is per year.

    Raises:
        KGraphError: The documents have fewer than three distinct years.
    """
    from scipy.stats import false_discovery_control

    totals = document_years(graph)
    if len(totals) < 3:
        raise KGraphError(f"Trends need documents from at least three years; this graph has "
                          f"{len(totals)} ({', '.join(map(str, sorted(totals))) or 'no years'}).")
    years = sorted(totals)
    middle = years[len(years) // 2]
    early_total = sum(n for y, n in totals.items() if y < middle) or 1
    late_total = sum(n for y, n in totals.items() if y >= middle) or 1
    items: list[tuple[str, Any, str, Counter[int]]] = []
    kinds = set(kinds)
    if "concept" in kinds:
        for node, data in sorted(graph.nodes(data=True)):
            items.append(("concept", node, data.get("label", node), _per_year(data)))
    if "link" in kinds:
        for a, b, data in sorted(graph.edges(data=True), key=lambda e: (min(e[0], e[1]), max(e[0], e[1]))):
            a, b = sorted((a, b))
            label = f"{graph.nodes[a].get('label', a)} — {graph.nodes[b].get('label', b)}"
            items.append(("link", (a, b), label, _per_year(data)))
    tested = [item for item in items if sum(item[3].values()) >= min_documents]
    if not tested:
        return []
    score = periods(totals, min_period_documents)
    period_totals: Counter[float] = Counter()
    for year, n in totals.items():
        period_totals[score[year]] += n

    def pooled(per_year: Counter[int]) -> Counter[float]:
        out: Counter[float] = Counter()
        for year, n in per_year.items():
            out[score[year]] += n
        return out

    if len(period_totals) < 2:
        raise KGraphError(f"Trends need at least two periods of {min_period_documents} documents; the "
                          f"{sum(totals.values())} dated documents make one. Lower min_period_documents.")
    results = [_armitage(pooled(per_year), period_totals) for *_, per_year in tested]
    adjusted = false_discovery_control([p for _, p, _ in results], method="bh")
    out = []
    for (kind, key, label, per_year), (z, p, slope), q in zip(tested, results, adjusted):
        if significant and q > alpha:
            continue
        early = sum(n for y, n in per_year.items() if y < middle)
        late = sum(n for y, n in per_year.items() if y >= middle)
        out.append(Trend(kind, key, label, sum(per_year.values()), min(per_year), round(early / early_total, 4),
                         round(late / late_total, 4), round(slope, 6), round(z, 4), float(p), float(q)))
    out.sort(key=lambda t: (t.q, -abs(t.z), t.label))
    return out
