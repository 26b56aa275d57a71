"""Concept recognition in one text (pure Python, no spaCy).

:func:`recognize` finds lexicon terms, reads the abbreviations the text
defines and resolves them:

1. the lexicon terms are matched over normalised pieces
   (:mod:`kgraph.text.normalize`), and drug names the lexicon lacks are
   found by their form (:func:`~kgraph.concepts.discover.drug_names`);
2. for each definition ``long form (SF)`` or ``SF (long form)``
   (:mod:`kgraph.text.abbreviations`) the short form takes the concept of the term
   that ends the long form; if the long form holds no known term, it becomes a
   *discovered* concept of its own;
3. every bare short form (``CSCs`` alone) is then a mention of that concept;
   short forms defined elsewhere in the corpus are passed in (``short_forms``:
   the senses of :func:`kgraph.concepts.corpus_state.corpus_state`, which a
   build gives the ``kgraph_concepts`` component) and count where the text
   shows evidence of their sense;
4. where occurrences overlap the longest wins; a lexicon name inside a proper
   name (``Slone Epidemiology Center``) is left out; a name and its member code
   are made whole (:mod:`kgraph.concepts.compounds`); and a short or ambiguous
   lexicon name (``SD``, ``APC``) counts only where the text supports it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from ..text.abbreviations import Abbreviation, after_hyphen, find_abbreviations, inside_word
from ..text.normalize import Scan, is_abbreviation, key_of, normalize_piece, scan, slug
from .compounds import whole_names
from .discover import drug_concept, drug_names, name_category
from .lexicon import Concept, Lexicon
from .matcher import Match
from .senses import (
    evidence_pieces,
    has_function_word,
    initials_share,
    is_clause,
    is_generic_phrase,
    names_agree,
    only_generic_modifiers,
    other_head,
    reserved_short_form,
)
from .shortforms import ShortForm, ShortForms, short_form_of

__all__ = [
    "Found",
    "Recognition",
    "collect_definitions",
    "discovered_concept",
    "label_as_written",
    "merge_discovered",
    "named_long_form",
    "names_nothing",
    "recognize",
    "resolve_definition",
    "statistical_use",
]


class Found(NamedTuple):
    """A recognised concept occurrence.

    Attributes:
        start: Character offset of the occurrence.
        end: Character offset just after it.
        concept: The concept id.
        resolved_by: How the name was resolved: ``"lexicon"`` (a lexicon name),
            ``"abbreviation"`` (a short form the text defines),
            ``"abbreviation_elsewhere"`` (a short form defined in another
            document of the corpus) or ``"discovered"`` (a drug name or a
            long form the lexicon lacks).
    """

    start: int
    end: int
    concept: str
    resolved_by: str


@dataclass
class Recognition:
    """What :func:`recognize` found in one text.

    Attributes:
        found: Concept occurrences, sorted by offset.
        definitions: Short form -> concept id, for the abbreviations the
            text defines.
        discovered: Concepts created from long forms that the lexicon lacks.
    """

    found: list[Found] = field(default_factory=list)
    definitions: dict[ShortForm, str] = field(default_factory=dict)
    discovered: dict[str, Concept] = field(default_factory=dict)


_LEADING_STOP = frozenset({"the", "a", "an", "of", "and", "or", "and/or", "with", "in", "for", "to", "by",
                           "on", "as", "at", "from", "that", "this", "these", "its", "their"})


_KEEP_AFTER_IN = frozenset({"vitro", "vivo", "situ", "silico", "utero"})


def _strip_leading(long_form: str) -> int:
    """Offset of the first word of ``long_form`` that is not a function word (``in vitro`` stays)."""
    words = list(re.finditer(r"\S+", long_form))
    for i, m in enumerate(words):
        word = m.group().lower()
        if word not in _LEADING_STOP or (word == "in" and i + 1 < len(words)
                                         and re.split(r"[-\u2010]", words[i + 1].group().lower())[0] in _KEEP_AFTER_IN):
            return m.start()
    return len(long_form)


def discovered_concept(long_form: str, short_form: str, category: str = "other") -> Concept | None:
    """A concept for a long form the lexicon does not know, or None.

    Words written in capitals (``Glucose-6-PHOSPHATE``) are lower-cased in
    the label unless they are abbreviations.

    Examples:
        >>> c = discovered_concept("the Zorbic kinase inhibitor", "ZKI")
        >>> (c.id, c.label, c.aliases, c.source)
        ('zorbic_kinase_inhibitor', 'zorbic kinase inhibitor', ('ZKI',), 'discovered')
    """
    label = _tidy_label(long_form[_strip_leading(long_form):])
    key = key_of(label)
    if key is None or len(label) < 4:
        return None
    return Concept(slug("_".join(key)), label, category, (short_form,), source="discovered")


_SMALL_WORDS = frozenset({"and", "of", "the", "for", "in", "on", "with", "to", "a", "an", "or", "at", "by"})
"""Words a proper name writes in lower case: ``Asthma Control and Communication Instrument``."""


def _tidy_label(text: str) -> str:
    """A name as a label: one blank between words, hyphens without blanks, no capitals for emphasis.

    Examples:
        >>> _tidy_label("Glucose-6-phosphate  dehydrogenase"), _tidy_label("Asthma Control and Communication Instrument")
        ('glucose-6-phosphate dehydrogenase', 'Asthma Control and Communication Instrument')
    """
    text = " ".join(text.split())
    # Pre-tokenised or loosely typed hyphens: "high - density", "peptide -1", "exendin- 4".
    text = re.sub(r"(?<=\w) ?([-/]) ?(?=\w)", r"\1", text)
    label = re.sub(r"[^\W\d_]{6,}", lambda m: m.group() if m.group() != m.group().upper()
                   else m.group().lower(), text)
    words = label.split()
    first = words[0] if words else ""
    proper = len(words) >= 2 and all(w[0].isupper() for w in words if w[0].isalpha() and w not in _SMALL_WORDS)
    if len(first) > 1 and first[1].islower() and not is_abbreviation(first) and not proper:
        label = label[0].lower() + label[1:]  # "Glucose-6-phosphate"; not "Wiskott-Aldrich", "A549"
    return label  # nor "Eastern Cooperative Oncology Group": every word a capital, a proper name


def label_as_written(label: str, written: Mapping[str, int]) -> str:
    """The label of a discovered concept, as its mentions write it.

    The spelling the mentions use most (ties: the smallest) replaces the
    label when it is written at least twice as often: documents merged
    ``glucose 6 phosphate dehydrogenase`` although the texts write
    ``glucose-6-phosphate dehydrogenase``. Only spellings of the same name
    count (the same normalised key): the label may gain hyphens or lose
    blanks, never change what it names.

    Args:
        label: The concept's label.
        written: Mention text -> mentions (short forms and other names are left out by their key).

    Examples:
        >>> label_as_written("glucose 6 phosphate dehydrogenase", {"G6PD": 250,
        ...     "glucose-6-phosphate dehydrogenase": 39, "Glucose-6-phosphate dehydrogenase": 9,
        ...     "glucose 6-phosphate dehydrogenase": 5})
        'glucose-6-phosphate dehydrogenase'
        >>> label_as_written("free radical", {"free radicals": 30, "free radical": 21})  # not twice: kept
        'free radical'
        >>> label_as_written("A549 cells", {"A549 cells": 39})
        'A549 cells'
        >>> label_as_written("english Cocker Spaniels", {"English Cocker Spaniels": 79})
        'English Cocker Spaniels'
    """
    key = key_of(label)
    tally: dict[str, int] = {}
    for form, n in written.items():
        tidy = _tidy_label(form)
        if tidy and key_of(tidy) == key:
            tally[tidy] = tally.get(tidy, 0) + n
    if not tally:
        return label
    best = min(tally, key=lambda form: (-tally[form], form))
    return best if tally[best] >= 2 * tally.get(label, 0) else label


def merge_discovered(into: dict[str, Concept], found: Mapping[str, Concept]) -> None:
    """Add discovered concepts to ``into``; the result does not depend on the order.

    When two documents discover the same id differently (a drug name and an
    abbreviation's long form, or two spellings), the typed one wins over
    ``other``, then the label with fewer capitals, then the smallest label and aliases.

    Examples:
        >>> a = Concept("x", "Glorbic field", "other", ("GF",), "discovered")
        >>> b = Concept("x", "glorbic field", "other", ("GF",), "discovered")
        >>> one, two = {}, {}
        >>> merge_discovered(one, {"x": a}); merge_discovered(one, {"x": b})
        >>> merge_discovered(two, {"x": b}); merge_discovered(two, {"x": a})
        >>> one == two == {"x": b}   # fewer capitals: the label as a sentence would write it
        True
    """
    for concept_id, concept in found.items():
        current = into.get(concept_id)
        if current is None or _preference(concept) < _preference(current):
            into[concept_id] = concept


def _preference(concept: Concept) -> tuple[bool, int, str, tuple[str, ...]]:
    capitals = sum(c.isupper() for c in concept.label)
    return concept.category == "other", capitals, concept.label, concept.aliases


def recognize(text: str, lexicon: Lexicon, *,
              short_forms: ShortForms | Mapping[ShortForm, str] | None = None,
              discover: bool = True,
              definitions: Mapping[ShortForm, str] | None = None,
              abbreviations: Sequence[Abbreviation] | None = None) -> Recognition:
    """Recognise the concepts of ``lexicon`` and the abbreviations in ``text``.

    Every span of text gets at most one concept: where candidates overlap,
    the longest wins (a defined long form over the lexicon term inside it).

    Args:
        text: The text.
        lexicon: The concepts to find.
        short_forms: Short forms defined elsewhere in the corpus (short form ->
            concept id, or a prepared :class:`ShortForms` that may check each
            sense against the text); used where this text uses a short form
            without defining it. The text's own definitions take precedence.
        discover: Also recognise drug names the lexicon lacks by their form
            (:func:`kgraph.concepts.discover.drug_names`).
        definitions: Definitions that count as the text's own although it
            does not hold them (short form -> concept id): those of the other parts
            of a long document recognised part by part.
        abbreviations: The abbreviation definitions in ``text`` when they are
            already known (what :func:`~kgraph.text.abbreviations.find_abbreviations`
            gives for ``text``; pass 1 of a build keeps them); None to find them.

    Examples:
        >>> from kgraph.concepts.lexicon import Lexicon, Concept
        >>> lex = Lexicon.from_concepts([Concept("csc", "cancer stem cell", "cell_type")])
        >>> r = recognize("Cancer stem cells (CSCs) resist. CSCs return.", lex)
        >>> [(text[f.start:f.end], f.concept) for f in r.found for text in
        ...  ["Cancer stem cells (CSCs) resist. CSCs return."]]
        [('Cancer stem cells', 'csc'), ('CSCs', 'csc'), ('CSCs', 'csc')]
    """
    parts = scan(text)
    result = Recognition()
    found = _lexicon_names(text, parts, lexicon)
    drugs = drug_names(text, parts) if discover else []
    if drugs:
        covered = _Coverage([(f.start, f.end) for f in found])
        for drug in drugs:
            if not covered.overlaps(drug.start, drug.end):
                concept = drug_concept(drug.text)
                if concept.id not in lexicon.concepts:
                    result.discovered.setdefault(concept.id, concept)
                found.append(Found(drug.start, drug.end, concept.id, "discovered"))

    # A text that defines a short form both as a disease and as the disease's gene
    # ("Wiskott-Aldrich syndrome (WAS) gene", "the Wiskott-Aldrich syndrome (WAS)") uses it for the disease.
    unnamed: set[str] = set()  # short forms the text defines by a modifier, a description or a place
    named_shorts: set[str] = set()
    if abbreviations is None:
        abbreviations = find_abbreviations(text)
    for abbr in sorted(abbreviations, key=lambda a: bool(a.head)):
        resolved = resolve_definition(abbr, lexicon)
        if resolved is None:
            if names_nothing(abbr.long):
                unnamed.add(abbr.short)
            continue
        short_form, concept_id, concept = resolved
        named_shorts.add(abbr.short)
        if concept is not None:
            result.discovered.setdefault(concept.id, concept)
        # The long form is one mention of the concept (not of a term inside it: the "chemokine"
        # of "CXC chemokine ligand 12 (CXCL12)").
        if _balanced(abbr.long):  # not "AMP)-activated protein kinase" cut from inside a bracket
            named = _named_with_next_word(text, abbr, lexicon)
            if named is not None and named[1] != concept_id:  # "angiotensin converting enzyme (ACE) inhibitors"
                found.append(Found(abbr.long_start + _strip_leading(abbr.long), named[0], named[1], "abbreviation"))
            else:
                found.append(Found(abbr.long_start + _strip_leading(abbr.long), abbr.long_end, concept_id,
                                   "discovered" if concept is not None else "abbreviation"))
        result.definitions.setdefault(short_form, concept_id)

    if result.definitions or short_forms or definitions:
        corpus = short_forms if isinstance(short_forms, ShortForms) else ShortForms(short_forms or {})
        mine = {**definitions, **result.definitions} if definitions else result.definitions
        own = ShortForms(mine) if mine else _NO_SHORT_FORMS
        found = _apply_short_forms(parts, found, own, corpus, lexicon)

    unnamed -= named_shorts
    if unnamed:  # "very high levels (VHL)": no VHL gene in this text either
        found = [f for f in found if f.resolved_by != "lexicon" or text[f.start:f.end].rstrip("s") not in unnamed]
    found, members = whole_names(text, _outside_proper_names(text, _longest_first(found)), lexicon)
    for concept_id, concept in members.items():
        result.discovered.setdefault(concept_id, concept)
    result.found = [f for f in _short_names_in_use(found, text, lexicon)
                    if not _SUBSCRIPT_RE.match(text, f.end) or not _FORMULA_RE.fullmatch(text[f.start:f.end])]
    return result


# A subscript written in brackets after a formula: "CO(2)", "O (2)" (carbon dioxide, no cardiac output).
_SUBSCRIPT_RE = re.compile(r"\s?\(\s?\d\s?\)")
_FORMULA_RE = re.compile(r"[A-Z][A-Za-z]?[A-Z]?")  # CO, NO, O, H: not "adenocarcinoma (3)", a count


_LETTER_GAP = frozenset(" -\u2010")


def _capital_letter_name(lexicon: Lexicon, concept_id: str) -> bool:
    """Whether a concept's label starts with a capital letter on its own (``B cell``, ``T-cell lymphoma``)."""
    concept = lexicon.concepts.get(concept_id)
    return concept is not None and concept.label[:1].isupper() and concept.label[1:2] in _LETTER_GAP


def _lexicon_names(text: str, parts: Scan, lexicon: Lexicon, offset: int = 0, inside: bool = False) -> list[Found]:
    """The names of ``lexicon`` in ``parts`` (a scan of ``text[offset:]``), longest first.

    A discovered term of several words never starts inside a hyphenated
    word: ``induced hyperglycemia`` in ``HFD-induced hyperglycemia`` is a
    piece of another name. The lexicon's names inside it from its second
    piece on still count (``hyperglycemia``), not the discovered ones (pieces
    again). A name of one word stays a name (``[Met14]-exendin-4`` is exendin-4).
    A name that starts with a capital letter on its own is not written with
    that letter in lower case (``b cells`` of the pancreas are beta cells).
    """
    found = []
    for m in lexicon.matcher.find(parts):
        start = offset + parts.starts[m.first]
        end = offset + parts.ends[m.last]
        if text[start].islower() and text[start + 1:start + 2] in _LETTER_GAP and _capital_letter_name(lexicon, m.value):
            continue  # "b cells" of the pancreas (beta cells) are no B cells
        concept = lexicon.concepts.get(m.value) if inside or after_hyphen(text, start) else None
        discovered = concept is not None and concept.source == "discovered"
        if inside and discovered:
            continue  # "lipoprotein-induced foam cell" in "ox-low density lipoprotein-induced foam cell"
        if discovered and m.first < m.last and " " in text[start:end] and inside_word(text, start) is not None \
                and not any(c.isdigit() for c in text[start:text.find(" ", start)]):  # "FA-K562 cells" are K562 cells
            rest = offset + parts.starts[m.first + 1]
            found.extend(_lexicon_names(text, scan(text[rest:end]), lexicon, rest, inside=True))
            continue
        found.append(Found(start, end, m.value, "lexicon"))
    return found


_CAPITAL_WORD_RE = re.compile(r"[A-Z][\w-]*")
_NEXT_WORD_RE = re.compile(r"\s*[)\]]\s+([A-Za-z][\w-]*)")


def _named_with_next_word(text: str, abbr: Abbreviation, lexicon: Lexicon) -> tuple[int, str] | None:
    """``(end, concept id)`` when the short form and the word after its bracket are a lexicon name.

    ``angiotensin converting enzyme (ACE) inhibitors`` names the drugs (``ACE
    inhibitors``), though ``ACE`` alone is the enzyme.

    Examples:
        >>> from kgraph.concepts.lexicon import default_lexicon
        >>> text = "angiotensin converting enzyme (ACE) inhibitors lowered it"
        >>> _named_with_next_word(text, find_abbreviations(text)[0], default_lexicon())
        (46, 'ace_inhibitor')
    """
    if abbr.long_end > abbr.short_start:
        return None
    after = _NEXT_WORD_RE.match(text, abbr.short_end)
    if after is None:
        return None
    whole = lexicon.lookup(f"{abbr.short} {after.group(1)}")
    if whole is None or lexicon.lookup(abbr.short) is whole:
        return None
    return after.end(), whole.id




def _outside_proper_names(text: str, found: list[Found]) -> list[Found]:
    """``found`` without the lexicon names written inside a proper name.

    ``Epidemiology`` in ``Slone Epidemiology Center`` or ``Cancer Prevention``
    in ``ATBC Cancer Prevention Study`` names a centre or a study, not the
    field: a lexicon name written with capitals between capitalised words is
    part of such a name. A text written in title case (most words
    capitalised, as some titles are) keeps its names.

    Examples:
        >>> from kgraph.concepts.lexicon import default_lexicon
        >>> text = "The Slone Epidemiology Center studied the epidemiology of cancer prevention."
        >>> [text[f.start:f.end] for f in recognize(text, default_lexicon()).found]
        ['epidemiology', 'cancer prevention']
    """
    out = []
    for f in found:
        written = text[f.start:f.end]
        if f.resolved_by == "lexicon" and written[:1].isupper() and not is_abbreviation(written.split()[0]) \
                and all(w[:1].isupper() for w in written.split()) and _between_capitals(text, f.start, f.end):
            continue
        out.append(f)
    return out


def _between_capitals(text: str, start: int, end: int) -> bool:
    """Whether capitalised words stand right before and right after ``text[start:end]`` in a text not in title case."""
    before = re.search(r"([A-Z][\w-]*) $", text[max(0, start - 40):start])
    after = _CAPITAL_WORD_RE.match(text, end + 1) if text[end:end + 1] == " " else None
    if before is None or after is None:
        return False
    line_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    words = re.findall(r"[A-Za-z][\w-]*", text[line_start:text.find(".", end) if "." in text[end:] else len(text)])
    return sum(w[0].isupper() for w in words) * 2 < len(words)


def _short_names_in_use(found: list[Found], text: str, lexicon: Lexicon) -> list[Found]:
    """``found`` without the lexicon's short names that the text does not use in their sense.

    * A name of two letters or digits (``E2``, ``CR``, ``QD``, ``PK``) means
      too many things (``E2`` is estradiol, a viral gene, a ubiquitin enzyme
      and a cyclin): it counts only where the text also names its concept
      otherwise (``estradiol``) or defines it. So does a name the lexicon
      marks ambiguous (``APC``, :attr:`~kgraph.concepts.lexicon.Concept.ambiguous`),
      which takes the concept the text names otherwise.
    * A statistic written as a short form (``SD``, ``HR``, ``OR``) counts where
      the text writes it as a statistic (:func:`statistical_use`) or names
      it in full; elsewhere it is mostly something else (``SD rats``, ``HR
      changes``, ``status epilepticus (SE)``).

    Either is then left unresolved, not counted as something it is not.
    """
    doubtful = [f for f in found if f.resolved_by == "lexicon" and _doubtful(text[f.start:f.end], f, lexicon)]
    if not doubtful:
        return found
    in_full = {f.concept for f in found if not _short_name(text[f.start:f.end])
               and sum(c.isalnum() for c in text[f.start:f.end]) > 2}
    replaced: dict[Found, Found | None] = {}  # a doubtful mention -> what it counts as (None: nothing)
    for f in doubtful:
        senses = lexicon.senses.get(f.concept)
        if senses is not None:  # an ambiguous name: the concept the text names otherwise, if any
            named = [c for c in senses if c in in_full]
            replaced[f] = f._replace(concept=named[0]) if named else None
        elif f.concept not in in_full and (lexicon.concepts[f.concept].category != "statistic"
                                           or not statistical_use(text, f.start, f.end)):
            replaced[f] = None
    return [replaced.get(f, f) for f in found if replaced.get(f, f) is not None]


def _doubtful(written: str, f: Found, lexicon: Lexicon) -> bool:
    """Whether a lexicon mention is a short name that needs support in its text (see above)."""
    if f.concept in lexicon.senses or sum(c.isalnum() for c in written) <= 2:
        return True
    return _short_name(written) and lexicon.concepts[f.concept].category == "statistic"


def _short_name(written: str) -> bool:
    """A name written as one abbreviation (``SD``, ``HRs``), not ``ROC curve``."""
    return " " not in written and is_abbreviation(written)


def _balanced(text: str) -> bool:
    """Whether every bracket in ``text`` is closed in it, in order.

    Examples:
        >>> _balanced("adenosine monophosphate (AMP)-activated kinase"), _balanced("AMP)-activated kinase")
        (True, False)
    """
    depth = 0
    for char in text:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _longest_first(found: list[Found]) -> list[Found]:
    """One concept per span: of overlapping occurrences the longest (then the first) is kept."""
    found = sorted(found)
    if all(a.end <= b.start for a, b in zip(found, found[1:])):
        return found  # nearly always: nothing overlaps
    kept: list[Found] = []
    taken = _Coverage([])
    for f in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if not taken.overlaps(f.start, f.end):
            kept.append(f)
            taken.add(f.start, f.end)
    kept.sort()
    return kept


def resolve_definition(abbr: Abbreviation, lexicon: Lexicon
                       ) -> tuple[ShortForm, str, Concept | None] | None:
    """The concept an abbreviation definition stands for, or None if it must not be used.

    In order:

    1. a short form that is never a short form (``II``, ``Gy``, a single
       letter, see :func:`kgraph.concepts.senses.reserved_short_form`), a long form
       that is a clause (:func:`kgraph.concepts.senses.is_clause`) or that holds the
       short form itself defines nothing;
    2. a long form that is a lexicon name is that concept;
    3. a long form that is a lexicon term with only generic modifiers
       before it (``advanced breast cancer``) is that term's concept;
    4. a short form that is a lexicon name is that concept when it holds a
       digit (``BRCA1``, ``CXCL12``: a symbol), when its long form shares
       words with one of the concept's names (``ER`` is the estrogen receptor
       unless defined as ``endoplasmic reticulum``), or when the concept has
       no long name to compare with (``ERK``); ``transcription-coupled
       repair (TCR)`` is no T-cell receptor;
    A long form that names a disease, followed by ``gene`` or ``protein``
    after the bracket, names that gene (``retinoblastoma (Rb) gene`` is RB1).

    5. otherwise the long form is a *discovered* concept of its own
       (``epidermal growth factor`` is not ``growth factor``); it takes the
       category of the lexicon term it ends with, unless a preposition
       stands before that term (``deleted in colorectal cancer`` is a gene),
       else the category its head noun says, if any (``myocardial
       infarction`` is clinical, ``phenylalanine hydroxylase`` a target:
       :func:`kgraph.concepts.discover.name_category`).

    Returns:
        ``(short form, concept id, discovered concept or None)``, or None.

    Examples:
        >>> from kgraph.concepts.lexicon import default_lexicon
        >>> from kgraph.text.abbreviations import find_abbreviations
        >>> lex = default_lexicon()
        >>> def meaning(text):
        ...     resolved = resolve_definition(find_abbreviations(text)[0], lex)
        ...     return resolved and resolved[1]
        >>> meaning("the zorbic growth factor (ZGF) pathway"), meaning("the epidermal growth factor (EGF)")
        ('zorbic_growth_factor', 'egf')
        >>> meaning("the retinoblastoma (Rb) gene"), meaning("in retinoblastoma (Rb) patients")
        ('rb1', 'retinoblastoma')
        >>> meaning("in advanced breast cancer (ABC) patients"), meaning("in Sprague-Dawley (SD) rats")
        ('breast_cancer', 'sprague_dawley')
        >>> meaning("grown in normal serum (NS) or"), meaning("a high-fat (HF) or"), meaning("high-grade glioma (HGG)")
        (None, None, 'high_grade_glioma')
        >>> meaning("the right ventricular (RV) wall"), meaning("with radiotherapy alone (RT) or")
        (None, 'radiotherapy')
        >>> meaning("Adenoviral (Ad) vectors"), meaning("in atrioventricular (AV) block"), meaning("full-length (FL) CFTR")
        (None, None, None)
        >>> meaning("at Karolinska University Hospital (KUH) in"), meaning("the Department of Surgery (DOS)")
        (None, None)
    """
    if abbr.head:  # "retinoblastoma (Rb) gene": the gene, where the long form alone names a disease
        named = lexicon.lookup(abbr.long[_strip_leading(abbr.long):])
        if named is not None and named.category in ("cancer", "clinical"):
            return _resolve(abbr.short, f"{abbr.long} {abbr.head}", lexicon)
    return _resolve(abbr.short, abbr.long, lexicon)


@lru_cache(maxsize=32_768)
def _resolve(short: str, long: str, lexicon: Lexicon
             ) -> tuple[ShortForm, str, Concept | None] | None:
    """:func:`resolve_definition` on the strings (cached: definitions recur across documents)."""
    short_form = short_form_of(short)
    if short_form is None or reserved_short_form(short) or is_clause(long) or is_generic_phrase(long):
        return None
    if len(long.split()) >= 4 and initials_share(short, long) < 0.6:
        return None  # letters picked from inside a long run of words
    long = long[_strip_leading(long):]
    parts = scan(long)
    short_norm = normalize_piece(short) if short.isalnum() else None
    if not parts.norms or short_norm in parts.norms:
        return None  # "RNAs ... (RNA)": the long form holds the short form
    whole = lexicon.lookup(long)
    if whole is not None:
        return short_form, whole.id, None
    named = lexicon.lookup(short)
    tail = [m for m in lexicon.matcher.find(parts) if parts.ends[m.last] == len(long) and m.value in lexicon.concepts]
    before: list[str] = []
    if tail:
        before = long[:parts.starts[tail[-1].first]].split()
        if only_generic_modifiers(before):
            return short_form, tail[-1].value, None
    plain = re.sub(r"\s*-\s*", "-", long)  # pre-tokenised "pair - fed" too
    if _ADJECTIVE_RE.fullmatch(plain) or _CAPITAL_ADJECTIVE_RE.fullmatch(plain) or names_nothing(long):
        return None  # "hypertensive (HT) patients", "normal serum (NS)", "University Hospital (UH)"
    if named is not None:
        long_names = [n for n in named.names if not is_abbreviation(n)]
        shared = evidence_pieces(long_names)
        if (not long_names or any(c.isdigit() for c in short)  # a symbol with digits (CXCL12) is that gene
                or (shared & evidence_pieces([long]) or names_agree(long, long_names))
                and not other_head(long, long_names)):  # "Clinical Benefit Response (CBR)" is no benefit rate
            return short_form, named.id, None
    category = "other"
    if tail and not has_function_word(before):
        category = lexicon.concepts[tail[-1].value].category
    elif not has_function_word(long.split()[:-1]):
        category = name_category(long) or "other"
    concept = discovered_concept(long, short, category)
    if concept is None:
        return None
    if concept.id in lexicon.concepts:
        return short_form, concept.id, None
    return short_form, concept.id, concept


def names_nothing(long: str) -> bool:
    """Whether a long form is a description, a compound modifier or a place, which names no concept.

    A text that defines a short form so uses it in that sense: the lexicon's
    sense of the short form does not apply there either (``very high levels
    (VHL)`` is no VHL gene). An adjective is different: ``immunohistochemical
    (IHC)`` still means immunohistochemistry.

    Examples:
        >>> [names_nothing(s) for s in ["very high levels", "full-length", "University Hospital",
        ...                             "immunohistochemical", "tumor necrosis factor"]]
        [True, True, True, False, False]
    """
    long = long[_strip_leading(long):]
    if not long.strip():
        return False
    return bool(_DESCRIPTION_RE.fullmatch(long) or _BARE_MODIFIER_RE.fullmatch(long)  # "normal serum (NS)"
                or long.split()[-1].lower() in _INSTITUTIONS or _UNIT_OF_RE.match(long))  # "University Hospital"


_ADJECTIVE_RE = re.compile(
    r"[a-z]+(?:-[a-z]+)*(?:ive|ic|ous|al|ed|ary|ory|able|ible|less|ular|lear|(?:ous|al|ive|ate|ar|ic|ed)ly)"
    r"|[a-z]+(?:-[a-z]+)+ing"
    r"|(?:[a-z]+[ -])+(?:[a-z]+(?:ed|ive|ous|ular|lear)|[a-z]+-[a-z]+ing|[a-z]+ly [a-z]+ing|recurrent|dependent"
    r"|independent|deficient|resistant|persistent|(?:a|de|pro|re|e)?(?:scend|main|xist|velop|gress|circulat"
    r"|infiltrat|proliferat|divid|secret|express|produc|bear|contain|creas|underly|correspond|preced|follow"
    r"|surround|merg|volv|recurr|laps|remitt|persist|last)ing)")
"""Lower-case words ending in an adjective or participle (``hypertensive``, ``locally recurrent``,
``monosodium glutamate-treated``, ``tumor-bearing``): a modifier, not a name. A word in ``-ing`` is
a participle only after a hyphen or an adverb, or when it is one of the usual participles
(``left anterior descending``, ``typically developing``): ``delayed gastric emptying`` and
``screening`` are names."""
_CAPITAL_ADJECTIVE_RE = re.compile(r"[A-Z][a-z]+(?:viral|ular|lear|ous|ary|ory|genic|ical|atic|etic|ive)")
"""A sentence's first word that is an adjective (``Adenoviral (Ad) vectors``); not ``Phenobarbital (PB)``."""
_BARE_MODIFIER_RE = re.compile(r"(?:full|long|short|wild|double|single|dual|multi|open|late|early|mid|first"
                               r"|second|third|same|two|three)[\-\u2010][a-z]+", re.IGNORECASE)
"""A compound modifier without its noun (``full-length (FL)``, ``first-line``, ``open-label``): it names nothing."""
_INSTITUTIONS = frozenset({"hospital", "hospitals", "university", "universities", "institute", "institutes",
                           "society", "foundation", "college", "clinic", "ministry", "agency", "council",
                           "committee", "consortium", "school"})
"""Last words of the names of institutions, which a map of concepts leaves out (the lexicon may know some)."""
_UNIT_OF_RE = re.compile(r"(?:Department|Division|Ministry|School|Faculty|Institute|University)s?\s+of\s")
_DESCRIPTION_RE = re.compile(
    r"(?:very\s+)?(?:normal|high|low|higher|lower|elevated|increased|decreased|reduced|raised|abnormal)"
    r"(?:\s*-\s*|\s+)"
    r"(?:[a-z]+\s+)?(?:serum|plasma|blood|urine|(?:molecular\s+)?weight|levels?|doses?|concentrations?"
    r"|temperature|salt|fat|density|frequency|intensity)", re.IGNORECASE)
"""A degree of a specimen or a measure (``normal serum``, ``high molecular weight``, ``low-dose``): in
running text it describes the noun after it (``normal serum creatinine``, ``high molecular weight DNA``)."""


def collect_definitions(text: str, lexicon: Lexicon
                        ) -> list[tuple[ShortForm, str, Concept | None]]:
    """Every usable abbreviation definition in ``text`` (for a corpus-wide map).

    Cheap: only the text around brackets is examined.

    Examples:
        >>> from kgraph.concepts.lexicon import default_lexicon
        >>> [(k, c) for k, c, _ in collect_definitions(
        ...     "Stereotactic body radiotherapy (SBRT) works.", default_lexicon())]
        [(ShortForm('SBRT'), 'stereotactic_body_radiotherapy')]
    """
    return [r for a in find_abbreviations(text) if (r := resolve_definition(a, lexicon))]


def named_long_form(abbr: Abbreviation, lexicon: Lexicon) -> tuple[str, str] | None:
    """``(concept id, long form)`` when a definition spells out a lexicon name the lexicon has no long form for.

    ``extracellular signal-regulated kinase (ERK)`` names the lexicon's ERK
    by a name the lexicon lacks; over a corpus such long forms become names
    of the concept (see :func:`kgraph.concepts.corpus_state.corpus_state`),
    so that the bare long form in another abstract is not a concept of its own.

    Examples:
        >>> from kgraph.concepts.lexicon import default_lexicon
        >>> from kgraph.text.abbreviations import find_abbreviations
        >>> [named_long_form(a, default_lexicon()) for a in find_abbreviations(
        ...     "extracellular signal-regulated kinase (ERK) and zorbic kinase (ZK)")]
        [('erk', 'extracellular signal-regulated kinase'), None]
    """
    resolved = resolve_definition(abbr, lexicon)
    named = lexicon.lookup(abbr.short)
    if resolved is None or resolved[2] is not None or named is None or named.id != resolved[1]:
        return None
    label = _tidy_label(abbr.long[_strip_leading(abbr.long):])
    key = key_of(label)
    if key is None or len(key) < 2 or lexicon.lookup(label) is not None:
        return None
    return named.id, label


_NO_SHORT_FORMS = ShortForms({})


def _apply_short_forms(parts: Scan, found: list[Found], own: ShortForms, corpus: ShortForms,
                       lexicon: Lexicon) -> list[Found]:
    """Add (or correct) the mentions written as a short form.

    The text's own definitions apply everywhere in it and win over a lexicon
    name written the same way (``heart rate (HR)``: HR is the heart rate, not a
    hazard ratio), except where the text uses the name as a statistic
    (:func:`statistical_use`: ``mean +/- SD`` in a text that defines
    ``Sprague-Dawley (SD)`` rats). A sense from elsewhere in the corpus
    applies where the text shows evidence of it (see :class:`ShortForms`);
    over a lexicon name written the same way only where the text names that
    sense in full or shows no evidence of the lexicon's sense (``ADC`` in an
    abstract on apparent diffusion is no antibody-drug conjugate; one paper's
    ``combination index (CI)`` never turns another's ``95% CI`` into drug
    synergy).
    """
    by_span = {(f.start, f.end): f for f in found}
    named = {f.concept for f in found}
    covered = _Coverage(list(by_span))
    matches: dict[tuple[int, int], tuple[Match, str]] = {}
    for table, resolved_by in ((own, "abbreviation"), (corpus, "abbreviation_elsewhere")):
        for m in table.find(parts):
            matches.setdefault((m.first, m.last), (m, resolved_by))
    for m, resolved_by in matches.values():
        span = (parts.starts[m.first], parts.ends[m.last])
        current = by_span.get(span)
        if current is None:
            if not covered.overlaps(*span):
                by_span[span] = Found(span[0], span[1], m.value, resolved_by)
        elif current.concept != m.value:
            if resolved_by == "abbreviation_elsewhere" and m.value not in named \
                    and corpus.shows(current.concept, parts):
                continue
            builtin = lexicon.concepts.get(current.concept)
            if builtin is not None and builtin.category == "statistic" and statistical_use(parts.text, *span):
                continue
            by_span[span] = Found(span[0], span[1], m.value, resolved_by)
    return list(by_span.values())


_STAT_BEFORE_RE = re.compile(r"(?:(?:\u00b1|\+/-|\+/\u2212|\+-|\?|\d\s?%|\b(?:mean|median|adjusted|pooled|crude|summary))"
                             r"\s*[(\[]?|\d\s*[(\[]|\d\.\s?\d+\s*[,;])\s*$", re.I)
# Before the name: +/-, a percentage, "mean", a value and a bracket (72 (SD 9)), a decimal and a comma
# (mean 90.2, SD 16.1). After it: a decimal (HR 0.72, OR = 1.4), a range (CI 1.1-1.6), or a confidence
# interval close behind (HR 1.3, 95% CI).
_NUMBER = r"[-\u2212]?\d*\.?\d+"
_STAT_AFTER_RE = re.compile(
    r"\s*[)\]]?\s*[,:;=<>\u2264\u2265]?\s*[(\[]?\s*(?:[-\u2212]?\d+\.\s?\d|" + _NUMBER + r"\s*(?:-|\u2013|to)\s*\d)|"
    r"(?:[^.;]|\.(?=\d)){0,40}\b(?:95|99|90)\s?%|(?:[^.;]|\.(?=\d)){0,25}\bCIs?\b")


def statistical_use(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is used as a statistic there.

    Statistics are written in a syntax of their own: after ``+/-`` or a
    percentage (``mean +/- SD``, ``95% CI``), or with a decimal value or a
    confidence interval close behind (``HR = 0.72``, ``OR 1.4, 95% CI``).

    Examples:
        >>> text = "SD rats; mean +/- SD; 95% CI; HR = 0.72; HR 1.3 (95% CI 1.1-1.6); HR rose to 90 bpm."
        >>> [statistical_use(text, m.start(), m.end()) for m in re.finditer(r"SD|CI|HR", text)]
        [False, True, True, True, True, True, False]
        >>> text = "scores 72 (SD 9); (OR, 1.03; ...); RR 4.5; CI: (1.23-5.24); SE-induced sprouting"
        >>> [statistical_use(text, m.start(), m.end()) for m in re.finditer(r"SD|OR|RR|CI|SE", text)]
        [True, True, True, True, False]
        >>> text = "(mean 90. 2, SD 16. 1); heart rate (HR 80)"
        >>> [statistical_use(text, m.start(), m.end()) for m in re.finditer(r"SD|HR", text)]
        [True, False]
    """
    return (_STAT_BEFORE_RE.search(text, max(0, start - 14), start) is not None
            or _STAT_AFTER_RE.match(text, end, min(len(text), end + 48)) is not None)


class _Coverage:
    """Answers "does [start, end) overlap a span?" in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def add(self, start: int, end: int) -> None:
        """Add a span that overlaps none of the spans already held."""
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and self._ends[i] > start:
            return True
        return i + 1 < len(self._starts) and self._starts[i + 1] < end
