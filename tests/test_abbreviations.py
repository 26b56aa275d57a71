import pytest

import kgraph
from kgraph.text.abbreviations import best_long_form, find_abbreviations, is_short_form


@pytest.mark.parametrize("text,short,long", [
    ("Cancer stem cells (CSCs) are rare.", "CSCs", "Cancer stem cells"),
    ("We used stereotactic body radiotherapy (SBRT) here.", "SBRT", "stereotactic body radiotherapy"),
    ("the tumor microenvironment (TME) matters", "TME", "tumor microenvironment"),
    ("Patients got 5-fluorouracil (5-FU) daily.", "5-FU", "5-fluorouracil"),
    ("immune-related adverse events (irAEs; see below) occurred", "irAEs", "immune-related adverse events"),
    ("pathways like HIF (hypoxia-inducible factors) are active", "HIF", "hypoxia-inducible factors"),
])
def test_abbreviations_found(text, short, long):
    found = find_abbreviations(text)
    assert [(a.short, a.long) for a in found] == [(short, long)]
    a = found[0]
    assert text[a.short_start:a.short_end] == short
    assert text[a.long_start:a.long_end] == long


@pytest.mark.parametrize("text", [
    "hypoxia (low oxygen conditions) promotes growth",   # lower-case short form
    "nanoparticles (1 to 100 nm) are small",               # no capital letter
    "the trial (NCT) enrolled patients",                   # letters not in the long form
    "as shown before (Smith et al., 2020)",
])
def test_abbreviations_rejected(text):
    assert find_abbreviations(text) == []


def test_abbreviations_do_not_cross_sentences():
    text = "Radiotherapy was given. Stem cells (SC) were then collected."
    assert [(a.short, a.long) for a in find_abbreviations(text)] == [("SC", "Stem cells")]


def test_abbreviations_helpers():
    assert is_short_form("TME") and not is_short_form("x") and not is_short_form("a b c d")
    assert best_long_form("TME", "no match here") is None


def test_short_forms_that_look_like_words_or_units_match_only_as_written():
    kg = kgraph.build([
        ("a", ("Serum magnesium (Mg) was low and Mg fell with cisplatin. Mice received signal transducer "
               "and activator of transcription 3 (Stat3) inhibitors and heavy drinkers (H+) were excluded.")),
        ("b", "Patients got 10 mg of cisplatin every 2 h. Serum Mg and the transcription factor Stat3 rose "
                "with cisplatin in 30 min."),
        ("c", "Apc(Min) mice got cisplatin. Subscales (Scale) were scored. Scale scores and cisplatin rose."),
        ("d", "The Visual Analogue Scale and cisplatin."),
    ])
    forms = {n: kg.graph.nodes[n]["aliases"] for n in kg.graph}
    magnesium, stat3, cisplatin = kg.find("magnesium"), kg.find("Stat3"), kg.find("cisplatin")
    assert "Mg" in forms[magnesium] and "mg" not in forms[magnesium]  # 10 mg is a dose
    assert kg.graph.has_edge(magnesium, cisplatin)  # in the text that defines it
    assert kg.graph.nodes[magnesium]["documents"] == 1  # a word-like short form stays in its text
    assert kg.graph.has_edge(stat3, cisplatin)  # only text b links them: Stat3 is not word-like, corpus-wide
    assert not any(form in ("h", "H", "min", "Min") for aliases in forms.values() for form in aliases)
    # "Scale scores and cisplatin rose." starts with the word, and "Visual Analogue Scale" is a name.
    assert not kg.graph.has_edge(kg.find("subscales"), cisplatin)


def test_a_genotype_defines_its_gene_not_a_deficiency():
    kg = kgraph.build([
        ("a", "Apolipoprotein E-deficient (ApoE-/-) mice developed plaques."),
        ("b", "Apolipoprotein E-deficient mice (ApoE) were fed a western diet."),
        ("c", "Plasma apolipoprotein E and ApoE isoforms were measured."),
        ("d", "Growth hormone deficiency (GHD) was treated; GHD persisted."),
    ])
    apoe = kg.graph.nodes[kg.find("ApoE")]
    assert apoe["label"].lower() == "apolipoprotein e"
    assert kg.find("ApoE-/-") == kg.find("apolipoprotein E") == kg.find("ApoE")
    # A deficiency that is a disease keeps its name.
    assert kg.graph.nodes[kg.find("GHD")]["label"].lower() == "growth hormone deficiency"


def test_a_long_form_never_starts_inside_a_hyphenated_word():
    found = {a.short: a.long for a in find_abbreviations(
        "We used in vitro-in vivo extrapolation (IVIVE), IFN-gamma-inducible protein 10 (IP-10), "
        "2,3,7,8-tetrachlorodibenzo-p-dioxin (TCDD) and anti-vascular endothelial growth factor (VEGF).")}
    assert found == {"IVIVE": "in vitro-in vivo extrapolation", "IP-10": "IFN-gamma-inducible protein 10",
                     "TCDD": "2,3,7,8-tetrachlorodibenzo-p-dioxin", "VEGF": "vascular endothelial growth factor"}
    kg = kgraph.build([("a", "In vitro-in vivo extrapolation (IVIVE) predicts clearance. IVIVE failed."),
                       ("b", "Exposure to 2,3,7,8-tetrachlorodibenzo-p-dioxin (TCDD) induced CYP1A1. TCDD is toxic.")])
    assert kg.graph.nodes[kg.find("IVIVE")]["label"] == "in vitro-in vivo extrapolation"
    assert kg.graph.nodes[kg.find("TCDD")]["label"] == "2,3,7,8-tetrachlorodibenzo-p-dioxin"


def test_two_names_joined_by_a_slash_are_two_definitions_and_a_ratio_stays_one():
    found = [(a.short, a.long) for a in find_abbreviations(
        "the endothelial nitric oxide synthase/heme oxygenase-1 (eNOS/HO-1) axis and the albumin/creatinine "
        "ratio (ACR)")]
    assert found == [("eNOS", "endothelial nitric oxide synthase"), ("HO-1", "heme oxygenase-1"),
                     ("ACR", "albumin/creatinine ratio")]


def test_a_long_form_ending_in_a_function_word_defines_nothing_but_a_letter_is_a_name():
    found = {a.short: a.long for a in find_abbreviations(
        "Cells in high glucose media with (HGL) or without (HG) insulin got trichostatin A (TSA).")}
    assert found == {"TSA": "trichostatin A"}


def test_a_document_definition_is_not_taken_for_a_lexicon_sense_with_a_similar_word():
    # myelomeningocele shares its first six letters with myeloma: still another disease.
    text = "Children with myelomeningocele (MM) were followed. MM repair was early."
    assert {(m.text, m.concept) for m in kgraph.extract(text)} == {
        ("myelomeningocele", "myelomeningocele"), ("MM", "myelomeningocele")}


def test_a_bare_adjective_defines_nothing_and_a_gerund_is_a_name():
    text = ("Adenoviral (Ad) vectors were injected. Ad infection spread. Patients with atrioventricular (AV) "
            "block. Delayed gastric emptying (DGE) was frequent. Structural equation modeling (SEM) was used.")
    concepts = {m.text: m.concept for m in kgraph.extract(text)}
    assert "Ad" not in concepts and "AV" not in concepts and "Adenoviral" not in concepts
    assert concepts["DGE"] == concepts["Delayed gastric emptying"]
    assert concepts["SEM"] == "structural_equation_modeling"


def test_a_discovered_term_inside_a_hyphenated_word_leaves_the_names_inside_it():
    kg = kgraph.build([
        ("a", "Induced hyperglycemia (IH) was studied. Induced hyperglycemia and cisplatin worsened outcomes."),
        ("b", "Induced hyperglycemia is common. Induced hyperglycemia was treated with cisplatin."),
        ("c", "HFD-induced hyperglycemia was reversed by cisplatin."),
    ])
    mentions = kg.mentions()
    in_c = set(zip(mentions[mentions.doc == "c"].text, mentions[mentions.doc == "c"].concept))
    assert ("hyperglycemia", kg.find("hyperglycemia")) in in_c
    assert not any(text.lower().startswith("induced") for text, _ in in_c)


def test_a_compound_modifier_without_its_noun_defines_nothing():
    text = "Degradation of full-length (FL) CFTR was fast. FL CFTR and first-line (FL2) chemotherapy."
    assert not any(m.text in ("FL", "full-length", "FL2") for m in kgraph.extract(text))


def test_an_adverb_defines_nothing():
    text = "Antidotes were given subcutaneously (SC). After SC administration, mice recovered."
    assert not any(m.text in ("SC", "subcutaneously") for m in kgraph.extract(text))


def test_a_modifier_and_noun_written_apart_is_a_name():
    text = "Signal-averaged ECG late potentials (LPs) were found. LPs predicted arrhythmia."
    assert {m.text: m.concept for m in kgraph.extract(text)}["LPs"] is not None


def test_british_spellings_define_their_short_forms():
    found = {a.short: a.long for a in find_abbreviations(
        "In oesophageal squamous cell carcinoma (ESCC), staining of oestrogen and progesterone receptors "
        "(ER, PR) was done.")}
    assert found == {"ESCC": "oesophageal squamous cell carcinoma", "ER": "oestrogen receptors",
                     "PR": "progesterone receptors"}


def test_a_definition_that_names_nothing_also_keeps_the_lexicon_sense_out():
    text = "Patients with very high levels (VHL) of ferritin died. VHL predicted death."
    assert [m.text for m in kgraph.extract(text)] == ["ferritin"]
    # An adjective still means its noun: immunohistochemical (IHC) staining is immunohistochemistry.
    found = {m.text: m.concept for m in kgraph.extract("Immunohistochemical (IHC) staining was done. IHC showed it.")}
    assert found["IHC"] == "immunohistochemistry"
    assert [m.concept for m in kgraph.extract("The VHL gene is mutated in renal cancer.")][0] == "vhl"


def test_a_long_form_may_skip_a_function_word_or_a_slash_pair_to_be_spelled_whole():
    found = {a.short: a.long for a in find_abbreviations(
        "the Asthma Control and Communication Instrument (ACCI) and Normothermic normokalemic simultaneous "
        "antegrade/retrograde perfusion (NNSP) or the time in therapeutic range (TTR).")}
    assert found == {"ACCI": "Asthma Control and Communication Instrument",
                     "NNSP": "Normothermic normokalemic simultaneous antegrade/retrograde perfusion",
                     "TTR": "time in therapeutic range"}
    # A function word anywhere else still ends the long form.
    assert find_abbreviations("in patients with liver transplantation (LT) and")[0].long == "liver transplantation"


def test_a_combining_form_that_spells_the_first_letter_is_part_of_the_long_form():
    text = "The electro-encephalogram (EEG) was normal; anti-epidermal growth factor (EGF) antibodies bound."
    assert {a.short: a.long for a in find_abbreviations(text)} == {
        "EEG": "electro-encephalogram", "EGF": "epidermal growth factor"}


def test_a_member_code_after_the_bracket_counts_where_the_text_writes_it_glued():
    text = ("Glucose transporter (GLUT) 1 and immunoglobulin (Ig) G rose; GLUT1 and IgG stayed high. "
            "Overall survival (OS) 2 years after surgery was 80%.")
    found = {m.text: m.concept for m in kgraph.extract(text)}
    assert found["GLUT1"] == found["Glucose transporter (GLUT) 1"] != "glucose_transporter"
    assert found["IgG"] == found["immunoglobulin (Ig) G"]
    assert "OS" in found and "OS 2" not in found and not any("2" in c for c in found.values())


def test_a_short_form_only_written_before_a_method_noun_names_the_method():
    text = ("We used magnetic resonance (MR) angiography. MR angiography showed stenosis. "
            "Magnetic resonance angiography (MRA) is safe; MRA was done twice.")
    found = {m.text: m.concept for m in kgraph.extract(text)}
    assert found["MR"] == found["MRA"] == "magnetic_resonance_angiography"
    # Written before two nouns, the short form keeps its own long form.
    other = {a.short: a.long for a in find_abbreviations(
        "magnetic resonance (MR) angiography and MR spectroscopy were done.")}
    assert other == {"MR": "magnetic resonance"}


def test_a_definition_with_another_head_than_the_lexicon_name_is_its_own_concept():
    text = "A new endpoint, the Clinical Benefit Response (CBR), was used. CBR was seen in 24% of patients."
    found = {m.text: m.concept for m in kgraph.extract(text)}
    assert found["CBR"] == found["Clinical Benefit Response"] != "clinical_benefit_rate"
    assert {m.concept for m in kgraph.extract("The clinical benefit rate (CBR) was 40%.")} == {"clinical_benefit_rate"}


def test_timing_words_make_no_concept_of_a_trial_arm():
    text = "Children were randomized to the immediate treatment (IT) group or a waitlist. IT improved attention."
    assert not any("immediate" in m.text or m.text == "IT" for m in kgraph.extract(text))
