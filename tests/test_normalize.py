import pytest

from kgraph.text.normalize import (
    americanize,
    is_abbreviation,
    key_of,
    pieces,
    singularize,
)


@pytest.mark.parametrize("a,b", [
    ("CAR-T cell therapy", "CAR T-cell therapy"),
    ("CAR-T cell therapy", "CAR T cell therapies"),
    ("tumour microenvironment", "Tumor microenvironments"),
    ("haematopoietic stem cell", "hematopoietic stem cells"),
    ("oesophageal cancer", "esophageal cancer"),
    ("TNF-α", "TNF-alpha"),
    ("TNFα", "TNF alpha"),
    ("IL-6", "IL6"),
    ("PD-1", "PD1"),
    ("Hodgkin's lymphoma", "Hodgkin lymphoma"),
    ("metastases", "metastasis"),
    ("CSCs", "CSC"),
    ("Bacillus Calmette-Guérin", "Bacillus Calmette-Guerin"),
])
def test_normalize_variants_share_a_key(a, b):
    assert key_of(a) == key_of(b)


@pytest.mark.parametrize("a,b", [
    ("CAR", "car"),          # the abbreviation is not the word
    ("ALL", "all"),
    ("T cell", "B cell"),
    ("cancer stem cell", "stem cell"),
])
def test_normalize_distinct_terms_keep_distinct_keys(a, b):
    assert key_of(a) != key_of(b)


@pytest.mark.parametrize("word,expected", [
    ("therapies", "therapy"), ("cells", "cell"), ("analyses", "analysis"), ("viruses", "virus"),
    ("genomics", "genomics"), ("mass", "mass"), ("diabetes", "diabetes"), ("boxes", "box"),
])
def test_normalize_singularize(word, expected):
    assert singularize(word) == expected


def test_normalize_americanize_leaves_american_spelling_alone():
    for word in ["tumor", "hematology", "esophagus", "personalized", "center"]:
        assert americanize(word) == word


def test_normalize_abbreviation_detection():
    assert is_abbreviation("mTOR") and is_abbreviation("CSCs") and is_abbreviation("HER")
    assert not is_abbreviation("Cancer") and not is_abbreviation("T") and not is_abbreviation("TUMOUR")


def test_normalize_pieces_offsets_point_into_text():
    text = "Anti-PD-1 therapy, then CAR T-cells; TNF-α rose."
    for p in pieces(text):
        assert 0 <= p.start < p.end <= len(text)
        assert text[p.start:p.end].strip()


def test_normalize_punctuation_breaks_terms():
    parts = pieces("stem, cell")
    assert [p.joined for p in parts] == [False, False]
    assert key_of("stem, cell") is None
