"""The kgraph_concepts component's data: its lexicon is loaded in initialize() and travels with the pipeline."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy

import kgraph
from kgraph.errors import LexiconError

LEXICON_YAML = """\
name: mine
concepts:
  - id: glorbic
    label: glorbic acid
    category: drug
    aliases: [glorbic acids, GLA]
  - id: rt
    label: radiotherapy
    category: therapy
    aliases: [radiation therapy]
"""
TEXT = "Glorbic acids with radiation therapy. Glorbic acid (GLA) again; GLA and radiotherapy."
SPANS = [["Glorbic acids", "glorbic", "drug"], ["radiation therapy", "rt", "therapy"],
         ["Glorbic acid", "glorbic", "drug"], ["GLA", "glorbic", "drug"], ["GLA", "glorbic", "drug"],
         ["radiotherapy", "rt", "therapy"]]
LOAD_AND_RUN = ("import json, spacy, sys; nlp = spacy.load(sys.argv[1]); doc = nlp(sys.argv[2]); "
                "print(json.dumps([[s.text, s.kb_id_, s.label_] for s in doc.spans['kgraph']]))")


def _spans(doc) -> list[list[str]]:
    return [[s.text, s.kb_id_, s.label_] for s in doc.spans["kgraph"]]


def test_component_a_saved_pipeline_loads_in_a_fresh_process_after_its_lexicon_file_is_gone(tmp_path):
    lexicon_file = tmp_path / "mine.yaml"
    lexicon_file.write_text(LEXICON_YAML, encoding="utf-8")
    nlp = kgraph.make_nlp(lexicon=lexicon_file)
    assert _spans(nlp(TEXT)) == SPANS
    nlp.to_disk(tmp_path / "pipeline")
    lexicon_file.unlink()
    # A fresh process that does not import kgraph (spaCy finds it by its entry points).
    result = subprocess.run([sys.executable, "-c", LOAD_AND_RUN, str(tmp_path / "pipeline"), TEXT],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == SPANS


def test_component_initialize_reads_the_lexicon_named_in_the_config(tmp_path):
    lexicon_file = tmp_path / "mine.yaml"
    lexicon_file.write_text(LEXICON_YAML, encoding="utf-8")
    config = kgraph.make_nlp(lexicon=lexicon_file).config
    assert config["initialize"]["components"]["kgraph_concepts"] == {
        "lexicon": {"@misc": "kgraph.lexicon.v1", "path": str(lexicon_file)}}
    assert "lexicon" not in config["components"]["kgraph_concepts"]
    rebuilt = spacy.util.load_model_from_config(config, auto_fill=True)
    # Made but not initialised: the shipped lexicon's concepts, none of the file's.
    assert {kb_id for _, kb_id, _ in _spans(rebuilt(TEXT))} & {"glorbic", "rt", "radiotherapy"} == {"radiotherapy"}
    rebuilt.initialize()
    assert _spans(rebuilt(TEXT)) == SPANS


def test_component_initialize_names_a_missing_lexicon_file(tmp_path, nlp_blank):
    missing = tmp_path / "nowhere.yaml"
    nlp_blank.add_pipe("kgraph_concepts")
    nlp_blank.config["initialize"]["components"]["kgraph_concepts"] = {
        "lexicon": {"@misc": "kgraph.lexicon.v1", "path": str(missing)}}
    with pytest.raises(LexiconError, match="nowhere.yaml"):
        nlp_blank.initialize()
    with pytest.raises(LexiconError, match="nowhere.yaml"):
        kgraph.make_nlp(lexicon=missing)


def test_component_bytes_round_trip_the_lexicon(nlp_blank):
    lexicon = kgraph.Lexicon.from_concepts([kgraph.Concept("rt", "radiotherapy", "therapy", ("RT",))], name="mine")
    source = kgraph.make_nlp(lexicon=lexicon)
    copy = kgraph.make_nlp()  # the shipped lexicon, replaced by the bytes
    copy.from_bytes(source.to_bytes())
    loaded = copy.get_pipe("kgraph_concepts").lexicon
    assert loaded.name == "mine" and dict(loaded.concepts) == dict(lexicon.concepts)
    assert _spans(copy("RT and radiotherapy; chemotherapy.")) == [["RT", "rt", "therapy"],
                                                                   ["radiotherapy", "rt", "therapy"]]


def test_component_without_initialize_uses_the_shipped_lexicon(nlp_blank):
    component = nlp_blank.add_pipe("kgraph_concepts")
    assert component.lexicon is kgraph.default_lexicon()
    assert _spans(nlp_blank("Radiotherapy.")) == [["Radiotherapy", "radiotherapy", "therapy"]]


def test_component_excluded_lexicon_is_not_saved(tmp_path):
    lexicon = kgraph.Lexicon.from_concepts([kgraph.Concept("rt", "radiotherapy", "therapy")], name="mine")
    component = kgraph.make_nlp(lexicon=lexicon).get_pipe("kgraph_concepts")
    component.to_disk(tmp_path / "all")
    component.to_disk(tmp_path / "none", exclude=["lexicon"])
    assert [p.name for p in (tmp_path / "all").iterdir()] == ["lexicon.json"]
    assert list((tmp_path / "none").iterdir()) == []
