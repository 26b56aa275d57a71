import json

from typer.testing import CliRunner

from kgraph.cli import app
from kgraph.evaluate import evaluate_file


def test_evaluate_passages_format(tmp_path):
    gold = {"passages": [{"id": "p1", "text": "Cancer stem cells (CSCs) resist radiotherapy. Patients hope.",
                          "gold": ["Cancer stem cells", "CSCs", "radiotherapy"],
                          "same": [["Cancer stem cells", "CSCs"]],
                          "edges": [["CSCs", "radiotherapy"]], "not": ["Patients", "hope"]}]}
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold))
    report = evaluate_file(path)
    s = report.summary()
    assert s["recall"] == 1.0 and s["merged"] == 1.0 and s["edges"] == 1.0 and s["false_nodes"] == 0
    assert s["precision"] == 1.0


def test_evaluate_spans_format_counts_misses_per_type(tmp_path):
    text = "Imatinib treats chronic myeloid leukemia; glucose rose."
    record = {"id": "a", "text": text, "entities": [
        {"start": 0, "end": 8, "type": "Simple_chemical", "text": "Imatinib"},
        {"start": 16, "end": 40, "type": "Cancer", "text": "chronic myeloid leukemia"},
        {"start": 42, "end": 49, "type": "Simple_chemical", "text": "glucose"},
        {"start": 50, "end": 54, "type": "Other", "text": "rose"}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n")
    report = evaluate_file(path, types=["Cancer", "Simple_chemical"])
    assert report.per_type == {"Simple_chemical": [2, 2], "Cancer": [1, 1]}
    assert report.recall == 1.0


def test_evaluate_cli_reports_and_fails_cleanly(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"passages": [{"id": "x", "text": "Radiotherapy works.", "gold": ["Radiotherapy"]}]}))
    result = CliRunner().invoke(app, ["eval", str(path)])
    assert result.exit_code == 0 and "recall 1.0" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{nope\n")
    result = CliRunner().invoke(app, ["eval", str(bad)])
    assert result.exit_code == 1 and "line 1" in result.output


def test_evaluate_discover_cli(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Zorvantinib beat glorbimab. Glorbic acid nanoparticles helped.\n" * 3)
    out = tmp_path / "cand.yaml"
    result = CliRunner().invoke(app, ["discover", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "zorvantinib" in out.read_text() and "glorbic acid nanoparticle" in out.read_text()
