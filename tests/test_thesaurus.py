"""The user's thesaurus (VOSviewer format) and stop list."""

from __future__ import annotations

import pytest

import kgraph
from kgraph.concepts.thesaurus import Thesaurus, load_stop_list, load_thesaurus
from kgraph.errors import LexiconError

TEXTS = [
    ("a", "Tumour cells and cancer stem cells resisted cisplatin. Diagnosis was by biopsy."),
    ("b", "Malignant cells and CSCs survived radiotherapy; diagnosis came late."),
    ("c", "Cisplatin with radiotherapy killed tumor cells."),
]


def test_thesaurus_reads_vosviewer_files(tmp_path):
    path = tmp_path / "thesaurus.txt"
    path.write_text("label\treplace by\ncancer stem cells\ttumour cells\ndiagnosis\t\n", encoding="utf-8")
    rules = load_thesaurus(path)
    assert rules.replace == {"cancer stem cells": "tumour cells"} and rules.drop == {"diagnosis"}


def test_thesaurus_bad_line_names_file_and_line(tmp_path):
    path = tmp_path / "thesaurus.txt"
    path.write_text("label\treplace by\na\tb\tc\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"thesaurus.txt, line 2: .*3 fields"):
        load_thesaurus(path)


def test_thesaurus_merges_and_drops_before_counting(tmp_path):
    path = tmp_path / "thesaurus.txt"
    path.write_text("label\treplace by\ncancer stem cells\ttumour cells\ndiagnosis\t\n", encoding="utf-8")
    plain = kgraph.build(TEXTS)
    kg = kgraph.build(TEXTS, thesaurus=path)
    cells = kg.find("tumour cells")
    assert "cancer_stem_cell" not in kg.graph and "diagnosis" not in kg.graph
    assert "CSCs" in kg.graph.nodes[cells]["aliases"]
    # counted as one concept: a sentence with both counts once
    merged = plain.graph.nodes["cancer_cell"]["sentences"] + plain.graph.nodes["cancer_stem_cell"]["sentences"]
    assert kg.graph.nodes[cells]["sentences"] < merged
    assert kg.graph.nodes[cells]["sentences"] == 3
    assert kg.graph.edges[cells, kg.find("cisplatin")]["weight"] == 2


def test_thesaurus_new_label_and_stop_list(tmp_path):
    stop = tmp_path / "stop.txt"
    stop.write_text("# generic words\nbiopsy\n", encoding="utf-8")
    kg = kgraph.build(TEXTS, thesaurus=Thesaurus({"cisplatin": "glorbic platinum salts"}), stop_list=stop)
    node = kg.find("glorbic platinum salts")
    assert kg.graph.nodes[node]["source"] == "thesaurus" and kg.graph.nodes[node]["category"] == "drug"
    assert "biopsy" not in kg.graph and "cisplatin" not in kg.graph
    assert load_stop_list(stop).drop == {"biopsy"}


def test_thesaurus_cli(tmp_path, tiny_corpus):
    from typer.testing import CliRunner

    from kgraph.cli import app

    path = tmp_path / "t.txt"
    path.write_text("label\treplace by\nradiotherapy\t\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(tiny_corpus), "--out", str(tmp_path / "out"), "--no-store",
                                      "--quiet", "--thesaurus", str(path)])
    assert result.exit_code == 0, result.output
    assert "radiotherapy" not in kgraph.load(tmp_path / "out" / "graph.json").graph
