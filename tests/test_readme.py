"""Every Python example of the README runs, in order, on what a new user has: the bundled sample corpus.

The examples run in one namespace, as a reader would paste them one after
the other, in a fresh folder holding ``corpus`` (the bundled sample) and, for
the literature examples, ``pubmed-export.xml`` (a small PubMed export written
here, standing for the reader's own) and ``more`` (documents to add). A block
the reader cannot run as is says so in an HTML comment just before it
(``<!-- not run by the tests: ... -->``), and only one such block may exist:
the example with a trained spaCy model, which a new user has not downloaded.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLE_CORPUS

README = ROOT / "README.md"
_BLOCK = re.compile(r"(<!-- not run by the tests: [^>]*-->\s*)?```python\n(.*?)```", re.S)


def readme_examples() -> list[tuple[int, str, bool]]:
    """The README's Python blocks: (line, code, runnable), in order."""
    text = README.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start(2)) + 1, m.group(2), m.group(1) is None) for m in _BLOCK.finditer(text)]


def _paper(pmid: int, year: int, journal: str, title: str, abstract: str) -> str:
    return (f'<PubmedArticle><MedlineCitation><PMID Version="1">{pmid}</PMID><Article><Journal><JournalIssue>'
            f"<PubDate><Year>{year}</Year></PubDate></JournalIssue><Title>{journal}</Title></Journal>"
            f"<ArticleTitle>{title}</ArticleTitle><Abstract><AbstractText>{abstract}</AbstractText></Abstract>"
            f"<AuthorList><Author><LastName>Smith</LastName><Initials>J</Initials></Author></AuthorList>"
            "</Article></MedlineCitation></PubmedArticle>")


def pubmed_export() -> str:
    """A PubMed XML export of 48 papers, 2010-2024, in two journals, about radiotherapy and its abscopal effect."""
    papers = []
    for k in range(48):
        year = 2010 + k * 14 // 47
        abstract = "Radiotherapy induced an abscopal effect in melanoma." if k % 2 else \
            "Radiotherapy with cisplatin was given to patients with cervical cancer."
        if year >= 2018:
            abstract += " Pembrolizumab was added to radiotherapy."
        papers.append(_paper(40000 + k, year, "Nature Medicine" if k % 3 == 0 else "Radiation Oncology",
                             f"Radiotherapy study {k}", abstract))
    return '<?xml version="1.0"?>\n<PubmedArticleSet>\n' + "\n".join(papers) + "\n</PubmedArticleSet>\n"


def test_readme_has_python_examples_and_runs_all_but_the_trained_model_one():
    blocks = readme_examples()
    assert len(blocks) >= 6
    skipped = [code for _, code, runnable in blocks if not runnable]
    assert len(skipped) == 1 and "spacy.load(" in skipped[0]


@pytest.mark.slow
def test_readme_examples_run_on_the_bundled_sample(tmp_path, monkeypatch, caplog):
    (tmp_path / "corpus").symlink_to(SAMPLE_CORPUS, target_is_directory=True)
    (tmp_path / "pubmed-export.xml").write_text(pubmed_export(), encoding="utf-8")
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "note.txt").write_text("Stereotactic body radiotherapy (SBRT) and CSCs.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    with caplog.at_level(logging.WARNING):
        for line, code, runnable in readme_examples():
            if not runnable:
                continue
            try:
                exec(compile(code, f"README.md, line {line}", "exec"), namespace)  # noqa: S102 - the README's own code
            except Exception as err:  # noqa: BLE001 - name the example that failed
                pytest.fail(f"The README example at line {line} fails: {type(err).__name__}: {err}")
    assert Path("graph.html").exists() and Path("early-vs-late.html").exists()
