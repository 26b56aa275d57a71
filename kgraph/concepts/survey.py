"""Pass 1: what the whole corpus defines and repeats, as mergeable statistics.

Before concepts can be extracted, kgraph needs facts that only the whole
corpus knows: which long form each abbreviation stands for (a short form
defined in one document is used bare in others) and which multiword terms
are frequent enough to become concepts. :func:`survey_document` reads them
from one text (pure Python, no spaCy) as a small JSON-ready
:class:`DocumentSurvey`; :class:`CorpusSurvey` adds surveys up. Adding is
associative and commutative, so surveys of partitions computed anywhere (in
worker processes, on a Dask cluster, in an earlier run kept in the store)
merge to the same result as one pass over the corpus.

:meth:`CorpusSurvey.senses_by_short_form` and :meth:`CorpusSurvey.terms` turn the
statistics into the corpus-wide state that pass 2 (extraction) needs;
:meth:`CorpusSurvey.abbreviations_attribute` and
:meth:`CorpusSurvey.short_forms_attribute` give the graph attributes
``abbreviations`` and ``short_forms``.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..text.abbreviations import Abbreviation, find_abbreviations
from ..text.normalize import key_of
from .discover import (
    TermCandidates,
    cell_line_codes,
    drug_concept,
    drug_names,
    select_terms,
    term_candidates,
)
from .lexicon import Concept, Lexicon
from .recognize import merge_discovered, named_long_form, resolve_definition
from .shortforms import ShortForm

__all__ = ["CorpusSurvey", "DocumentSurvey", "abbreviations_from_json", "concept_from_json", "concept_to_json",
           "survey_document"]

logger = logging.getLogger(__name__)

Key = tuple[str, ...]  # a term's normalised pieces


def shared_long_form(concept: Concept) -> bool:
    """Whether a discovered long form (and its short form) may be used beyond the text that defines it.

    Only names of two or more words: a one-word long form of a short form the
    lexicon lacks is mostly a misreading (``time (TE)``, ``analysis (AAS)``)
    or a truncation made for one paper's tables (``placebo (PLA)``); it
    stays a concept in its own text only.

    Examples:
        >>> shared_long_form(Concept("x", "blood pressure", "other")), shared_long_form(Concept("y", "time", "other"))
        (True, False)
    """
    key = key_of(concept.label)
    return key is not None and len(key) >= 2


def concept_to_json(concept: Concept) -> list[Any]:
    """A concept as a JSON list (``concept_from_json`` reverses it)."""
    return [concept.id, concept.label, concept.category, list(concept.aliases), concept.source]


def concept_from_json(data: list[Any]) -> Concept:
    """The concept of :func:`concept_to_json` output."""
    concept_id, label, category, aliases, source = data
    return Concept(concept_id, label, category, tuple(aliases), source)


@dataclass
class DocumentSurvey:
    """What one document contributes to pass 1 (small, JSON-ready).

    Attributes:
        definitions: ``(short form, concept id, discovered concept or None)``
            for each abbreviation definition.
        terms: ``(term key, surface form, head noun, occurrences)`` for each
            multiword term candidate.
        drugs: ``(discovered drug concept, "stem" or "code")`` for each drug
            name the lexicon lacks.
        names: ``(concept id, long form)`` for each definition that spells out a
            lexicon name by a long form the lexicon lacks
            (:func:`~kgraph.concepts.recognize.named_long_form`).
        cell_lines: Compound codes the text calls cell lines
            (:func:`~kgraph.concepts.discover.cell_line_codes`).
        abbreviations: Every abbreviation definition found in the text
            (:func:`~kgraph.text.abbreviations.find_abbreviations`), for pass 2
            of a store build, which then need not look for them again; None
            when not known (a survey stored by older code).
    """

    definitions: list[tuple[ShortForm, str, Concept | None]] = field(default_factory=list)
    terms: list[tuple[Key, str, str, int]] = field(default_factory=list)
    drugs: list[tuple[Concept, str]] = field(default_factory=list)
    names: list[tuple[str, str]] = field(default_factory=list)
    cell_lines: list[str] = field(default_factory=list)
    abbreviations: list[Abbreviation] | None = None

    def add_terms(self, candidates: TermCandidates) -> None:
        """Add term candidates (from :func:`~kgraph.concepts.discover.term_candidates` or noun chunks)."""
        for key, forms in candidates.forms.items():
            head = candidates.heads[key]
            self.terms.extend((key, form, head, n) for form, n in forms.items())

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (see :meth:`from_json`)."""
        return {"definitions": [[k.to_json(), c, concept_to_json(d) if d else None]
                                for k, c, d in self.definitions],
                "terms": [[list(k), form, head, n] for k, form, head, n in self.terms],
                "drugs": [[concept_to_json(c), kind] for c, kind in self.drugs],
                "names": [list(name) for name in self.names], "cell_lines": self.cell_lines,
                **({} if self.abbreviations is None else
                   {"abbreviations": [list(abbr) for abbr in self.abbreviations]})}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentSurvey:
        """The survey of :meth:`to_json` output."""
        return cls([(ShortForm.from_json(k), c, concept_from_json(d) if d else None)
                    for k, c, d in data["definitions"]],
                   [(tuple(k), form, head, n) for k, form, head, n in data["terms"]],
                   [(concept_from_json(c), kind) for c, kind in data["drugs"]],
                   [(concept_id, name) for concept_id, name in data.get("names", [])],
                   list(data.get("cell_lines", [])), abbreviations_from_json(data))


def abbreviations_from_json(data: dict[str, Any]) -> list[Abbreviation] | None:
    """The abbreviations of a survey's :meth:`DocumentSurvey.to_json` output (None: the survey has none kept).

    Examples:
        >>> survey = survey_document("Cancer stem cells (CSCs) resist.", Lexicon.from_concepts([]), terms=False)
        >>> abbreviations_from_json(survey.to_json()) == survey.abbreviations, abbreviations_from_json({})
        (True, None)
    """
    found = data.get("abbreviations")
    return None if found is None else [Abbreviation(*abbr) for abbr in found]


def survey_document(text: str, lexicon: Lexicon, *, terms: bool = True,
                    drugs: bool = False) -> DocumentSurvey:
    """Pass 1 on one text: its abbreviation definitions, term candidates and new drug names.

    Examples:
        >>> from kgraph.concepts.lexicon import default_lexicon
        >>> s = survey_document("Glorbic fields (GF) and glorbic acid nanoparticles.", default_lexicon())
        >>> [(k, c) for k, c, _ in s.definitions], [k for k, *_ in s.terms]
        ([(ShortForm('GF'), 'glorbic_field')], [('glorbic', 'acid', 'nanoparticle'), ('acid', 'nanoparticle')])
    """
    survey = DocumentSurvey(abbreviations=find_abbreviations(text))
    for abbr in survey.abbreviations:
        resolved = resolve_definition(abbr, lexicon)
        if resolved is not None:
            survey.definitions.append(resolved)
            named = named_long_form(abbr, lexicon)
            if named is not None:
                survey.names.append(named)
    if terms:
        survey.add_terms(term_candidates(text, lexicon))
        survey.cell_lines = sorted(cell_line_codes(text))
    if drugs:
        for drug in drug_names(text):
            concept = drug_concept(drug.text)
            if concept.id not in lexicon.concepts and lexicon.lookup(drug.text) is None:
                survey.drugs.append((concept, drug.kind))
    return survey


@dataclass
class CorpusSurvey:
    """Pass-1 statistics of a corpus (or of any part of it); they add up.

    Attributes:
        documents: Documents surveyed.
        votes: Short form -> Counter of the concepts it was defined as.
        discovered: Concepts of long forms and drug names the lexicon lacks.
        definitions: Discovered concept id -> definitions seen.
        candidates: Multiword term candidates.
        drugs: Discovered drug concept id -> occurrences.
        drug_kinds: Drug concept id -> ``"stem"`` or ``"code"``.
        defined_in: Short form -> concept id -> up to three ids of the
            documents that define it so (the smallest ids: the same whatever
            the order of adding).
        names: ``(concept id, long form)`` -> documents that spell out a
            lexicon name so.
        cell_lines: The ids a compound code gets as a drug
            (:func:`~kgraph.concepts.discover.drug_concept`) of the codes some
            document calls a cell line.
    """

    documents: int = 0
    votes: defaultdict[ShortForm, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    discovered: dict[str, Concept] = field(default_factory=dict)
    definitions: Counter[str] = field(default_factory=Counter)
    candidates: TermCandidates = field(default_factory=TermCandidates)
    drugs: Counter[str] = field(default_factory=Counter)
    drug_kinds: dict[str, str] = field(default_factory=dict)
    defined_in: dict[ShortForm, dict[str, list[str]]] = field(default_factory=dict)
    names: Counter[tuple[str, str]] = field(default_factory=Counter)
    cell_lines: set[str] = field(default_factory=set)

    def add(self, survey: DocumentSurvey, doc_id: str = "") -> None:
        """Add one document's survey (``doc_id``: where its definitions come from)."""
        self.documents += 1
        for key, concept_id, concept in survey.definitions:
            if key.corpus_wide and (concept is None or shared_long_form(concept)):
                self.votes[key][concept_id] += 1
                self._example(key, concept_id, [doc_id])
            if concept is not None:
                self.definitions[concept_id] += 1
                merge_discovered(self.discovered, {concept_id: concept})
        candidates = self.candidates
        for key, form, head, n in survey.terms:
            candidates.counts[key] += n
            candidates.forms[key][form] += n
            candidates.heads.setdefault(key, head)
        for concept, kind in survey.drugs:
            self.drugs[concept.id] += 1
            merge_discovered(self.discovered, {concept.id: concept})
            self._kind(concept.id, kind)
        self.names.update(set(survey.names))
        self.cell_lines.update(drug_concept(code).id for code in survey.cell_lines)

    def absorb(self, other: CorpusSurvey) -> None:
        """Add the statistics of ``other`` to this object, in place."""
        self.documents += other.documents
        for key, counter in other.votes.items():
            self.votes[key].update(counter)
        for key, examples in other.defined_in.items():
            for concept_id, doc_ids in examples.items():
                self._example(key, concept_id, doc_ids)
        merge_discovered(self.discovered, other.discovered)
        self.definitions.update(other.definitions)
        self.candidates.update(other.candidates)
        self.drugs.update(other.drugs)
        for concept_id, kind in other.drug_kinds.items():
            self._kind(concept_id, kind)
        self.names.update(other.names)
        self.cell_lines |= other.cell_lines

    def long_forms(self) -> list[Concept]:
        """The discovered long forms that pass 2 matches corpus-wide (see :func:`shared_long_form`), by id."""
        return sorted((self.discovered[concept_id] for concept_id in self.definitions
                       if concept_id in self.discovered and shared_long_form(self.discovered[concept_id])),
                      key=lambda c: c.id)

    def _example(self, key: ShortForm, concept_id: str, doc_ids: list[str]) -> None:
        examples = self.defined_in.setdefault(key, {})
        examples[concept_id] = sorted({*examples.get(concept_id, []), *doc_ids})[:3]

    def short_forms_attribute(self, same_as: Mapping[str, str] | None = None) -> dict[str, list[list[Any]]]:
        """The graph attribute ``short_forms``: each corpus-wide short form as written, with its senses.

        Args:
            same_as: Concept id -> the concept it is counted as (re-worded long
                forms, the user's thesaurus; ``""``: left out).
        """
        same_as = same_as or {}
        out = {}
        for key, senses in self._ranked().items():
            votes, examples = self.votes[key], self.defined_in.get(key, {})
            merged: dict[str, list[Any]] = {}
            for concept in senses:
                target = same_as.get(concept, concept)
                if not target:
                    continue
                entry = merged.setdefault(target, [target, 0, []])
                entry[1] += votes[concept]
                entry[2] = sorted({*entry[2], *examples.get(concept, [])})[:3]
            if merged:
                out[key.text] = sorted(merged.values(), key=lambda e: (-e[1], e[0]))
        return out

    def _kind(self, concept_id: str, kind: str) -> None:
        current = self.drug_kinds.get(concept_id)
        if current is None or kind == "stem":  # a name with an INN stem is a "stem" wherever seen
            self.drug_kinds[concept_id] = kind

    def senses_by_short_form(self) -> dict[ShortForm, tuple[str, ...]]:
        """Short form -> its senses in the corpus, the most often defined first (ties: smallest id).

        Pass 2 resolves a short form that a document uses without defining it
        to the first sense the document shows evidence of (see
        :class:`kgraph.concepts.shortforms.ShortForms`).
        """
        for key, counter in sorted(self.votes.items()):
            if len(counter) > 1:
                logger.debug("Short form %r has several meanings in the corpus %s; each document "
                             "that does not define it gets the one it shows evidence of.",
                             key.text, dict(counter))
        return self._ranked()

    def _ranked(self) -> dict[ShortForm, tuple[str, ...]]:
        return {key: tuple(concept for concept, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
                for key, counter in sorted(self.votes.items())}

    def _chosen(self) -> dict[ShortForm, str]:
        return {key: senses[0] for key, senses in self._ranked().items()}

    def abbreviations_attribute(self) -> dict[str, str]:
        """The graph attribute ``abbreviations``: short form as written -> its first sense (``{"SBRT": id}``)."""
        return {key.text: concept_id for key, concept_id in self._chosen().items()}

    def lexicon_names(self, *, min_documents: int = 2) -> dict[str, list[str]]:
        """Long forms that spell out a lexicon name, by concept (defined so in ``min_documents`` documents).

        Spellings of one long form (same normalised key) count together; the
        most written one (ties: the smallest) stands for them.
        """
        grouped: dict[tuple[str, Key], Counter[str]] = defaultdict(Counter)
        for (concept_id, name), n in self.names.items():
            key = key_of(name)
            if key is not None:
                grouped[concept_id, key][name] += n
        out: dict[str, list[str]] = {}
        for (concept_id, _), forms in sorted(grouped.items()):
            if sum(forms.values()) >= min_documents:
                out.setdefault(concept_id, []).append(min(forms, key=lambda f: (-forms[f], f)))
        return out

    def terms(self, *, min_count: int, min_c_value: float) -> list[tuple[Concept, int, float]]:
        """The multiword terms that become concepts (see :func:`kgraph.concepts.discover.select_terms`)."""
        return select_terms(self.candidates, min_count=min_count, min_c_value=min_c_value)
