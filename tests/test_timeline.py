"""Metadata in the graph: sub-corpora by year and journal, trends over time, comparing corpora."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kgraph
from kgraph.cli import app
from kgraph.errors import KGraphError
from kgraph.graph.compare import compare_graphs, log_likelihood
from kgraph.graph.timeline import _armitage, restrict, select_strata, trends

SENTENCES = {
    "radiotherapy": "Radiotherapy was given to the patients.",
    "cisplatin": "Cisplatin was added in the second cycle.",
    "both": "Radiotherapy and cisplatin were combined.",
    "car-t": "CAR T-cell therapy reached the tumour microenvironment.",
    "csc": "Cancer stem cells survived radiotherapy.",
}


def _records(path: Path, rows: list[tuple[str, int, str, str]]) -> Path:
    """A CSV export: (id, year, journal, text) rows."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pmid", "year", "journal", "abstract"])
        writer.writerows(rows)
    return path


def _mixed_corpus(tmp_path: Path) -> Path:
    rows = []
    texts = list(SENTENCES.values())
    for number in range(24):
        year = 2014 + number % 6
        journal = ["Cancer Res", "Radiother Oncol", "Nano Today"][number % 3]
        text = " ".join(texts[(number + k) % len(texts)] for k in range(1 + number % 3))
        rows.append((str(1000 + number), year, journal, text))
    for number, journal in enumerate(["Cancer Res", "", "Nano Today", ""], start=24):  # no year, or nothing
        rows.append((str(1000 + number), "", journal, " ".join(texts[number % 5:number % 5 + 2])))
    return _records(tmp_path / "records.csv", rows)


def _node_facts(graph):
    return {n: (d["mentions"], d["sentences"], d["documents"], d.get("years"), d.get("first_year"))
            for n, d in graph.nodes(data=True)}


def _edge_facts(graph):
    return {tuple(sorted((a, b))): (d["weight"], d["documents"], d["npmi"], d["expected"], d.get("years"),
                                    sorted(e["text"] for e in d["evidence"]))
            for a, b, d in graph.edges(data=True)}


def test_a_graph_filtered_by_years_or_journals_equals_a_build_of_those_documents(tmp_path):
    path = _mixed_corpus(tmp_path)
    whole = kgraph.build(path, discover=False, max_evidence=50)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    for kwargs, keep in [({"years": (2015, 2017)}, lambda r: r[1] and 2015 <= int(r[1]) <= 2017),
                         ({"years": (2018, None)}, lambda r: r[1] and int(r[1]) >= 2018),
                         ({"journals": ["radiother oncol", "Nano Today"]}, lambda r: r[2] in ("Radiother Oncol",
                                                                                              "Nano Today")),
                         ({"years": (None, 2016), "journals": ["Cancer Res"]},
                          lambda r: r[1] and int(r[1]) <= 2016 and r[2] == "Cancer Res")]:
        part = _records(tmp_path / "part.csv", [tuple(r) for r in rows[1:] if keep(r)])
        expected = kgraph.build(part, discover=False, max_evidence=50)
        got = whole.filter(**kwargs)
        assert got.summary()["documents"] == expected.summary()["documents"] > 0, kwargs
        assert got.summary()["sentences"] == expected.summary()["sentences"]
        assert _node_facts(got.graph) == _node_facts(expected.graph), kwargs
        assert _edge_facts(got.graph) == _edge_facts(expected.graph), kwargs
        assert list(got.documents.index) == list(expected.documents.index)
    assert whole.graph.graph["documents"] == 28  # the original is never changed
    assert [row[:3] for row in whole.graph.graph["strata"][:2]] == [[None, None, 2], [None, "Cancer Res", 1]]


def test_filters_on_metadata_the_graph_lacks_fail_with_what_to_do(tmp_path):
    kg = kgraph.build(_mixed_corpus(tmp_path))
    with pytest.raises(KGraphError, match=r"'Lancet'.*most frequent journals are: Cancer Res, "):
        kg.filter(journals=["Lancet"])
    plain = kgraph.build(["Radiotherapy and cisplatin.", "Cisplatin."])
    with pytest.raises(KGraphError, match="No document of this graph has a year"):
        plain.filter(years=(2010, 2020))
    with pytest.raises(KGraphError, match="at least three years"):
        plain.trends()
    assert restrict(kg.graph, select_strata(kg.graph, years=(1990, 1991))).number_of_nodes() == 0


def _trend_corpus(tmp_path: Path) -> Path:
    """Ten years of 40 documents: radiotherapy in 4, 8, ..., 36 of them (10% to 90%), cisplatin in half."""
    rows = []
    for year in range(2010, 2020):
        with_radiotherapy = 4 * (year - 2009)
        for number in range(40):
            parts = ["The cohort was followed for five years."]
            if number < with_radiotherapy:
                parts.append("Radiotherapy was given.")
            if number % 2:
                parts.append("Cisplatin was given.")
            if year >= 2017 and number in (38, 39):
                parts.append("CAR T-cell therapy was tried.")
            rows.append((f"{year}-{number}", year, "J", " ".join(parts)))
    return _records(tmp_path / "trend.csv", rows)


def test_trends_find_the_rising_concept_and_leave_the_steady_one(tmp_path):
    kg = kgraph.build(_trend_corpus(tmp_path), discover=False)
    found = kg.trends()
    by_label = {row.label: row for row in found.itertuples()}
    assert "radiotherapy" in by_label and by_label["radiotherapy"].direction == "rising"
    assert by_label["radiotherapy"].q < 1e-6
    assert (by_label["radiotherapy"].share_first, by_label["radiotherapy"].share_last) == (0.3, 0.8)
    assert by_label["radiotherapy"].slope == pytest.approx(0.1)  # 4 more documents of 40 each year
    assert "cisplatin" not in by_label
    everything = kg.trends(significant=False)
    steady = everything[everything["label"] == "cisplatin"].iloc[0]
    assert steady["q"] > 0.05 and found.attrs["min_documents"] == 5
    # The same rows as the function, and the link follows its concept.
    assert [t.label for t in trends(kg.graph)] == list(found["label"])
    newest = kg.first_appearances()
    car_t = kg.graph.nodes[kg.find("CAR T-cell therapy")]["label"]
    assert newest.iloc[0][["label", "first_year", "documents"]].tolist() == [car_t, 2017, 6]


def test_the_trend_test_keeps_its_false_positive_rate_without_a_trend():
    rng = random.Random(3)
    totals = {year: 30 for year in range(2000, 2010)}
    rejections = 0
    for _ in range(2000):
        per_year = {year: sum(rng.random() < 0.3 for _ in range(n)) for year, n in totals.items()}
        rejections += _armitage(per_year, totals)[1] < 0.05
    assert 0.035 < rejections / 2000 < 0.065


def test_compare_finds_what_one_corpus_mentions_more_often(tmp_path):
    a = _records(tmp_path / "a.csv", [(f"a{i}", 2020, "J", SENTENCES["radiotherapy"] if i < 30 else
                                       SENTENCES["cisplatin"]) for i in range(40)])
    b = _records(tmp_path / "b.csv", [(f"b{i}", 2021, "J", SENTENCES["radiotherapy"] if i < 10 else
                                       SENTENCES["cisplatin"]) for i in range(40)])
    kg_a, kg_b = kgraph.build(a, discover=False), kgraph.build(b, discover=False)
    result = kgraph.compare(kg_a, kg_b, names=("early", "late"))
    concepts = result.concepts()
    radiotherapy = concepts[concepts["label"] == "radiotherapy"].iloc[0]
    assert radiotherapy["more_in"] == "early" and radiotherapy["q"] < 1e-4
    assert (radiotherapy["documents_a"], radiotherapy["documents_b"]) == (30, 10)
    cisplatin = concepts[concepts["label"] == "cisplatin"].iloc[0]
    assert cisplatin["more_in"] == "late"  # 10 of 40 against 30 of 40
    # G2 as SciPy computes it on the same 2x2 table.
    from scipy.stats import chi2_contingency

    g2 = chi2_contingency([[30, 10], [10, 30]], correction=False, lambda_="log-likelihood")[0]
    assert radiotherapy["g2"] == pytest.approx(g2, abs=1e-3) == log_likelihood(30, 40, 10, 40)
    # Equal shares: nothing to report.
    same = compare_graphs(kg_a.graph, kg_a.graph)
    assert all(d.g2 == 0 and d.q == 1 for d in same)
    page = result.to_html(tmp_path / "compare.html")
    text = page.read_text(encoding="utf-8")
    assert "more in early" in text and "more in late" in text
    assert result.graph.nodes["radiotherapy"]["category"] == "more in early"


def test_a_store_keeps_metadata_so_added_exports_equal_one_build(tmp_path):
    rows = [(str(i), 2010 + i % 5, "J", SENTENCES[list(SENTENCES)[i % 5]]) for i in range(20)]
    first = _records(tmp_path / "first.csv", rows[:12])
    second = tmp_path / "more"
    second.mkdir()
    _records(second / "second.csv", rows[12:])
    kg = kgraph.build(first, store=tmp_path / "kg.db", discover=False)
    kg.add(second)
    whole = kgraph.build(_records(tmp_path / "all.csv", rows), discover=False)
    assert _node_facts(kg.graph) == _node_facts(whole.graph)
    assert _edge_facts(kg.graph) == _edge_facts(whole.graph)
    assert kg.documents["year"].tolist() == whole.documents["year"].tolist()
    assert len(kg.documents) == 20


def test_cli_trends_and_compare(tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(_trend_corpus(tmp_path)), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    graph = out / "graph.json"
    result = runner.invoke(app, ["trends", str(graph), "--out", str(tmp_path / "trends.csv")])
    assert result.exit_code == 0, result.output
    assert "rising" in result.output and "concept: radiotherapy" in result.output
    with (tmp_path / "trends.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert table[0]["label"] == "radiotherapy" and float(table[0]["q"]) < 1e-6
    # Printing fewer than it found, it says how many more there are and how to see them.
    first = runner.invoke(app, ["trends", str(graph), "--limit", "1"])
    assert len(table) > 1 and f"... and {len(table) - 1} more (--limit {len(table)} prints all" in first.output
    assert "more (" not in result.output
    result = runner.invoke(app, ["compare", str(graph), "--a-years", "2010-2012", "--b-years", "2017-",
                                 "--names", "early,late", "--out", str(tmp_path / "cmp")])
    assert result.exit_code == 0, result.output
    assert "early: 120 documents; late: 120 documents" in result.output
    assert "More in late" in result.output and "concept: radiotherapy" in result.output
    assert (tmp_path / "cmp" / "compare.html").exists()
    with (tmp_path / "cmp" / "concepts.csv").open(encoding="utf-8") as handle:
        rows = {row["label"]: row for row in csv.DictReader(handle)}
    assert rows["radiotherapy"]["more_in"] == "B" and float(rows["radiotherapy"]["q"]) < 1e-6
    bad = runner.invoke(app, ["compare", str(graph), "--a-years", "2015-2012"])
    assert bad.exit_code == 2 and "first year is after the last" in bad.output
    alone = runner.invoke(app, ["compare", str(graph)])
    assert alone.exit_code == 2 and "--a-years" in alone.output


def test_graph_json_keeps_documents_and_occurrences(tmp_path):
    kg = kgraph.build(_mixed_corpus(tmp_path))
    kg.save(tmp_path / "g.json")
    back = kgraph.load(tmp_path / "g.json")
    assert back.documents.equals(kg.documents)
    assert _node_facts(back.graph) == _node_facts(kg.graph)
    assert back.filter(years=(2015, 2016)).summary() == kg.filter(years=(2015, 2016)).summary()
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert "\n" not in (tmp_path / "g.json").read_text(encoding="utf-8").strip()  # compact
    assert data["graph"]["graph"]["documents_index"][0]["id"] == "1000"


def test_a_year_of_few_documents_cannot_make_a_trend_on_its_own(tmp_path):
    # 1990: two papers, both on radiotherapy; then 8 years of 40 papers, 10% of them on it.
    rows = [(f"old-{i}", 1990, "J", "Radiotherapy was given.") for i in range(2)]
    rows += [(f"{year}-{i}", year, "J", "Radiotherapy was given." if i < 4 else "Cisplatin was given.")
             for year in range(2010, 2018) for i in range(40)]
    kg = kgraph.build(_records(tmp_path / "sparse.csv", rows), discover=False)
    assert "radiotherapy" not in kg.trends()["label"].tolist()
    # Unpooled, the two papers of 1990 alone would make radiotherapy "fall" significantly.
    unpooled = kg.trends(min_period_documents=1)
    assert unpooled[unpooled["label"] == "radiotherapy"].iloc[0]["direction"] == "falling"
