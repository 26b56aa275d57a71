"""TermMatcher: where terms may start is found before the longest match is read."""

import pytest

from kgraph.concepts.matcher import TermMatcher
from kgraph.text.normalize import key_of, scan


def _matcher(*names: str) -> TermMatcher:
    return TermMatcher({key_of(name): name for name in names})


def _found(matcher: TermMatcher, text: str) -> list[tuple[str, str]]:
    parts = scan(text)
    return [(text[parts.starts[m.first]:parts.ends[m.last]], m.value) for m in matcher.find(parts)]


@pytest.mark.parametrize("text, expected", [
    # "breast" starts a term before "cancer", not before "tissue".
    ("Breast tissue and breast cancer.", [("breast cancer", "breast cancer")]),
    ("Breast cancer, then breast tissue.", [("Breast cancer", "breast cancer")]),
    # Only first pieces, never the pair: nothing.
    ("Breast tissue and cancer cells.", []),
])
def test_matcher_a_first_piece_elsewhere_is_no_match(text, expected):
    assert _found(_matcher("breast cancer"), text) == expected


def test_matcher_text_without_any_first_piece_finds_nothing():
    assert _found(_matcher("stem cell", "radiotherapy", "IL-6"), "Patients were followed for years.") == []


def test_matcher_tables_of_one_kind_of_term():
    text = "IL-6 and 5-FU after radiotherapy; IL 10 and fluorouracil."
    assert _found(_matcher("IL-6", "5-FU"), text) == [("IL-6", "IL-6"), ("5-FU", "5-FU")]
    assert _found(_matcher("radiotherapy", "fluorouracil"), text) == [
        ("radiotherapy", "radiotherapy"), ("fluorouracil", "fluorouracil")]


def test_matcher_longest_and_leftmost_with_shared_first_pieces():
    matcher = _matcher("stem cell", "cancer stem cell", "cancer", "cell")
    assert _found(matcher, "Cancer stem cells, stem cells, cancer and a cell.") == [
        ("Cancer stem cells", "cancer stem cell"), ("stem cells", "stem cell"), ("cancer", "cancer"),
        ("cell", "cell")]


def test_matcher_same_result_as_one_term_at_a_time():
    """Each term of a table is found where a table of that term alone finds it, and nowhere else."""
    names = ["tumor", "tumor necrosis factor", "necrosis", "factor", "growth factor", "T cell", "CAR T cell"]
    text = ("Tumor necrosis factor and tumor growth; growth factor, necrosis. CAR T-cells and T cells; "
            "factor VIII and tumor.")
    together = _found(_matcher(*names), text)
    starts = {span for span, _ in together}
    alone = {span for name in names for span, _ in _found(_matcher(name), text)}
    assert starts <= alone
    assert ("Tumor necrosis factor", "tumor necrosis factor") in together
    assert ("CAR T-cells", "CAR T cell") in together
