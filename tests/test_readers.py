"""The readers registry: one reader per suffix, exports recognised by content, one list of text fields."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kgraph.documents.biblio import TEXT_FIELDS
from kgraph.documents.corpus import SUFFIXES, FileReport, read_corpus
from kgraph.documents.plain import TEXT
from kgraph.documents.readers import reader_for, register, suffixes
from kgraph.errors import CorpusError

from .biblio_samples import MEDLINE


def _nothing_read(path: Path) -> FileReport:
    """The report of a file named directly that gives no documents."""
    corpus = read_corpus(path)
    assert list(corpus) == []
    [entry] = corpus.report.files.values()
    return entry


def test_readers_each_suffix_has_one_reader_and_the_walk_reads_exactly_those():
    assert SUFFIXES == suffixes() and len(set(SUFFIXES)) == len(SUFFIXES)
    for suffix in SUFFIXES:
        assert suffix in reader_for(Path(f"corpus/paper{suffix.upper()}")).suffixes
    assert {reader_for(Path(f"a{suffix}")).name for suffix in (".csv", ".tsv", ".ris", ".nbib", ".pdf")} == {
        "CSV", "TSV", "bibliographic export", "PDF"}
    with pytest.raises(ValueError, match=r"'.txt' is read by the text reader already"):
        register(TEXT)
    assert reader_for(Path("a.txt")) is TEXT  # the refused registration changed nothing


@pytest.mark.parametrize(("name", "encoding"), [
    ("search.txt", "utf-8"), ("search.md", "utf-8"), ("search.html", "utf-8"), ("search.json", "utf-8"),
    ("search.nbib", "utf-8"), ("search.txt", "utf-16"), ("search.nbib", "utf-16"), ("search", "utf-8"),
])
def test_readers_an_export_is_read_by_its_content_where_its_reader_sniffs(tmp_path, name, encoding):
    path = tmp_path / name
    path.write_text(MEDLINE, encoding=encoding)
    documents = list(read_corpus(path))
    assert [d.id for d in documents] == ["11111", "22222", "33333"]
    assert {d.meta["format"] for d in documents} == {"medline"}


@pytest.mark.parametrize(("name", "reason"), [
    ("search.csv", "no column with the text"), ("search.jsonl", "no documents in it"),
])
def test_readers_of_records_read_what_their_suffix_says_whatever_the_content(tmp_path, name, reason):
    (tmp_path / name).write_text(MEDLINE, encoding="utf-8")
    entry = _nothing_read(tmp_path / name)
    assert entry.status == "skipped" and entry.reason.startswith(reason)


def test_readers_an_export_suffix_whose_content_is_no_export_names_the_format_it_lacks(tmp_path):
    (tmp_path / "savedrecs.medline").write_text("Session expired; please log in again.", encoding="utf-8")
    entry = _nothing_read(tmp_path / "savedrecs.medline")
    assert entry.status == "skipped" and entry.reason.startswith("its content is not MEDLINE")


@pytest.mark.parametrize("column", TEXT_FIELDS)
def test_readers_every_text_field_name_the_messages_give_is_one_that_is_read(tmp_path, column):
    path = tmp_path / "records.csv"
    path.write_text(f"id,{column.upper()}\n1,Radiotherapy spares cancer stem cells.\n", encoding="utf-8")
    assert [(d.id, d.text) for d in read_corpus(path)] == [("1", "Radiotherapy spares cancer stem cells.")]


def test_readers_a_record_without_a_text_field_is_told_every_name_that_would_do(tmp_path):
    names = ", ".join(TEXT_FIELDS)
    (tmp_path / "records.csv").write_text("id,notes\n1,Radiotherapy.\n", encoding="utf-8")
    (tmp_path / "records.json").write_text('[{"id": "1", "notes": "Radiotherapy."}]', encoding="utf-8")
    table = _nothing_read(tmp_path / "records.csv")
    assert table.reason == f"no column with the text ({names}) (columns: id, notes); choose one with --text-field"
    records = _nothing_read(tmp_path / "records.json")
    assert records.problems == [f"record 1 (1): no text in a text field ({names}); choose the field with --text-field"]


def test_readers_strict_mode_says_the_same_thing_for_a_path_a_file_and_a_record(tmp_path):
    ending = re.compile(r" \(strict mode: .+, or leave out --strict\)$")
    (tmp_path / "a.txt").write_text("Radiotherapy.", encoding="utf-8")
    (tmp_path / "b.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "records.jsonl").write_text('{"text": "CSCs."}\n{not json}\n', encoding="utf-8")
    messages = []
    with pytest.raises(CorpusError) as path_error:
        read_corpus(tmp_path, strict=True)
    messages.append(str(path_error.value))
    (tmp_path / "b.docx").unlink()
    for name in ("empty.txt", "records.jsonl"):
        with pytest.raises(CorpusError) as error:
            list(read_corpus(tmp_path / name, strict=True))
        messages.append(str(error.value))
    assert [ending.search(message) is not None for message in messages] == [True, True, True]
    assert "b.docx: unsupported file type" in messages[0] and "empty.txt: the file is empty" in messages[1]
    assert "records.jsonl, line 2: not valid JSON" in messages[2]
