import pytest
import spacy
from spacy.language import Language

import kgraph
from kgraph import Concept, Lexicon

_PART_SIZES: list[int] = []


@Language.component("kgraph_test_part_sizes")
def _record_part_size(doc):
    _PART_SIZES.append(len(doc.text))
    return doc


def test_extract_mentions_match_text():
    text = "Cancer stem cells (CSCs) resist chemotherapy; CSCs hide in the tumour microenvironment."
    mentions = kgraph.extract(text)
    assert mentions, "nothing found"
    for m in mentions:
        assert text[m.start:m.end] == m.text
    assert [m.concept for m in mentions] == ["cancer_stem_cell", "cancer_stem_cell", "chemotherapy",
                                             "cancer_stem_cell", "tumor_microenvironment"]
    assert {m.category for m in mentions} <= {"cell_type", "therapy", "mechanism"}


@pytest.mark.parametrize("variant", ["CAR-T cell therapy", "CAR T-cell therapy", "CAR T cell therapy",
                                     "chimeric antigen receptor T-cell therapy", "CAR-T therapies"])
def test_extract_car_t_variants_map_to_one_concept(variant):
    [m] = kgraph.extract(f"Patients received {variant}.")
    assert m.concept == "car_t_cell_therapy" and m.text == variant


def test_extract_abbreviation_defined_in_text_then_used_alone():
    text = "Tumour treating zorbic fields (TTZF) were tried. Later, TTZF failed."
    mentions = kgraph.extract(text)
    ids = [m.concept for m in mentions]
    assert len(ids) == 3 and len(set(ids)) == 1
    assert [m.text for m in mentions][-1] == "TTZF"
    assert mentions[0].resolved_by == "discovered"


def test_extract_mention_source_is_a_deprecated_name_of_resolved_by():
    mentions = kgraph.extract("Tumour treating zorbic fields (TTZF) were tried. Later, TTZF failed.")
    with pytest.deprecated_call(match="resolved_by"):
        assert [m.source for m in mentions] == [m.resolved_by for m in mentions] == \
            ["discovered", "abbreviation", "abbreviation"]


def test_extract_text_definition_overrides_lexicon_short_form():
    # "MM" is multiple myeloma in the lexicon; this text defines it otherwise.
    text = "Malignant mesothelioma (MM) is rare. MM responds poorly."
    mentions = kgraph.extract(text)
    mm = [m for m in mentions if m.text == "MM"]
    assert mm and {m.concept for m in mm} == {mentions[0].concept}
    assert mentions[0].concept != "multiple_myeloma"


def test_extract_generic_words_are_not_concepts():
    text = "Researchers and patients have hope: this approach to research in oncology is the future."
    assert kgraph.extract(text) == []


def test_extract_abbreviation_case_is_respected():
    assert [m.concept for m in kgraph.extract("The CAR construct was tested.")] == ["chimeric_antigen_receptor"]
    assert kgraph.extract("She drove her car construct home.") == []


def test_extract_with_custom_lexicon():
    lex = Lexicon.from_concepts([Concept("widget", "widget therapy", "therapy", ("WT",))])
    mentions = kgraph.extract("Widget therapies beat WT alone? No: radiotherapy did.", lexicon=lex)
    assert [m.concept for m in mentions] == ["widget", "widget"]


def test_extract_sentence_index_follows_line_breaks():
    mentions = kgraph.extract("Radiotherapy\nChemotherapy")
    assert [m.sentence for m in mentions] == [0, 1]


def test_extract_empty_text():
    assert kgraph.extract("") == []


def test_extract_same_input_same_output():
    text = "CAR T-cell therapy and PD-1 inhibitors (ICIs) in melanoma; ICIs again."
    assert kgraph.extract(text) == kgraph.extract(text)


def test_extract_component_writes_doc_spans():
    nlp = kgraph.make_nlp()
    doc = nlp("Nanoparticles deliver doxorubicin to tumour cells.")
    spans = doc.spans["kgraph"]
    assert [(s.text, s.kb_id_, s.label_) for s in spans] == [
        ("Nanoparticles", "nanoparticle", "technology"), ("doxorubicin", "doxorubicin", "drug"),
        ("tumour cells", "cancer_cell", "cell_type")]


def test_the_component_gives_what_the_build_reads_whoever_calls_it():
    from kgraph.documents.corpus import Document
    from kgraph.nlp.mentions import pipe_extractions

    text = ("Cancer stem cells (CSCs) resist cisplatin. Later, CSCs and tumour-associated macrophages "
            "(TAMs) were seen.\nTAMs grew.")
    nlp = kgraph.make_nlp()
    by_hand = nlp(text)
    [built] = pipe_extractions(nlp, [Document("d", text)], kgraph.default_lexicon())
    # The spans a user reads are the mentions the build counts, and doc.sents its sentences.
    assert [(s.start_char, s.end_char, s.kb_id_) for s in by_hand.spans["kgraph"]] == \
        [(m.start, m.end, m.concept) for m in built.mentions]
    assert [s.text.strip() for s in by_hand.sents] == [text[start:end].strip() for start, end in built.sentences]
    assert [(m.text, m.sentence) for m in built.mentions][-2:] == [("TAMs", 1), ("TAMs", 2)]


def test_kgraphs_own_pipeline_is_read_from_the_text_with_the_extractions_its_docs_give(sample_texts):
    from kgraph.concepts.shortforms import ShortForms, short_form_of
    from kgraph.documents.corpus import Document
    from kgraph.nlp.mentions import pipe_extractions
    from kgraph.text.abbreviations import find_abbreviations

    long_text = "Immune checkpoint inhibitors (ICPis) were given. " + " ".join(
        f"In case {n}, ICPis failed after radiotherapy and T cells met." for n in range(40))  # parts: ICPis alone
    texts = [*sample_texts[:3], long_text, "Programmed death-ligand 1 (PD-L1) rose.\nPD-L1 and TAMs fell.", ""]
    documents = [Document(f"d{n}", text) for n, text in enumerate(texts)]
    lexicon = kgraph.default_lexicon()
    args = dict(short_forms=ShortForms({short_form_of("TAMs"): "tumor_associated_macrophage"}), same_as={"radiotherapy": ""},
                max_part_chars=1_000, abbreviations=[find_abbreviations(t) if n % 2 else None
                                                     for n, t in enumerate(texts)])
    own = kgraph.make_nlp()
    tokenized: list[str] = []
    own.tokenizer = _Counting(own.tokenizer, tokenized)
    from_text = list(pipe_extractions(own, documents, lexicon, **args))
    assert tokenized == []  # no Doc made: spaCy's tokenizer never ran
    with_docs = kgraph.make_nlp()
    with_docs.add_pipe("kgraph_test_part_sizes", first=True)  # any other component: Docs are made
    from_docs = list(pipe_extractions(with_docs, documents, lexicon, **args))
    assert from_text == from_docs
    assert sum(len(e.mentions) for e in from_text) > 100
    concepts = {m.concept for e in from_text for m in e.mentions}
    assert "tumor_associated_macrophage" in concepts
    assert sum(m.text == "ICPis" for m in from_text[3].mentions) == 41  # defined in the first part only
    assert "radiotherapy" not in {m.concept for e in from_text for m in e.mentions}


class _Counting:
    """A tokenizer that notes each text it tokenizes."""

    def __init__(self, tokenizer, seen: list[str]) -> None:
        self.tokenizer, self.seen = tokenizer, seen

    def __call__(self, text: str):
        self.seen.append(text)
        return self.tokenizer(text)


def test_extract_factory_default_matches_component(nlp_blank):
    nlp_blank.add_pipe("sentencizer")
    component = nlp_blank.add_pipe("kgraph_concepts")
    assert component.spans_key == "kgraph"
    assert len(component.lexicon) == len(kgraph.default_lexicon())


def test_a_document_over_the_part_size_is_processed_in_parts_with_offsets_in_the_whole():
    text = " ".join(f"Case {n}: cancer stem cells (CSCs) resist radiotherapy. CSCs and T cells meet."
                    for n in range(50))
    whole = kgraph.build([("book", text)], store=False)
    parts = kgraph.build([("book", text)], store=False, settings=kgraph.Settings(max_part_chars=500))
    assert dict(parts.graph.nodes(data=True)) == dict(whole.graph.nodes(data=True))
    assert sorted(parts.graph.edges(data=True)) == sorted(whole.graph.edges(data=True))
    for item in parts.evidence("CSCs", "T cells"):
        assert text[item["start"]:item["end"]] == item["text"]  # offsets refer to the whole text


def test_a_build_cuts_documents_at_the_max_part_chars_of_its_settings():
    text = " ".join(f"Case {n}: cancer stem cells (CSCs) resist radiotherapy." for n in range(60))
    user = spacy.blank("en")
    user.add_pipe("kgraph_test_part_sizes")  # sees every Doc the build makes
    _PART_SIZES.clear()
    kgraph.build([("book", text)], store=False, nlp=user)
    assert _PART_SIZES == [len(text)]
    _PART_SIZES.clear()
    kgraph.build([("book", text)], store=False, nlp=user, settings=kgraph.Settings(max_part_chars=500))
    assert len(_PART_SIZES) >= len(text) // 500 and max(_PART_SIZES) <= 500


def test_a_document_longer_than_spacy_max_length_builds():
    text = "Cancer stem cells resist radiotherapy. " * 30000  # 1.17 million characters
    kg = kgraph.build([("huge", text)], store=False)
    assert kg.graph.graph["documents"] == 1 and kg.graph.nodes["cancer_stem_cell"]["mentions"] == 30000


def test_an_abbreviation_defined_in_one_part_is_the_documents_own_in_every_part():
    filler = " ".join(f"Patients in cohort {n} were followed for a year." for n in range(40))
    text = (f"Glorbic field therapy (GFT) is new. {filler} "
            "Later, GFT was combined with radiotherapy. GFT helped.")
    whole = kgraph.build([("long", text)], store=False)
    parts = kgraph.build([("long", text)], store=False, settings=kgraph.Settings(max_part_chars=400))
    concept = whole.find("GFT")
    assert parts.find("GFT") == concept and parts.graph.nodes[concept]["mentions"] == 4  # with the long form
    assert parts.graph.has_edge(concept, "radiotherapy")
    assert dict(parts.graph.nodes(data=True)) == dict(whole.graph.nodes(data=True))
    assert sorted(parts.graph.edges(data=True)) == sorted(whole.graph.edges(data=True))


def test_the_pipeline_is_described_by_its_config_and_round_trips_through_disk(tmp_path):
    """nlp.config says everything; nlp.to_disk + spacy.load (in a fresh process, kgraph not imported) give it back."""
    import json
    import subprocess
    import sys

    import spacy

    from kgraph import Concept, Lexicon

    lexicon = Lexicon.from_concepts([Concept("glorbic", "glorbic acid", "drug", ("glorbic acids",)),
                                     Concept("rt", "radiotherapy", "therapy", ("radiation therapy",))], name="mine")
    nlp = kgraph.make_nlp(lexicon=lexicon)
    config = nlp.config
    assert config["nlp"]["tokenizer"] == {"@tokenizers": "kgraph.tokenizer.v1"}
    # A lexicon object, not a file: the config cannot name it, the saved pipeline carries it.
    assert config["components"]["kgraph_concepts"] == {"factory": "kgraph_concepts", "spans_key": "kgraph"}
    assert "kgraph_concepts" not in config["initialize"]["components"]
    text = "Glorbic acids with radiation therapy. Glorbic acid again."
    doc = nlp(text)
    expected = [[s.text, s.kb_id_, s.label_] for s in doc.spans["kgraph"]]
    assert [e[1] for e in expected] == ["glorbic", "rt", "glorbic"]
    nlp.to_disk(tmp_path / "pipeline")
    code = ("import json, spacy, sys; nlp = spacy.load(sys.argv[1]); doc = nlp(sys.argv[2]); "
            "print(json.dumps([[s.text, s.kb_id_, s.label_] for s in doc.spans['kgraph']]))")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "pipeline"), text],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == expected
    # The default pipeline rebuilt from its config alone recognises the same concepts.
    default = kgraph.make_nlp()
    rebuilt = spacy.util.load_model_from_config(default.config, auto_fill=True)
    sample = "Cancer stem cells (CSCs) resist radiotherapy; CSCs persist."
    doc_a, doc_b = rebuilt(sample), default(sample)
    assert [(s.start_char, s.kb_id_) for s in doc_a.spans["kgraph"]] == \
        [(s.start_char, s.kb_id_) for s in doc_b.spans["kgraph"]] != []
