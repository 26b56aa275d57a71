"""Pass 1's abbreviations handed to pass 2: the same extraction, without looking for them twice."""

import pytest

import kgraph
from kgraph.concepts import recognize as recognize_module
from kgraph.concepts.lexicon import default_lexicon
from kgraph.concepts.recognize import recognize
from kgraph.concepts.survey import DocumentSurvey, survey_document
from kgraph.documents.corpus import Document
from kgraph.engine.store import Pending, Store, digest, pack_json, pack_text
from kgraph.nlp.mentions import pipe_extractions
from kgraph.nlp.pipeline import make_nlp
from kgraph.text.abbreviations import Abbreviation, find_abbreviations

TEXTS = [
    "Cancer stem cells (CSCs) resist radiotherapy (RT). CSCs return after RT.",
    "The retinoblastoma (Rb) gene and interleukin (IL)-6 in Sprague-Dawley (SD) rats; mean +/- SD.",
    "No definitions here, only breast cancer and chemotherapy.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_recognize_with_the_abbreviations_found_before_is_the_same(text):
    lexicon = default_lexicon()
    assert recognize(text, lexicon, abbreviations=find_abbreviations(text)) == recognize(text, lexicon)


def test_recognize_does_not_look_again_when_given_the_abbreviations(monkeypatch):
    text = TEXTS[0]
    found = find_abbreviations(text)
    monkeypatch.setattr(recognize_module, "find_abbreviations", lambda _: pytest.fail("looked again"))
    assert recognize(text, default_lexicon(), abbreviations=found).definitions


def test_survey_keeps_the_abbreviations_through_json():
    survey = survey_document(TEXTS[1], default_lexicon())
    assert survey.abbreviations == find_abbreviations(TEXTS[1])
    assert DocumentSurvey.from_json(survey.to_json()).abbreviations == survey.abbreviations
    assert DocumentSurvey.from_json({"definitions": [], "terms": [], "drugs": []}).abbreviations is None


def test_store_pending_holds_the_abbreviations_of_the_stored_survey():
    store = Store(":memory:", {"max_evidence": 5})
    with_them, without = Document("a", TEXTS[0]), Document("b", TEXTS[1])
    survey = survey_document(with_them.text, default_lexicon()).to_json()
    store.add_documents([
        (digest(with_them), "a", pack_text(with_them.text), pack_json(survey), None),
        (digest(without), "b", pack_text(without.text), pack_json({"definitions": [], "terms": [], "drugs": []}),
         None)])
    pending = list(store.pending())
    assert [type(key) for key, _ in pending] == [Pending, Pending]
    assert pending[0][0].abbreviations == find_abbreviations(TEXTS[0])
    assert all(isinstance(a, Abbreviation) for a in pending[0][0].abbreviations)
    assert pending[1][0].abbreviations is None


def test_pipe_extractions_with_known_abbreviations_is_the_same():
    nlp = make_nlp()
    documents = [Document(str(i), text) for i, text in enumerate(TEXTS)]
    plain = list(pipe_extractions(nlp, documents, default_lexicon()))
    known = [find_abbreviations(TEXTS[0]), None, find_abbreviations(TEXTS[2])]
    handed = list(pipe_extractions(nlp, documents, default_lexicon(), abbreviations=known))
    assert handed == plain


def test_store_build_looks_for_abbreviations_once(tmp_path, monkeypatch):
    calls = []
    original = recognize_module.find_abbreviations
    monkeypatch.setattr(recognize_module, "find_abbreviations", lambda text: calls.append(text) or original(text))
    stored = kgraph.build(TEXTS, store=tmp_path / "kg.db")
    assert calls == []  # pass 2 took pass 1's
    streamed = kgraph.build(TEXTS, store=False)
    assert len(calls) == len(TEXTS)
    assert sorted(stored.graph.edges(data="weight")) == sorted(streamed.graph.edges(data="weight"))


def test_surveys_keep_the_abbreviations_only_for_stored_texts_recognised_whole():
    from kgraph.engine.parallel import SurveyTask, survey_batch, survey_totals
    from kgraph.engine.store import unpack_json

    lexicon = default_lexicon()
    short, long = Document("s", TEXTS[0]), Document("l", " ".join([TEXTS[0]] * 20))
    settings = kgraph.Settings(max_part_chars=len(short.text) + 10)
    stored = SurveyTask(lexicon, keep=True, settings=settings)
    rows = survey_batch([(1, short), (2, long)], stored, survey_totals(stored)).rows
    kept = [unpack_json(survey).get("abbreviations") for *_, survey, _ in rows]
    assert kept[0] == [list(a) for a in find_abbreviations(short.text)]
    assert kept[1] is None  # recognised part by part: each part finds its own
