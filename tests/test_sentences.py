import pytest
from hypothesis import given
from hypothesis import strategies as st

import kgraph
from kgraph.text.sentences import split_sentences, text_parts


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


@given(st.lists(st.sampled_from(["CSCs", "resist", "radiotherapy.", "T", "cells", "kill.", "\n", "x" * 40]),
                max_size=150), st.integers(min_value=1, max_value=120))
def test_text_parts_cover_the_text_within_the_limit_between_sentences(words, limit):
    text = " ".join(words)
    parts = text_parts(text, limit)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(end == start for (_, end), (start, _) in zip(parts, parts[1:]))
    assert all(0 < end - start <= limit for start, end in parts) or not text
    starts = [s for s, _ in split_sentences(text)] + [len(text)]
    if all(b - a <= limit for a, b in zip([0] + starts, starts)):  # every sentence fits in a part
        assert {end for _, end in parts} <= set(starts)
