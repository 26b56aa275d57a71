import pytest

import kgraph
from kgraph.concepts.discover import (
    c_values,
    drug_names,
    select_terms,
    term_candidates,
    write_candidates,
)
from kgraph.concepts.lexicon import default_lexicon, load_lexicon


@pytest.mark.parametrize("name", ["zorvantinib", "glorbimab", "trevaparib", "pelociclib", "quinoplatin",
                                  "dorataxel", "fenarubicin", "brexoleucel"])
def test_discover_inn_stems_found_in_fresh_text(name):
    text = f"Patients received {name} twice weekly."
    [found] = [d for d in drug_names(text) if d.kind == "stem"]
    assert found.text == name and text[found.start:found.end] == name


@pytest.mark.parametrize("code", ["AZQ-19284", "BXT4092", "LYX-20031"])
def test_discover_compound_codes(code):
    assert [d.text for d in drug_names(f"The inhibitor {code} was tested.")] == [code]


@pytest.mark.parametrize("text", [
    "Cells were intercepted and the concept of nucleotide peptide analysis was kept.",
    "HCT1160 cells and NCT01234567 and CD1333 were used.",     # cell line, trial id, CD marker
    "The anti-BXT-40921x complex.",                              # part of a longer token
])
def test_discover_no_false_drug_names(text):
    assert drug_names(text) == []


@pytest.mark.parametrize("text", [
    "Colon carcinoma (HCX-1160) cells were treated with AZQ-19284.",
    "We used the cell line SGX-7901 and the inhibitor AZQ-19284.",
    "HCX-1160, DUX-1450 and PCX-3000 cells responded to AZQ-19284.",
    "HCX-1160 cells were used. Later, HCX-1160 grew faster than with AZQ-19284.",  # once a cell line...
    "Treatment of HCX-1160 cells with AZQ-19284 worked.",
    "AZQ-19284 killed tumor cells in the HCX-1160 cell line.",
])
def test_discover_cell_lines_are_not_drugs(text):
    assert [d.text for d in drug_names(text)] == ["AZQ-19284"]


def test_discover_extract_marks_unknown_drugs_and_their_abbreviations():
    text = "We combined zorvantinib (ZVT) with nivolumab. ZVT was well tolerated."
    mentions = kgraph.extract(text)
    by_text = {m.text: m for m in mentions}
    assert by_text["zorvantinib"].resolved_by == "discovered" and by_text["zorvantinib"].category == "drug"
    assert by_text["ZVT"].concept == by_text["zorvantinib"].concept
    assert by_text["nivolumab"].resolved_by == "lexicon"


def test_discover_terms_skip_known_concepts_and_generic_modifiers():
    lex = default_lexicon()
    assert list(term_candidates("Resistant cancer stem cells survive.", lex).counts) == []
    assert list(term_candidates("These novel inhibitors and aggressive cancers.", lex).counts) == []
    keys = term_candidates("Glorbic acid nanoparticles worked.", lex).counts
    assert ("glorbic", "acid", "nanoparticle") in keys


def test_discover_c_value_discounts_nested_terms():
    cv = c_values({("x", "cell"): 10, ("a", "x", "cell"): 10})
    assert cv[("x", "cell")] == 0.0            # only ever seen inside the longer term
    assert cv[("a", "x", "cell")] > 10


def test_discover_select_terms_thresholds():
    lex = default_lexicon()
    texts = ["Glorbic acid nanoparticles were made."] * 3 + ["Pelican vortex syndrome appeared once."]
    candidates = term_candidates(" ".join(texts), lex)
    chosen = {c.id: (c.category, c.source) for c, _, _ in select_terms(candidates, min_count=3, min_c_value=3)}
    assert chosen == {"glorbic_acid_nanoparticle": ("technology", "discovered")}


def test_discover_build_adds_frequent_terms_as_discovered_nodes():
    texts = [f"Glorbic acid nanoparticles carried doxorubicin in study {i}." for i in range(4)]
    kg = kgraph.build(texts)
    node = kg.graph.nodes[kg.find("glorbic acid nanoparticles")]
    assert node["source"] == "discovered" and node["category"] == "technology"
    assert kg.graph.has_edge(kg.find("glorbic acid nanoparticles"), "doxorubicin")
    plain = kgraph.build(texts, discover=False)
    assert "glorbic acid nanoparticles" not in plain


def test_discover_corpus_writes_a_loadable_lexicon(tmp_path):
    texts = ["Zorvantinib (ZVT) and glorbic fields (GF)."] + ["Glorbic acid nanoparticles help."] * 3
    found = kgraph.discover_concepts(texts)
    hows = {c.id: how for c, _, _, how in found}
    assert hows["zorvantinib"] == "stem" and hows["glorbic_field"] == "abbreviation"
    assert hows["glorbic_acid_nanoparticle"] == "term"
    path = write_candidates(tmp_path / "candidates.yaml", found)
    lex = load_lexicon(path)
    assert lex.lookup("ZVT") is None and lex.lookup("zorvantinib").id == "zorvantinib"
    merged = default_lexicon().merged(lex)
    assert merged.lookup("glorbic acid nanoparticles").id == "glorbic_acid_nanoparticle"


def test_discover_terms_differing_in_case_become_one_concept():
    lex = default_lexicon()
    text = " ".join(["COS-7 cells were used."] * 3 + ["Cos-7 cells were used."] * 3)
    chosen = select_terms(term_candidates(text, lex), min_count=3, min_c_value=3)
    assert [(c.id, n) for c, n, _ in chosen] == [("cos_7_cell", 6)]
    kg = kgraph.build([text])
    assert kg.find("COS-7 cells") == kg.find("Cos-7 cells") == "cos_7_cell"


def test_discover_long_forms_take_the_category_their_head_noun_says():
    kg = kgraph.build([
        ("a", "Patients with acute myocardial infarction (AMI) were enrolled. AMI recurred in two."),
        ("b", "Phenylalanine hydroxylase (PAH) deficiency causes phenylketonuria. PAH activity was low."),
        ("c", "Retinoic acid (RA) induced differentiation. RA was given daily."),
        ("d", "B-cell lymphoma 1 (BCL1) is amplified. BCL1 rearrangements were seen."),
        ("e", "The visual analog scale (VAS) measured pain. VAS scores fell."),
    ])
    category = {form: kg[kg.find(form)]["category"] for form in ["AMI", "PAH", "RA", "BCL1", "VAS"]}
    assert category == {"AMI": "clinical", "PAH": "target", "RA": "molecule",
                        "BCL1": "other",  # a name ending in a number after a disease word is a gene's
                        "VAS": "method"}  # no head that says what it is, but MeSH does (D064232, E: a method)


def test_discover_labels_are_spelled_as_the_texts_write_them():
    kg = kgraph.build([
        ("a", "Glucose 6 phosphate dehydrogenase (G6PD) deficiency was common."),
        ("b", "We measured glucose-6-phosphate dehydrogenase (G6PD) activity; glucose-6-phosphate "
              "dehydrogenase fell."),
        ("c", "Low glucose-6-phosphate dehydrogenase (G6PD) levels were seen."),
        ("d", "N-acetylcysteine (NAC) was given. NAC reduced injury."),
    ])
    # Two documents' spellings are merged into one concept; its label is the spelling most written.
    assert kg[kg.find("G6PD")]["label"] == "glucose-6-phosphate dehydrogenase"
    assert kg.find("glucose 6 phosphate dehydrogenase") == kg.find("G6PD")
    assert kg[kg.find("NAC")]["label"] == "N-acetylcysteine"  # a one-letter prefix keeps its capital


def test_discover_no_term_is_cell_plus_a_cancer_word():
    kinds = ("clear", "giant", "acinic", "spindle", "oxyphilic", "signet")  # each too rare to be a term
    texts = [f"A {kind} cell carcinoma was resected." for kind in kinds] * 2
    kg = kgraph.build(texts)
    labels = {kg.graph.nodes[n]["label"] for n in kg.graph}
    assert not any(label.lower().startswith("cell carcinoma") for label in labels)


def test_a_receptor_and_a_drug_class_head_is_no_term_of_its_own():
    from kgraph.concepts.discover import term_candidates
    from kgraph.concepts.lexicon import default_lexicon
    found = term_candidates("Glorbic receptor antagonists and zorbic receptor antagonists work.", default_lexicon())
    assert sorted(" ".join(key) for key in found.counts) == ["glorbic receptor antagonist",
                                                             "zorbic receptor antagonist"]
