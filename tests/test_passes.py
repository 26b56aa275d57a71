"""BuildOptions.extract_task: what pass 2 recognises every document with, besides its text."""

from __future__ import annotations

import json

from kgraph.concepts.lexicon import default_lexicon
from kgraph.concepts.shortforms import ShortForm
from kgraph.concepts.survey import CorpusSurvey, survey_document
from kgraph.engine.passes import BuildOptions
from kgraph.settings import Settings

# GFT is defined in one document and used undefined in three; a new term repeats in four.
TEXTS = ["Glorbic field therapy (GFT) with radiotherapy shrank tumours.",
         "GFT and cisplatin; glorbic acid nanoparticles carried cisplatin.",
         "Glorbic acid nanoparticles again, with GFT.",
         "Glorbic acid nanoparticles and radiotherapy; GFT helped.",
         "Glorbic acid nanoparticles once more."]
GFT = ShortForm(exact="", pieces=("GFT",))  # matched by its pieces


def _survey(texts: list[str]) -> CorpusSurvey:
    survey = CorpusSurvey()
    for number, text in enumerate(texts):
        survey.add(survey_document(text, default_lexicon()), f"d{number}")
    return survey


def _options(*, discover: bool = True) -> BuildOptions:
    return BuildOptions(lexicon=default_lexicon(), model=None, discover=discover,
                        settings=Settings(max_evidence=7, min_weight=1, batch_size=5), progress=False)


def test_passes_extract_task_holds_the_corpus_abbreviations_and_terms():
    options = _options()
    task, _ = options.extract_task(_survey(TEXTS), keep=True)
    assert task.short_forms == {GFT: ("glorbic_field_therapy",)}
    assert task.evidence == {"glorbic_field_therapy": frozenset({"glorbic", "field"})}
    assert [(c.id, c.category, c.aliases) for c in task.known.values()] == [
        ("glorbic_field_therapy", "therapy", ("GFT",))]
    # The long form and the repeated term join a new lexicon; the build's own is unchanged.
    assert task.lexicon.lookup("glorbic field therapy").id == "glorbic_field_therapy"
    assert task.lexicon.lookup("glorbic acid nanoparticles").id == "glorbic_acid_nanoparticle"
    assert options.lexicon.lookup("glorbic acid nanoparticles") is None
    assert set(task.lexicon.concepts) - set(options.lexicon.concepts) == {"glorbic_field_therapy",
                                                                          "glorbic_acid_nanoparticle"}
    # The build's settings travel with the task.
    assert (task.discover, task.settings.max_evidence, task.settings.batch_size, task.model, task.keep) == \
        (True, 7, 5, None, True)
    assert _options().extract_task(_survey(TEXTS), keep=False)[0].keep is False


def test_passes_extract_task_without_discovery_adds_no_terms():
    task, state = _options(discover=False).extract_task(_survey(TEXTS), keep=False)
    assert task.discover is False
    assert task.lexicon.lookup("glorbic acid nanoparticles") is None
    assert task.short_forms == {GFT: ("glorbic_field_therapy",)}  # definitions still count
    assert [term[0] for term in state["terms"]] == ["glorbic_field_therapy"]


def test_passes_extract_task_state_is_stored_json_and_independent_of_document_order():
    task, state = _options().extract_task(_survey(TEXTS), keep=True)
    # The store compares the state it kept (read back from JSON) with the new one.
    assert json.loads(json.dumps(state)) == state
    assert state["short_forms"] == [[GFT.to_json(), ["glorbic_field_therapy"]]]
    assert [term[0] for term in state["terms"]] == ["glorbic_field_therapy", "glorbic_acid_nanoparticle"]
    reversed_task, reversed_state = _options().extract_task(_survey(TEXTS[::-1]), keep=True)
    assert reversed_state == state
    for name in ("short_forms", "evidence", "known", "same_as"):
        assert getattr(reversed_task, name) == getattr(task, name), name
    assert reversed_task.lexicon.concepts == task.lexicon.concepts
