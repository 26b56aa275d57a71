from collections import Counter
from pathlib import Path

import pytest

from kgraph import Concept, Lexicon, LexiconError, default_lexicon, load_lexicon
from kgraph.settings import DEFAULTS

CATEGORIES = {"therapy", "drug_class", "drug", "cell_type", "target", "mechanism", "technology", "molecule",
              "cancer", "clinical", "anatomy", "statistic", "method", "general"}


def test_lexicon_shipped_is_broad_and_valid():
    lex = default_lexicon()
    assert len(lex) >= 1500
    counts = Counter(c.category for c in lex.concepts.values())
    assert set(counts) == CATEGORIES
    assert all(n >= 10 for c, n in counts.items() if c not in DEFAULTS.demoted_categories), counts


def test_lexicon_every_name_is_reachable():
    lex = default_lexicon()
    for concept in lex.concepts.values():
        for name in concept.names:
            hit = lex.lookup(name)
            assert hit is not None and hit.id == concept.id, (name, concept.id)


def test_lexicon_generic_words_are_not_concepts():
    lex = default_lexicon()
    for word in ["patients", "research", "hope", "approach", "oncology", "science", "future",
                 "researchers", "challenges", "conclusion", "treatment", "cancer", "medicine"]:
        assert lex.lookup(word) is None, word


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "lex.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_lexicon_user_file_loads(tmp_path):
    path = write(tmp_path, "concepts:\n- {id: zorb, label: zorbitinib, category: drug, aliases: [ZRB-1]}\n")
    lex = load_lexicon(path)
    assert lex.lookup("Zorbitinib").id == "zorb" and lex.lookup("ZRB-1").id == "zorb"


@pytest.mark.parametrize("body,fragments", [
    ("concepts:\n- {id: a, label: alpha}\n", ["line 2", "entry 1", "'category'"]),
    ("concepts:\n- {id: a, label: alpha, category: x}\n- {id: a, label: beta, category: x}\n",
     ["line 3", "duplicate concept id 'a'", "line 2"]),
    ("concepts:\n- {id: a, label: stem cell, category: x}\n- {id: b, label: beta, category: x, aliases: [Stem cells]}\n",
     ["line 3", "'Stem cells'", "concept 'a'"]),
    ("concepts:\n- {id: a, label: alpha, category: x, aliases: [\"(,)\"]}\n", ["line 2", "cannot be matched"]),
    ("concepts:\n- {id: a, label: alpha, category: x, colour: red}\n", ["unknown field", "colour"]),
    ("concepts: [\n  {id: a\n", ["not valid YAML", "line"]),
    ("concepts: []\n", ["non-empty list"]),
    ("concepts:\n- {id: 'a b', label: alpha, category: x}\n", ["id 'a b'"]),
])
def test_lexicon_broken_file_names_file_line_and_problem(tmp_path, body, fragments):
    path = write(tmp_path, body)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message


def test_lexicon_missing_file(tmp_path):
    with pytest.raises(LexiconError, match="Cannot read lexicon file"):
        load_lexicon(tmp_path / "nope.yaml")


def test_lexicon_merged_adds_and_replaces_without_mutating():
    base = Lexicon.from_concepts([Concept("a", "alpha", "x"), Concept("b", "beta", "x")], name="base")
    extra = Lexicon.from_concepts([Concept("b", "beta", "y", ("BTA",)), Concept("c", "gamma", "x")], name="extra")
    merged = base.merged(extra)
    assert sorted(merged.concepts) == ["a", "b", "c"]
    assert merged.concepts["b"].category == "y" and merged.lookup("BTA").id == "b"
    assert sorted(base.concepts) == ["a", "b"] and base.lookup("BTA") is None


def test_lexicon_every_name_belongs_to_one_concept():
    from kgraph.text.normalize import key_of

    owners: dict[tuple[str, ...], str] = {}
    for concept in default_lexicon().concepts.values():
        assert concept.label not in concept.aliases
        for name in concept.names:
            key = key_of(name)
            assert owners.setdefault(key, concept.id) == concept.id, (name, owners[key], concept.id)


@pytest.mark.parametrize("a, b", [
    ("odds ratio", "hazard ratio"), ("case-control study", "cohort study"), ("COX-2", "prostaglandin E2"),
    ("IGF-1", "IGF-1R"), ("breast-conserving surgery", "mastectomy"), ("histone deacetylation", "histone acetylation"),
    ("complete response", "objective response rate"), ("pain", "cancer pain"), ("blood vessel", "tumor vasculature"),
    ("BRCA1", "BRCA2"), ("MMP-9", "MMP-2"), ("microwave ablation", "radiofrequency ablation"),
    ("hypocalcemia", "hypercalcemia"), ("siRNA", "RNA interference"), ("nitric oxide synthase", "nitric oxide"),
    ("CDK4", "CDK6"), ("CDK4", "CDK4/6"), ("RhoA", "ROCK"), ("screening", "early detection"),
    ("dermatitis", "radiation dermatitis"), ("VMAT", "IMRT"), ("electroporation", "electrochemotherapy"),
    ("bone marrow transplantation", "hematopoietic stem cell transplantation"),
    ("neoadjuvant chemotherapy", "neoadjuvant therapy"), ("DNA damage response", "DNA damage"),
    ("missense mutation", "point mutation"), ("survival rate", "overall survival"),
])
def test_lexicon_audit_keeps_siblings_subtypes_and_parents_apart(a, b):
    lex = default_lexicon()
    assert lex.lookup(a) is not None and lex.lookup(b) is not None
    assert lex.lookup(a).id != lex.lookup(b).id


def test_lexicon_header_states_the_alias_rule():
    from kgraph.settings import default_lexicon_path

    header = default_lexicon_path().read_text(encoding="utf-8").split("concepts:", 1)[0]
    assert "every alias means exactly what its concept means" in header


def test_a_name_matches_without_its_inner_article():
    lexicon = default_lexicon()
    assert lexicon.lookup("area under ROC curve").id == lexicon.lookup("area under the ROC curve").id == "roc_auc"
    assert lexicon.lookup("area under curve").id == "area_under_curve"
    assert lexicon.lookup("area under receiver operating characteristic curve").id == "roc_auc"
