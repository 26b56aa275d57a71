"""Bibliographic exports: every format read with its metadata, recognised by content, deduplicated."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

import kgraph
from kgraph.documents.biblio import Fields, sniff
from kgraph.documents.corpus import paragraphs, read_corpus

from .biblio_samples import (
    ABSTRACT_1,
    ABSTRACT_2,
    EXPECTED,
    MEDLINE,
    PUBMED_XML,
    RIS,
    SAMPLES,
    TITLE_1,
    TITLE_2,
    TITLE_3,
)
from .conftest import SHARED
from .test_corpus import _pdf


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_export_format_gives_its_records_as_title_and_abstract_with_metadata(tmp_path, name, caplog):
    path = _write(tmp_path, name, SAMPLES[name])
    with caplog.at_level(logging.WARNING):
        corpus = read_corpus(path)
        documents = list(corpus)
    assert len(documents) == 3
    first, second, third = documents
    doc_id, year, journal = EXPECTED[name]
    assert first.id == doc_id
    assert first.meta.get("year") == year and first.meta.get("journal") == journal
    # Title first, then the abstract, as separate paragraphs.
    title, abstract = first.text.split("\n\n", 1)
    assert title == TITLE_1
    assert all(sentence in abstract for sentence in ABSTRACT_1.split(". "))
    assert second.text.startswith(TITLE_2 + "\n\n") and ABSTRACT_2 in second.text
    assert third.text == TITLE_3  # no abstract: the title is the document
    assert first.meta["file"] == str(path) and first.meta["title"] == TITLE_1
    # The record without any text is reported, with a reason, like any skipped input.
    [entry] = corpus.report.files.values()
    assert entry.status == "processed" and entry.documents == 3
    assert len(entry.problems) == 1 and ("no title" in entry.problems[0])
    assert "Skipped" in caplog.text


def test_authors_keywords_and_dois_are_kept_where_the_format_has_them(tmp_path):
    by_format = {name: list(read_corpus(_write(tmp_path, name, text)))[0].meta for name, text in SAMPLES.items()}
    assert by_format["pubmed.xml"]["authors"] == ["Smith J", "Doe A"]
    assert by_format["pubmed.xml"]["doi"] == "10.1000/car.1"  # DOIs are case-insensitive: one spelling
    assert by_format["pubmed.xml"]["keywords"] == ["Immunotherapy, Adoptive"]
    assert by_format["export.nbib"]["authors"] == ["Smith, John", "Doe, Anna"]
    assert by_format["export.nbib"]["keywords"] == ["Immunotherapy, Adoptive"]  # MeSH without */subheading
    assert by_format["export.bib"]["authors"] == ["Smith, John", "Doe, Anna"]
    assert by_format["export.bib"]["keywords"] == ["CAR-T", "immunotherapy"]
    assert by_format["savedrecs.txt"]["authors"] == ["Smith, John", "Doe, Anna"]
    assert by_format["pubtator3.biocjson"]["authors"] == ["Smith J", "Doe A"]
    assert by_format["scopus.csv"]["keywords"] == ["CAR-T"]
    # LaTeX in BibTeX is decoded.
    second = list(read_corpus(tmp_path / "export.bib"))[1]
    assert second.meta["authors"] == ["Lee, Min", "Müller, Karl"]


def test_exports_are_recognised_by_their_content_whatever_the_file_is_called(tmp_path):
    _write(tmp_path, "pubmed-search.txt", MEDLINE)
    _write(tmp_path, "zotero.txt", RIS)
    _write(tmp_path, "efetch.txt", PUBMED_XML)
    _write(tmp_path, "notes.txt", "PMID- is how MEDLINE starts a record; this is a note about it.\n")
    _write(tmp_path, "other.xml", "<?xml version='1.0'?><catalog><book>Radiotherapy</book></catalog>")
    _write(tmp_path, "broken.ris", "<html><body>Session expired</body></html>")
    corpus = read_corpus(tmp_path)
    documents = list(corpus)
    files = {Path(p).name: entry for p, entry in corpus.report.files.items()}
    assert files["efetch.txt"].documents == 3 and files["zotero.txt"].documents == 3
    # The same PubMed records twice (XML, then MEDLINE): kept once; the file is read, not skipped.
    medline = files["pubmed-search.txt"]
    assert (medline.status, medline.documents) == ("processed", 0) and "repeats" in medline.reason
    assert files["notes.txt"].documents == 1  # a plain text that mentions a tag is still a text
    assert files["other.xml"].status == "skipped" and "PubMed XML or BioC XML" in files["other.xml"].reason
    assert files["broken.ris"].status == "skipped" and "not RIS" in files["broken.ris"].reason
    assert len(documents) == 7


def test_the_same_record_in_two_exports_is_one_document_and_the_repeat_is_reported(tmp_path, caplog):
    _write(tmp_path, "a_pubmed.xml", PUBMED_XML)
    _write(tmp_path, "b_medline.nbib", MEDLINE)
    ris = RIS.replace("DO  - 10.1000/CAR.1", "DO  - https://doi.org/10.1000/car.1")
    _write(tmp_path, "c.ris", ris)
    _write(tmp_path, "d.ris", ris.replace("ER  - ", "ER  - ", 1))  # the same RIS records again
    with caplog.at_level(logging.WARNING):
        corpus = read_corpus(tmp_path)
        ids = [d.id for d in corpus]
    # Ids where the export has them (PMID, DOI), else file and record number; the repeats in d.ris are dropped.
    assert ids == ["11111", "22222", "33333", "10.1000/car.1", "c:2", "c:3"]
    files = {Path(p).name: entry for p, entry in corpus.report.files.items()}
    assert files["b_medline.nbib"].documents == 0
    assert sum("a duplicate" in p for p in files["b_medline.nbib"].problems) == 3  # each by its PMID
    assert sum("a duplicate" in p for p in files["d.ris"].problems) == 3
    assert files["d.ris"].documents == 0  # ids where the export has them, else title and text
    assert "repeat the id" in caplog.text
    assert len(ids) == len(set(ids))


def test_csv_and_json_records_take_title_year_and_journal_from_named_or_chosen_fields(tmp_path):
    _write(tmp_path, "records.csv", "pmid,title,abstract,Published,venue,doi\n"
           f'1,{TITLE_1},"{ABSTRACT_1}",2015,J Immunother,NA\n'
           f'2,{TITLE_2},NA,2019,Radiat Oncol,NA\n')
    documents = list(read_corpus(tmp_path / "records.csv"))
    assert [d.id for d in documents] == ["1", "2"]
    assert documents[1].text == TITLE_2  # "NA" is a missing value, as R writes it
    assert documents[0].meta["journal"] == "J Immunother" and "year" not in documents[0].meta
    chosen = list(read_corpus(tmp_path / "records.csv", fields=Fields(year="Published")))
    assert [d.meta["year"] for d in chosen] == [2015, 2019]
    # PubMedQA's form: an object of records keyed by PMID, the abstract as a list of paragraphs.
    _write(tmp_path, "qa.json", json.dumps({
        "21645374": {"QUESTION": "Does it work?", "CONTEXTS": ["Radiotherapy helps.", "CSCs resist it."],
                     "YEAR": "2011", "MESHES": ["Radiotherapy"]},
        "16418930": {"QUESTION": "And this?", "CONTEXTS": ["Cisplatin."], "YEAR": None}}))
    qa = list(read_corpus(tmp_path / "qa.json"))
    assert [d.id for d in qa] == ["21645374", "16418930"]
    assert qa[0].text == "Radiotherapy helps.\n\nCSCs resist it." and qa[0].meta["year"] == 2011
    assert qa[0].meta["keywords"] == ["Radiotherapy"] and "year" not in qa[1].meta


def test_sniff_tells_formats_apart_and_leaves_plain_text_alone():
    assert {name: sniff(text[:8192]) for name, text in SAMPLES.items() if not name.endswith(".csv")} == {
        "pubmed.xml": "pubmed-xml", "export.nbib": "medline", "export.ris": "ris", "export.bib": "bibtex",
        "savedrecs.txt": "wos", "savedrecs-tab.txt": "wos-tab", "pubtator.txt": "pubtator", "bioc.xml": "bioc-xml",
        "pubtator3.biocjson": "bioc-json"}
    for text in ["Radiotherapy and CSCs.", '{"id": 1, "text": "CSCs"}', "@ 2019: CSCs resist.",
                 "TY is short for thank you.\nTI - not a tag", "<p>CSCs</p>"]:
        assert sniff(text) is None, text


def test_the_graph_of_an_export_knows_its_documents_years_and_citations(tmp_path):
    kg = kgraph.build(_write(tmp_path, "pubmed.xml", PUBMED_XML))
    docs = kg.documents
    assert list(docs.index) == ["11111", "22222", "33333"]
    assert docs["year"].tolist() == [2015, 2019, 2021]
    assert docs.loc["22222", "journal"] == "Radiation Oncology"
    assert docs.loc["11111", "authors"] == ["Smith J", "Doe A"]
    items = kg.evidence("radiotherapy", "abscopal effect")  # the title and the abstract
    assert len(items) == 2
    assert all(i["doc"] == "22222" and i["year"] == 2019 and i["cite"] == "Radiation Oncology, 2019" for i in items)
    [car] = [e for e in kg.evidence("CAR-T cell therapy", "cancer stem cells")]
    assert car["cite"] == "Smith et al., Journal of Immunotherapy, 2015"
    node = kg.graph.nodes[kg.find("radiotherapy")]
    assert node["first_year"] == 2019 and node["years"] == [[2019, 1]]
    assert kg.graph.nodes[kg.find("nanoparticles")]["years"] == [[2021, 1]]


def test_paragraphs_join_wrapped_lines_and_keep_paragraphs_and_headings():
    page = ("Abstract\n"
            "Cancer stem cells (CSCs) resist chemotherapy and radiotherapy in many solid tu-\n"
            "mours, and the tumour microenvironment protects them from CAR-\n"
            "T cells and from checkpoint inhibitors given after surgery in the clinic.\n"
            "\n"
            "Methods\n"
            "We treated mice with nanoparticles carrying doxorubicin and measured\n"
            "tumour growth for thirty days.\n")
    assert paragraphs(page).split("\n") == [
        "Abstract",
        "Cancer stem cells (CSCs) resist chemotherapy and radiotherapy in many solid tumours, and the tumour "
        "microenvironment protects them from CAR-T cells and from checkpoint inhibitors given after surgery "
        "in the clinic.",
        "Methods",
        "We treated mice with nanoparticles carrying doxorubicin and measured tumour growth for thirty days."]


def test_a_pdf_with_wrapped_lines_gives_the_sentences_of_its_text(tmp_path):
    pytest.importorskip("pypdf")
    text = ("Radiotherapy can trigger an abscopal effect in distant metastases when it is combined with "
            "pembrolizumab, and cancer stem cells resist radiotherapy in the tumour microenvironment.")
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) > 60:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    lines.append(line)
    (tmp_path / "paper.pdf").write_bytes(_pdf(lines))
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "paper.txt").write_text(text, encoding="utf-8")
    from_pdf, from_text = kgraph.build(tmp_path / "paper.pdf"), kgraph.build(tmp_path / "text")
    assert from_pdf.summary()["sentences"] == 1 == from_text.summary()["sentences"]
    assert sorted(map(sorted, from_pdf.graph.edges())) == sorted(map(sorted, from_text.graph.edges()))
    assert len(from_pdf.graph.edges()) == 15  # six concepts in one sentence, not in four lines


@pytest.mark.browser
@pytest.mark.slow
def test_the_sample_articles_printed_to_pdf_give_the_graph_of_their_text(tmp_path, sample_corpus_dir=None):
    """Chromium prints each article (one <p> per line of the .txt) to PDF; the graphs must agree."""
    import html
    import shutil
    import subprocess

    from .conftest import SAMPLE_CORPUS

    pytest.importorskip("pypdf")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("needs Chromium")
    pdfs = tmp_path / "pdf"
    pdfs.mkdir()
    for article in sorted(SAMPLE_CORPUS.glob("*.txt")):
        body = "".join(f"<p>{html.escape(line)}</p>" for line in article.read_text(encoding="utf-8").split("\n")
                       if line.strip())
        page = tmp_path / f"{article.stem}.html"
        page.write_text(f"<html><body style='font: 12pt serif'>{body}</body></html>", encoding="utf-8")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdfs / (article.stem + '.pdf')}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
    from_pdf, from_text = kgraph.build(pdfs), kgraph.build(SAMPLE_CORPUS)
    assert from_pdf.summary()["sentences"] == from_text.summary()["sentences"]  # 128, not 264
    edges_pdf = {tuple(sorted(e[:2])): e[2]["weight"] for e in from_pdf.graph.edges(data=True)}
    edges_text = {tuple(sorted(e[:2])): e[2]["weight"] for e in from_text.graph.edges(data=True)}
    assert edges_pdf == edges_text


# The real exports of ../shared/data/biblio (skipped where they are absent) -------------------------

BIBLIO = SHARED / "data" / "biblio"
# file -> (documents, records skipped, first year, last year); counted by hand from the files.
REAL = {
    "pubmed-pancreatic-cancer.xml": (100, 0, 1976, 1999),
    "pubmed-entrez-sample.xml": (1, 0, 2017, 2017),
    "medline-healthcare-decision.txt": (335, 0, 1990, 2023),
    "medline-sample.medline": (175, 0, 2015, 2016),
    "pubmed-zotero.ris": (6, 0, 2019, 2019),
    "embase.ris": (6, 0, 2004, 2019),
    "scopus.ris": (6, 0, 2019, 2020),
    "zotero-veterinary.ris": (1000, 0, 1901, 2023),
    "scopus.bib": (263, 0, 1998, 2022),
    "scopus.csv": (55, 3, 1989, 2022),  # four volumes of one proceedings, without DOI, share one text
    "wos-plaintext.txt": (8, 0, 2017, 2026),
    "pubtator-sample.txt": (132, 0, None, None),
    "pubtator3-demo.biocjson": (200, 0, 2025, 2026),
    "bioc-sample.xml": (132, 0, None, None),
    # 1,845 rows, 1,125 of them repeats of another row's DOI, or without DOI of its text, year and journal.
    "records-with-years.csv": (720, 1125, 1979, 2020),
    "pubmedqa-abstracts-with-years.json": (1000, 0, 1989, 2017),
}


def _real(name: str) -> Path:
    path = BIBLIO / name
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is absent)")
    return path


@pytest.mark.parametrize("name", sorted(REAL))
def test_every_real_export_is_read_with_its_records_and_years(name):
    path = _real(name)
    corpus = read_corpus(path)
    documents = list(corpus)
    count, skipped, first, last = REAL[name]
    summary = corpus.report.summary()
    assert (summary["documents"], summary["skipped_records"]) == (count, skipped)
    assert len({d.id for d in documents}) == count
    years = [d.meta["year"] for d in documents if d.meta.get("year")]
    assert (min(years, default=None), max(years, default=None)) == (first, last)
    assert all(d.text.strip() for d in documents)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REAL))
def test_every_real_export_builds_a_graph_with_its_documents_and_years(name):
    kg = kgraph.build(_real(name))
    count, _, first, last = REAL[name]
    assert kg.summary()["documents"] == count and len(kg.documents) == count
    assert kg.summary()["concepts"] > 0
    years = kg.documents["year"].dropna()
    assert (int(years.min()) if len(years) else None, int(years.max()) if len(years) else None) == (first, last)


# Malformed records: each is a document or a reported problem, never lost with its neighbours -------

def _read(path: Path) -> tuple[list, object]:
    corpus = read_corpus(path)
    documents = list(corpus)
    [entry] = corpus.report.files.values()
    return documents, entry


def test_a_bibtex_entry_with_unbalanced_braces_is_reported_and_its_neighbours_kept(tmp_path):
    path = _write(tmp_path, "export.bib", (
        "@article{a1, title={Radiotherapy and CSCs}, abstract={CSCs resist radiotherapy.}, year={2019}}\n"
        "@article{a2, title={Broken {entry, abstract={Chemotherapy and doxorubicin.}, year={2020}}\n"
        "@article{a3, title={Immunotherapy}, abstract={Pembrolizumab works.}, year={2021}}\n"))
    documents, entry = _read(path)
    assert [d.id for d in documents] == ["a1", "a3"]
    assert entry.problems == ["record 2 (line 2): not valid BibTeX (entry a2): Unexpected block start: `@article`. "
                              "Was still looking for field-value closing `}`"]


def test_a_ris_record_with_an_untagged_line_costs_no_other_record(tmp_path):
    # rispy read the stray line as the rest of the previous record's last field (ID, absent here): the whole
    # file failed ("not valid RIS ('id')"). A last record without ER was dropped.
    path = _write(tmp_path, "export.ris", (
        "TY  - JOUR\nTI  - Radiotherapy and CSCs\nAB  - CSCs resist radiotherapy.\nPY  - 2019\nID  - 1\nER  - \n\n"
        "TY  - JOUR\na stray line that lost its tag\nTI  - Chemotherapy\nAB  - Doxorubicin.\nER  - \n\n"
        "TY  - JOUR\nTI  - Immunotherapy\nAB  - Pembrolizumab works.\nPY  - 2021\n"))  # no ER: cut short
    documents, entry = _read(path)
    assert [d.text for d in documents] == ["Radiotherapy and CSCs\n\nCSCs resist radiotherapy.",
                                           "Chemotherapy\n\nDoxorubicin.", "Immunotherapy\n\nPembrolizumab works."]
    assert documents[2].meta["year"] == 2021 and entry.problems == [] and entry.status == "processed"


def test_an_unclosed_quote_in_a_csv_row_never_swallows_the_next_row(tmp_path):
    path = _write(tmp_path, "records.csv", (
        "id,title,abstract,year\n"
        '1,"Radiotherapy and CSCs,CSCs resist radiotherapy.,2019\n'
        '2,Chemotherapy,"Doxorubicin with ""liposomes"".",2020\n'
        "3,Immunotherapy,Pembrolizumab works.,2021,,\n"
        "4,Surgery,Resection,2022,extra\n"
        "5,Short row\n"))
    documents, entry = _read(path)
    assert [(d.id, d.meta.get("year")) for d in documents] == [("2", 2020), ("3", 2021), ("4", 2022), ("5", None)]
    assert documents[0].text == 'Chemotherapy\n\nDoxorubicin with "liposomes".'
    assert len(entry.problems) == 1 and entry.problems[0].startswith("line 2: a quote that is not closed")
    assert entry.notes == [
        "1 row (line 5) have more fields than the header (4): a field the header lacks shifts the columns after it, "
        "and the fields past its last column are left out",
        "1 row (line 6) have fewer fields than the header (4): the missing ones are left empty"]


@pytest.mark.parametrize("name,text", [
    ("export.ris", "TY  - JOUR\nTI  - Chemothérapie et CSCs\nAB  - Les CSCs résistent.\nER  - \n"),
    ("export.nbib", "PMID- 1\nTI  - Chemothérapie et CSCs\nAB  - Les CSCs résistent.\n"),
    ("export.bib", "@article{a1, title={Chemothérapie et CSCs}, abstract={Les CSCs résistent.}}\n"),
    ("records.csv", "id,title,abstract\n1,Chemothérapie et CSCs,Les CSCs résistent.\n"),
    ("records.jsonl", '{"id": "1", "title": "Chemothérapie et CSCs", "abstract": "Les CSCs résistent."}\n'),
    ("notes.txt", "Chemothérapie et CSCs\n\nLes CSCs résistent.\n"),
])
def test_latin1_bytes_are_decoded_as_windows_1252_and_the_report_says_so(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("cp1252"))
    documents, entry = _read(path)
    assert [d.text.strip() for d in documents] == ["Chemothérapie et CSCs\n\nLes CSCs résistent."]
    assert len(entry.notes) == 1 and entry.notes[0].startswith("not UTF-8:") and "Windows-1252" in entry.notes[0]


def test_a_file_mostly_utf8_keeps_its_utf8_lines(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_bytes('{"id": "1", "text": "Tumour cells: café"}\n'.encode() +
                     '{"id": "2", "text": "Chemothérapie"}\n'.encode("cp1252"))
    documents, entry = _read(path)
    assert [d.text for d in documents] == ["Tumour cells: café", "Chemothérapie"]
    assert entry.notes == ["not UTF-8: 1 line decoded as Windows-1252 (the first is line 2)"]


def test_a_wos_tab_delimited_export_without_its_header_is_refused_with_a_reason(tmp_path):
    from .biblio_samples import WOS_TAB_ROWS

    path = _write(tmp_path, "savedrecs.txt", "\r\n".join(WOS_TAB_ROWS) + "\r\n")
    documents, entry = _read(path)
    assert documents == [] and entry.status == "skipped"
    assert entry.reason.startswith("Web of Science tab-delimited: a tab-delimited export without its header line")


def test_the_report_json_of_a_build_lists_skipped_records_and_notes(tmp_path):
    from typer.testing import CliRunner

    from kgraph.cli import app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "export.bib").write_bytes(
        ("@article{a1, title={Radiothérapie and CSCs}, abstract={CSCs resist radiotherapy.}, year={2019}}\n"
         "@article{a2, title={Broken {entry, abstract={Chemotherapy.}, year={2020}}\n").encode("cp1252"))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(out), "-q", "--no-store"])
    assert result.exit_code == 0, result.output
    [entry] = json.loads((out / "report.json").read_text())["files"]
    assert entry["documents"] == 1 and entry["problems"][0].startswith("record 2 (line 2): not valid BibTeX")
    assert entry["notes"] == ["not UTF-8: 1 line decoded as Windows-1252 (the first is line 1)"]
