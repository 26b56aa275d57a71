"""Shared fixtures: a blank spaCy pipeline, tiny corpora, the sample graph."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import spacy

import kgraph

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"

TINY_TEXTS = {
    "alpha.txt": "Cancer stem cells (CSCs) resist chemotherapy. CSCs shape the tumour microenvironment.\n",
    "beta.txt": "CAR T-cell therapy and radiotherapy were combined. Radiotherapy caused an abscopal effect.\n",
    "gamma.md": "# Notes\nStereotactic body radiotherapy (SBRT) plus pembrolizumab.\nCSCs survive SBRT.\n",
}


@pytest.fixture
def nlp_blank():
    return spacy.blank("en")


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    folder.mkdir()
    for name, text in TINY_TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def sample_texts() -> list[str]:
    """The texts of the bundled sample corpus."""
    return [path.read_text(encoding="utf-8") for path in sorted(SAMPLE_CORPUS.glob("*.txt"))]


@pytest.fixture(scope="session")
def sample_kg() -> kgraph.KnowledgeGraph:
    return kgraph.build(SAMPLE_CORPUS)


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def require_or_skip(condition: bool, reason: str) -> None:
    """Skip locally, but fail in CI (CI=true) so a missing tool is never silent."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)
