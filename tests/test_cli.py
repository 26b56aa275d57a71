import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kgraph.cli import app

runner = CliRunner()


def test_cli_build_writes_view_and_graph(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(tiny_corpus), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "3 documents" in result.output and "concepts" in result.output and "edges" in result.output
    assert (out / "graph.html").stat().st_size > 10_000
    assert json.loads((out / "graph.json").read_text())["format"] == "kgraph"


def test_cli_queries(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(tiny_corpus), "-o", str(out), "-q"])
    graph = str(out / "graph.json")
    assert runner.invoke(app, ["find", graph, "CSCs"]).output.strip() == "cancer_stem_cell"
    result = runner.invoke(app, ["neighbors", graph, "radiotherapy"])
    assert result.exit_code == 0 and "abscopal effect" in result.output
    result = runner.invoke(app, ["evidence", graph, "abscopal effect", "radiotherapy"])
    assert "Radiotherapy caused an abscopal effect." in result.output and "[beta:" in result.output
    result = runner.invoke(app, ["html", graph, "-o", str(tmp_path / "v.html")])
    assert result.exit_code == 0 and (tmp_path / "v.html").exists()


def test_cli_errors_are_one_line_and_exit_1(tiny_corpus, tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "missing"), "-q"])
    assert result.exit_code == 1 and "does not exist" in result.output
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(tiny_corpus), "-o", str(out), "-q"])
    result = runner.invoke(app, ["find", str(out / "graph.json"), "radiotherapie"])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "Did you mean" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("concepts:\n- {id: a}\n")
    result = runner.invoke(app, ["build", str(tiny_corpus), "--lexicon", str(bad), "-q"])
    assert result.exit_code == 1 and "line 2" in result.output


def test_cli_add_lexicon_and_extract(tiny_corpus, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("concepts:\n- {id: notes, label: notes, category: other}\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(tiny_corpus), "-o", str(out), "-a", str(extra), "-q"])
    assert result.exit_code == 0, result.output
    graph = json.loads((out / "graph.json").read_text())["graph"]
    assert graph["graph"]["lexicon"] == "kgraph-oncology+extra"
    notes = {node["id"]: node for node in graph["nodes"]}["notes"]  # "# Notes" in gamma.md
    assert (notes["label"], notes["category"], notes["source"], notes["mentions"]) == ("notes", "other", "lexicon", 1)
    result = runner.invoke(app, ["extract", str(tiny_corpus / "alpha.txt")])
    assert result.exit_code == 0 and "CSCs\tcancer_stem_cell" in result.output


def test_cli_no_args_shows_help():
    result = runner.invoke(app, [])
    assert "build" in result.output


def test_cli_build_report_and_strict(tiny_corpus, tmp_path):
    (tiny_corpus / "broken.jsonl").write_text('{"id": "x", "text": "Radiotherapy."}\n{oops\n', encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(tiny_corpus), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "4 files read, 0 skipped, 0 ignored, 1 record skipped" in result.output
    report = json.loads((out / "report.json").read_text())
    broken = next(f for f in report["files"] if f["path"].endswith("broken.jsonl"))
    assert broken["problems"] == ["line 2: not valid JSON (Expecting property name enclosed in double quotes)"]
    result = runner.invoke(app, ["build", str(tiny_corpus), "-o", str(tmp_path / "o2"), "-q", "--strict"])
    assert result.exit_code == 1 and "broken.jsonl, line 2" in result.output
    assert not (tmp_path / "o2" / "graph.json").exists()


def test_cli_update_adds_documents_and_equals_a_full_build(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    more = tmp_path / "more"
    more.mkdir()
    (more / "delta.txt").write_text("SBRT and CAR T-cell therapy for CSCs.\n", encoding="utf-8")
    assert runner.invoke(app, ["build", str(tiny_corpus), "-o", str(out), "-q"]).exit_code == 0
    assert (out / "kgraph.db").exists()
    result = runner.invoke(app, ["build", str(more), "-o", str(out), "-q", "--update"])
    assert result.exit_code == 0, result.output
    assert "4 documents" in result.output and "1 file read" in result.output
    both = tmp_path / "both"
    both.mkdir()
    for path in [*tiny_corpus.iterdir(), *more.iterdir()]:
        (both / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    runner.invoke(app, ["build", str(both), "-o", str(tmp_path / "full"), "-q", "--no-store"])
    updated = json.loads((out / "graph.json").read_text())["graph"]
    full = json.loads((tmp_path / "full" / "graph.json").read_text())["graph"]
    assert updated["nodes"] == full["nodes"] and updated["edges"] == full["edges"]


def test_cli_update_without_a_store_says_what_to_do(tiny_corpus, tmp_path):
    result = runner.invoke(app, ["build", str(tiny_corpus), "-o", str(tmp_path / "new"), "-q", "--update"])
    assert result.exit_code != 0 and "Build without --update first" in result.output


def test_cli_verbose_logs_each_phase_of_the_build(tiny_corpus, tmp_path, caplog):
    def phases(out, *flags):
        caplog.clear()
        result = runner.invoke(app, ["build", str(tiny_corpus), "-o", str(tmp_path / out), "-q", *flags])
        assert result.exit_code == 0, result.output
        return [(r.kgraph_phase, r.getMessage()) for r in caplog.records if hasattr(r, "kgraph_phase")]

    assert phases("quiet") == []  # nothing by default
    logged = phases("out", "--verbose")
    assert [name for name, _ in logged] == ["survey", "reuse", "extraction", "store", "graph"]
    assert logged[2][1].startswith("Pass 2 (extraction): 3 documents in ") and logged[2][1].endswith(" s.")
    assert phases("out", "-v")[2][1].startswith("Pass 2 (extraction): 0 documents in ")  # all in the store


def test_cli_explain_shows_how_each_form_was_resolved(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in [
        ("def", "Glorbic acid nanocarriers (GAN) carried cisplatin."),
        ("use", "GAN improved glorbic uptake with cisplatin."),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(corpus), "-o", str(out), "-q", "--no-store"]).exit_code == 0
    result = runner.invoke(app, ["explain", str(out / "graph.json"), "GAN"])
    assert result.exit_code == 0, result.output
    assert "'GAN': 1 abbreviation defined in the same document, 1 abbreviation defined in another document" \
        in result.output
    assert "glorbic acid nanocarriers [glorbic_acid_nanocarrier]: 1 document (e.g. def)" in result.output
    data = json.loads(runner.invoke(app, ["explain", str(out / "graph.json"), "GAN", "--json"]).output)
    assert data["short_forms"]["GAN"][0]["examples"] == ["def"]


def _plain(output: str) -> str:
    """CLI output without the frame and line breaks of a usage error's panel."""
    import re

    return " ".join(re.sub("[│╭╮╰╯─]", " ", output).split())


def test_cli_user_errors_are_one_line_without_traceback(tiny_corpus, tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    for out in (a_file, a_file / "out"):  # --out is a file, or under a file: refused before the build
        result = runner.invoke(app, ["build", str(tiny_corpus), "--out", str(out), "-q", "--no-store"])
        assert result.exit_code == 2 and "is a file" in _plain(result.output)
        assert "Traceback" not in result.output
    for option in (["--workers", "0"], ["--min-weight", "0"], ["--max-evidence", "-1"], ["--engine", "spark"],
                   ["--wait", "-3"]):
        result = runner.invoke(app, ["build", str(tiny_corpus), "--out", str(tmp_path / "o"), "-q", *option])
        assert result.exit_code == 2 and "Invalid value" in _plain(result.output), option
    assert not (tmp_path / "o").exists()


def test_cli_read_only_out_folder(tiny_corpus, tmp_path, monkeypatch):
    import os

    out = tmp_path / "ro"
    out.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if str(path) == str(out) and mode & os.W_OK
                        else real_access(path, mode))  # root may write anywhere: pretend it may not
    result = runner.invoke(app, ["build", str(tiny_corpus), "--out", str(out), "-q", "--no-store"])
    assert result.exit_code == 2 and "is not writable" in _plain(result.output)


def test_cli_outputs_name_the_graph_they_belong_to(tiny_corpus, tmp_path):
    import hashlib
    import re

    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(tiny_corpus), "--out", str(out), "-q"]).exit_code == 0
    stamp = hashlib.blake2b((out / "graph.json").read_bytes(), digest_size=12).hexdigest()
    assert json.loads((out / "report.json").read_text())["graph"] == stamp
    assert re.search(f'<meta name="kgraph-graph" content="{stamp}">', (out / "graph.html").read_text())
    assert sorted(p.name for p in out.iterdir()) == [".kgraph-outputs.lock", "graph.html", "graph.json",
                                                     "kgraph.db", "kgraph.db.lock", "report.json"]


def test_cli_evidence_never_sends_terminal_controls_from_documents(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "evil.txt").write_text("Radiotherapy \x1b[2J\x1b]0;owned\x07 helps CSCs \u202eevil.\n")
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(corpus), "-o", str(out), "-q"])
    result = runner.invoke(app, ["evidence", str(out / "graph.json"), "radiotherapy", "CSCs"])
    assert result.exit_code == 0 and "\x1b" not in result.output and "\u202e" not in result.output
    assert "\\x1b[2J" in result.output and "\\u202e" in result.output


def test_csv_export_neutralises_formulas(tmp_path):
    import csv

    import kgraph

    kg = kgraph.build([("=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\") radiotherapy and CSCs."),
                       ("d2", "@SUM(1) CSCs and radiotherapy."), ("d3", "+cmd CSCs with radiotherapy.")])
    rows = list(csv.DictReader(kg.to_csv(tmp_path / "e.csv").open()))
    cells = [row[column] for row in rows for column in ("doc", "sentence")]
    assert len(rows) == 3 and all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    assert "'=HYPERLINK(\"http://x\") radiotherapy and CSCs." in cells


def test_cli_help_keeps_brackets_and_defaults():
    result = CliRunner().invoke(app, ["build", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = " ".join(result.output.split())  # lines are wrapped
    assert 'pip install "kgraph[dask]"' in text
    assert "[default: OUT/kgraph.db]" in text and "[default: text, abstract, ...]" in text


def test_cli_build_of_a_corpus_without_documents_fails_and_writes_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "records.csv").write_text("id,abstract\n1,\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 1
    assert "No document could be read" in result.output and "empty.txt: the file is empty" in result.output
    assert not (out / "graph.html").exists() and not (out / "graph.json").exists()


def test_cli_malformed_graph_file_is_one_line_naming_the_field(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(tiny_corpus), "-o", str(out), "-q", "--no-store"])
    document = json.loads((out / "graph.json").read_text())
    document["graph"]["nodes"][0]["label"] = 5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    for command in (["neighbors", str(bad), "CSCs"], ["html", str(bad), "-o", str(tmp_path / "v.html")],
                    ["export", str(bad), "gexf", "-o", str(tmp_path)], ["trends", str(bad)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, (command, result.output)
        assert result.output.strip().count("\n") == 0 and "'label' is 5 (a number)" in result.output, command


def test_cli_outputs_that_cannot_be_written_fail_before_the_work(tiny_corpus, tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["build", str(tiny_corpus), "-o", str(out), "-q", "--no-store"])
    graph = str(out / "graph.json")
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    for command in (["html", graph, "-o", str(a_file / "v.html")],
                    ["compare", graph, graph, "-o", str(a_file / "cmp")],
                    ["discover", str(tiny_corpus), "-o", str(a_file / "c.yaml")],
                    ["trends", graph, "-o", str(a_file / "t.csv")],
                    ["html", graph, "-o", str(tmp_path)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2 and "Traceback" not in result.output, (command, result.output)
        assert "is a file, so" in _plain(result.output) or "is a folder" in _plain(result.output)
    assert a_file.read_text() == "x"


def test_cli_a_write_that_fails_midway_is_one_line(tiny_corpus, tmp_path, monkeypatch):
    import os

    out = tmp_path / "out"
    runner.invoke(app, ["build", str(tiny_corpus), "-o", str(out), "-q", "--no-store"])

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    for command in (["html", str(out / "graph.json"), "-o", str(tmp_path / "v.html")],
                    ["compare", str(out / "graph.json"), str(out / "graph.json"), "-o", str(tmp_path / "c")],
                    ["discover", str(tiny_corpus), "-o", str(tmp_path / "c.yaml")]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1 and not isinstance(result.exception, OSError), (command, result.exception)
        assert "No space left on device" in result.output and result.output.strip().count("\n") == 0
    assert not (tmp_path / "v.html").exists() and not (tmp_path / "c.yaml").exists()


@pytest.mark.parametrize("option", ["graph", "--lexicon", "--thesaurus", "--stop-list", "extract"])
@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_cli_pipes_and_devices_are_refused_not_read_forever(tiny_corpus, tmp_path, option, special):
    import os
    import subprocess
    import sys

    path = tmp_path / "pipe" if special == "fifo" else Path(special)
    if special == "fifo":
        os.mkfifo(path)
    if option == "graph":
        command = ["neighbors", str(path), "CSCs"]
    elif option == "extract":
        command = ["extract", str(path)]
    else:
        command = ["build", str(tiny_corpus), "-o", str(tmp_path / "out"), "-q", "--no-store", option, str(path)]
    run = subprocess.run([sys.executable, "-m", "kgraph", *command], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "not a file" in run.stderr and run.stderr.strip().count("\n") == 0, run.stderr


def test_cli_warnings_never_send_terminal_controls_from_documents(tmp_path):
    import subprocess
    import sys

    export = tmp_path / "export.nbib"
    export.write_text("PMID- 1\nTI  - Radiotherapy and CSCs.\nAB  - CSCs resist radiotherapy.\n\n"
                      "PMID- 2\x1b]0;PWNED\x07\x1b[2J\nDP  - 2020\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "kgraph", "build", str(export), "-o", str(tmp_path / "out"), "-q",
                          "--no-store"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "WARNING" in run.stderr and "\\x1b]0;PWNED\\x07\\x1b[2J" in run.stderr
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr


def test_cli_usage_lines_name_the_arguments():
    """Usage read 'kgraph export [OPTIONS] {graph} {to}' and '--add-lexicon <list[Path]>' (issue 27)."""
    runner = CliRunner()
    usage = {command: runner.invoke(app, [command, "--help"]).output.splitlines()[0]
             for command in ("build", "export", "evidence", "compare")}
    assert usage == {"build": "Usage: kgraph build [OPTIONS] CORPUS",
                     "export": "Usage: kgraph export [OPTIONS] GRAPH FORMAT",
                     "evidence": "Usage: kgraph evidence [OPTIONS] GRAPH NAME_A NAME_B",
                     "compare": "Usage: kgraph compare [OPTIONS] A [B]"}
    assert "--add-lexicon FILE" in runner.invoke(app, ["build", "--help"]).output


def test_cli_build_writes_with_fewer_gc_pauses_and_restores_them(tiny_corpus, tmp_path, monkeypatch):
    import gc

    from kgraph import cli
    from kgraph.engine.parallel import _FEWER_GC

    seen = []
    write = cli._write_build
    monkeypatch.setattr(cli, "_write_build", lambda *args: seen.append(gc.get_threshold()) or write(*args))
    before = gc.get_threshold()
    result = runner.invoke(app, ["build", str(tiny_corpus), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert seen == [_FEWER_GC]
    assert gc.get_threshold() == before
    assert (tmp_path / "out" / "graph.html").exists()
