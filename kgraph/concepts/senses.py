"""Which abbreviation definitions to trust, and where a short form keeps its sense (pure functions).

Abbreviation definitions found by :mod:`kgraph.text.abbreviations` are filtered
here before they change what a text means:

* Some strings are never short forms of something else (:func:`reserved_short_form`):
  Roman numerals (``phase II``, ``IGF-II``), units (``Gy``, ``mM``, ``kDa``)
  and single letters. Statistics and lab methods (``SD``, ``CI``, ``OR``,
  ``PCR``) are lexicon names of the demoted categories
  (:data:`~kgraph.settings.Settings.demoted_categories`); the lexicon keeps them.
* A long form must be a noun phrase, not a clause (:func:`is_clause`):
  ``RNAs were not detected by Northern (RNA)`` defines nothing.
* A long form that is a lexicon term plus more than generic modifiers
  (``epidermal growth factor``, ``deleted in colorectal cancer``) names a
  concept of its own, not the term at its end (:func:`only_generic_modifiers`).
* In a text that does not define it, a short form takes a corpus-wide sense
  only where the text shows evidence of that sense: a word of one of the
  concept's names (:func:`evidence_pieces`). ``SD`` defined once as
  ``Sprague-Dawley`` stays unresolved in ``mean +/- SD``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from ..text.abbreviations import is_method_noun
from ..text.normalize import is_abbreviation, key_of, scan, singularize
from .discover import HEAD_CATEGORIES, name_category
from .lexicon import Concept
from .shortforms import ShortForm, short_form_of

__all__ = [
    "GENERIC_MODIFIERS",
    "evidence_pieces",
    "has_function_word",
    "initials_share",
    "is_clause",
    "is_generic_phrase",
    "names_agree",
    "only_generic_modifiers",
    "other_head",
    "reserved_short_form",
    "same_senses",
    "shortened_names",
    "written_out",
]

_ROMAN_RE = re.compile(r"(?=[IVX]{2,}s?$)X{0,3}(?:IX|IV|V?I{0,3})s?")
_UNITS = frozenset({
    "Gy", "cGy", "mGy", "Bq", "MBq", "GBq", "kBq", "mM", "uM", "\u00b5M", "\u03bcM", "nM", "pM", "fM",
    "mL", "uL", "\u00b5L", "dL", "kDa", "Da", "MDa", "bp", "kb", "Kb", "Mb", "Hz", "kHz", "MHz", "GHz",
    "mmHg", "IU", "mIU", "kJ", "MJ", "kW", "mW", "mV", "mA", "kV", "MV", "MeV", "keV", "eV", "mSv", "Sv",
    "mmol", "\u00b5mol", "nmol", "pmol", "mCi", "Ci", "rpm", "OD", "pH", "mOsm", "HU", "SUV",
})
_FUNCTION = frozenset({
    "the", "a", "an", "of", "and", "or", "with", "in", "for", "to", "by", "on", "as", "at", "from",
    "into", "its", "their", "this", "these", "those", "that", "such", "both", "than", "via", "per",
    "between", "among", "within", "without", "against", "after", "before", "during", "under", "over",
})
# Words that make a run of words a clause (a finite verb, a negation, a pronoun, a subordinator)
# or a comparison; a long form holding one of them is no name.
_CLAUSE = frozenset({
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did",
    "not", "no", "we", "our", "us", "they", "it", "he", "she", "which", "who", "whom", "whose",
    "when", "while", "whereas", "because", "although", "if", "whether", "can", "could", "may",
    "might", "will", "would", "should", "must", "shall", "than", "compared", "versus", "vs",
    "showed", "shown", "show", "shows", "found", "detected", "observed", "revealed", "suggest",
    "suggests", "suggested", "indicate", "indicated", "demonstrated", "using", "used", "called",
    "termed", "named", "known", "also", "respectively", "there", "here", "then", "thus",
    "contains", "contain", "includes", "include", "involves", "requires", "represents", "encodes",
    "binds", "occurs", "appears", "remains", "becomes",
})
GENERIC_MODIFIERS = frozenset({
    "human", "murine", "mouse", "rat", "advanced", "metastatic", "recurrent", "relapsed",
    "refractory", "early", "primary", "malignant", "invasive", "locally", "total", "novel", "new",
    "conventional", "standard", "overall", "common", "classical", "classic", "typical", "serum",
    "plasma", "circulating", "systemic", "adult", "childhood", "pediatric", "paediatric",
})
"""Words that may stand before a lexicon term in a long form without making it another concept
(``advanced breast cancer (ABC)`` is breast cancer)."""
# Words too common in the literature to show which sense a short form has.
_NO_EVIDENCE = frozenset({
    "cell", "cancer", "tumor", "factor", "protein", "receptor", "gene", "human", "type", "level",
    "patient", "study", "group", "disease", "therapy", "treatment", "acid", "system", "syndrome",
    "growth", "activity", "expression", "response", "model", "method", "analysis", "test", "rate",
    "risk", "effect", "clinical", "control", "normal", "tissue", "blood", "time", "high", "low",
    "dose", "carcinoma", "negative", "positive", "related", "associated", "induced", "mediated",
    "dependent", "specific", "like", "based", "derived", "primary", "total", "free", "small",
    "large", "long", "short", "early", "late", "chronic", "acute", "inhibitor", "agent", "complex",
    "family", "domain", "region", "site", "binding", "kinase", "pathway", "signaling", "state",
    "phase", "stage", "index", "score", "scale", "ratio", "volume", "area", "body", "active",
    "activated", "activation", "inhibition", "function", "functional", "molecular", "nuclear",
    "cellular", "surface", "membrane", "signal", "receptors", "ligand", "antigen", "antibody",
    "marker", "mutation", "pressure", "levels", "assay", "measure", "patients", "subjects",
    "severe", "mild", "moderate", "disorder", "deficiency", "infection", "injury", "damage", "mass",
    "weight", "size", "number", "count", "value", "change", "changes", "proteins", "enzyme",
    "genes", "transcription", "regulatory", "independent", "cells", "organ", "liver", "renal",
    "kidney", "heart", "brain", "lung", "serum", "plasma", "secondary", "general",
})
# Words that name nothing by themselves or with each other (``type 1``, ``control subjects``).
_EMPTY = frozenset({
    "type", "types", "subject", "control", "case", "sample", "result", "data", "method", "period",
    "day", "week", "year", "month", "hour", "time", "dose", "part", "form", "group", "unit", "level",
    "value", "number", "count", "patient", "study", "phase", "stage", "grade", "score", "index",
    "total", "high", "low", "normal", "general", "primary", "secondary", "first", "second", "third",
    "other", "new", "old", "main", "mean", "median", "baseline", "follow", "up", "end", "point",
    "rate", "ratio", "change", "effect", "factor", "model", "system", "test", "analysis", "series",
    "treatment", "therapy", "real", "world",
    # when, not what: "immediate treatment (IT)" is a trial arm, no concept
    "immediate", "delayed", "initial", "prior", "previous", "subsequent", "standard", "additional",
    "current", "early", "late", "alone", "only",
})


def reserved_short_form(short: str) -> bool:
    """Whether ``short`` is never the short form of something else.

    Roman numerals (``II``, ``IVs``), units (``Gy``, ``mM``) and anything with
    fewer than two letters or digits.

    Examples:
        >>> [reserved_short_form(s) for s in ["II", "XIV", "Gy", "kDa", "H+", "CSCs", "IL-6", "CI"]]
        [True, True, True, True, True, False, False, False]
    """
    compact = "".join(c for c in short if c.isalnum())
    if len(compact) < 2:
        return True
    return short in _UNITS or _ROMAN_RE.fullmatch(short) is not None


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def initials_share(short: str, long_form: str) -> float:
    """Share of the short form's letters and digits that start a word of the long form, in order.

    Schwartz & Hearst accept any letters in order, so a long run of words can
    be read as the long form of a short form whose letters it merely holds
    (``leptin-induced signaling and apoptosis in androgen sensitive`` for
    LNCaP). True abbreviations of long names mostly take their letters from
    word starts.

    Examples:
        >>> initials_share("SPARC", "secreted protein acidic and rich in cysteine")
        1.0
        >>> initials_share("LNCaP", "leptin-induced signaling and apoptosis in androgen sensitive")
        0.4
    """
    chars = [c.lower() for c in short if c.isalnum()]
    starts = [m.group()[0].lower() for m in re.finditer(r"[^\W_]+", long_form)]
    hits, i = 0, 0
    for c in chars:
        j = i
        while j < len(starts) and starts[j] != c:
            j += 1
        if j < len(starts):
            hits, i = hits + 1, j + 1
    return hits / len(chars) if chars else 0.0


def is_clause(long_form: str) -> bool:
    """Whether a long form is a clause or a comparison rather than a name.

    Examples:
        >>> is_clause("RNAs were not detected by Northern")
        True
        >>> is_clause("compared with 3%"), is_clause("vascular endothelial growth factor"), is_clause("BP and TC")
        (True, False, True)
        >>> is_clause("G-CSF and the DPP4 inhibitor Sitagliptin"), is_clause("Asthma Control and Communication Instrument")
        (True, False)
    """
    if "%" in long_form or "=" in long_form or "<" in long_form or ">" in long_form:
        return True
    if re.search(r"\b(?:at|and|or|with) the\b|\band/or\b", long_form, re.I):
        return True  # "irradiation at the Curie Institute", "G-CSF and the DPP4 inhibitor Sitagliptin"
    words = long_form.split()
    if len(words) > 1 and all(w.lower() in ("and", "or", "&") or is_abbreviation(w) for w in words):
        return True  # "BP and TC (BP/TC)": abbreviations joined, no name
    return any(word in _CLAUSE for word in _words(long_form))


def is_generic_phrase(long_form: str) -> bool:
    """Whether a long form is made only of words too general to name anything (``type 1``, ``control subjects``).

    Examples:
        >>> is_generic_phrase("type 1"), is_generic_phrase("control subjects"), is_generic_phrase("blood pressure")
        (True, True, False)
    """
    words = _words(long_form)
    return all(w in _EMPTY or w in _FUNCTION or w.isdigit() or len(w) == 1 or singularize(w) in _EMPTY
               for w in words)


def names_agree(long_form: str, names: Iterable[str]) -> bool:
    """Whether a long form re-words one of ``names`` (most content words shared, cut to six letters).

    Examples:
        >>> names_agree("nuclear factor-kappaB", ["nuclear factor kappa B"])
        True
        >>> names_agree("tissue factor", ["transcription factor"])
        False
    """
    stems = _stems(long_form)
    return any(_shared(stems, _stems(name)) >= 0.5 for name in names)


def other_head(long_form: str, names: Iterable[str]) -> bool:
    """Whether a long form is one of ``names`` with another head noun, so it names something else.

    The same words before and another last word make a sibling, not a
    re-wording: ``Clinical Benefit Response`` (a composite of pain and
    weight) is no ``clinical benefit rate``. None of ``names`` may re-word
    the long form more closely (most content words shared, endings aside).

    Examples:
        >>> other_head("Clinical Benefit Response", ["clinical benefit rate"])
        True
        >>> other_head("computed tomographic", ["computed tomography"]), other_head("heart rate", ["hazard ratio"])
        (False, False)
        >>> other_head("nuclear factor-kappaB", ["nuclear factor kappa B"])
        False
    """
    words = _content_words(long_form)
    if len(words) < 2:
        return False
    sibling = False
    for name in names:
        other = _content_words(name)
        if len(other) != len(words):
            continue
        if not all(_alike(a, b) for a, b in zip(words[:-1], other[:-1])):
            continue
        last, other_last = words[-1], other[-1]
        if _alike(last, other_last) or singularize(last) == singularize(other_last) \
                or last.startswith(other_last) or other_last.startswith(last):
            return False  # a re-wording: "computed tomographic"
        sibling = True
    return sibling


def _content_words(name: str) -> list[str]:
    """The content words of a name in order, lower-cased (three letters or more, no function word)."""
    return [word for word in re.findall(r"[^\W\d_]+", name.lower()) if len(word) >= 3 and word not in _FUNCTION]


def only_generic_modifiers(words: Iterable[str]) -> bool:
    """Whether the words before a lexicon term leave it the same concept.

    Examples:
        >>> only_generic_modifiers(["advanced"]), only_generic_modifiers(["epidermal"])
        (True, False)
        >>> only_generic_modifiers(["deleted", "in"])
        False
    """
    return all(word.lower() in GENERIC_MODIFIERS for word in words)


def has_function_word(words: Iterable[str]) -> bool:
    """Whether a run of words holds a preposition or conjunction (``deleted in``).

    Examples:
        >>> has_function_word(["deleted", "in"]), has_function_word(["epidermal"])
        (True, False)
    """
    return any(word.lower() in _FUNCTION for word in words)


def evidence_pieces(names: Iterable[str]) -> frozenset[str]:
    """The pieces whose presence in a text shows that a short form has the sense of ``names``.

    The normalised, lower-case pieces of the names with at least four
    letters, leaving out abbreviations and words too common to tell senses
    apart: domain words (``cell``, ``factor``, ``cancer``) and the words of
    at least 2% of PubMed abstracts (``proliferation``, ``radiation``:
    ``kgraph/data/common-words.txt``, made by ``benchmarks/common_words.py``),
    so that ``PI`` in an abstract on ``Annexin V/PI`` staining is no
    proliferation index.

    Examples:
        >>> sorted(evidence_pieces(["Sprague-Dawley rat"]))
        ['dawley', 'sprague']
        >>> sorted(evidence_pieces(["cancer stem cell", "CSC"]))
        ['stem']
    """
    found: set[str] = set()
    for name in names:
        parts = scan(name)
        for raw_start, raw_end, norm in zip(parts.starts, parts.ends, parts.norms):
            raw = name[raw_start:raw_end]
            if len(norm) < 4 or not norm.isalpha() or is_abbreviation(raw) or norm in _NO_EVIDENCE \
                    or norm.lower() in _common_words():
                continue
            found.add(norm.lower())
    return frozenset(found)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Words too common in the literature to show a sense (shipped list, read once)."""
    path = resources.files("kgraph") / "data" / "common-words.txt"
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def _stems(name: str) -> frozenset[str]:
    """The content words of a name, lower-cased (compared with :func:`_alike`)."""
    return frozenset(_content_words(name))


def _alike(a: str, b: str) -> bool:
    """Whether two words are one word with other endings: they start with at least six letters in
    common that make nearly half of the longer word (``tomography`` ~ ``tomographic``, ``transplant`` ~
    ``transplantation``, ``ultrasound`` ~ ``ultrasonography``, ``microvessel`` ~ ``microvascular``;
    not ``myeloma`` ~ ``myelomeningocele``).

    Examples:
        >>> _alike("tomography", "tomographic"), _alike("transplant", "transplantation")
        (True, True)
        >>> _alike("ultrasound", "ultrasonography"), _alike("myeloma", "myelomeningocele")
        (True, False)
    """
    if a == b:
        return True
    common = len(os.path.commonprefix((a, b)))
    return common >= 6 and common >= 0.45 * max(len(a), len(b))


def _covered(a: frozenset[str], b: frozenset[str]) -> int:
    """How many words of ``a`` have an alike word in ``b``."""
    return sum(1 for word in a if word in b or any(_alike(word, other) for other in b))


_SAME_ENTITY_HEADS = frozenset({"syndrome"})
"""Head nouns that name the same thing as the name before them (``Lesch-Nyhan syndrome``)."""


def _names_a_relative(a: str, b: str) -> bool:
    """Whether one name is the other plus a head noun that names another entity.

    ``glucagon-like peptide-1 receptor`` is not a rewording of ``glucagon-like
    peptide-1``: it keeps all its words and ends in a domain head noun
    (receptor, inhibitor, antibody, cells, ...; see
    :data:`kgraph.concepts.discover.HEAD_CATEGORIES`) that the other does not end in.

    Examples:
        >>> _names_a_relative("glucagon-like peptide-1 receptor", "glucagon-like peptide 1")
        True
        >>> _names_a_relative("non-small cell lung carcinoma", "non-small cell lung cancer")
        False
        >>> _names_a_relative("type 2 diabetes mellitus", "type 2 diabetes")
        False
        >>> _names_a_relative("benign familial infantile convulsions syndrome", "benign familial infantile convulsions")
        False

    So is one the other plus the name of a method (``-graphy``, ``-scopy``,
    ``-metry``), a gene or a protein: ``magnetic resonance angiography`` is a
    technique, ``magnetic resonance`` a physical effect; ``Pendred syndrome
    gene`` is a gene.

        >>> _names_a_relative("magnetic resonance angiography", "magnetic resonance"), _names_a_relative(
        ...     "Pendred syndrome gene", "Pendred syndrome"), _names_a_relative("PLP protein gene", "PLP protein")
        (True, True, False)
        >>> _names_a_relative("computed tomography scan", "computed tomography"), _names_a_relative(
        ...     "magnetic resonance imaging", "magnetic resonance")
        (False, False)
    """
    for longer, shorter in ((a, b), (b, a)):
        words = re.findall(r"[^\W\d_]+", longer.lower())
        head = singularize(words[-1]) if words else ""
        other = re.findall(r"[^\W\d_]+", shorter.lower())
        if (head in HEAD_CATEGORIES and head not in _SAME_ENTITY_HEADS and other and singularize(other[-1]) != head
                and (short_stems := _stems(shorter)) and _covered(short_stems, _stems(longer)) == len(short_stems)):
            return True
        long_words, short_words = _content_words(longer), _content_words(shorter)
        if (short_words and len(long_words) == len(short_words) + 1
                and (is_method_noun(head) or head in ("gene", "protein")
                     and name_category(shorter) in ("cancer", "clinical"))  # the disease's gene, not a protein's
                and not _alike(long_words[-1], short_words[-1])
                and all(_alike(x, y) for x, y in zip(long_words, short_words))):
            return True
    return False



def _shared(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the words two names have in common, alike words counted as one (Jaccard; 0 if either has none)."""
    if not a or not b:
        return 0.0
    common = _covered(a, b)
    return common / (len(a) + len(b) - common)


def same_senses(short_forms: Mapping[ShortForm, Sequence[str]], concepts: Mapping[str, Concept]
                ) -> dict[str, str]:
    """Discovered senses of a short form that only re-word another of its senses.

    Documents write the long form of one short form in several ways
    (``hypoxanthine phosphoribosyltransferase`` and ``hypoxanthine guanine
    phosphoribosyltransferase`` for HPRT, ``computed tomographic`` for CT); each
    reading would become a node of its own. A discovered sense whose content
    words mostly agree with those of a preferred sense of the same short form
    (a lexicon concept first, then the more often defined), or whose letters
    nearly all do (``immune deficiency`` = ``immunodeficiency``), joins it.

    Args:
        short_forms: Short form -> senses, preferred first.
        concepts: Concept id -> concept, for every sense (lexicon and discovered).

    Returns:
        Discovered concept id -> the concept id it joins (never a chain).

    Examples:
        >>> hprt = [Concept("hprt", "hypoxanthine phosphoribosyltransferase", "other", source="discovered"),
        ...         Concept("hgprt", "hypoxanthine guanine phosphoribosyltransferase", "other",
        ...                 source="discovered"),
        ...         Concept("hp_rate", "heart pulse rate", "other", source="discovered")]
        >>> from kgraph.concepts.shortforms import short_form_of
        >>> same_senses({short_form_of("HPRT"): ["hprt", "hgprt", "hp_rate"]}, {c.id: c for c in hprt})
        {'hgprt': 'hprt'}
    """
    same: dict[str, str] = {}
    for short, senses in sorted(short_forms.items()):
        ranked = sorted((c for c in senses if c in concepts),
                        key=lambda c: concepts[c].source == "discovered")  # stable: votes order kept
        for i, sense in enumerate(ranked):
            concept = concepts[sense]
            if concept.source != "discovered" or sense in same:
                continue
            if i > 0 and is_abbreviation(concept.label) and short_form_of(concept.label) == short:
                same[sense] = same.get(ranked[0], ranked[0])  # "DPP IV" named by its short form only
                continue
            stems = _stems(concept.label)
            for other in ranked[:i]:
                target = same.get(other, other)
                names = [n for n in concepts[other].names if not is_abbreviation(n)]
                if target != sense and any((_shared(stems, _stems(n)) >= 0.6 or _same_letters(concept.label, n))
                                           and not _names_a_relative(concept.label, n)
                                           and not _other_first_word(concept.label, n) for n in names):
                    same[sense] = target
                    break
    return same


def _other_first_word(a: str, b: str) -> bool:
    """Whether two names start with different words that neither holds (``laryngeal`` and ``lung``
    squamous cell carcinoma: two sites of one tumour type, not two wordings of one name).

    Examples:
        >>> _other_first_word("laryngeal squamous cell carcinoma", "lung squamous cell carcinoma")
        True
        >>> _other_first_word("computed tomographic", "computed tomography"), _other_first_word(
        ...     "interleukin-1 receptor antagonist", "IL-1 receptor antagonist")
        (False, False)
        >>> _other_first_word("non-steroidal anti-inflammatory drug", "nonsteroidal anti-inflammatory drug")
        False
        >>> _other_first_word("L-DOPA-induced dyskinesia", "levodopa-induced dyskinesia"), _other_first_word(
        ...     "autistic spectrum disorder", "autism spectrum disorder")
        (False, False)
        >>> _other_first_word("dipetidyl peptidase IV", "dipeptidyl peptidase-4")
        False
    """
    words_a = [w for w in re.findall(r"[^\W\d_]+", a.lower()) if len(w) >= 3]
    words_b = [w for w in re.findall(r"[^\W\d_]+", b.lower()) if len(w) >= 3]
    if not words_a or not words_b:
        return False
    first_a, first_b = words_a[0], words_b[0]
    joined_a, joined_b = "".join(words_a), "".join(words_b)
    return (len(os.path.commonprefix((first_a, first_b))) < 5 and first_a not in joined_b and first_b not in joined_a
            and SequenceMatcher(None, first_a, first_b, autojunk=False).ratio() < 0.85)  # a typo: "dipetidyl"


def _same_letters(a: str, b: str) -> bool:
    """Whether two names are nearly the same letters, written apart or together.

    ``acquired immune deficiency syndrome`` and ``acquired immunodeficiency
    syndrome`` share few whole words but nearly all their letters.

    Examples:
        >>> _same_letters("acquired immune deficiency syndrome", "acquired immunodeficiency syndrome")
        True
        >>> _same_letters("heart rate", "hazard ratio"), _same_letters("interleukin-1", "interleukin-2")
        (False, False)
        >>> _same_letters("dipetidyl peptidase IV", "dipeptidyl peptidase-4")
        True
    """
    x, y = (re.sub(r"[^a-z0-9]", "", " ".join(key_of(name) or (name,)).lower()) for name in (a, b))  # IV = 4
    if min(len(x), len(y)) < 12 or re.sub(r"\D", "", x) != re.sub(r"\D", "", y):
        return False
    return SequenceMatcher(None, x, y, autojunk=False).ratio() >= 0.9


def _expansions(short_forms: Mapping[ShortForm, Sequence[str]], concepts: Mapping[str, Concept]
                ) -> list[tuple[ShortForm, str, list[tuple[str, ...]]]]:
    """``(short form, preferred sense, long-form keys)`` for each corpus-wide short form."""
    out = []
    for short, senses in sorted(short_forms.items()):
        pieces = short.pieces
        preferred = next((c for c in senses if c in concepts), None)
        if not pieces or preferred is None:
            continue
        longs = sorted({key for name in concepts[preferred].names
                        if (key := key_of(name)) and key != pieces and not is_abbreviation(name)})
        if longs:
            out.append((short, preferred, longs))
    return out


def shortened_names(short_forms: Mapping[ShortForm, Sequence[str]], concepts: Mapping[str, Concept]
                    ) -> dict[str, list[str]]:
    """More names for concepts: their names with a long form written as its abbreviation.

    A text defines ``dipeptidyl peptidase-4 inhibitors (DPP4i)``; another
    writes ``DPP-4 inhibitors``, where ``DPP-4`` is the corpus's short form of
    ``dipeptidyl peptidase-4``: the same concept. Only short forms matched by
    their normalised pieces count (not those matched only as written, such as
    ``Stat3``), and only names no concept has already.

    Returns:
        Concept id -> names to add (normalised pieces joined by spaces).

    Examples:
        >>> cs = [Concept("dpp4", "dipeptidyl peptidase-4", "other", source="discovered"),
        ...       Concept("dpp4i", "dipeptidyl peptidase-4 inhibitors", "other", source="discovered")]
        >>> from kgraph.concepts.shortforms import short_form_of
        >>> shortened_names({short_form_of("DPP-4"): ["dpp4"]}, {c.id: c for c in cs})
        {'dpp4i': ['DPP 4 inhibitor']}
    """
    taken = {key for concept in concepts.values() for name in concept.names if (key := key_of(name))}
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = {}
    for short, preferred, longs in _expansions(short_forms, concepts):
        if not short.exact:
            for long in longs:
                by_first.setdefault(long[0], []).append((long, short.pieces, preferred))
    out: dict[str, list[str]] = {}
    for concept_id, concept in sorted(concepts.items()):
        for name in concept.names:
            key = key_of(name)
            for i, piece in enumerate(key or ()):
                for long, pieces, preferred in by_first.get(piece, ()):
                    if concept_id == preferred or len(long) >= len(key) or key[i:i + len(long)] != long:
                        continue
                    shorter = key[:i] + pieces + key[i + len(long):]
                    if shorter not in taken:
                        taken.add(shorter)
                        out.setdefault(concept_id, []).append(" ".join(shorter))
    return out


def written_out(short_forms: Mapping[ShortForm, Sequence[str]], concepts: Mapping[str, Concept]
                ) -> dict[str, str]:
    """Concepts whose names differ only by an abbreviation written out: one node.

    ``SGLT2 inhibitor`` (a lexicon concept) and ``sodium glucose
    co-transporter-2 inhibitor`` (the long form a text gives for ``SGLT2i``) are
    one concept once ``SGLT2`` reads ``sodium glucose co-transporter 2``; so are
    the terms ``DPP-4 inhibitor`` and ``dipeptidyl peptidase-4 inhibitor``.
    For each name, each corpus-wide short form in it is replaced by the long
    form of its preferred sense; when the result is exactly a name of another
    concept, the two join. Two lexicon concepts never join (the lexicon keeps
    them apart on purpose); a group joins its lexicon concept, else the
    concept that is the sense of a short form, else the first by id.

    Args:
        short_forms: Short form -> senses, preferred first (see
            :func:`kgraph.concepts.shortforms.short_form_of`).
        concepts: Concept id -> concept: the lexicon, the discovered senses
            and the discovered terms.

    Returns:
        Concept id -> the concept id it joins (never a chain, never a lexicon concept).

    Examples:
        >>> cs = [Concept("sglt2", "SGLT2 inhibitor", "drug_class"),
        ...       Concept("sglt", "sodium glucose co-transporter 2", "other", source="discovered"),
        ...       Concept("sglt2i", "sodium glucose co-transporter-2 inhibitors", "other", source="discovered")]
        >>> from kgraph.concepts.shortforms import short_form_of
        >>> written_out({short_form_of("SGLT2"): ["sglt"], short_form_of("SGLT2i"): ["sglt2i"]},
        ...             {c.id: c for c in cs})
        {'sglt2i': 'sglt2'}
    """
    owners: dict[tuple[str, ...], set[str]] = {}
    for concept_id, concept in concepts.items():
        for name in concept.names:
            key = key_of(name)
            if key:
                owners.setdefault(key, set()).add(concept_id)
    expansions: dict[str, list[tuple[tuple[str, ...], list[tuple[str, ...]]]]] = {}
    senses_of = set()
    for short, preferred, longs in _expansions(short_forms, concepts):
        pieces = short.pieces
        senses_of.add(preferred)
        expansions.setdefault(pieces[0], []).append((pieces, longs))
    links: dict[str, set[str]] = {}
    for concept_id, concept in sorted(concepts.items()):
        for name in concept.names:
            key = key_of(name)
            if not key:
                continue
            for i, piece in enumerate(key):
                for pieces, longs in expansions.get(piece, ()):
                    if key[i:i + len(pieces)] != pieces or len(pieces) == len(key):
                        continue
                    for long in longs:
                        found = owners.get(key[:i] + long + key[i + len(pieces):], set())
                        if len(found) == 1 and concept_id not in found:
                            other = next(iter(found))
                            links.setdefault(concept_id, set()).add(other)
                            links.setdefault(other, set()).add(concept_id)
    joined: dict[str, str] = {}
    seen: set[str] = set()
    for start in sorted(links):
        if start in seen:
            continue
        group, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node not in group:
                group.add(node)
                todo.extend(links.get(node, ()))
        seen |= group
        lexical = sorted(c for c in group if concepts[c].source != "discovered")
        if len(lexical) > 1:
            continue
        target = lexical[0] if lexical else min(group, key=lambda c: (c not in senses_of, c))
        joined.update({c: target for c in sorted(group) if c != target})
    return joined
