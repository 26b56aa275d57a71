import pytest

import kgraph
from kgraph.sentences import split_sentences


@pytest.mark.parametrize("text,expected", [
    ("One. Two! Three?", ["One.", "Two!", "Three?"]),
    ("Smith et al. reported it. Next.", ["Smith et al. reported it.", "Next."]),
    ("Title line\nBody text.", ["Title line", "Body text."]),
    ("He said \"done.\" Then left.", ["He said \"done.\"", "Then left."]),
    ("", []),
    ("   \n  ", []),
])
def test_sentences_split(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_sentences_pipeline_sets_doc_sents():
    doc = kgraph.make_nlp()("Radiotherapy works. CAR-T too.\nTitle")
    assert [s.text.strip() for s in doc.sents] == ["Radiotherapy works.", "CAR-T too.", "Title"]
