"""Property-based tests: arbitrary Unicode never crashes extraction or building."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kgraph

# Text mixing arbitrary Unicode with domain words, abbreviations and punctuation.
words = st.sampled_from(["CAR-T", "cells", "(CSCs)", "CSCs", "tumour", "radiotherapy", "PD-1", "TNF-α",
                         "zorvantinib", "(", ")", ".", "\n", " ", "Cancer stem cells", "'s", "—", "5-FU"])
texts = st.lists(st.one_of(st.text(max_size=20), words), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_properties_extract_offsets_valid_and_deterministic(text):
    mentions = kgraph.extract(text)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.concept and m.category
    assert kgraph.extract(text) == mentions


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, max_size=4))
def test_properties_build_never_crashes_and_is_deterministic(docs):
    one, two = kgraph.build(docs), kgraph.build(docs)
    assert sorted(one.graph.nodes(data=True)) == sorted(two.graph.nodes(data=True))
    assert sorted(one.graph.edges(data=True)) == sorted(two.graph.edges(data=True))
    for _, _, data in one.graph.edges(data=True):
        assert data["weight"] >= 1 and -1 <= data["npmi"] <= 1
