"""Real corpora are messy: every input accounted for, clear messages, nothing lost."""

import json
import logging
import os
from pathlib import Path

import pytest

import kgraph
from kgraph import CorpusError, Fields
from kgraph.documents.corpus import html_to_text, read_corpus

RECORDS = Fields(text="abstract", id="pmid")


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
        kg = kgraph.build(messy, fields=RECORDS)
    files = {Path(p).relative_to(messy).as_posix(): f for p, f in kg.report.files.items()}
    assert set(files) == {"good.txt", "latin1.txt", "utf16.txt", "empty.txt", "binary.txt", "page.html",
                          "sub/data.jsonl", "docs.json", "table.csv", "notes.xyz", "README.md"}
    status = {name: (f.status, f.documents) for name, f in files.items()}
    assert status["good.txt"] == ("processed", 1) and status["latin1.txt"] == ("processed", 1)
    assert status["utf16.txt"] == ("processed", 1) and status["page.html"] == ("processed", 1)
    # A record with a title but no abstract is a document (its title is text).
    assert status["sub/data.jsonl"] == ("processed", 2) and status["docs.json"] == ("processed", 1)
    assert status["table.csv"] == ("processed", 1)
    assert files["empty.txt"].status == "skipped" and "empty" in files["empty.txt"].reason
    assert files["binary.txt"].status == "skipped" and "binary" in files["binary.txt"].reason
    assert "unsupported" in files["notes.xyz"].reason and "README" in files["README.md"].reason
    problems = files["sub/data.jsonl"].problems
    assert [p.split(":")[0] for p in problems] == ["line 2", "line 4"]
    assert "not valid JSON" in problems[0] and "expected an object" in problems[1]
    assert files["docs.json"].problems == ["record 2 (j2): no text in field 'abstract'; choose the field "
                                           "with --text-field"]
    assert files["table.csv"].problems[0].startswith("line 3")
    summary = kg.report.summary()
    assert summary == {"files": 11, "processed": 7, "skipped": 3, "ignored": 1, "documents": 8,
                       "skipped_records": 4}
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
    (messy / "notes.xyz").unlink()
    with pytest.raises(CorpusError, match=r"docs.json, record 2 \(j2\): no text in field 'abstract'.*strict"):
        kgraph.build(messy, fields=RECORDS, strict=True)
    with pytest.raises(CorpusError, match=r"data.jsonl, line 2: not valid JSON .*strict"):
        kgraph.build(messy / "sub" / "data.jsonl", fields=RECORDS, strict=True)
    with pytest.raises(CorpusError, match=r"binary.txt: it looks like a binary file"):
        (messy / "binary.txt").write_bytes(b"\x00" * 10)
        kgraph.build(messy / "binary.txt", strict=True)


def test_corpus_text_field_and_id_field_of_build_are_deprecated_for_fields(messy):
    with pytest.warns(DeprecationWarning, match=r"fields=kgraph.Fields\(text=..., id=...\)"):
        old = kgraph.build(messy / "docs.json", text_field="abstract", id_field="pmid")
    new = kgraph.build(messy / "docs.json", fields=RECORDS)
    assert sorted(old.graph.edges(data=True)) == sorted(new.graph.edges(data=True))
    assert [d["id"] for d in old.graph.graph["documents_index"]] == ["j1"]


def test_corpus_csv_without_the_text_column_is_skipped_with_the_columns_named(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,notes\n1,Radiotherapy.\n", encoding="utf-8")
    corpus = read_corpus(path)
    assert list(corpus) == []
    [entry] = corpus.report.files.values()
    assert entry.status == "skipped" and "no column with the text (text, abstract" in entry.reason
    assert "(columns: id, notes)" in entry.reason and "--text-field" in entry.reason
    assert [d.text for d in read_corpus(path, text_field="notes")] == ["Radiotherapy."]


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


def test_corpus_very_large_text_file_is_streamed_in_parts(tmp_path):
    path = tmp_path / "book.txt"
    paragraph = "Radiotherapy and chemotherapy were combined in this cohort of patients.\n\n"
    path.write_text(paragraph * 100, encoding="utf-8")
    assert [d.id for d in read_corpus(path)] == ["book"]  # 7.4 kB: one document by default
    documents = list(read_corpus(path, max_document_bytes=1000))
    assert len(documents) > 5 and documents[0].id == "book#part-1"
    assert "".join(d.text for d in documents) == paragraph * 100   # nothing lost, nothing doubled
    assert all(len(d.text) < 1200 for d in documents)


# Hostile and odd inputs: each is one skip with a reason, never the end of the build --------------

def _statuses(report) -> dict[str, tuple[str, str]]:
    return {Path(p).name: (f.status, f.reason) for p, f in report.files.items()}


def test_every_path_under_the_corpus_is_in_the_report(tmp_path, monkeypatch):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text("Radiotherapy and CSCs.", encoding="utf-8")
    (root / ".hidden.txt").write_text("Radiotherapy.", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("x")
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    (root / "loop-a.txt").symlink_to(root / "loop-b.txt")
    (root / "loop-b.txt").symlink_to(root / "loop-a.txt")
    (root / "sub" / "back").symlink_to(root)  # a folder link that leads back: read once
    (root / "link.txt").symlink_to(root / "good.txt")
    os.mkfifo(root / "pipe.txt")
    (root / "locked").mkdir()
    (root / "locked" / "inside.txt").write_text("Never read.")
    scandir = os.scandir

    def refusing(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    corpus = read_corpus(root)
    documents = list(corpus)
    assert sorted(d.id for d in documents) == ["good", "link"]
    status = _statuses(corpus.report)
    assert status[".hidden.txt"] == ("ignored", "a hidden file")
    assert status[".git"] == ("ignored", "a hidden folder")
    assert status["dangling.txt"][0] == "skipped" and "a broken link" in status["dangling.txt"][1]
    assert status["loop-a.txt"] == ("skipped", "a link loop") == status["loop-b.txt"]
    assert status["back"][0] == "ignored" and "read already" in status["back"][1]
    assert status["pipe.txt"] == ("skipped", "a named pipe (FIFO), not a file kgraph can read")
    assert status["locked"] == ("skipped", "cannot open the folder (Permission denied)")
    assert "inside.txt" not in status
    with pytest.raises(CorpusError, match=r"strict mode: 5 paths skipped"):
        read_corpus(root, strict=True)


def test_strict_fails_on_an_unsupported_file(tmp_path):
    (tmp_path / "a.txt").write_text("Radiotherapy.")
    (tmp_path / "b.docx").write_bytes(b"PK\x03\x04")
    assert [d.id for d in read_corpus(tmp_path)] == ["a"]
    with pytest.raises(CorpusError, match=r"b.docx: unsupported file type '.docx' \(strict mode"):
        read_corpus(tmp_path, strict=True)


def test_a_file_name_that_is_not_utf8_is_read_and_reported(tmp_path):
    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(name, "w") as handle:
        handle.write("Radiotherapy and CSCs.")
    kg = kgraph.build(tmp_path)
    [entry] = kg.report.files.values()
    assert entry.status == "processed" and entry.path.endswith("caf\\xe9.txt")
    json.dumps(kg.report.to_dict()).encode("utf-8")  # the report can be written
    assert kg.graph.graph["documents"] == 1


def test_random_binary_without_nul_bytes_is_not_text(tmp_path):
    import random

    rng = random.Random(7)
    data = bytes(rng.randrange(1, 256) for _ in range(20000))
    (tmp_path / "noise.txt").write_bytes(data)
    (tmp_path / "page.txt").write_bytes("Radiotherapy\x0cand CSCs.\n".encode() * 50)  # a form feed is text
    corpus = read_corpus(tmp_path)
    list(corpus)
    status = _statuses(corpus.report)
    assert status["noise.txt"][0] == "skipped" and "binary" in status["noise.txt"][1]
    assert status["page.txt"][0] == "processed"


def test_a_csv_cell_longer_than_the_csv_module_limit_is_read(tmp_path):
    import csv

    long_text = "Radiotherapy and CSCs. " * 10000  # 230,000 characters
    (tmp_path / "t.csv").write_text(f'id,text\na,"{long_text}"\nb,Short one about CSCs.\n', encoding="utf-8")
    limit = csv.field_size_limit()
    documents = list(read_corpus(tmp_path / "t.csv"))
    assert [len(d.text) for d in documents] == [len(long_text), 21]
    assert csv.field_size_limit() == limit  # the process-wide limit is restored


def test_deeply_nested_json_and_lone_surrogates(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100000 + "]" * 100000)
    (tmp_path / "odd.jsonl").write_text('{"id": "s\\ud800", "text": "CSCs \\udc00 and radiotherapy."}\n'
                                        + "[" * 100000 + "]" * 100000 + "\n")
    kg = kgraph.build(tmp_path)
    status = _statuses(kg.report)
    assert status["deep.json"] == ("skipped", "nested too deeply to read (a damaged or hostile file)")
    assert status["odd.jsonl"][0] == "processed" and kg.graph.graph["documents"] == 1
    assert kg.report.files[str(tmp_path / "odd.jsonl")].problems == ["line 2: nested too deeply to read"]


def test_any_error_of_a_format_parser_skips_that_file_only(tmp_path, monkeypatch):
    pypdf = pytest.importorskip("pypdf")
    from pypdf.errors import DependencyError

    (tmp_path / "a.txt").write_text("Radiotherapy and CSCs.")
    (tmp_path / "locked.pdf").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n")

    def reader(path, *args, **kwargs):
        if Path(path).name == "locked.pdf":
            raise DependencyError("cryptography>=3.1 is required for AES algorithm")
        raise TypeError("'NoneType' object is not subscriptable")

    monkeypatch.setattr(pypdf, "PdfReader", reader)
    kg = kgraph.build(tmp_path)
    status = _statuses(kg.report)
    assert status["locked.pdf"][0] == "skipped" and "pip install cryptography" in status["locked.pdf"][1]
    assert status["broken.pdf"] == ("skipped", "unreadable PDF (TypeError: 'NoneType' object is not subscriptable)")
    assert kg.graph.graph["documents"] == 1


def _pdf(text: str | list[str]) -> bytes:
    """A minimal one-page PDF showing ``text``, or lines one under another (written by hand)."""
    lines = [text] if isinstance(text, str) else text
    shown = " ".join(f"({line}) Tj T*" for line in lines)
    stream = f"BT /F1 12 Tf 14 TL 72 720 Td {shown} ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.slow
def test_mutated_pdfs_never_stop_a_build(tmp_path):
    import random

    pytest.importorskip("pypdf")
    good = _pdf("Radiotherapy and cancer stem cells")
    assert [d.text.strip() for d in read_corpus(_write(tmp_path / "good.pdf", good))] == [
        "Radiotherapy and cancer stem cells"]
    rng = random.Random(13)
    folder = tmp_path / "mutants"
    folder.mkdir()
    for n in range(300):
        data = bytearray(good)
        for _ in range(rng.randint(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            del data[rng.randrange(len(data)):]
        (folder / f"m{n:03d}.pdf").write_bytes(bytes(data))
    corpus = read_corpus(folder)
    documents = list(corpus)  # never raises
    summary = corpus.report.summary()
    assert summary["files"] == 300 and summary["processed"] + summary["skipped"] == 300
    assert summary["processed"] == len(documents) > 0
    assert all(f.reason for f in corpus.report.files.values() if f.status == "skipped")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_corpus_a_pipe_or_device_given_as_the_corpus_is_named_not_missing(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    for path, kind in ((tmp_path / "pipe.txt", r"a named pipe \(FIFO\)"), (Path("/dev/zero"), "a character device")):
        with pytest.raises(CorpusError, match=f"is {kind}, not a file or a folder"):
            read_corpus(path)


def test_corpus_files_that_differ_only_in_their_suffix_keep_their_documents(tmp_path):
    folder = tmp_path / "c"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Radiotherapy and CSCs.", encoding="utf-8")
    (folder / "a.md").write_text("Chemotherapy and doxorubicin.", encoding="utf-8")
    (folder / "b.txt").write_text("Pembrolizumab and nivolumab.", encoding="utf-8")
    (folder / "sub" / "a.txt").write_text("Surgery and CSCs.", encoding="utf-8")
    corpus = read_corpus(folder)
    assert sorted(d.id for d in corpus) == ["a.md", "a.txt", "b", "sub/a"]
    assert corpus.report.summary()["skipped_records"] == 0


def test_corpus_names_that_differ_only_in_undecodable_bytes_stay_two_documents(tmp_path):
    for byte, text in ((b"\xe9", "Radiotherapy and CSCs."), (b"\xe8", "Chemotherapy and doxorubicin.")):
        with open(os.fsencode(tmp_path) + b"/caf" + byte + b".txt", "w") as handle:
            handle.write(text)
    corpus = read_corpus(tmp_path)
    assert sorted(d.id for d in corpus) == ["caf\\xe8", "caf\\xe9"]
    assert sorted(corpus.report.files) == [str(tmp_path / "caf\\xe8.txt"), str(tmp_path / "caf\\xe9.txt")]



def test_letters_left_as_escapes_by_an_export_are_read_as_letters(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "HIF-1\\u03b1 drives CaMKII\\u03b1 in hypoxia."}) + "\n",
                    encoding="utf-8")
    [document] = list(read_corpus(path))
    assert document.text == "HIF-1\u03b1 drives CaMKII\u03b1 in hypoxia."
