"""The corpus-wide state of a build, as a pure function of the survey (concepts/corpus_state.py)."""

from __future__ import annotations

import dataclasses

import pytest

from kgraph.concepts.corpus_state import CorpusState, corpus_state
from kgraph.concepts.lexicon import default_lexicon
from kgraph.concepts.shortforms import short_form_of
from kgraph.concepts.survey import CorpusSurvey, survey_document
from kgraph.concepts.thesaurus import Thesaurus

TEXTS = [
    "Hypoxanthine phosphoribosyltransferase (HPRT) deficiency causes gout.",
    "Hypoxanthine guanine phosphoribosyltransferase (HPRT) was low.",
    "Extracellular signal-regulated kinase (ERK) and combination index (CI) values were computed.",
    "Extracellular signal-regulated kinase (ERK) rose with cisplatin.",
    "Glorbic acid nanocarriers (GAN) carried cisplatin; GAN worked.",
]


def _survey(texts: list[str]) -> CorpusSurvey:
    survey = CorpusSurvey()
    for i, text in enumerate(texts):
        survey.add(survey_document(text, default_lexicon()), f"d{i}")
    return survey


def test_corpus_state_is_the_same_whatever_the_order_of_the_documents():
    orders = [TEXTS, TEXTS[::-1], [TEXTS[i] for i in (2, 0, 4, 1, 3)]]
    states = {str(corpus_state(_survey(order), default_lexicon()).to_json()) for order in orders}
    assert len(states) == 1


def test_corpus_state_joins_rewordings_of_one_short_form_and_names_lexicon_concepts_by_their_long_forms():
    state = corpus_state(_survey(TEXTS), default_lexicon())
    senses = state.short_forms[short_form_of("HPRT")]
    assert len(senses) == 1  # the two wordings are one concept
    joined = {merged for merged, target in state.same_as.items() if target == senses[0]}
    assert joined  # ... the other wording is counted as it
    assert state.lexicon.lookup("extracellular signal-regulated kinase").id == "erk"  # defined in two documents
    assert "extracellular signal-regulated kinase" in state.names["erk"]
    once = corpus_state(_survey(TEXTS[2:3]), default_lexicon())
    assert once.lexicon.lookup("extracellular signal-regulated kinase") is None  # one document is not enough


def test_corpus_state_evidence_covers_the_lexicon_s_own_sense_of_a_short_form():
    state = corpus_state(_survey(TEXTS), default_lexicon())
    ci = state.short_forms[short_form_of("CI")]
    assert "drug_synergy" not in ci or "confidence_interval" in state.evidence
    assert "confidence_interval" in state.evidence  # CI is a lexicon name: its own sense needs evidence too
    assert state.evidence[state.short_forms[short_form_of("GAN")][0]] == frozenset({"glorbic", "nanocarrier"})


def test_corpus_state_applies_the_thesaurus_and_stays_frozen():
    thesaurus = Thesaurus({"glorbic acid nanocarriers": "nanoparticles"}, frozenset({"cisplatin"}))
    state = corpus_state(_survey(TEXTS), default_lexicon(), thesaurus=thesaurus)
    gan = state.short_forms[short_form_of("GAN")][0]
    assert state.same_as[gan] == "nanoparticle"
    assert state.same_as["cisplatin"] == ""
    assert isinstance(state, CorpusState)
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.terms = ()  # type: ignore[misc]
    assert corpus_state(CorpusSurvey(), default_lexicon()).to_json() == {
        "short_forms": [], "terms": [], "names": [], "same": []}
