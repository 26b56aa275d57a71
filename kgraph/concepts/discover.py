"""Model-free discovery of concepts that are not in the lexicon (pure Python).

Three sources of evidence, none needing a trained model:

* **Drug names by their form.** International nonproprietary names carry
  stems that say what a drug is (``-mab`` antibodies, ``-nib`` kinase
  inhibitors, ``-parib``, ``-ciclib``, ``-platin``, ``-taxel``, ``-rubicin``,
  ``-leucel`` cell therapies, ...); research compounds have code names
  (``AZD9291``, ``BMS-986016``). One occurrence is enough.
* **Multiword terms headed by a domain noun** (``... therapy``, ``...
  inhibitor``, ``... cells``, ``... nanoparticles``, ``... vaccine``,
  ``... syndrome``, ``... pathway``, ``... transplantation``): up to three
  content words before the head, with a stop list of generic modifiers
  (``novel``, ``these``, ``treated``). Over a corpus, candidates are ranked by
  C-value (Frantzi, Ananiadou & Mima 2000, "Automatic recognition of
  multi-word terms: the C-value/NC-value method", Int J Digit Libr 3:115-130),
  which discounts a term that mostly occurs inside a longer candidate.
* **Abbreviation definitions** whose long form is unknown (see
  :mod:`kgraph.concepts.recognize`).

Discovered concepts carry ``source="discovered"``.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path

import yaml

from ..settings import DEFAULTS
from ..text.normalize import Scan, key_of, normalize_piece, scan, slug
from .lexicon import Concept, Lexicon

__all__ = [
    "DrugName",
    "TermCandidates",
    "add_candidate",
    "c_values",
    "cell_line_codes",
    "drug_concept",
    "drug_names",
    "select_terms",
    "term_candidates",
    "write_candidates",
]

# INN stems of oncology drugs (and a few general ones oncology papers use).
# (A stem that ends with another listed stem would add nothing: -tinib is a -nib.)
_INN_STEMS = (
    "mab", "ercept", "acept", "nib", "parib", "ciclib", "lisib", "zomib", "degib", "platin",
    "taxel", "rubicin", "tecan", "poside", "tabine", "trexed", "mustine", "fosfamide", "olimus",
    "leucel", "temcel", "vedotin", "mertansine", "emtansine", "lutamide", "relix", "relin",
    "strant", "trozole", "toclax", "sertib", "domide", "inostat", "reotide",
)
_STEMS = tuple(sorted(_INN_STEMS))
_DRUG_SEEN: set[str] = set()   # normalised pieces already classified
_DRUG_HITS: set[str] = set()   # ... of which these end with an INN stem
# Peptide "-tide" and antiviral "-ciclovir" names are drugs but rarely oncology; keep the stems
# that are unambiguous in text, and reject English words that happen to end like a stem.
_NOT_DRUGS = frozenset({
    "nucleotide", "peptide", "polypeptide", "oligonucleotide", "dinucleotide",
    "tide", "ride", "bride", "pride", "riptide", "eventide", "yuletide", "intercept", "percept",
})
# Research compound codes: 2-5 capitals, then a hyphen and 3-7 digits or 4-7 digits
# (ABT-199, AZD9291, BMS-986016); three digits without a hyphen are mostly cell lines (SW480).
# Written to start with a single character class: the regex engine then skips to the next capital
# in C ([A-Z]{2}[A-Z]{0,3}, the same codes, tries every position; 2.5x slower on abstracts).
_CODE_RE = re.compile(r"[A-Z][A-Z]{1,4}(?:-[0-9]{3,7}|[0-9]{4,7})[A-Z]?\b")
_NOT_CODE_PREFIXES = ("NCT", "ISRCTN", "PMID", "PMC", "GSE", "DOI", "ATCC", "ISBN", "ISSN", "CHEMBL",
                      "ORCID", "CD", "HLA", "ICD", "ECOG", "FIGO", "AJCC", "WHO", "ISO", "IRB",
                      "RPMI", "FLJ", "KIAA")  # a culture medium, cDNA clone names
# A code is a cell line where the text says so: "HCT-116 cells", "(DU-145) cells",
# "HCC1954 cell line", "the cell line SGC-7901", "cell lines such as A5490, ...".
_CELL_AFTER_RE = re.compile(r"\s*[)\]]?\s+cell(?:s|\s+lines?)\b", re.IGNORECASE)
_CELL_BEFORE_RE = re.compile(r"\bcell\s+lines?\s*[(,:]?\s*(?:such\s+as\s+|including\s+)?$", re.IGNORECASE)
# Between the items of a list of codes ("HCT-116, SW-4800 and DU-145 cells").
_LIST_GAP_RE = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|/\s*|&\s*)")


@dataclass(frozen=True)
class DrugName:
    """A drug name found by its form."""

    start: int
    end: int
    text: str
    kind: str  # "stem" (an INN stem) or "code" (a compound code)


def _drug_like(norm: str) -> bool:
    return len(norm) >= 7 and norm.isalpha() and norm.islower() and norm.endswith(_STEMS) \
        and norm not in _NOT_DRUGS


def _drug_hits(norms: list[str]) -> set[str]:
    """The pieces in ``norms`` that end with an INN stem (set operations, in C, after warm-up)."""
    present = set(norms)
    unseen = present - _DRUG_SEEN
    if unseen:
        if len(_DRUG_SEEN) > 1_000_000:
            _DRUG_SEEN.clear()
            _DRUG_HITS.clear()
        _DRUG_SEEN.update(unseen)
        _DRUG_HITS.update(w for w in unseen if _drug_like(w))
    return present & _DRUG_HITS


def drug_names(text: str, parts: Scan | None = None) -> list[DrugName]:
    """Drug names recognisable by INN stem or as compound codes.

    A code the text calls a cell line (``HCT-116 cells``, ``the cell line
    SGC-7901``, and codes listed with one) is not a drug and is left out.

    Args:
        text: The text.
        parts: Its pieces, if already computed (:func:`kgraph.text.normalize.scan`).

    Examples:
        >>> [(d.text, d.kind) for d in drug_names("Zorvantinib and BXT-40921 beat glorbimab; HCT1160 cells.")]
        [('Zorvantinib', 'stem'), ('glorbimab', 'stem'), ('BXT-40921', 'code')]
    """
    parts = parts if parts is not None else scan(text)
    norms, starts, ends = parts.norms, parts.starts, parts.ends
    hits = _drug_hits(norms)
    out = []
    for i in compress(range(len(norms)), map(hits.__contains__, norms)) if hits else ():
        start, end = starts[i], ends[i]
        word = text[start:end]
        if parts.opens(i) and parts.closes(i) and (word.islower() or word[1:].islower()):
            out.append(DrugName(start, end, word, "stem"))
    out.extend(_codes(text))
    return out


def _codes(text: str) -> list[DrugName]:
    """Compound codes in ``text``, without the codes the text calls cell lines.

    A code is a cell line in the whole text once one of its occurrences is
    (``HCT-116 cells``; ``the cell line SGC-7901``), and so is every code listed
    with it (``HCT-116, SW-4800 and DU-145 cells``). An amount of money
    (``$US1153``) is no code.
    """
    codes, cell_lines = _codes_and_cell_lines(text)
    return [c for c in codes if c.text not in cell_lines]


def cell_line_codes(text: str) -> set[str]:
    """The codes that ``text`` calls cell lines (``HCT-116 cells``; see :func:`drug_names`).

    A build collects them over the whole corpus: a code one abstract calls a
    cell line is a cell line in the others too (``SW1990`` listed with drugs).

    Examples:
        >>> sorted(cell_line_codes("HCT-116, SW1990 and DU-145 cells took AZD-9291."))
        ['DU-145', 'HCT-116', 'SW1990']
    """
    return _codes_and_cell_lines(text)[1]


def _codes_and_cell_lines(text: str) -> tuple[list[DrugName], set[str]]:
    codes: list[DrugName] = []
    cell_lines: set[str] = set()
    listed: list[str] = []  # the codes of the current list
    for m in _CODE_RE.finditer(text):
        code = m.group()
        start, end = m.span()
        if (start and (text[start - 1].isalnum() or text[start - 1] in "-$\u20ac\u00a3\u00a5")) or \
                (end < len(text) and text[end] == "-") or code.startswith(_NOT_CODE_PREFIXES):
            continue
        if not (codes and _LIST_GAP_RE.fullmatch(text, codes[-1].end, start)):
            listed = []
        listed.append(code)
        if _CELL_AFTER_RE.match(text, end) or _CELL_BEFORE_RE.search(text, max(0, start - 40), start):
            cell_lines.update(listed)
        codes.append(DrugName(start, end, code, "code"))
    return codes, cell_lines


def drug_concept(name: str) -> Concept:
    """The discovered concept of a drug name.

    Examples:
        >>> drug_concept("Zorvantinib")
        Concept(id='zorvantinib', label='zorvantinib', category='drug', aliases=(), source='discovered')
    """
    label = name if any(c.isdigit() for c in name) else name.lower()
    return Concept(slug(label), label, "drug", (), source="discovered")


# ---------------------------------------------------------------------------
# Multiword terms headed by domain nouns
# ---------------------------------------------------------------------------

HEAD_CATEGORIES: Mapping[str, str] = {
    "therapy": "therapy", "therapies": "therapy", "immunotherapy": "therapy",
    "chemotherapy": "therapy", "radiotherapy": "therapy", "vaccine": "therapy", "vaccines": "therapy",
    "transplantation": "therapy", "transplant": "therapy", "ablation": "therapy",
    "inhibitor": "drug_class", "inhibitors": "drug_class", "agonist": "drug_class",
    "agonists": "drug_class", "antagonist": "drug_class", "antagonists": "drug_class",
    "antibody": "drug_class", "antibodies": "drug_class", "blockade": "drug_class",
    "cells": "cell_type", "cell": "cell_type", "lymphocytes": "cell_type", "macrophages": "cell_type",
    "nanoparticles": "technology", "nanoparticle": "technology", "liposomes": "technology",
    "micelles": "technology", "nanocarriers": "technology", "hydrogel": "technology",
    "syndrome": "clinical", "toxicity": "clinical", "neuropathy": "clinical",
    "pathway": "mechanism", "pathways": "mechanism", "signaling": "mechanism", "signalling": "mechanism",
    "carcinoma": "cancer", "carcinomas": "cancer", "lymphoma": "cancer", "lymphomas": "cancer",
    "leukemia": "cancer", "leukaemia": "cancer", "sarcoma": "cancer", "sarcomas": "cancer",
    "receptor": "target", "receptors": "target", "kinase": "target",
}
# Bare "cancer", "tumor", "effect(s)" or "resistance" with a modifier are mostly descriptions
# ("aggressive cancer", "regulatory effect", "long-term effects"), not names, so they are not heads here.

# Heads that say what a name names, for names met as long forms (``myocardial infarction (MI)``):
# diseases and findings, proteins and enzymes, molecules, looked up normalised (singular, American
# spelling). Term discovery does not use them (a frequent "heart disease" is found as a long form
# or not at all).
_NAME_HEADS: Mapping[str, str] = {
    **dict.fromkeys(["disease", "syndrome", "disorder", "failure", "infarction", "fibrillation", "tachycardia",
                     "dystrophy", "sclerosis", "deficiency", "mellitus", "insufficiency", "hypertension",
                     "stenosis", "thrombosis", "injury", "ischemia", "palsy", "ataxia", "dementia", "atrophy",
                     "dysplasia", "malformation", "infection", "embolism", "aneurysm", "hemorrhage", "edema",
                     "obesity", "depression"], "clinical"),
    **dict.fromkeys(["protein", "factor", "antigen", "enzyme", "peptide", "activator", "transporter",
                     "cotransporter", "channel", "ligand", "gene", "oncogene", "cytokine", "chemokine",
                     "interleukin", "integrin", "collagen", "immunoglobulin"], "target"),
    **dict.fromkeys(["acid", "lipoprotein", "hormone", "steroid", "cholesterol", "glucose", "nucleotide",
                     "oxide"], "molecule"),
}
_NAME_ENDINGS: Mapping[str, tuple[str, ...]] = {
    "clinical": ("itis", "emia", "pathy"),
    "target": ("kinase", "phosphatase", "synthase", "synthetase", "dehydrogenase", "transferase", "reductase",
               "oxidase", "hydroxylase", "sulfatase", "protease", "peptidase", "polymerase", "ligase",
               "isomerase", "esterase", "lipase", "nuclease", "helicase", "glucosidase", "galactosidase",
               "cyclase", "carboxylase", "aminidase", "globulin"),
}
_NOT_HEADS = re.compile(r"[ivx]+|alpha|beta|gamma|delta|epsilon|kappa|lambda|sigma|omega|type|subunit")


def name_category(name: str) -> str | None:
    """The category a name's head noun says, or None (``myocardial infarction`` is clinical).

    The head is the last word of three or more letters that is not a Roman
    numeral, a Greek letter or ``type`` (``protein kinase C``, ``angiotensin
    II``, ``estrogen receptor beta``). A name that ends in a number or letter
    after a disease word names a gene (``B-cell lymphoma 1``): no category.

    Examples:
        >>> [name_category(n) for n in ["myocardial infarction", "protein kinase C", "juvenile arthritis",
        ...                              "phenylalanine hydroxylase", "retinoic acid", "visual analog scale"]]
        ['clinical', 'target', 'clinical', 'target', 'molecule', None]
        >>> name_category("estrogen receptor beta"), name_category("B-cell lymphoma 1")
        ('target', None)
    """
    words = re.findall(r"[a-z]+|\d+", name.lower())
    head = next((w for w in reversed(words) if len(w) > 2 and not w.isdigit() and not _NOT_HEADS.fullmatch(w)),
                None)
    if head is None:
        return None
    found = HEAD_CATEGORIES.get(head) or _NAME_HEADS.get(normalize_piece(head))
    if found is None:
        found = next((category for category, endings in _NAME_ENDINGS.items() for ending in endings
                      if head == ending or (head.endswith(ending) and len(head) > len(ending) + 1)), None)
    if found in ("cancer", "clinical") and words[-1] != head:
        return None
    return found


def word_trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` factored by common prefixes (longest match first).

    Python's ``re`` tries the branches of ``a|b|c`` one by one at every
    position; sharing prefixes makes a scan for many words several times faster.

    Examples:
        >>> word_trie_pattern(["cell", "cells", "carcinoma"])
        '(?:c(?:arcinoma|ell(?:s)?))'
        >>> import re
        >>> re.fullmatch(word_trie_pattern(["cell", "cells"]), "cells") is not None
        True
    """
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{emit(root)})"


_HEADS = word_trie_pattern(HEAD_CATEGORIES)
_MODIFIER_RE = re.compile(r"[A-Za-z\u0370-\u03ff][\w\u0370-\u03ff/+-]*")
# A head noun that ends the noun phrase: not followed by another head ("renal cell
# carcinoma" is headed by "carcinoma", not by "cell"), nor by a noun it modifies.
# The words before it are read from a short window (see term_candidates): a regex
# that also matched them would backtrack at every position of every document. The blank before
# the head is matched, not looked behind at: the engine then skips to the next blank in C.
_HEAD_RE = re.compile(
    r"[ \t](" + _HEADS + r")(?![\w-])"
    r"(?![ \t]+(?:[\w-]+[ \t]+)?(?:" + _HEADS + r"|cancers?|tumou?rs?|lines?|lung)(?![\w-]))"
    r"(?![ \t]+(?:proliferation|death|growth|cycle|migration|invasion|survival|viability|apoptosis"
    r"|surface|membrane|division|adhesion|types?|counts?|cultures?|populations?|numbers?|fate"
    r"|differentiation|activation|function|size|sizes|response|responses|activity)(?![\w-]))",
    re.IGNORECASE)
# Words that never start or sit inside a term: function words, generic modifiers,
# verbs and participles that describe an experiment rather than name a thing.
_STOP = frozenset("""
a an the this that these those its their our your his her my some any all each every both either
neither no not nor and or but if then than as at by for from in into of on onto to with within
without via per versus vs upon under over between among through during after before against about
is are was were be been being has have had do does did can could may might must shall should will
would which who whom whose what when where while how why also only very more most less least much
many several various other others another such same different similar new novel current recent
conventional standard traditional typical potential possible specific certain particular common
major minor main key important significant effective efficient promising powerful strong weak high
low higher lower increased decreased reduced enhanced improved improving increasing decreasing
treated untreated induced resistant sensitive positive negative based mediated related associated
derived dependent independent targeted targeting using used use including include includes like
one two three four five first second third single multiple total overall further additional
respective corresponding following above below here there well however therefore thus
patient patients human humans clinical preclinical experimental existing available approved
selective combined combination alone together normal healthy diseased affected primary secondary
advanced early late initial long short term cancerous malignant benign
control controls induce induces inhibit inhibits inhibitory stimulatory protective beneficial
synergistic additive antagonistic cytotoxic toxic therapeutic antitumor antitumour anticancer
antiproliferative adverse direct indirect opposite observed expected marked profound modest
dramatic substantial partial complete similar distinct individual cultured transfected
transduced infected isolated purified surviving remaining living dead dying whole entire
promote promotes enhance enhances reduce reduces increase increases decrease decreases prevent
prevents suppress suppresses block blocks kill kills activate activates affect affects regulate
regulates modulate modulates stimulate stimulates target targets little potent cancer tumor
augment augments attenuate attenuates impair impairs restore restores mimic mimics own cognate
tumour drug drugs medical treatment therapy immediate delayed prompt subsequent prior previous
whether unknown unclear
""".split())
_NOT_FIRST_ENDINGS = ("ing", "ly", "ed", "ous")


@dataclass
class TermCandidates:
    """Multiword term candidates counted over a corpus.

    Attributes:
        counts: Term key -> occurrences.
        forms: Term key -> Counter of the surface forms seen.
        heads: Term key -> the head noun (lower case).
    """

    counts: Counter[tuple[str, ...]] = field(default_factory=Counter)
    forms: defaultdict[tuple[str, ...], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    heads: dict[tuple[str, ...], str] = field(default_factory=dict)

    def update(self, other: TermCandidates) -> None:
        """Add the counts of ``other``."""
        self.counts.update(other.counts)
        for key, forms in other.forms.items():
            self.forms[key].update(forms)
        for key, head in other.heads.items():
            self.heads.setdefault(key, head)


def term_candidates(text: str, lexicon: Lexicon) -> TermCandidates:
    """Multiword candidates in ``text``: content words + a domain head noun.

    Every suffix of a candidate that still has a modifier is counted too
    (``anti-GD2 CAR T cells`` also yields ``CAR T cells``), as C-value
    requires. Candidates holding a lexicon term are left out: a modifier
    plus a known concept is that concept, not a new one.

    Examples:
        >>> from kgraph.concepts.lexicon import default_lexicon
        >>> lex = default_lexicon()
        >>> c = term_candidates("We used glorbic acid nanoparticles and novel vaccines.", lex)
        >>> sorted(" ".join(k) for k in c.counts)
        ['acid nanoparticle', 'glorbic acid nanoparticle']
        >>> list(term_candidates("Resistant cancer stem cells survive.", lex).counts)
        []
        >>> sorted(" ".join(k) for k in term_candidates("the glorbin type II receptor", lex).counts)
        ['glorbin type 2 receptor']
    """
    result = TermCandidates()
    for m in _HEAD_RE.finditer(text):
        start = m.start(1)
        window = text[max(0, start - 120):start]
        line = window[window.rfind("\n") + 1:]
        words = line.split()[-3:]
        # Keep the trailing words that look like words (a comma or a bracket ends the phrase).
        kept = []
        for word in reversed(words):
            if not _MODIFIER_RE.fullmatch(word):
                break
            kept.append(word)
        if kept:
            add_candidate(result, kept[::-1], m.group(1), lexicon)
    return result


def add_candidate(result: TermCandidates, words: list[str], head: str, lexicon: Lexicon) -> None:
    """Count the term ``words + head`` and its shorter suffixes in ``result``.

    The modifiers kept are the longest run of content words right before the
    head (no stop words, digits or one-letter words; no participle or adverb
    first). Nothing is counted when a lexicon term covers more than the head.
    """
    kept: list[str] = []
    for word in reversed(words):
        if word.lower() in _STOP or word.isdigit() or len(word) < 2:
            break
        kept.append(word)
    kept.reverse()
    while kept and kept[0].islower() and kept[0].endswith(_NOT_FIRST_ENDINGS):
        kept.pop(0)  # participles and adverbs describe, they do not name
    if not kept or _holds_known_term(" ".join([*kept, head]), lexicon):
        return  # a modifier plus a known concept is that concept, not a new one
    cancer_head = HEAD_CATEGORIES.get(head.lower()) == "cancer"
    for i in range(len(kept)):
        if cancer_head and kept[i].lower() in ("cell", "cells"):
            continue  # "cell carcinoma" is a piece of "clear cell carcinoma", "giant cell carcinoma"
        if (kept[i].lower() in ("receptor", "receptors") and head.lower() in _ACTING_ON_HEADS) \
                or kept[i].lower() in ("signaling", "signalling", "type") or _ROMAN_RE.fullmatch(kept[i]):
            continue  # "receptor antagonist", "signaling pathway", "II receptor": pieces of longer names
        surface = " ".join([*kept[i:], head])
        key = key_of(surface)
        if key is None or len(key) < 2:
            continue
        result.counts[key] += 1
        first = surface.split()[0]
        if first[0].isupper() and first[1:].islower():  # "Glorbic acid" at a sentence start
            surface = surface[0].lower() + surface[1:]
        result.forms[key][surface] += 1
        result.heads.setdefault(key, head.lower())


_ROMAN_RE = re.compile(r"[IVX]{1,4}")  # a member number that belongs to the word before: "type II receptor"
_ACTING_ON_HEADS = frozenset({"antagonist", "antagonists", "agonist", "agonists", "blocker", "blockers", "inhibitor",
                              "inhibitors", "modulator", "modulators", "ligand", "ligands"})


def _holds_known_term(phrase: str, lexicon: Lexicon) -> bool:
    """True if a lexicon term in ``phrase`` covers more than its last word (the head)."""
    parts = scan(phrase)
    last = len(parts.norms) - 1
    return any(m.first != last for m in lexicon.matcher.find(parts))


def c_values(counts: Mapping[tuple[str, ...], int]) -> dict[tuple[str, ...], float]:
    """C-value of every candidate term (see the module docstring).

    ``C(a) = log2(|a|) * (f(a) - mean f(b) over the longer candidates b that
    contain a)``, or ``log2(|a|) * f(a)`` when no candidate contains ``a``.

    Examples:
        >>> cv = c_values({("a", "b"): 10, ("x", "a", "b"): 4, ("y", "a", "b"): 2})
        >>> cv[("a", "b")], cv[("x", "a", "b")]
        (7.0, 6.34)
    """
    containers: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    for longer, f in counts.items():
        for size in range(1, len(longer)):
            for start in range(len(longer) - size + 1):
                sub = longer[start:start + size]
                if sub in counts:
                    containers[sub].append(f)
    out = {}
    for term, f in counts.items():
        nested = containers.get(term)
        value = f - (sum(nested) / len(nested) if nested else 0.0)
        out[term] = round(math.log2(len(term)) * value, 2)
    return out


def select_terms(candidates: TermCandidates, *, min_count: int = DEFAULTS.min_term_count,
                 min_c_value: float = DEFAULTS.min_term_c_value) -> list[tuple[Concept, int, float]]:
    """Candidates frequent and termhood-strong enough to become concepts.

    Returns:
        ``(concept, count, c_value)`` triples, best first (ties by id).
    """
    cv = c_values(candidates.counts)
    # Keys that differ only in case ("COS-7 cells", "Cos-7 cells") share an id: one concept.
    groups: dict[str, list[tuple[str, ...]]] = {}
    for key, count in candidates.counts.items():
        if count >= min_count and cv[key] >= min_c_value:
            groups.setdefault(slug("_".join(key)), []).append(key)
    chosen = []
    for concept_id, keys in groups.items():
        forms: Counter[str] = Counter()
        for key in keys:
            forms.update(candidates.forms[key])
        # The most frequent form, preferring lower case ("glorbic fields" over "Glorbic Fields").
        label = min(forms.items(), key=lambda kv: (-kv[1], kv[0] != kv[0].lower(), kv[0]))[0]
        aliases = tuple(sorted(f for f in forms if f != label))
        best = max(keys, key=lambda k: (cv[k], candidates.counts[k], k))
        category = HEAD_CATEGORIES.get(candidates.heads.get(best, ""), "other")
        count = sum(candidates.counts[k] for k in keys)
        chosen.append((Concept(concept_id, label, category, aliases, source="discovered"), count, cv[best]))
    chosen.sort(key=lambda t: (-t[2], -t[1], t[0].id))
    return chosen


def write_candidates(path: str | Path, items: Iterable[tuple[Concept, int, float, str]], *,
                     name: str = "discovered") -> Path:
    """Write discovered concepts as a lexicon file for review.

    The file has the lexicon format (load it with ``--add-lexicon`` after
    review); a comment on each entry says how it was found, how often it
    occurs and its score.

    Args:
        path: Output file (YAML).
        items: ``(concept, count, score, how)`` for each concept.
        name: Name of the lexicon.
    """
    lines = ["# Concepts discovered by kgraph: review, edit or delete entries, then use this file",
             "# with --add-lexicon. 'how': stem/code = drug name form, term = multiword term",
             "# (score = C-value), abbreviation = defined in the text.",
             f"name: {json.dumps(name)}", "version: 1", "concepts:"]
    for concept, count, score, how in items:
        entry = {"id": concept.id, "label": concept.label, "category": concept.category,
                 "aliases": list(concept.aliases)}
        flow = yaml.safe_dump(entry, default_flow_style=True, allow_unicode=True, sort_keys=False,
                              width=10_000).strip()
        lines.append(f"- {flow}  # {how}, count {count}, score {score}")
    from ..files import atomic_write_text

    return atomic_write_text(path, "\n".join(lines) + "\n")
