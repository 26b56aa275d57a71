"""Which abbreviation definitions to trust, and where a short form keeps its sense (pure functions).

Abbreviation definitions found by :mod:`kgraph.abbreviations` are filtered
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

import re
from collections.abc import Iterable

from .normalize import is_abbreviation, scan

__all__ = [
    "GENERIC_MODIFIERS",
    "evidence_pieces",
    "is_clause",
    "only_generic_modifiers",
    "reserved_short_form",
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
    "dose", "cancer", "carcinoma", "negative", "positive", "related", "associated", "induced",
    "mediated", "dependent", "specific", "like", "based", "derived", "primary", "total", "free",
    "small", "large", "long", "short", "early", "late", "chronic", "acute", "inhibitor", "agent",
    "complex", "family", "domain", "region", "site", "binding", "kinase", "pathway", "signaling",
    "state", "phase", "stage", "index", "score", "scale", "ratio", "volume", "area", "body",
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


def is_clause(long_form: str) -> bool:
    """Whether a long form is a clause or a comparison rather than a name.

    Examples:
        >>> is_clause("RNAs were not detected by Northern")
        True
        >>> is_clause("compared with 3%"), is_clause("vascular endothelial growth factor")
        (True, False)
    """
    if "%" in long_form or "=" in long_form or "<" in long_form or ">" in long_form:
        return True
    return any(word in _CLAUSE for word in _words(long_form))


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
    apart (``cell``, ``factor``, ``cancer``).

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
            if len(norm) < 4 or not norm.isalpha() or is_abbreviation(raw) or norm in _NO_EVIDENCE:
                continue
            found.add(norm.lower())
    return frozenset(found)
