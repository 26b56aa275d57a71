"""The optional trained pipeline (``--model``). Runs without one where it can;
the end-to-end tests skip unless a trained English pipeline is installed."""

import pytest
import spacy
from spacy.tokens import Doc

import kgraph
from kgraph import KGraphError
from kgraph.concepts.lexicon import default_lexicon
from kgraph.nlp.mentions import noun_chunk_terms

INSTALLED = sorted(spacy.util.get_installed_models())
MODEL = next((m for m in INSTALLED if m.startswith("en_")), None)
needs_model = pytest.mark.skipif(MODEL is None, reason="no trained English spaCy pipeline installed")


def parsed_doc() -> Doc:
    nlp = spacy.blank("en")
    words = ["The", "glorbic", "acid", "nanoparticles", "carried", "zorbic", "fields", "."]
    return Doc(nlp.vocab, words=words, pos=["DET", "ADJ", "NOUN", "NOUN", "VERB", "ADJ", "NOUN", "PUNCT"],
               deps=["det", "amod", "compound", "nsubj", "ROOT", "amod", "dobj", "punct"],
               heads=[3, 3, 3, 4, 4, 6, 4, 4])


def test_model_noun_chunk_terms_from_a_parsed_doc():
    counts = noun_chunk_terms(parsed_doc(), default_lexicon()).counts
    assert counts[("glorbic", "acid", "nanoparticle")] == 1 and counts[("zorbic", "field")] == 1
    assert ("the", "glorbic", "acid", "nanoparticle") not in counts


def test_model_noun_chunks_need_a_parse():
    assert not noun_chunk_terms(spacy.blank("en")("Glorbic acid nanoparticles."), default_lexicon()).counts


def test_model_missing_pipeline_is_a_clear_error():
    with pytest.raises(KGraphError, match="not installed"):
        kgraph.make_nlp(model="xx_no_such_pipeline")
    with pytest.raises(KGraphError, match="not installed"):
        kgraph.build(["Radiotherapy."], model="xx_no_such_pipeline")


@pytest.mark.slow
@needs_model
def test_model_build_uses_the_trained_pipeline():
    texts = ["Glorbic acid nanoparticles carried doxorubicin into tumours."] * 4
    kg = kgraph.build(texts, model=MODEL)
    assert kg.graph.has_edge(kg.find("glorbic acid nanoparticles"), "doxorubicin")
    found = {c.id for c, *_ in kgraph.discover_concepts(texts, model=MODEL)}
    assert "glorbic_acid_nanoparticle" in found
