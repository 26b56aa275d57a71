"""The corpus-wide state of a build: what pass 2 needs to know of the whole corpus (pure function).

Pass 1 (:mod:`kgraph.concepts.survey`) counts what the corpus defines and
repeats; :func:`corpus_state` turns those counts into the frozen
:class:`CorpusState` that every document of pass 2 is recognised with:

* the senses of each short form defined somewhere in the corpus (the most
  often defined first) and the pieces that show each sense in a text that
  does not define it (:func:`kgraph.concepts.senses.evidence_pieces`);
* the lexicon plus the discovered multiword terms and long forms, matched by
  name in every document;
* which discovered concepts are one node with another: long forms that only
  re-word another sense of their short form
  (:func:`kgraph.concepts.senses.same_senses`), names that differ only by an
  abbreviation written out (:func:`kgraph.concepts.senses.written_out`), and
  the user's thesaurus and stop list.

A document's own definitions are not part of this state: they are read from
the document itself in pass 2 and always win (see
:func:`kgraph.concepts.recognize.recognize`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..text.normalize import key_of
from .lexicon import Concept, Lexicon, written_variants
from .senses import evidence_pieces, same_senses, shortened_names, written_out
from .shortforms import ShortForm
from .survey import CorpusSurvey, concept_to_json
from .thesaurus import Thesaurus

__all__ = ["CorpusState", "corpus_state"]


@dataclass(frozen=True)
class CorpusState:
    """What every document of pass 2 is recognised with, besides its own text.

    Attributes:
        lexicon: The lexicon plus the corpus's discovered terms and long forms
            (and the extra names they are written with).
        short_forms: Short form -> its senses in the corpus, preferred first.
        evidence: Concept id -> the pieces whose presence in a text shows
            that a short form has that sense there.
        known: Concepts discovered in pass 1 (and introduced by the thesaurus).
        same_as: Concept id -> the concept it is counted as (``""``: left out).
        terms: The discovered long forms and terms that join the matcher.
        names: Concept id -> the names the corpus adds to a concept it
            already has (re-wordings, long forms of lexicon names).
    """

    lexicon: Lexicon
    short_forms: Mapping[ShortForm, tuple[str, ...]] = field(default_factory=dict)
    evidence: Mapping[str, frozenset[str]] = field(default_factory=dict)
    known: Mapping[str, Concept] = field(default_factory=dict)
    same_as: Mapping[str, str] = field(default_factory=dict)
    terms: tuple[Concept, ...] = ()
    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """What stored extractions depend on, JSON-ready (the store compares it between builds)."""
        return {"short_forms": [[short.to_json(), list(senses)] for short, senses in self.short_forms.items()],
                "terms": [concept_to_json(c) for c in self.terms],
                "names": sorted([concept_id, sorted(set(names))] for concept_id, names in self.names.items()),
                "same": sorted(self.same_as.items())}


def corpus_state(survey: CorpusSurvey, lexicon: Lexicon, *, discover: bool = True,
                 thesaurus: Thesaurus | None = None, min_term_count: int = 3,
                 min_term_c_value: float = 3.0) -> CorpusState:
    """The corpus-wide state that pass 2 recognises every document with.

    The result depends only on the survey's counts, never on the order in
    which documents were surveyed.

    Args:
        survey: Pass-1 statistics of the whole corpus.
        lexicon: The lexicon of the build.
        discover: Whether frequent multiword terms become concepts.
        thesaurus: The user's merges and drops.
        min_term_count: A discovered term must occur this often
            (:attr:`kgraph.settings.Settings.min_term_count`).
        min_term_c_value: ... and reach this C-value.

    Examples:
        >>> from kgraph.concepts.lexicon import default_lexicon
        >>> from kgraph.concepts.survey import survey_document
        >>> survey = CorpusSurvey()
        >>> for text in ["Glorbic acid nanocarriers (GAN) work.", "Glorbic acid nanocarriers (GAN) again."]:
        ...     survey.add(survey_document(text, default_lexicon()))
        >>> state = corpus_state(survey, default_lexicon())
        >>> {short.text: senses for short, senses in state.short_forms.items()}
        {'GAN': ('glorbic_acid_nanocarrier',)}
        >>> sorted(state.evidence["glorbic_acid_nanocarrier"])
        ['glorbic', 'nanocarrier']
        >>> state.lexicon.lookup("glorbic acid nanocarriers").id
        'glorbic_acid_nanocarrier'
    """
    thesaurus = thesaurus or Thesaurus()
    short_forms = survey.senses_by_short_form()
    terms = sorted((concept for concept, _, _ in survey.terms(
        min_count=min_term_count, min_c_value=min_term_c_value)), key=lambda c: c.id) if discover else []
    # Long forms that only re-word another sense of their short form join it (one node).
    same = same_senses(short_forms, {**survey.discovered, **lexicon.concepts})
    short_forms = _renamed(short_forms, same)
    # Names that differ only by an abbreviation written out join too (SGLT2 inhibitor = sodium
    # glucose co-transporter-2 inhibitor); a discovered term that joins is matched as a name.
    by_id = {c.id: c for c in terms}
    candidates = {**by_id, **{c: d for c, d in survey.discovered.items() if c not in same}, **lexicon.concepts}
    joined = {merged: target for merged, target in written_out(short_forms, candidates).items()
              if merged not in lexicon.concepts}
    terms = [c for c in terms if c.id not in joined]
    # Long forms the corpus gives for lexicon names (extracellular signal-regulated kinase for ERK).
    rewordings: dict[str, list[str]] = survey.lexicon_names()
    for merged, target in sorted(joined.items()):
        if merged in by_id:
            rewordings.setdefault(target, []).extend(by_id[merged].names)
        else:
            same[merged] = target
    short_forms = _renamed(short_forms, same)
    same = {merged: same.get(target, target) for merged, target in same.items()}  # never a chain
    for merged, target in sorted(same.items()):
        rewordings.setdefault(target, []).append(survey.discovered[merged].label)
    # ... and a discovered concept is also matched with a long form in its name abbreviated
    # (DPP-4 inhibitors = dipeptidyl peptidase-4 inhibitors, where DPP-4 is the corpus's short form).
    kept = {c: d for c, d in survey.discovered.items() if c not in same}
    shorter = shortened_names(short_forms, {**kept, **{c.id: c for c in terms}, **lexicon.concepts})
    terms = [replace(c, aliases=(*c.aliases, *shorter[c.id])) if c.id in shorter else c for c in terms]
    for concept_id, names in sorted(shorter.items()):
        if concept_id in kept or concept_id in lexicon.concepts:
            rewordings.setdefault(concept_id, []).extend(names)
    # Long forms join the matcher by their label (and rewordings) only: their short forms keep
    # the sense check.
    long_forms = [replace(c, aliases=tuple(rewordings.pop(c.id, ()))) for c in survey.long_forms()
                  if c.id not in same]
    matched = _with_terms(lexicon, [*long_forms, *terms], rewordings)
    concepts = {**survey.discovered, **matched.concepts}
    # Evidence of each sense, and of the lexicon's own sense of a short form that is a lexicon name
    # (a sense from elsewhere does not replace it where the text shows it).
    builtin = [concept_id for short in short_forms if (concept_id := lexicon.matcher.get(short.pieces))]
    evidence = {concept_id: evidence_pieces(concepts[concept_id].names)
                for concept_id in [*builtin, *(c for senses in short_forms.values() for c in senses)]
                if concept_id in concepts}
    # The user's thesaurus and stop list: counted as another concept, or left out ("").
    rules, introduced = thesaurus.resolve(concepts)
    same_as = {merged: rules.get(target, target) for merged, target in same.items()}
    same_as.update(rules)
    known = {**survey.discovered, **{c.id: c for c in introduced}}
    return CorpusState(matched, short_forms, evidence, known, same_as, (*long_forms, *terms),
                       {concept_id: tuple(names) for concept_id, names in rewordings.items()})


def _renamed(short_forms: Mapping[ShortForm, tuple[str, ...]], same: Mapping[str, str]
             ) -> dict[ShortForm, tuple[str, ...]]:
    """Each short form's senses with joined concepts replaced by the concept they join (no repeats)."""
    return {key: tuple(dict.fromkeys(same.get(c, c) for c in senses)) for key, senses in short_forms.items()}


def _with_terms(lexicon: Lexicon, terms: list[Concept],
                names: dict[str, list[str]] | None = None) -> Lexicon:
    """``lexicon`` plus more names for some of its concepts, plus discovered terms.

    Only names and terms it does not already have, written in any way (see
    :func:`~kgraph.concepts.lexicon.written_variants`), are added; the lexicon is
    built once.
    """
    known = {key for key, _ in lexicon.matcher.items()}
    concepts = dict(lexicon.concepts)
    changed = False
    for concept_id, more in sorted((names or {}).items()):
        if concept_id not in concepts:
            continue
        fresh = [name for name in more if (key := key_of(name)) is not None and key not in known]
        known.update(key_of(name) for name in fresh)
        if fresh:
            concept = concepts[concept_id]
            concepts[concept_id] = replace(concept, aliases=(*concept.aliases, *fresh))
            changed = True
    for concept in terms:
        if concept.id in concepts:
            continue
        keys = {key for name in concept.names if (key := key_of(name)) is not None}
        keys |= {variant for key in keys for variant in written_variants(key)}
        if keys & known:
            continue
        known |= keys
        concepts[concept.id] = concept
        changed = True
    if not changed:
        return lexicon
    return Lexicon.from_concepts(concepts.values(), name=lexicon.name, origin="discovered terms")
