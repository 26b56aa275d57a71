"""Normalisation of surface forms into matching keys (pure functions).

A text is cut into *pieces*: runs of letters, runs of digits and runs of Greek
letters. ``CAR-T cell``, ``CAR T-cell`` and ``CAR-T-cell`` all give the pieces
``CAR``, ``t``, ``cell``; ``IL-6`` and ``IL6`` give ``IL``, ``6``; ``TNF-α`` and
``TNFalpha`` give ``TNF``, ``alpha`` (a Greek letter's name glued to a code is
a piece of its own: ``NF-kappaB`` = ``NF-κB``). Each piece is normalised on its own:

* abbreviations (two or more capitals, as in ``CSC``, ``mTOR``, ``PD``) keep
  their case, so ``CAR`` never matches the word ``car``; a plural ``s`` is
  dropped (``CSCs`` -> ``CSC``, ``miRNAs`` -> ``miRNA``) and a capital that
  only starts a word is lowered (``MicroRNAs`` -> ``microRNA``);
* other words are lower-cased, British spellings are mapped to American ones
  (``tumour`` -> ``tumor``, ``haematopoietic`` -> ``hematopoietic``),
  plurals to singulars (``therapies`` -> ``therapy``, ``metastases`` ->
  ``metastasis``) and an organ's adjective to its noun (``cardiac`` ->
  ``heart``, ``renal`` -> ``kidney``: ``cardiac transplantation`` is ``heart
  transplant``);
* Greek letters are spelled out (``β`` -> ``beta``), and Roman numerals
  written in capitals are numbers (``HTLV-I`` = ``HTLV-1``, ``stage IV`` =
  ``stage 4``).

Between two pieces, spaces, hyphens, slashes, ``+`` and a possessive ``'s``
are *joinable*: a concept may span them. Anything else (a comma, a bracket, a
full stop, a line break) ends a candidate term. The same functions turn
lexicon aliases into keys and document text into pieces, so both sides are
always normalised alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import accumulate, compress
from typing import NamedTuple

__all__ = [
    "Piece",
    "Scan",
    "americanize",
    "is_abbreviation",
    "key_of",
    "normalize_piece",
    "pieces",
    "scan",
    "singularize",
    "slug",
]

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu",
    "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma",
    "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
_GREEK.update({k.upper(): v for k, v in list(_GREEK.items()) if k != "ς"})

# Runs of digits, runs of Greek letters, runs of other letters.
_PIECE_RE = re.compile(r"\d+|[\u0370-\u03ff]+|[^\W\d_\u0370-\u03ff]+")
# Words (letters and digits); most are plain ASCII words, which are one piece.
_WORD_RE = re.compile(r"[^\W_]+")
# What may stand between two pieces of one term: blanks (not line breaks),
# hyphens and dashes used as hyphens, slashes, plus signs, a possessive 's,
# or a lone dot with no blank around it (a decimal point: claudin 18.2).
JOINABLE_GAP_RE = re.compile(r"\.|(?:['\u2019]s?)?[ \t\u00a0\-\u2010\u2011\u2012/+]*")

_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "VI": "6", "VII": "7", "VIII": "8", "IX": "9",
          "XI": "11", "XII": "12"}
_IRREGULAR_PLURALS = {
    "metastases": "metastasis", "analyses": "analysis", "diagnoses": "diagnosis",
    "prognoses": "prognosis", "apoptoses": "apoptosis", "necroses": "necrosis",
    "fibroses": "fibrosis", "stenoses": "stenosis", "neoplasias": "neoplasia",
    "mice": "mouse", "children": "child", "women": "woman", "men": "man",
    "criteria": "criterion", "phenomena": "phenomenon", "bacteria": "bacterium",
    "foci": "focus", "nuclei": "nucleus", "stimuli": "stimulus", "carcinomata": "carcinoma",
    "lymphomata": "lymphoma", "sarcomata": "sarcoma", "media": "medium", "indices": "index",
    "matrices": "matrix", "vertices": "vertex", "appendices": "appendix", "teeth": "tooth",
    "feet": "foot", "leaves": "leaf", "lives": "life", "halves": "half",
}
# Words that end in "s" but are singular (or have no singular worth using).
_S_SINGULARS = frozenset({
    "series", "species", "diabetes", "herpes", "news", "lens", "bias", "gas", "plus",
    "corpus", "virus", "fetus", "uterus", "thymus", "pancreas", "atlas", "canvas", "alias",
    "chaos", "cosmos", "ethos", "pathos", "rabies", "scabies", "measles", "mumps", "always",
    "perhaps", "thus", "various", "previous", "this", "his", "has", "was", "is", "its", "us",
    "less", "unless", "across", "towards", "afterwards", "sometimes", "whereas", "yes",
})
_SINGULAR_ENDINGS = ("ss", "us", "is", "ics", "ous", "sis", "xis", "itis")


def singularize(word: str) -> str:
    """Return the singular of a lower-case English word (rule based).

    Examples:
        >>> [singularize(w) for w in ["therapies", "metastases", "cells", "analysis", "viruses"]]
        ['therapy', 'metastasis', 'cell', 'analysis', 'virus']
    """
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if len(word) <= 3 or not word.endswith("s") or word in _S_SINGULARS:
        return word
    if word.endswith(_SINGULAR_ENDINGS):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes", "uses")):
        return word[:-2]
    return word[:-1]


_BRITISH = [
    (re.compile(r"our(?=$|s$|ed$|ing$|al$)"), "or"),         # tumour, tumours, colour
    (re.compile(r"(?<=[a-z])aem"), "em"),                      # leukaemia, anaemia, ischaemia
    (re.compile(r"^haem"), "hem"),
    (re.compile(r"^paed"), "ped"), (re.compile(r"(?<=[a-z])paed"), "ped"),
    (re.compile(r"^oe(?=[sd])"), "e"),                         # oesophagus, oestrogen, oedema
    (re.compile(r"(?<=[a-z])oea"), "ea"),                      # diarrhoea
    (re.compile(r"^foet"), "fet"), (re.compile(r"gynaec"), "gynec"),
    (re.compile(r"(?<=[a-z])aev"), "ev"),                      # aminolaevulinic
    (re.compile(r"(?<=[a-z])aes(?=th)"), "es"),                # anaesthesia
    (re.compile(r"^aet"), "et"), (re.compile(r"^coel"), "cel"),  # aetiology, coeliac
    (re.compile(r"sulph"), "sulf"),                            # sulphate
    (re.compile(r"^aluminium"), "aluminum"), (re.compile(r"^caes"), "ces"),  # caesium
    (re.compile(r"(?<=[a-z]{3})is(?=e$|es$|ed$|ing$|ation$|ations$|er$|ers$)"), "iz"),
    (re.compile(r"(?<=[a-z]{2})ys(?=e$|es$|ed$|ing$)"), "yz"),  # analyse, catalyse
    (re.compile(r"(?<=[a-z]{2})tre$"), "ter"), (re.compile(r"(?<=[a-z]{2})tres$"), "ters"),
    (re.compile(r"ogue$"), "og"), (re.compile(r"ogues$"), "ogs"),  # analogue
    (re.compile(r"lled$"), "led"), (re.compile(r"lling$"), "ling"),  # labelled, modelling
]


def americanize(word: str) -> str:
    """Map a lower-case British spelling to the American one.

    Examples:
        >>> [americanize(w) for w in ["tumour", "haematopoietic", "oesophageal", "personalised"]]
        ['tumor', 'hematopoietic', 'esophageal', 'personalized']
    """
    for pattern, repl in _BRITISH:
        word = pattern.sub(repl, word)
    return word


def is_abbreviation(piece: str) -> bool:
    """True for abbreviation-like pieces that must keep their case.

    A piece with two or more capitals is an abbreviation (``CSC``, ``mTOR``,
    ``CSCs``), except a long all-capital word (``CANCER``), which is a word
    set in capitals.

    Examples:
        >>> [is_abbreviation(p) for p in ["CSCs", "mTOR", "Cancer", "T", "CANCER"]]
        [True, True, False, False, False]
    """
    upper = sum(1 for c in piece if c.isupper())
    if upper < 2:
        return False
    return not (upper == len(piece) and len(piece) > 5)


@lru_cache(maxsize=262_144)
def normalize_piece(piece: str) -> str:
    """Normalise one piece (see the module docstring).

    Examples:
        >>> [normalize_piece(p) for p in ["Tumours", "CSCs", "β", "Therapies", "CAR", "MicroRNAs", "siRNAs", "II"]]
        ['tumor', 'CSC', 'beta', 'therapy', 'CAR', 'microRNA', 'siRNA', '2']
    """
    if piece in _ROMAN:  # type I = type 1, IGF-II = IGF-2, stage IV = stage 4
        return _ROMAN[piece]
    if piece[0] in _GREEK:
        return "".join(_GREEK.get(c, c) for c in piece)
    if piece.isdigit():
        return piece
    if is_abbreviation(piece):
        if piece.endswith("s") and piece[-2].isupper() and is_abbreviation(piece[:-1]):
            piece = piece[:-1]  # CSCs, miRNAs, microRNAs
        if piece[0].isupper() and piece[1].islower():  # "MicroRNA" starting a sentence is "microRNA"
            piece = piece[0].lower() + piece[1:]
        return piece
    word = piece.lower()
    if not word.isascii():
        word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    word = singularize(americanize(word))
    return _SAME_WORD.get(word, word)


# Words that name the same thing in a term: an organ's adjective and its noun (cardiac and heart
# transplantation, renal and kidney failure), a procedure and its short noun.
_SAME_WORD = {
    "cardiac": "heart", "renal": "kidney", "hepatic": "liver", "pulmonary": "lung", "gastric": "stomach",
    "cerebral": "brain", "cutaneous": "skin", "transplantation": "transplant",
}


class Piece(NamedTuple):
    """One normalised piece of a text.

    Attributes:
        norm: The normalised form used for matching.
        start: Character offset of the piece in the text.
        end: Character offset just after the piece.
        joined: True if the piece may continue the term of the piece before
            it (only blanks, hyphens, slashes, ``+`` or ``'s`` between them).
        opens: True if the piece starts a word (a term may start here, but
            not at ``mab`` inside ``drug5mab``).
        closes: True if the piece ends a word (a term may end here).
    """

    norm: str
    start: int
    end: int
    joined: bool
    opens: bool = True
    closes: bool = True


class Scan(NamedTuple):
    """The pieces of a text as parallel lists (the fast form used for matching).

    Attributes:
        text: The text.
        norms: Normalised pieces.
        starts: Start offset of each piece.
        ends: End offset of each piece.
    """

    text: str
    norms: list[str]
    starts: list[int]
    ends: list[int]

    def joined(self, i: int) -> bool:
        """True if piece ``i`` may continue the term of piece ``i - 1``."""
        if i == 0:
            return False
        gap_start, gap_end = self.ends[i - 1], self.starts[i]
        if gap_start == gap_end or JOINABLE_GAP_RE.fullmatch(self.text, gap_start, gap_end) is not None:
            return True
        # Locants of a chemical name: the comma of "2,3,7,8-tetrachlorodibenzo-p-dioxin" joins.
        return (gap_end - gap_start == 1 and self.text[gap_start] == "," and self.text[gap_start - 1].isdigit()
                and self.text[gap_end].isdigit())

    def opens(self, i: int) -> bool:
        """True if piece ``i`` starts a word."""
        start = self.starts[i]
        return start == 0 or not self.text[start - 1].isalnum()

    def closes(self, i: int) -> bool:
        """True if piece ``i`` ends a word."""
        end = self.ends[i]
        return end == len(self.text) or not self.text[end].isalnum()


_NORM_CACHE: dict[str, str] = {}
# The same pieces as _PIECE_RE, with a faster first branch for plain ASCII words
# (checked to split a 1.7M-word corpus identically).
_SPLIT_RE = re.compile(r"([A-Za-z]++(?![^\W\d_])|\d++|[\u0370-\u03ff]++|[^\W\d_\u0370-\u03ff]++)")
_POSSESSIVE = ("s", "S")


def _norm(raw: str) -> str:
    norm = _NORM_CACHE.get(raw)
    if norm is None:
        if len(_NORM_CACHE) > 500_000:
            _NORM_CACHE.clear()
        norm = _NORM_CACHE[raw] = normalize_piece(raw)
    return norm


# A Greek letter's name glued to a code (TNFalpha, NF-kappaB, TGFbeta1) is a piece of its own, as the
# letter itself is (TNFα, NF-κB); rare, so the split that knows it runs only where one occurs.
_GREEK_NAMES = "alpha|beta|gamma|delta|kappa|epsilon"
_GREEK_NAME_LIST = tuple(_GREEK_NAMES.split("|"))  # a substring test first: the regex search costs more
# Integrin subunits spelled out: "alphavbeta3", "alphaIIbbeta3" are alpha, v, beta, 3 (as "αvβ3").
_SUBUNITS = r"alpha(?=[A-Za-z]{1,3}beta\d)|(?<=alpha)[A-Za-z]{1,3}(?=beta\d)"
_GLUED_GREEK_RE = re.compile(rf"[A-Z](?:{_GREEK_NAMES})(?![a-z])|(?:{_GREEK_NAMES})[A-Z](?![a-z])"
                             r"|alpha[A-Za-z]{1,3}beta\d")
_SPLIT_GREEK_RE = re.compile(rf"({_SUBUNITS}|[A-Z][A-Za-z]*?[A-Z](?=(?:{_GREEK_NAMES})(?![a-z]))|"
                             rf"(?:{_GREEK_NAMES})(?=[A-Z](?![a-z]))|" + _SPLIT_RE.pattern[1:])


def scan(text: str) -> Scan:
    """Cut ``text`` into normalised pieces, as parallel lists.

    The per-piece work runs in C (``re.split``, ``itertools.accumulate``)
    or hits a cache, because this runs over every word of a corpus.

    Examples:
        >>> s = scan("Hodgkin's lymphomas")
        >>> s.norms, s.starts
        (['hodgkin', 'lymphoma'], [0, 10])
        >>> scan("TNFalpha, NF-kappaB").norms == scan("TNF-α, NF-κB").norms
        True
        >>> scan("integrin alphavbeta3").norms == scan("integrin αvβ3").norms
        True
    """
    glued = any(name in text for name in _GREEK_NAME_LIST) and _GLUED_GREEK_RE.search(text) is not None
    split = _SPLIT_GREEK_RE.split if glued else _SPLIT_RE.split
    parts = split(text)  # [gap, piece, gap, piece, ..., gap]
    raws = parts[1::2]
    offsets = list(accumulate(map(len, parts)))
    starts = offsets[0::2][: len(raws)]
    ends = offsets[1::2]
    norms = list(map(_NORM_CACHE.get, raws))
    if None in norms:  # words not seen before
        norms = [n if n is not None else _norm(r) for n, r in zip(norms, raws)]
    if ("'" in text or "\u2019" in text) and ("'s" in text or "\u2019s" in text or "'S" in text):
        # A possessive 's belongs to the gap between two pieces, it is not a piece.
        keep = [not (r in _POSSESSIVE and parts[2 * i] in ("'", "\u2019") and i > 0)
                for i, r in enumerate(raws)]
        norms = list(compress(norms, keep))
        starts = list(compress(starts, keep))
        ends = list(compress(ends, keep))
    return Scan(text, norms, starts, ends)


def pieces(text: str) -> list[Piece]:
    """Cut ``text`` into normalised pieces.

    Examples:
        >>> [(p.norm, p.joined) for p in pieces("CAR T-cells, (CSCs)")]
        [('CAR', False), ('t', True), ('cell', True), ('CSC', False)]
        >>> [p.norm for p in pieces("Hodgkin's lymphoma")]
        ['hodgkin', 'lymphoma']
    """
    s = scan(text)
    return [Piece(norm, s.starts[i], s.ends[i], s.joined(i), s.opens(i), s.closes(i))
            for i, norm in enumerate(s.norms)]


def slug(text: str) -> str:
    """An id made of lower-case letters, digits and underscores.

    Examples:
        >>> slug("COS-7 cell"), slug("XQ-40921")
        ('cos_7_cell', 'xq_40921')
    """
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


@lru_cache(maxsize=65_536)
def key_of(text: str) -> tuple[str, ...] | None:
    """The matching key of a term, or None if it cannot be matched as one term.

    A term cannot be matched when punctuation that ends a term (a comma, a
    bracket, a full stop) stands between its pieces.

    Examples:
        >>> key_of("CAR T-cell therapy") == key_of("CAR-T cell therapies")
        True
        >>> key_of("Tumour-associated macrophages")
        ('tumor', 'associated', 'macrophage')
        >>> key_of("poly(ADP-ribose)") is None
        True
    """
    parts = pieces(text)
    if not parts or any(not p.joined for p in parts[1:]):
        return None
    return tuple(p.norm for p in parts)
