"""Short forms and names on messy, multi-document literature: each class of wrong node gets a corpus.

The corpora are written like real abstracts: a short form is defined in one
document and met bare in others, with and without its sense.
"""

from __future__ import annotations

import itertools

import pytest

import kgraph
from kgraph.concepts.lexicon import default_lexicon
from kgraph.concepts.recognize import resolve_definition
from kgraph.concepts.senses import is_clause, reserved_short_form
from kgraph.text.abbreviations import find_abbreviations


def _concepts_of(kg: kgraph.KnowledgeGraph, form: str) -> set[str]:
    """The nodes that mentions written exactly ``form`` were counted for."""
    return {node for node, data in kg.graph.nodes(data=True)
            if any(f == form for f, _, _ in data.get("provenance", []))}


# --- 1. short forms applied across documents ------------------------------------------------

def test_senses_roman_numerals_and_units_are_never_short_forms():
    kg = kgraph.build([
        ("a", "Cisplatin, cis-diamminedichloroplatinum (II), was given with radiotherapy."),
        ("b", "In this phase II trial, group II received 2 Gy fractions; IGF-II rose with cisplatin."),
        ("d", "Tumour volume was 3.1 +/- 0.4 cm3 (mean +/- SD) after cisplatin."),
    ])
    assert "II" not in kg.graph.nodes[kg.find("cisplatin")]["aliases"]
    assert all(not reserved_short_form(form) or form in ("SD",) for node in kg.graph
               for form in kg.graph.nodes[node]["aliases"] if form.isupper() and len(form) <= 3)
    assert _concepts_of(kg, "SD") == {kg.find("standard deviation")}
    assert kg.graph.nodes[kg.find("SD")]["category"] == "statistic"


def _form_counts(kg: kgraph.KnowledgeGraph, form: str) -> dict[str, int]:
    """Node -> mentions written exactly ``form``."""
    counts = {node: sum(n for f, _, n in data.get("provenance", []) if f == form)
              for node, data in kg.graph.nodes(data=True)}
    return {node: n for node, n in counts.items() if n}


def test_senses_a_document_s_own_definition_wins_over_a_statistic_except_in_statistical_syntax():
    kg = kgraph.build([
        ("c", "Sprague-Dawley (SD) rats received cisplatin. SD rats gained weight. Weights are mean +/- SD."),
        ("d", "Tumour volume was 3.1 +/- 0.4 cm3 (mean +/- SD) after cisplatin."),
        ("e", "The heart rate (HR) rose after cisplatin; HR fell with rest."),
        ("f", "Cisplatin improved survival (HR 0.72, 95% CI 0.55-0.91) in SD patients."),
    ])
    rat, deviation = kg.find("Sprague-Dawley"), kg.find("standard deviation")
    assert _form_counts(kg, "SD") == {rat: 2, deviation: 2}  # "SD patients" in f is no rat, no statistic
    heart = kg.find("heart rate")
    assert heart != kg.find("hazard ratio")
    assert _form_counts(kg, "HR") == {heart: 2, kg.find("hazard ratio"): 1}


def test_senses_a_clause_is_no_long_form():
    assert is_clause("RNAs were not detected by Northern")
    kg = kgraph.build([
        ("a", "Transcripts for the receptor RNAs were not detected by Northern (RNA) analysis."),
        ("b", "The RNA of tumour cells was sequenced after radiotherapy."),
    ])
    labels = {data["label"] for _, data in kg.graph.nodes(data=True)}
    assert not any("detected" in label for label in labels)
    assert kg.find("RNA") == "rna"


def test_senses_a_short_form_defined_elsewhere_needs_evidence_of_its_sense():
    kg = kgraph.build([
        ("def1", "Glorbic acid nanocarriers (GAN) delivered cisplatin to cancer cells."),
        ("def2", "We loaded doxorubicin into glorbic acid nanocarriers (GAN)."),
        ("same", "GAN raised glorbic uptake in tumour cells treated with cisplatin."),
        ("other", "The GAN score of each hospital was compared with cisplatin use."),
    ])
    gan = kg.find("glorbic acid nanocarriers")
    explanation = kg.explain("GAN")
    assert explanation.concept == gan
    forms = {o.form: o.mentions for o in explanation.forms}
    assert forms["GAN"] == {"abbreviation": 2, "abbreviation_elsewhere": 1}
    # the document without a word of "glorbic acid nanocarriers" keeps GAN unresolved
    assert kg.graph.nodes[gan]["documents"] == 3
    assert not kg.graph.has_edge(gan, kg.find("cisplatin")) or all(
        e["doc"] != "other" for e in kg.evidence("GAN", "cisplatin"))


def test_senses_each_document_gets_the_sense_it_shows():
    defs = [(f"pd{i}", "Patients with progressive disease (PD) stopped gefitinib.") for i in range(3)]
    defs += [(f"park{i}", "Patients with Parkinson's disease (PD) took part in exercise training.")
             for i in range(2)]
    kg = kgraph.build([*defs,
                       ("x", "In Parkinson patients, PD improved with exercise."),
                       ("y", "PD was seen in 12 of 40 patients on gefitinib; disease was progressive.")])
    x = [e for e in kg.evidence("Parkinson's disease", "exercise") if e["doc"] == "x"]
    assert x and x[0]["text"][slice(*x[0]["marks"][kg.find("Parkinson's disease")][0])] == "PD"
    # "progressive" is a word of over 2% of abstracts: it shows no sense, so y's PD stays unresolved.
    mentions = kg.mentions()
    assert mentions[(mentions.doc == "y") & (mentions.text == "PD")].empty
    assert set(mentions[(mentions.doc == "x") & (mentions.text == "PD")].concept) == {kg.find("Parkinson's disease")}


# --- 2. a short form takes the concept of a word inside its long form --------------------

@pytest.mark.parametrize("text, expected", [
    ("the zorbic growth factor (ZGF) pathway", ("zorbic_growth_factor", "target")),
    ("loss of deleted in colorectal cancer (DCC) expression", ("deleted_in_colorectal_cancer", "other")),
    ("in advanced breast cancer (ABC) patients", ("breast_cancer", "cancer")),
])
def test_senses_specific_long_forms_stay_specific(text, expected):
    lexicon = default_lexicon()
    _, concept_id, concept = resolve_definition(find_abbreviations(text)[0], lexicon)
    category = concept.category if concept is not None else lexicon.concepts[concept_id].category
    assert (concept_id, category) == expected


def test_senses_a_defined_long_form_is_its_concept_in_other_documents_too():
    kg = kgraph.build([
        ("a", "The zorbic growth factor (ZGF) is secreted by fibroblasts."),
        ("b", "Fibroblasts secreted zorbic growth factor and other growth factors after radiotherapy."),
    ])
    zgf = kg.find("ZGF")
    assert kg.graph.nodes[zgf]["documents"] == 2
    assert "ZGF" not in kg.graph.nodes[kg.find("growth factor")]["aliases"]
    assert kg.graph.has_edge(zgf, kg.find("growth factor"))  # two concepts in one sentence


# --- 3. matches inside longer tokens; overlaps ----------------------------------------------

def test_senses_no_match_inside_a_hyphenated_code():
    kg = kgraph.build([
        ("a", "Radiotherapy (RT) was given; RT-PCR measured HO-1 and AP-1 after RT."),
        ("b", "The hydroxyl radical (HO) and accelerated phase (AP) were studied; HO-1 rose."),
    ])
    rt_forms = kg.graph.nodes[kg.find("radiotherapy")]["aliases"]
    assert "RT" in rt_forms and not any(form.startswith("RT-") for form in rt_forms)
    assert kg.find("RT-PCR") == "rt_pcr"
    assert not any(form.startswith(("HO-", "AP-")) for node in kg.graph
                   for form in kg.graph.nodes[node]["aliases"])


def test_senses_one_concept_per_span_on_a_corpus(sample_texts):
    extra = ["The epidermal growth factor (EGF) and transforming growth factor beta (TGF-beta) act.",
             "Cancer stem cells (CSCs) and CSC-like cells resist RT-PCR verified cisplatin."]
    for text in [*sample_texts, *extra]:
        mentions = kgraph.extract(text)
        for a, b in itertools.pairwise(mentions):
            assert a.end <= b.start, (a, b)


# --- 4 and 5. one node per real concept ------------------------------------------------------

def test_senses_short_form_naming_a_lexicon_concept_joins_it():
    kg = kgraph.build([
        ("a", "Mutations of the breast cancer susceptibility gene 1 (BRCA1) raise ovarian cancer risk."),
        ("b", "BRCA1 carriers and BRCA2 carriers were screened for ovarian cancer."),
    ])
    assert kg.find("breast cancer susceptibility gene 1") == kg.find("BRCA1") == "brca1"
    assert kg.find("BRCA2") == "brca2"


@pytest.mark.parametrize("forms", [
    ["microRNAs", "miRNAs", "MicroRNA", "miRNA"],
    ["siRNAs", "siRNA", "small interfering RNAs"],
    ["Bcl-2", "BCL2", "bcl-2"],
    ["nano-particles", "nanoparticles", "nanoparticle"],
])
def test_senses_written_variants_find_one_concept(forms):
    concepts = {m.concept for form in forms for m in kgraph.extract(f"We studied {form} in tumours.")}
    assert len(concepts) == 1


def test_senses_closed_and_open_compounds_and_spellings_are_one_node():
    texts = [f"The zorbic sidecar cells grew in {i} tumours." for i in range(3)]
    texts += [f"The zorbic side-car cells grew in {i} lines." for i in range(3)]
    texts += ["Photodynamic therapy with 5-aminolaevulinic acid (5-ALA) was given.",
              "Topical 5-aminolevulinic acid (5-ALA) before photodynamic therapy."]
    kg = kgraph.build(texts)
    assert kg.find("zorbic sidecar cells") == kg.find("zorbic side-car cells")
    assert kg.graph.nodes[kg.find("zorbic sidecar cells")]["mentions"] == 6
    ala = kg.find("5-aminolaevulinic acid")
    assert ala == kg.find("5-aminolevulinic acid") == kg.find("5-ALA")
    assert kg.graph.nodes[ala]["documents"] == 2


def test_senses_rewordings_of_one_short_form_are_one_node():
    kg = kgraph.build([
        ("a", "Hypoxanthine phosphoribosyltransferase (HPRT) deficiency causes Lesch-Nyhan syndrome."),
        ("b", "Hypoxanthine guanine phosphoribosyltransferase (HPRT) mutations were sequenced."),
        ("c", "The hypoxanthine phosphoribosyltransferase (HPRT) gene was cloned."),
    ])
    assert kg.find("hypoxanthine guanine phosphoribosyltransferase") == kg.find("HPRT")


def test_senses_find_agrees_with_the_mentions():
    kg = kgraph.build([
        *[(f"ct{i}", "Computed tomography (CT) showed liver metastases.") for i in range(4)],
        ("chemo", "Chemotherapy (CT) was given with radiotherapy."),
    ])
    for node, data in kg.graph.nodes(data=True):
        written: dict[str, int] = {}
        for form, _, n in data["provenance"]:
            written[form] = written.get(form, 0) + n
        for form, n in written.items():
            found = kg.find(form)
            best = max(sum(k for f, _, k in kg.graph.nodes[o]["provenance"] if f == form) for o in kg.graph)
            assert sum(k for f, _, k in kg.graph.nodes[found]["provenance"] if f == form) == best


# --- 6 and 7. statistics and methods demoted; NPMI needs support ------------------------

def test_senses_statistics_and_methods_are_kept_but_demoted():
    kg = kgraph.build([
        "Cisplatin improved survival (hazard ratio 0.7, 95% CI 0.5-0.9) in lung cancer.",
        "Cisplatin raised the odds ratio (OR) of nephrotoxicity; PCR confirmed EGFR status in lung cancer.",
        "Cisplatin and lung cancer: western blot showed DNA damage.",
    ])
    ci, pcr = kg.find("CI"), kg.find("PCR")
    assert kg.graph.nodes[ci]["category"] == "statistic" and kg.graph.nodes[pcr]["category"] == "method"
    assert kg.graph.has_edge(ci, kg.find("cisplatin"))  # kept in the graph
    default = {n.concept for n in kg.neighbors("cisplatin")}
    assert ci not in default and pcr not in default and kg.find("lung cancer") in default
    assert ci in {n.concept for n in kg.neighbors("cisplatin", generic=True)}
    assert ci not in {c for c, _ in kg.central(limit=None)}


def test_senses_npmi_rankings_need_minimum_support():
    pairs = ["Zorvantinib with glorbic fields (GF) in one abstract."] * 1
    pairs += [f"Cisplatin and radiotherapy in study {i}." for i in range(4)]
    pairs += [f"Cisplatin alone in cohort {i}." for i in range(4)]
    kg = kgraph.build(pairs)
    by_npmi = kg.neighbors("cisplatin", by="npmi")
    assert all(n.documents >= 3 for n in by_npmi)
    assert [n.label for n in by_npmi] == ["radiotherapy"]
    assert kg.neighbors("zorvantinib", by="npmi") == []
    assert kg.neighbors("zorvantinib", by="npmi", min_documents=1)


# --- 8. junk discovered terms -------------------------------------------------------------

def test_senses_no_junk_long_forms():
    kg = kgraph.build([
        ("a", "Response was higher compared with 3% (P3) in controls given cisplatin."),
        ("b", "Glucose-6-PHOSPHATE dehydrogenase (G6PD) deficiency and cisplatin."),
        ("c", "The G6PD level fell after cisplatin in glucose phosphate dehydrogenase tests."),
    ])
    labels = {data["label"] for _, data in kg.graph.nodes(data=True)}
    assert not any("compared" in label or "%" in label for label in labels)
    assert kg.graph.nodes[kg.find("G6PD")]["label"] == "glucose-6-phosphate dehydrogenase"


def test_senses_generic_phrases_name_nothing_and_symbols_keep_their_gene():
    kg = kgraph.build([
        ("a", "Patients with diabetes type 1 (T1) and control subjects (CS) received cisplatin."),
        ("b", "Type 1 and type 2 responses to cisplatin differed from control subjects."),
        ("c", "The CXC chemokine ligand 12 (CXCL12) binds CXCR4; nuclear factor-kappaB (NF-kappaB) rose."),
    ])
    labels = {data["label"] for _, data in kg.graph.nodes(data=True)}
    assert "type 1" not in labels and "control subjects" not in labels
    assert kg.find("CXC chemokine ligand 12") == kg.find("CXCL12") == "cxcl12"
    assert kg.find("nuclear factor-kappaB") == "nf_kb"


def test_senses_names_that_differ_by_an_abbreviation_written_out_are_one_node():
    kg = kgraph.build([
        ("a", "Sodium glucose co-transporter 2 (SGLT2) is expressed in the kidney."),
        ("b", "Sodium glucose co-transporter-2 inhibitors (SGLT2i) lowered glucose."),
        ("c", "SGLT2 inhibitors and metformin were compared."),
        ("d", "Dipeptidyl peptidase-4 (DPP-4) cleaves incretins. DPP-4 inhibitors were given."),
        ("e", "Dipeptidyl peptidase-4 inhibitors (DPP4is) improved control. DPP-4 inhibitors again."),
        ("f", "Epidermal growth factor (EGF) binds the EGF receptor. EGFR is mutated in lung cancer."),
    ])
    # One node for the inhibitor class however it is written, the lexicon's concept first.
    assert kg.find("SGLT2i") == kg.find("SGLT2 inhibitors") == kg.find("sodium glucose co-transporter-2 inhibitor")
    assert kg.find("DPP-4 inhibitors") == kg.find("dipeptidyl peptidase-4 inhibitors") == kg.find("DPP4is")
    assert kg.find("EGF receptor") == kg.find("EGFR") == "egfr"
    # ... while the transporter, the enzyme and the growth factor stay themselves.
    assert kg.find("SGLT2") != kg.find("SGLT2i") and kg.find("DPP-4") != kg.find("DPP-4 inhibitors")
    assert kg.find("EGF") != kg.find("EGFR")


def test_senses_a_plural_short_form_ending_in_a_word_does_not_eat_the_word():
    kg = kgraph.build([
        ("a", "Dipeptidyl peptidase-4 inhibitors (DPP-4is) were studied."),
        ("b", "Dipeptidyl peptidase-4 (DPP4) is expressed on T cells. DPP4 is a protease."),
    ])
    forms = {form for form, *_ in kg.graph.nodes[kg.find("dipeptidyl peptidase-4 inhibitors")]["provenance"]}
    assert "DPP4 is" not in forms and "DPP-4is" in forms
    assert kg.find("DPP4") != kg.find("DPP-4is")


def test_senses_a_receptor_is_not_a_rewording_of_its_ligand():
    # Real exports define GLP-1R both ways; the receptor must not join the peptide.
    from kgraph.concepts.lexicon import Concept
    from kgraph.concepts.senses import same_senses

    def discovered(concept_id: str, label: str) -> Concept:
        return Concept(concept_id, label, "other", source="discovered")

    concepts = {c.id: c for c in [discovered("glp1", "glucagon-like peptide-1"),
                                  discovered("glp1r", "glucagon-like peptide-1 receptor"),
                                  discovered("bfic", "benign familial infantile convulsions"),
                                  discovered("bfics", "benign familial infantile convulsions syndrome"),
                                  discovered("hprt", "hypoxanthine phosphoribosyltransferase"),
                                  discovered("hgprt", "hypoxanthine guanine phosphoribosyltransferase")]}
    same = same_senses({("GLP", "1", "r"): ["glp1", "glp1r"], ("BFIC",): ["bfic", "bfics"],
                        ("HPRT",): ["hprt", "hgprt"]}, concepts)
    assert "glp1r" not in same
    assert same == {"bfics": "bfic", "hgprt": "hprt"}  # rewordings still join, "X syndrome" is X


def test_senses_short_forms_matched_only_as_written_shorten_no_names():
    from kgraph.concepts.lexicon import Concept
    from kgraph.concepts.senses import shortened_names
    from kgraph.concepts.shortforms import short_form_of

    concepts = {c.id: c for c in [
        Concept("ataxia_telangiectasia", "ataxia telangiectasia", "disease", source="discovered"),
        Concept("atm", "ataxia telangiectasia mutated", "gene"),
        Concept("dpp4", "dipeptidyl peptidase-4", "protein", source="discovered"),
        Concept("dpp4i", "dipeptidyl peptidase-4 inhibitor", "drug_class")]}
    # "A-T" reads "a t" once normalised: it is matched only as written, so "a t mutated" names nothing
    # (in the abstracts such names folded "Ang-II/I" into angiopoietin-1 and made "5 5 FU" names).
    assert short_form_of("A-T").exact == "A-T"
    assert shortened_names({short_form_of("A-T"): ["ataxia_telangiectasia"]}, concepts) == {}
    assert shortened_names({short_form_of("Dpp-4"): ["dpp4"]}, concepts) == {}
    # A short form matched by its pieces still gives the name with the abbreviation.
    assert shortened_names({short_form_of("DPP-4"): ["dpp4"]}, concepts) == {"dpp4i": ["DPP 4 inhibitor"]}



def test_a_formula_with_a_bracketed_subscript_is_no_short_form():
    kg = kgraph.build([
        ("a", "Cardiac output (CO) fell with cisplatin. CO recovered."),
        ("b", "Cardiac output was normal, but the ventilatory response to CO (2) and cisplatin was blunted."),
    ])
    mentions = kg.mentions()
    assert "CO" in set(mentions[mentions.doc == "a"].text)
    assert "CO" not in set(mentions[mentions.doc == "b"].text)


def test_sites_of_one_tumour_type_defined_by_one_short_form_stay_apart():
    kg = kgraph.build([
        ("a", "Laryngeal squamous cell carcinoma (LSCC) was treated with cisplatin. LSCC recurred."),
        ("b", "Lung squamous cell carcinoma (LSCC) was treated with cisplatin. LSCC progressed."),
        ("c", "Laryngeal squamous cell carcinoma (LSCC) patients got cisplatin."),
    ])
    mentions = kg.mentions()
    by_doc = {doc: set(rows.concept) for doc, rows in mentions[mentions.text == "LSCC"].groupby("doc")}
    assert by_doc["a"] != by_doc["b"]


def test_a_count_in_brackets_after_a_name_keeps_the_name():
    found = [m.text for m in kgraph.extract("Tumours were adenocarcinoma (3) and melanoma (1) with CO (2) retention.")]
    assert found == ["adenocarcinoma", "melanoma"]
