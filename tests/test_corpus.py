"""Real corpora are messy: every input accounted for, clear messages, nothing lost."""

import json
import logging
from pathlib import Path

import pytest

import kgraph
from kgraph import CorpusError
from kgraph.corpus import html_to_text, read_corpus


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    root = tmp_path / "messy"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text("Radiotherapy and chemotherapy were combined.\n", encoding="utf-8")
    (root / "latin1.txt").write_bytes("Tumour cells and chemoth\xe9rapie; radiotherapy too.".encode("cp1252"))
    (root / "utf16.txt").write_bytes("CAR T-cell therapy and radiotherapy.".encode("utf-16"))
    (root / "empty.txt").write_text("   \n", encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (root / "page.html").write_text("<html><head><title>T</title><style>p{}</style></head><body>"
                                    "<p>Nanoparticles deliver doxorubicin.</p><script>alert(1)</script>"
                                    "</body></html>", encoding="utf-8")
    lines = [json.dumps({"pmid": "p1", "abstract": "Imatinib treats chronic myeloid leukemia."}),
             "{not json",
             json.dumps({"pmid": "p3", "title": "no abstract here"}),
             json.dumps(["a", "list"])]
    (root / "sub" / "data.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "docs.json").write_text(json.dumps({"documents": [
        {"pmid": "j1", "abstract": "Pembrolizumab and radiotherapy."}, {"pmid": "j2"}]}), encoding="utf-8")
    (root / "table.csv").write_text("pmid,abstract\nc1,Cisplatin and radiotherapy.\nc2,\n", encoding="utf-8")
    (root / "notes.xyz").write_text("not a corpus file", encoding="utf-8")
    (root / "README.md").write_text("About this corpus.", encoding="utf-8")
    return root


def test_corpus_every_file_is_accounted_for(messy, caplog):
    with caplog.at_level(logging.WARNING):
        kg = kgraph.build(messy, text_field="abstract", id_field="pmid")
    files = {Path(p).relative_to(messy).as_posix(): f for p, f in kg.report.files.items()}
    assert set(files) == {"good.txt", "latin1.txt", "utf16.txt", "empty.txt", "binary.txt", "page.html",
                          "sub/data.jsonl", "docs.json", "table.csv", "notes.xyz", "README.md"}
    status = {name: (f.status, f.documents) for name, f in files.items()}
    assert status["good.txt"] == ("processed", 1) and status["latin1.txt"] == ("processed", 1)
    assert status["utf16.txt"] == ("processed", 1) and status["page.html"] == ("processed", 1)
    assert status["sub/data.jsonl"] == ("processed", 1) and status["docs.json"] == ("processed", 1)
    assert status["table.csv"] == ("processed", 1)
    assert files["empty.txt"].status == "skipped" and "empty" in files["empty.txt"].reason
    assert files["binary.txt"].status == "skipped" and "binary" in files["binary.txt"].reason
    assert "unsupported" in files["notes.xyz"].reason and "README" in files["README.md"].reason
    problems = files["sub/data.jsonl"].problems
    assert [p.split(":")[0] for p in problems] == ["line 2", "line 3", "line 4"]
    assert "not valid JSON" in problems[0] and "'abstract'" in problems[1]
    assert files["docs.json"].problems == ["record 2: no text in field 'abstract' (fields: pmid)"]
    assert files["table.csv"].problems[0].startswith("line 3")
    summary = kg.report.summary()
    assert summary == {"files": 11, "processed": 7, "skipped": 4, "documents": 7, "skipped_records": 5}
    assert kg.graph.graph["input"] == summary
    # Decoded, not dropped: the Latin-1 and UTF-16 files contributed their concepts.
    assert kg.graph.nodes["car_t_cell_therapy"]["documents"] == 1
    assert "latin1" in {e["doc"] for e in kg.evidence("radiotherapy", "tumor cells")}
    # Record ids come from the id field.
    assert {e["doc"] for e in kg.evidence("imatinib", "chronic myeloid leukemia")} == {"p1"}
    # Warnings name the file and line, once each (the corpus is read twice).
    assert caplog.text.count("data.jsonl, line 2: not valid JSON") == 1


def test_corpus_strict_mode_stops_with_file_and_line(messy):
    (messy / "binary.txt").unlink()
    (messy / "empty.txt").unlink()
    with pytest.raises(CorpusError, match=r"docs.json, record 2: no text in field 'abstract'.*strict"):
        kgraph.build(messy, text_field="abstract", id_field="pmid", strict=True)
    with pytest.raises(CorpusError, match=r"data.jsonl, line 2: not valid JSON .*strict"):
        kgraph.build(messy / "sub" / "data.jsonl", text_field="abstract", id_field="pmid", strict=True)
    with pytest.raises(CorpusError, match=r"binary.txt: it looks like a binary file"):
        (messy / "binary.txt").write_bytes(b"\x00" * 10)
        kgraph.build(messy / "binary.txt", strict=True)


def test_corpus_csv_without_the_text_column_is_skipped_with_the_columns_named(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,body\n1,Radiotherapy.\n", encoding="utf-8")
    corpus = read_corpus(path)
    assert list(corpus) == []
    [entry] = corpus.report.files.values()
    assert entry.status == "skipped" and "no column 'text' (columns: id, body)" in entry.reason
    assert [d.text for d in read_corpus(path, text_field="body")] == ["Radiotherapy."]


def test_corpus_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("Radiotherapy.", encoding="utf-8")
    real = Path.read_bytes

    def deny(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    corpus = read_corpus(tmp_path)
    assert list(corpus) == []
    [entry] = corpus.report.files.values()
    assert entry.status == "skipped" and "Permission denied" in entry.reason


def test_corpus_large_jsonl_is_streamed(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(5000):
            handle.write(json.dumps({"id": f"d{i}", "text": "Radiotherapy and chemotherapy."}) + "\n")
    documents = iter(read_corpus(path))
    assert next(documents).id == "d0"  # the first record comes before the file is read whole
    assert sum(1 for _ in documents) == 4999


def test_corpus_html_text_extraction():
    assert html_to_text("<h1>Title</h1><p>One &lt;b&gt; <i>two</i></p><style>x{}</style>") == "Title\nOne <b> two"


def test_corpus_pdf_without_the_extra_is_reported(tmp_path):
    path = tmp_path / "paper.pdf"
    path.write_bytes(b"%PDF-1.4 not really a pdf")
    corpus = read_corpus(path)
    assert list(corpus) == []
    [entry] = corpus.report.files.values()
    assert entry.status == "skipped" and ("pdf" in entry.reason.lower())


def test_corpus_very_large_text_file_is_streamed_in_parts(tmp_path, monkeypatch):
    from kgraph import corpus as corpus_module
    from kgraph.settings import Settings

    monkeypatch.setattr(corpus_module, "DEFAULTS", Settings(max_document_bytes=1000))
    path = tmp_path / "book.txt"
    paragraph = "Radiotherapy and chemotherapy were combined in this cohort of patients.\n\n"
    path.write_text(paragraph * 100, encoding="utf-8")
    documents = list(read_corpus(path))
    assert len(documents) > 5 and documents[0].id == "book#part-1"
    assert "".join(d.text for d in documents) == paragraph * 100   # nothing lost, nothing doubled
    assert all(len(d.text) < 1200 for d in documents)
