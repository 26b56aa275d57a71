"""Names stay whole and a text's own definitions win: the tail errors of real abstracts, by pattern.

Each test is a pattern seen on the shared PubMed abstracts (issue 25), written
as a small corpus in the style of real abstracts.
"""

from __future__ import annotations

import kgraph


def _mentions(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.concept) for m in kgraph.extract(text)]


def _written(kg: kgraph.KnowledgeGraph, form: str) -> dict[str, int]:
    """Node -> mentions written exactly ``form``."""
    counts = {node: sum(n for f, _, n in data.get("provenance", []) if f == form)
              for node, data in kg.graph.nodes(data=True)}
    return {node: n for node, n in counts.items() if n}


def test_compounds_a_family_name_plus_a_member_code_is_one_name_not_the_family():
    text = ("VEGF-C and VEGF-D drive lymphangiogenesis, unlike VEGF. Hepatitis B and hepatitis C "
            "differ. TGF-beta 1 and HLA-DR were measured with prostaglandin E2 in HPV16 E6 cells.")
    found = _mentions(text)
    labels = dict(found)
    assert labels["VEGF-C"] != labels["VEGF-D"] != "vegf"
    assert labels["VEGF"] == "vegf"
    assert "Hepatitis B" in labels and labels["Hepatitis B"] != labels["hepatitis C"]
    assert ("TGF-beta 1", labels["TGF-beta 1"]) in found and labels["TGF-beta 1"] != "tgf_beta"
    assert labels["HLA-DR"] != "mhc"
    assert labels["prostaglandin E2"] == "pge2"  # the lexicon's name for PGE2, not the family
    assert "E2" not in labels and "E6" not in labels
    assert not any(concept in ("hepatitis", "estrogen") for _, concept in found)


def test_compounds_codes_glued_by_a_hyphen_are_one_name():
    kg = kgraph.build([
        ("def", "Insulin receptor (IR) signalling and electron transfer (ET) in mitochondria. IR and ET rose."),
        ("igf", "IGF-IR inhibition with cisplatin; DNA-PK and HPLC-MS of the insulin receptor ligand. IVF-ET "
                "outcomes after electron microscopy."),
    ])
    written = {form: _written(kg, form) for form in ("IGF-IR", "IR", "ET", "MS", "PK", "DNA-PK")}
    assert written["IGF-IR"] and kg.find("insulin receptor") not in written["IGF-IR"]
    assert sum(written["IR"].values()) == 2  # both in the defining abstract, none inside IGF-IR
    assert sum(written["ET"].values()) == 2 and sum(written["MS"].values()) == 0
    assert not written["PK"] and written["DNA-PK"]


def test_compounds_a_short_form_with_a_compound_number_is_a_code_not_the_short_form():
    found = _mentions("Immune checkpoint inhibitors (ICI) were compared with ICI 182,780 in MS 751 cells.")
    assert ("ICI 182,780", "fulvestrant") in found
    assert [concept for text, concept in found if text == "ICI"] == ["immune_checkpoint_inhibitor"]
    assert not any(text.startswith("MS") for text, _ in found)


def test_compounds_a_two_letter_name_counts_only_where_the_text_shows_its_concept():
    assert not any(concept == "estradiol" for _, concept in _mentions(
        "Cyclin E2 and the viral E2 protein bind; E2 conjugating enzymes act."))
    assert ("E2", "estradiol") in _mentions("Estradiol (E2) was given; E2 raised the proliferation of MCF-7 cells.")
    assert ("E2", "estradiol") in _mentions("Cells exposed to estradiol grew; E2 withdrawal stopped growth.")


def test_compounds_a_definition_continued_by_a_code_defines_the_whole_name():
    found = _mentions("Interleukin (IL)-6 and cyclooxygenase (COX)-2 rose; IL-6 and COX-2 fell later.")
    concepts = {concept for _, concept in found}
    assert "interleukin" not in concepts
    il6 = {c for t, c in found if t == "IL-6"}
    assert len(il6) == 1 and il6 == {c for t, c in found if t.startswith("Interleukin")}
    cox2 = {c for t, c in found if t == "COX-2"}
    assert len(cox2) == 1 and cox2 == {c for t, c in found if t.startswith("cyclooxygenase")}


def test_compounds_a_head_noun_after_a_list_of_definitions_belongs_to_each():
    found = _mentions("Tumours positive for estrogen (ER) and progesterone (PR) receptors were selected; "
                      "ER and PR status was known.")
    assert {c for t, c in found if t == "ER"} == {"estrogen_receptor"}
    assert {c for t, c in found if t == "PR"} == {"progesterone_receptor"}
    assert not any(c in ("estrogen", "progesterone") for _, c in found)


def test_compounds_square_brackets_define_too():
    found = _mentions("Extracts of Cimicifuga racemosa [CR] reduced hot flushes; CR was well tolerated.")
    assert {c for t, c in found if t == "CR"} == {c for t, c in found if t == "Cimicifuga racemosa"}
    assert not any(c == "remission" for _, c in found)


def test_compounds_one_paper_s_definition_never_turns_another_paper_s_statistic():
    kg = kgraph.build([
        ("syn", "The combination index (CI) of cisplatin and paclitaxel showed synergy; CI < 1 in all cells."),
        ("s1", "Cisplatin combination therapy improved survival (HR 0.72, 95% CI 0.55-0.91)."),
        ("s2", "Paclitaxel in combination with cisplatin: odds ratio 1.4 (95% CI, 1.1 to 1.8)."),
    ])
    ci = _written(kg, "CI")
    assert ci.get(kg.find("confidence interval")) == 2
    assert sum(ci.values()) == 4  # two in the defining paper, with its own sense


def test_compounds_long_forms_are_names_not_clauses_relations_or_conjunctions():
    kg = kgraph.build([
        ("a", "Mucopolysaccharidosis IVA is a genetic defect in N-acetylgalactosamine-6-sulfate sulfatase (GALNS). "
              "GALNS activity was low."),
        ("b", "BRCA1 contains a carboxyl-terminal domain (BRCT) that binds. BRCT repeats matter."),
        ("c", "Patients had surgery, and/or chemotherapy (SC) was given; SC improved outcomes."),
        ("d", "Primary irradiation at the Curie Institute (PICI) was compared with surgery; PICI was safe."),
    ])
    labels = {data["label"] for _, data in kg.graph.nodes(data=True)}
    assert "N-acetylgalactosamine-6-sulfate sulfatase" in labels
    assert not any(word in label for label in labels for word in ("defect in", "contains", "and/or", "Curie"))


def test_compounds_one_node_however_a_name_is_spelled_or_worded():
    kg = kgraph.build([
        ("a", "Acquired immunodeficiency syndrome (AIDS) and extracellular signal-regulated kinase (ERK) in cells."),
        ("b", "Acquired immune deficiency syndrome (AIDS) raised extracellular signal-regulated kinase (ERK) levels."),
        ("c", "Extracellular signal-regulated kinase was active after cardiac transplantation with aluminium hydroxide (AH). "
              "Cardiac transplantation failed."),
        ("d", "Heart transplantation recipients had aluminum hydroxide in serum; nuclear factor (NF)-kappaB rose. "
              "Heart transplant rejection followed."),
        ("e", "The nuclear factor-kappaB pathway and NF-κB targets; TNFalpha and TNF-α."),
    ])
    assert kg.find("acquired immune deficiency syndrome") == kg.find("acquired immunodeficiency syndrome")
    assert kg.find("extracellular signal-regulated kinase") == "erk"
    assert kg.graph.nodes["erk"]["mentions"] == 5  # twice ERK, twice defined, once written out alone
    assert kg.find("cardiac transplantation") == kg.find("heart transplantation")
    assert kg.graph.nodes[kg.find("aluminum hydroxide")]["mentions"] == 3  # defined (with AH), written out
    assert {m.concept for m in kgraph.extract("nuclear factor (NF)-kappaB and nuclear factor-kappaB")} == {"nf_kb"}
    assert kg.graph.nodes["nf_kb"]["mentions"] == 3 and kg.graph.nodes["tnf_alpha"]["mentions"] == 2


def test_compounds_codes_a_corpus_calls_cell_lines_and_money_are_no_drugs():
    kg = kgraph.build([
        ("a", "SW1990 cells were treated with gemcitabine."),
        ("b", "Gemcitabine with SW1990 xenografts; AZD-9291 was given. Costs were $US1153 per patient."),
    ])
    assert kg.graph.nodes[kg.find("SW1990")]["category"] == "cell_type"
    assert kg.graph.nodes[kg.find("AZD-9291")]["category"] == "drug"
    assert not any("1153" in data["label"] for _, data in kg.graph.nodes(data=True))


def test_compounds_labels_are_spelled_as_written_and_genes_named_after_diseases_are_genes():
    kg = kgraph.build([
        ("a", "English Cocker Spaniels (ECS) had otitis. ECS were treated with cisplatin."),
        ("b", "English Cocker Spaniels were compared; the retinoblastoma (Rb) gene was mutated."),
    ])
    assert kg.graph.nodes[kg.find("ECS")]["label"] == "English Cocker Spaniels"
    assert kg.find("Rb gene") == "rb1" and "retinoblastoma" not in kg.graph


def test_compounds_a_name_before_the_head_of_another_entity_is_part_of_that_name():
    found = _mentions("NADPH oxidase produced ROS while NADPH levels fell; the interleukin 1 receptor antagonist "
                      "blocked IL-1; multidrug resistance-associated protein 2 and multidrug resistance; "
                      "collagen type IV and FGFR inhibitors.")
    concepts = dict(found)
    assert concepts["NADPH oxidase"] != concepts["NADPH"]
    assert "interleukin 1 receptor antagonist" in concepts and "IL-1" in concepts
    assert concepts["multidrug resistance-associated protein 2"] != concepts["multidrug resistance"]
    assert "collagen type IV" in concepts and "collagen" not in concepts
    assert "FGFR inhibitors" in concepts and "FGFR" not in concepts


def test_compounds_a_document_s_definition_beats_a_lexicon_name_whose_words_show_nothing():
    found = _mentions("Transcription-coupled repair (TCR) removes lesions; TCR was deficient in these cells.")
    assert {c for t, c in found if t == "TCR"} == {c for t, c in found if t.startswith("Transcription")}
    assert "tcr" not in {c for _, c in found}  # the lexicon's T-cell receptor


def test_compounds_names_inside_proper_names_and_lone_adjectives_are_no_concepts():
    found = _mentions("Data came from the Slone Epidemiology Center and the ATBC Cancer Prevention Study, "
                      "which studied the epidemiology of cancer prevention in hypertensive (HT) men; HT men smoked.")
    assert [t for t, _ in found if t.lower() in ("epidemiology", "cancer prevention")] == \
        ["epidemiology", "cancer prevention"]
    assert not any(t == "HT" or "hypertensive" in t for t, _ in found)
    title = _mentions("Radiotherapy And Immunotherapy In Breast Cancer")  # a title in title case keeps its names
    assert [t for t, _ in title] == ["Radiotherapy", "Immunotherapy", "Breast Cancer"]


def test_compounds_modifiers_defined_as_abbreviations_name_nothing_or_take_their_noun():
    found = _mentions("In locally recurrent (LR) disease, LR tumours grew; monosodium glutamate-treated (MSG) rats, "
                      "pair - fed ( PF ) mice and rats on a low-salt (LS) diet, LS rats.")
    labels = {t: c for t, c in found}
    assert "LR" not in labels and "MSG" not in labels and "PF" not in labels
    assert labels.get("LS") == labels.get("low-salt") and "diet" in labels.get("LS", "")


def test_compounds_a_chemical_name_is_whole_and_a_degree_of_a_measure_names_nothing():
    docs = ["Rats were given N-nitroso-N-methylurea (NMU); NMU-induced tumors and 7,12-dimethylbenz[a]anthracene "
            "(DMBA) tumors grew.",
            "Cells grown in normal serum (NS) and NS-free medium; high molecular weight (HMW) forms were seen.",
            "All had normal serum creatinine and high molecular weight DNA fragmentation.",
            "An anti-vascular endothelial growth factor (VEGF) antibody lowered VEGF."]
    kg = kgraph.build(docs)
    labels = {kg.graph.nodes[n]["label"] for n in kg.graph}
    assert {"N-nitroso-N-methylurea", "DMBA"} <= labels  # DMBA: the lexicon's concept, by its short form
    assert "N-methylurea" not in labels and "dimethylbenz[a]anthracene" not in labels
    assert not any(label.startswith(("normal serum", "high molecular weight")) for label in labels)
    assert _written(kg, "VEGF") and not any("anti" in label for label in labels)


def test_compounds_a_short_form_defined_as_a_disease_and_as_its_gene_is_the_disease():
    docs = ["Carriers of the Zorbic-Aldrich syndrome (ZAS) were studied; ZAS is rare.",
            "Expression of the Zorbic-Aldrich syndrome (ZAS) gene in a pedigree with the Zorbic-Aldrich "
            "syndrome (ZAS). She is a carrier of ZAS, and ZAS carriers were normal."]
    kg = kgraph.build(docs)
    by_form = _written(kg, "ZAS")
    assert len(by_form) == 1 and kg.graph.nodes[next(iter(by_form))]["label"] == "Zorbic-Aldrich syndrome"
    assert by_form[next(iter(by_form))] == 6


def test_compounds_a_name_inside_a_chemical_or_negated_name_is_that_longer_name():
    found = dict((t, c) for t, c in _mentions(
        "Rats got N-nitro-L-arginine or L-arginine; non-HDL cholesterol rose, HDL fell, and thyroid "
        "transcription factor-1 (TTF-1) was stained in the right ventricular (RV) wall after radiotherapy "
        "alone (RT); RT was safe."))
    assert found["L-arginine"] != found["N-nitro-L-arginine"]
    assert "HDL cholesterol" not in found and "non-HDL cholesterol" not in found  # a negated name names nothing
    assert "arginine" not in found
    assert found["TTF-1"] == found["thyroid transcription factor-1"]
    assert "RV" not in found and found["RT"] == found["radiotherapy"]


def test_compounds_a_definition_whose_short_form_and_next_word_are_a_name_is_that_name():
    found = _mentions("Angiotensin converting enzyme (ACE) inhibitors lowered pressure; ACE activity fell "
                      "and ACE inhibitors were stopped.")
    assert found[0] == ("Angiotensin converting enzyme (ACE) inhibitors", "ace_inhibitor")
    assert ("ACE", "angiotensin_converting_enzyme") in found and ("ACE inhibitors", "ace_inhibitor") in found


def test_compounds_a_coordinated_long_form_with_a_list_of_short_forms_defines_each():
    found = _mentions("Boys with Duchenne or Becker muscular dystrophy (DMD, BMD); DMD boys. Tumours with estrogen "
                      "and progesterone receptors (ER, PR); ER was high.")
    assert [c for t, c in found if t == "DMD"] == ["duchenne_muscular_dystrophy"] * 2
    assert [c for t, c in found if t in ("ER", "estrogen")] == ["estrogen_receptor"] * 3
    assert ("PR", "progesterone_receptor") in found and ("BMD", "becker_muscular_dystrophy") in found


def test_a_letter_code_before_patients_and_a_drug_salt_stay_part_of_the_name():
    text = ("New hepatitis C patients and HIV-hepatitis C-coinfected men took atorvastatin calcium; "
            "calcium levels and 2 patients were measured.")
    found = [(m.text, m.concept) for m in kgraph.extract(text)]
    assert ("hepatitis C", "hepatitis_c") in found and ("hepatitis", "hepatitis") not in found
    assert found.count(("hepatitis C", "hepatitis_c")) == 2
    assert ("atorvastatin calcium", "atorvastatin") in found
    assert [t for t, c in found if c == "calcium"] == ["calcium"]  # only the calcium levels


def test_a_short_form_defined_inside_a_name_with_a_head_keeps_the_whole_name():
    found = _mentions("Patients took glucagon-like peptide (GLP)-1 receptor agonists; the interleukin (IL)-6 "
                      "receptor was blocked.")
    assert [text for text, _ in found] == ["glucagon-like peptide (GLP)-1 receptor agonists",
                                           "interleukin (IL)-6 receptor"]
    assert found[0][1] != found[1][1]


def test_a_list_of_member_numbers_is_the_family_and_a_lower_case_letter_is_no_cell_type():
    found = _mentions("Caspase 3/7 activity rose with ERK1/2; insulin release from b cells of the pancreas "
                      "fell while B cells and T cells grew.")
    assert ("Caspase 3/7", "caspase") in found and ("ERK1/2", "erk") in found
    assert not any(concept == "caspase_3" for _, concept in found)
    assert [text for text, concept in found if concept == "b_cell"] == ["B cells"]


def test_a_code_glued_to_a_name_keeps_the_name_whole():
    found = _mentions("DNA-PKcs repairs breaks; cyclin-dependent kinase (Cdk)4 binds cyclin D1.")
    assert found[0][0] == "DNA-PKcs" and found[0][1] != "dna"
    assert not any(concept == "cdk" for _, concept in found)


def test_a_subtype_number_and_a_spaced_hyphen_code_keep_a_name_whole():
    kg = kgraph.build([
        ("a", "Multiple endocrine neoplasia (MEN) syndromes are rare. MEN 2A and MEN 2B differ."),
        ("b", "Multiple endocrine neoplasia (MEN) is hereditary. MEN 2A carriers had thyroidectomy."),
        ("c", "Clinical Global Impression (CGI) improved while the CGI - SF was scored."),
    ])
    written = {m.text: m.concept for m in kg.mentions().itertuples()}
    assert written["MEN 2A"] != written["MEN"] and written["MEN 2B"] not in (written["MEN"], written["MEN 2A"])
    assert written["CGI - SF"] != written["CGI"]


def test_a_drug_class_is_not_its_therapy():
    found = dict(_mentions("Anticoagulation with warfarin, an oral anticoagulant, was stopped."))
    assert found["Anticoagulation"] != found["anticoagulant"]


def test_compounds_integrin_subunits_spelled_out_are_the_member():
    found = _mentions("Tracers for integrin alphavbeta3 PET bind integrin αvβ3; integrin beta1 and integrins differ.")
    concepts = dict(found)
    assert concepts["integrin alphavbeta3"] == concepts["integrin αvβ3"] == "integrin_avb3"
    assert concepts["integrin beta1"] not in ("integrin", "integrin_avb3")
    assert concepts["integrins"] == "integrin"


def test_compounds_pancreatic_b_cells_are_beta_cells_not_b_lymphocytes():
    concepts = dict(_mentions("Pancreatic B cells and islet beta-cells secrete insulin, unlike B cells."))
    assert concepts["Pancreatic B cells"] == concepts["islet beta-cells"] == "beta_cell"
    assert concepts["B cells"] == "b_cell"


def test_compounds_a_disease_s_gene_is_a_gene_not_the_disease():
    kg = kgraph.build([("a", "Pendred syndrome (PDS) is caused by mutations in the PDS gene. PDS patients were deaf."),
                       ("b", "In Duchenne muscular dystrophy (DMD), DMD gene therapy helps. The DMD gene is large.")])
    pds = kg.graph.nodes[next(iter(_written(kg, "PDS")))]
    assert pds["label"].lower() == "pendred syndrome" and set(_written(kg, "PDS gene")) != set(_written(kg, "PDS"))
    assert kg.graph.nodes[next(iter(_written(kg, "PDS gene")))]["label"].lower() == "pendred syndrome gene"
    dmd_gene = _written(kg, "DMD gene")
    assert list(dmd_gene.values()) == [1]  # the gene, once; "DMD gene therapy" is gene therapy


def test_compounds_pieces_of_longer_molecule_and_cell_line_names_are_not_the_short_concept():
    concepts = _mentions("Adenosine diphosphate and adenosine levels rose in HEK 293 T cells, unlike in T cells. "
                         "Mutations in the PLP gene were found. 8-Bromo-cyclic adenosine monophosphate was added.")
    assert ("Adenosine diphosphate", "adenosine") not in concepts and ("adenosine", "adenosine") in concepts
    assert [t for t, _ in concepts if "monophosphate" in t] == ["cyclic adenosine monophosphate"]
    assert [c for t, c in concepts if t == "T cells"] == ["t_cell"]


def test_compounds_a_roman_numeral_starts_no_discovered_term():
    kg = kgraph.build([(f"d{i}", "The TGF-beta type II receptor and the glorbin type II receptor bind.")
                       for i in range(3)])
    assert not any(label.lower().startswith(("ii ", "2 ")) for label in
                   (d["label"] for _, d in kg.graph.nodes(data=True)))
