"""Abbreviation definitions in running text (pure functions).

Implements the algorithm of Schwartz & Hearst (2003), "A simple algorithm for
identifying abbreviation definitions in biomedical text", Pacific Symposium on
Biocomputing 8:451-462, for both patterns:

* ``long form (SF)``, e.g. ``cancer stem cells (CSCs)``;
* ``SF (long form)``, e.g. ``HIF (hypoxia-inducible factors)``.

Square brackets work as round ones (``Cimicifuga racemosa [CR]``). Two
readings are added for how biomedical texts write names around a definition:

* a code after the bracket belongs to the name (``interleukin (IL)-6`` defines
  ``IL-6`` as ``interleukin-6``, not ``IL`` as the whole family);
* a head noun after a list of definitions belongs to each of them
  (``estrogen (ER) and progesterone (PR) receptors`` defines the receptors,
  not the hormones) when each short form ends with the head's initial.

A short form must be at most two words of 2 to 10 characters, start with a
letter or digit, contain a letter and (a precision rule added here) contain
an upper-case letter. The long form is the shortest run of preceding words
(at most ``min(len(SF) + 5, 2 * len(SF))`` words) in which the characters of
the short form occur in order, the first one at the start of a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

__all__ = ["Abbreviation", "after_hyphen", "best_long_form", "chemical_prefix", "find_abbreviations",
           "inside_word", "is_method_noun", "is_short_form"]


class Abbreviation(NamedTuple):
    """An abbreviation defined in a text.

    Attributes:
        short: The short form as written (``"CSCs"``).
        long: The long form as written (``"cancer stem cells"``).
        short_start: Offset of the short form in the text.
        short_end: Offset just after the short form.
        long_start: Offset of the long form in the text.
        long_end: Offset just after the long form.
        head: ``"gene"`` or ``"protein"`` when that word follows the bracket
            (``retinoblastoma (Rb) gene``: the short form may name the gene
            of what the long form names), else ``""``.
    """

    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int
    head: str = ""


_PAREN_RE = re.compile(r"\(([^()\n]{1,200})\)|\[([^\[\]\n]{1,200})\]")
_WORD_RE = re.compile(r"\S+")
_BREAK_RE = re.compile(r"[.;:!?]\s|\n")
_LAST_WORD_RE = re.compile(r"(\S+)\s*$")
_UPPER_RE = re.compile(r"[A-Z\u00c0-\u00de\u0391-\u03a9]")


def is_short_form(candidate: str) -> bool:
    """True if ``candidate`` can be a short form.

    Examples:
        >>> [is_short_form(s) for s in ["CSCs", "TME", "low oxygen", "a", "hypoxia", "IL-6"]]
        [True, True, False, False, False, True]
    """
    if not 2 <= len(candidate) <= 10 or len(candidate.split()) > 2:
        return False
    if not candidate[0].isalnum() or not any(c.isalpha() for c in candidate):
        return False
    return any(c.isupper() for c in candidate)


def best_long_form(short: str, long: str) -> int | None:
    """Where the long form of ``short`` starts in ``long``, or None.

    Walks both strings from the end, matching each letter or digit of the
    short form to a character of the long form; the first character of the
    short form must start a word.

    Examples:
        >>> text = "the resistance of cancer stem cells"
        >>> text[best_long_form("CSCs", text):]
        'cancer stem cells'
        >>> text = "the oesophageal squamous cell carcinoma"
        >>> text[best_long_form("ESCC", text):]
        'oesophageal squamous cell carcinoma'
    """
    s_index = len(short) - 1
    l_index = len(long) - 1
    # A trailing plural "s" of the short form need not appear in the long form.
    if s_index > 0 and short[s_index] == "s" and short[:-1].upper() == short[:-1]:
        s_index -= 1
    while s_index >= 0:
        c = short[s_index].lower()
        if not c.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (long[l_index].lower() != c or (
                s_index == 0 and l_index > 0 and long[l_index - 1].isalnum() and not _british_start(long, l_index))):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = l_index + 1
    if start > 0 and _british_start(long, start):
        start -= 1  # "oestrogen receptor (ER)": the word, not its second letter
    return start if start >= 0 else None


def _british_start(text: str, i: int) -> bool:
    """Whether ``text[i]`` is the ``e`` of a word spelled with ``oe`` or ``ae`` (``oestrogen``, ``aetiology``)."""
    return (text[i] in "eE" and i > 0 and text[i - 1] in "oaOA" and (i == 1 or not text[i - 2].isalnum())
            and i + 1 < len(text) and text[i + 1].isalpha() and text[i + 1].lower() not in "aeiou")


def _window_words(text: str, end: int, max_words: int, floor: int) -> int:
    """Start offset of the last ``max_words`` words before ``end`` (not before ``floor``)."""
    starts = [m.start() + floor for m in _WORD_RE.finditer(text[floor:end])]
    if not starts:
        return end
    return starts[-max_words] if len(starts) >= max_words else starts[0]


def _sentence_floor(text: str, position: int) -> int:
    """Offset where the clause holding ``position`` starts (looking back at most 400 characters)."""
    low = max(0, position - 400)
    floor = low
    for m in _BREAK_RE.finditer(text, low, position):
        floor = m.end()
    return floor


_PREFIX_RE = re.compile(r"(?:\b[A-Za-z0-9][-\u2010\u2011])+$")


def _whole_first_word(text: str, start: int, floor: int) -> int:
    """Move a long form's start back over what makes its first word whole.

    The shortest long form may start in the middle of a name: ``c oxidase``
    in ``cytochrome c oxidase (COX)`` (a one-letter word), or ``Jun N-terminal
    kinase`` in ``c-Jun N-terminal kinase (JNK)`` (a one-letter prefix).

    Examples:
        >>> text = "the cytochrome c oxidase and c-Jun N-terminal kinase"
        >>> text[_whole_first_word(text, 15, 0):24], text[_whole_first_word(text, 31, 0):]
        ('cytochrome c oxidase', 'c-Jun N-terminal kinase')
    """
    prefix = _PREFIX_RE.search(text, max(floor, start - 12), start)
    if prefix is not None:
        return prefix.start()
    end = start
    while end < len(text) and text[end].isalnum():
        end += 1
    if end - start == 1 and text[start].islower() and start > floor:
        before = text[floor:start].rstrip()
        previous = _LAST_WORD_RE.search(before)
        if previous is not None and previous.group(1).isalpha() and len(previous.group(1)) > 3:
            return floor + previous.start(1)
    return start


# What ends a long form but is not part of it: blanks, quotes, commas, a detached apostrophe.
_TRAILING_RE = re.compile(r"(?:\s+['\u2019]|[\s\"\u201c\u201d,;:])+$")


def _definition(text: str, short: str, s_start: int, window_end: int,
                floor: int) -> tuple[int, int] | None:
    max_words = min(len(short) + 5, 2 * len(short))
    w_start = _window_words(text, window_end, max_words, floor)
    window = text[w_start:window_end]
    rel = best_long_form(short, window)
    if rel is None:
        return None
    long_start = _whole_first_word(text, w_start + rel, w_start)
    long_start = _initials_start(short, text, w_start, long_start, window_end)
    long_start = _skipping_start(short, text, w_start, long_start, window_end)
    long_start += _named_part(short, text[long_start:window_end])
    long_text = _TRAILING_RE.sub("", text[long_start:window_end])
    if long_text[-1:] in _HYPHENS and not _HYPHEN_BRACKET_RE.search(long_text):
        long_text = long_text[:-1].rstrip()  # pre-tokenised "Dexamethasone- ( Dex- ) induced"
    alone = _ALONE_RE.search(long_text)
    if alone is not None and best_long_form(short, long_text[:alone.start()]) is not None:
        long_text = long_text[:alone.start()]  # "radiotherapy alone (RT)" defines radiotherapy
    if len(long_text) <= len(short) or short.lower() in long_text.lower().split():
        return None
    if long_text.rsplit(None, 1)[-1] in _LAST_WORD_STOP or _CLOSED_BEFORE_RE.match(long_text) \
            or long_text[-1] in "-\u2010":
        return None  # "high glucose media with (HGL) or without (HG) insulin": no name ends so
    return long_start, long_start + len(long_text)


_ALONE_RE = re.compile(r"\s+(?:alone|only)$", re.IGNORECASE)


def _initials_start(short: str, text: str, w_start: int, long_start: int, end: int) -> int:
    """Where the long form starts if a few more words spell the short form by their initials.

    Schwartz & Hearst take the shortest long form, which may hold the short
    form's letters inside one word: ``acetate`` for ``AA`` in ``abiraterone
    acetate (AA)``, ``coefficient`` for ``CC`` in ``compliance coefficient
    (CC)``. When the words before it make a long form whose words' initials
    are exactly the short form's letters, that is the long form.

    Examples:
        >>> text = "as abiraterone acetate (AA) and compliance coefficient"
        >>> text[_initials_start("AA", text, 0, 15, 22):22]
        'abiraterone acetate'
        >>> [(a.short, a.long) for a in find_abbreviations("of thyroid transcription factor-1 (TTF-1) in")]
        [('TTF-1', 'thyroid transcription factor-1')]
        >>> [(a.short, a.long) for a in find_abbreviations("after the procedure for prolapse and hemorrhoids (PPH)")]
        [('PPH', 'procedure for prolapse and hemorrhoids')]
        >>> [(a.short, a.long) for a in find_abbreviations("with preterm premature rupture of membranes (PPROM)")]
        [('PPROM', 'preterm premature rupture of membranes')]
        >>> [(a.short, a.long) for a in find_abbreviations("PRP and platelet-poor plasma (PPP), plus a Papanicolaou (Pap)")]
        [('PPP', 'platelet-poor plasma'), ('Pap', 'Papanicolaou')]
        >>> [(a.short, a.long) for a in find_abbreviations("as detected in Denys-Drash syndrome (DDS)")]
        [('DDS', 'Denys-Drash syndrome')]
    """
    short = re.sub(r"[-\s]?\d+[a-z]?$", "", short)  # a member number is no word: thyroid transcription factor-1 (TTF-1)
    letters = [c.lower() for c in (short[:-1] if len(short) > 2 and short[-1] == "s" else short) if c.isalpha()]
    if len(letters) < 2 or not all(c.isalpha() or c in "-" for c in short.rstrip("s")):
        return long_start
    words = list(_WHOLE_WORD_RE.finditer(text, w_start, end))
    current = [m for m in words if m.start() >= long_start]
    if len(current) == len(letters) and _initials(current) == letters:
        return long_start  # already spelled by initials
    tail = words[-len(letters):]
    if len(words) >= len(letters) and tail[0].start() < long_start and _initials(tail) == letters and all(
            m.group().lower() not in _FUNCTION_WORDS or (0 < k < len(tail) - 1 and m.group().lower() in _SPELLED)
            for k, m in enumerate(tail)):
        return tail[0].start()  # a preposition inside may be spelled: "preterm premature rupture of membranes (PPROM)"
    # Function words between the spelled words are not spelled: "procedure for prolapse and hemorrhoids (PPH)".
    content = [m for m in words if m.group().lower() not in _FUNCTION_WORDS]
    if len(letters) <= len(content) < len(words) \
            and _initials(_SPLIT_WORD_RE.finditer(text, long_start, end)) != letters:  # not "Denys-Drash syndrome (DDS)"
        tail = content[-len(letters):]
        if tail[0].start() < long_start and _initials(tail) == letters \
                and words[-1].group().lower() not in _FUNCTION_WORDS \
                and not any(_UPPER_WORD_RE.match(m.group()) for m in tail):
            return tail[0].start()  # not over another short form: "PRP and platelet-poor plasma (PPP)"
    return long_start


_WHOLE_WORD_RE = re.compile(r"[^\W\d_][^\s/]*")  # a word, hyphens and all
_SPELLED = frozenset({"of", "and", "for", "in", "on", "to", "with", "at", "by"})  # never an article
_UPPER_WORD_RE = re.compile(r"[A-Z0-9]{2,}(?:s|\b)")


def _letters(short: str) -> list[str]:
    """The letters of a short form that word initials spell: no member number, no plural ``s``."""
    return [c.lower() for c in re.sub(r"[-\s]?\d+[a-z]?$", "", short.rstrip("s")) if c.isalpha()]


def _initials(words: Iterable[re.Match[str]]) -> list[str]:
    """The first letter of each word, in lower case."""
    return [m.group()[0].lower() for m in words]


def _skipping_start(short: str, text: str, w_start: int, long_start: int, end: int) -> int:
    """Where the long form starts if its words' initials spell the short form with one word skipped.

    The shortest long form may take a letter from inside a word:
    ``liver transplantation`` for ``LRT`` in ``living-related liver
    transplantation (LRT)``, where the words ``living related ...
    transplantation`` spell it by their initials, ``liver`` aside. Only when
    the shortest long form is not spelled by initials; the word skipped may
    be a function word (``and``), no other may. Words a slash joins count as
    one (``antegrade/retrograde``).

    Examples:
        >>> [(a.short, a.long) for a in find_abbreviations("after living-related liver transplantation (LRT) in")]
        [('LRT', 'living-related liver transplantation')]
        >>> [(a.short, a.long) for a in find_abbreviations("the Asthma Control and Communication Instrument (ACCI)")]
        [('ACCI', 'Asthma Control and Communication Instrument')]
        >>> [(a.short, a.long) for a in find_abbreviations(
        ...     "Normothermic normokalemic simultaneous antegrade/retrograde perfusion (NNSP) was")]
        [('NNSP', 'Normothermic normokalemic simultaneous antegrade/retrograde perfusion')]
        >>> [(a.short, a.long) for a in find_abbreviations("a murine monoclonal antibody (mAb) and the liver kinase (LRK)")]
        [('mAb', 'monoclonal antibody'), ('LRK', 'liver kinase')]
    """
    letters = _letters(short)
    if len(letters) < 3 or not short.replace("-", "").isalpha():
        return long_start
    words = list(_SPLIT_WORD_RE.finditer(text, w_start, end))
    if _initials(m for m in words if m.start() >= long_start) == letters:
        return long_start
    size = len(letters) + 1  # the short form's words and one more, skipped
    for units in (words, list(_SLASH_UNIT_RE.finditer(text, w_start, end))):
        tail = units[-size:]
        if len(units) < size or tail[0].start() >= long_start:
            continue
        initials = _initials(tail)
        # The first and last words are spelled; one word between them is not, and only that one may be
        # a function word: "Asthma Control and Communication Instrument (ACCI)".
        for k in range(1, size - 1):
            if initials[:k] + initials[k + 1:] == letters and not any(
                    m.group().lower() in _FUNCTION_WORDS for i, m in enumerate(tail) if i != k):
                return tail[0].start()
    return long_start


_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "and", "or", "with", "in", "for", "to", "by", "on", "as", "at"})
# Words no name ends with, in lower case ("trichostatin A" is a name).
_LAST_WORD_STOP = _FUNCTION_WORDS | frozenset({"without", "versus", "vs", "from", "than", "into", "between", "via",
                                               "per", "after", "before", "during", "within", "daily", "weekly",
                                               "monthly", "once", "twice", "respectively"})
# Two hyphenated modifiers joined by "and" or "or" name nothing: "platelet-poor and platelet-rich (PRP) plasma".
_COORDINATED_MODIFIERS_RE = re.compile(r"[^\W\d_]+-[^\W\d_]+\s+(?:and|or)\s+[^\W\d_]+-[^\W\d_]+")
_HYPHEN_BRACKET_RE = re.compile(r"[-\u2010]\s?[(\[]")  # "platelet-poor-(PPP) and platelet-rich-(PRP)"
_CLOSED_BEFORE_RE = re.compile(r"[^(\[]*[)\]]")  # a bracket closed before any opens: "HGL) or without"


_RELATION_RE = re.compile(r"^(?:\S+\s+){0,2}?(?:defects?|deficienc(?:y|ies)|mutations?|loss|lack|absence|"
                          r"(?:over)?expression|levels?|activity|genes?)\s+(?:in|of|for|encoding)\s+", re.I)


def _named_part(short: str, long_text: str) -> int:
    """Where the name in a long form starts when the long form is a relation to it (``defect in X``).

    The letters of the short form must all be in what follows the relation,
    in order: ``genetic defect in N-acetylgalactosamine-6-sulfate sulfatase
    (GALNS)`` names the enzyme; ``loss of heterozygosity (LOH)`` stays whole.

    Examples:
        >>> long = "genetic defect in N-acetylgalactosamine-6-sulfate sulfatase"
        >>> long[_named_part("GALNS", long):], _named_part("LOH", "loss of heterozygosity")
        ('N-acetylgalactosamine-6-sulfate sulfatase', 0)
    """
    m = _RELATION_RE.match(long_text)
    if m is None:
        return 0
    letters = short[:-1] if len(short) > 2 and short[-1] == "s" and short[:-1].isupper() else short
    rest = iter(long_text[m.end():].lower())
    return m.end() if all(c in rest for c in letters.lower() if c.isalnum()) else 0


def find_abbreviations(text: str) -> list[Abbreviation]:
    """All abbreviation definitions in ``text``, in order.

    Examples:
        >>> [(a.short, a.long) for a in find_abbreviations(
        ...     "Cancer stem cells (CSCs) shape the tumor microenvironment (TME).")]
        [('CSCs', 'Cancer stem cells'), ('TME', 'tumor microenvironment')]
        >>> [(a.short, a.long) for a in find_abbreviations(
        ...     "pathways like HIF (hypoxia-inducible factors), which")]
        [('HIF', 'hypoxia-inducible factors')]
        >>> [(a.short, a.long) for a in find_abbreviations("apolipoprotein E-deficient (ApoE-/-) mice")]
        [('ApoE', 'apolipoprotein E')]
        >>> [(a.short, a.long) for a in find_abbreviations('called "cancer stem-like cells" (CSCs), and')]
        [('CSCs', 'cancer stem-like cells')]
        >>> [(a.short, a.long) for a in find_abbreviations("interleukin (IL)-6 and cyclooxygenase (COX)-2")]
        [('IL-6', 'interleukin-6'), ('COX-2', 'cyclooxygenase-2')]
        >>> [(a.short, a.long) for a in find_abbreviations("nuclear factor (NF)-\u03baB")]
        [('NF-\u03baB', 'nuclear factor-\u03baB')]
        >>> [(a.short, a.long) for a in find_abbreviations("estrogen (ER) and progesterone (PR) receptors")]
        [('ER', 'estrogen receptor'), ('PR', 'progesterone receptors')]
        >>> [(a.short, a.long) for a in find_abbreviations("extracts of Cimicifuga racemosa [CR] were")]
        [('CR', 'Cimicifuga racemosa')]
    """
    found = [part for a in _definitions(text)
             for part in _pair_parts(_whole_word(text, _whole_chemical_name(text, _without_genotype(text, a))))
             if not _COORDINATED_MODIFIERS_RE.fullmatch(part.long)]
    return _with_modifier_head(text, _with_shared_head(text, found))


def _pair_parts(found: Abbreviation) -> list[Abbreviation]:
    """A definition of two names joined by a slash as the definition of each name.

    ``endothelial nitric oxide synthase/heme oxygenase-1 (eNOS/HO-1)`` names
    two enzymes, not one concept: each part of the short form is defined by
    the part of the long form it spells from its first letter. Otherwise the
    definition stays whole (``albumin/creatinine ratio (ACR)``).

    Examples:
        >>> [(a.short, a.long) for a in find_abbreviations(
        ...     "the endothelial nitric oxide synthase/heme oxygenase-1 (eNOS/HO-1) axis")]
        [('eNOS', 'endothelial nitric oxide synthase'), ('HO-1', 'heme oxygenase-1')]
    """
    if "/" not in found.short or found.long_end > found.short_start or found.long.count("/") != found.short.count("/"):
        return [found]
    shorts = found.short.split("/")
    longs = found.long.split("/")
    if not all(is_short_form(short) and long.strip() and best_long_form(short, long.strip()) == 0
               for short, long in zip(shorts, longs)):
        return [found]
    out = []
    s_start, l_start = found.short_start, found.long_start
    for short, long in zip(shorts, longs):
        out.append(Abbreviation(short, long, s_start, s_start + len(short), l_start, l_start + len(long), found.head))
        s_start += len(short) + 1
        l_start += len(long) + 1
    return out


# Pieces of a chemical name that a short form often skips: locants (7,12-, N-, O-, 2'-) and
# substituents (nitroso-, methyl-, chloro-, hydroxy-, amino-); not the prefixes of ordinary words.
_CHEMICAL_PIECE = (r"(?:\d+'?(?:,\d+'?)*|[A-Z]|[\u03b1-\u03c9]|alpha|beta|gamma|cis|trans|tert|sec"
                   r"|N\(?(?:omega|[\u03c9G])\)?"  # "Nomega-nitro-", "N(G)-monomethyl-"
                   r"|[a-z]*(?:yl|oxy|nitro|nitroso|amino|chloro|bromo|fluoro|iodo|cyano|azido|thio|oxo|keto"
                   r"|hydro|deoxy|desamino)|[a-z]*\[[a-z\d,]+\][a-z]*)")
_CHEMICAL_PREFIX_RE = re.compile(r"(?:(?<=\s)|^)((?:" + _CHEMICAL_PIECE + r"\s?[-\u2010]\s?)+)$")
# Isomer and isoform marks: gamma-irradiation is irradiation, beta-tubulin is tubulin.
_NOT_SUBSTITUENTS = frozenset({"alpha", "beta", "gamma", "delta", "kappa", "cis", "trans", "tert", "sec"})
_WORD_PREFIXES = frozenset({"pro", "co", "auto", "neo", "retro", "micro", "macro", "nano", "so", "to", "do",
                            "no", "go", "also", "into", "onto", "two", "who", "ratio", "radio", "immuno",
                            "photo", "chemo", "thermo", "cryo", "electro", "echo", "hypo", "endo", "exo",
                            "meso", "cardio", "neuro", "gastro", "hepato", "nephro", "broncho", "pneumo",
                            "osteo", "myelo", "lympho", "angio", "uro", "gyneco", "oto", "patho"})


def after_hyphen(text: str, start: int) -> bool:
    """Whether ``text[start:]`` follows a hyphen, written as is or pre-tokenised (``N-methyl``, ``N - methyl``).

    A cheap test before the costlier look at what the hyphen joins (it runs for every mention).

    Examples:
        >>> [after_hyphen("N-methyl, N - methyl, non methyl", i) for i in (2, 14, 29)]
        [True, True, False]
    """
    before = text[max(0, start - 2):start]
    return before[-1:] in _HYPHENS or (before[-1:] == " " and before[:1] in _HYPHENS)


_HYPHENS = frozenset("-\u2010")


def chemical_prefix(text: str, start: int, *, substituent: bool = False) -> int | None:
    """Where the chemical name that ``text[start:]`` continues starts, or None.

    The hyphen-joined pieces right before ``start`` are locants (``7,12-``,
    ``N-``, ``L-``, ``2'-``) or substituents (``nitroso-``, ``methyl-``,
    ``deoxy-``), not prefixes of ordinary words (``anti-``, ``pro-``).

    Args:
        text: The text.
        start: Where a name starts.
        substituent: Require at least one substituent among the pieces
            (``N-nitro-L-arginine`` is no arginine, ``L-arginine`` is).

    Examples:
        >>> text = "N-nitro-L-arginine, L-arginine and anti-VEGF"
        >>> chemical_prefix(text, 10), chemical_prefix(text, 10, substituent=True), chemical_prefix(text, 22)
        (0, 0, 20)
        >>> chemical_prefix(text, 22, substituent=True), chemical_prefix(text, 40)
        (None, None)
        >>> chemical_prefix("Nomega-nitro-L-arginine", 15, substituent=True)
        0
    """
    if not after_hyphen(text, start):
        return None
    m = _CHEMICAL_PREFIX_RE.search(text, max(0, start - 60), start)
    if m is None:
        return None
    pieces = re.split(r"\s?[-\u2010]\s?", m.group(1))[:-1]
    if any(piece.lower() in _WORD_PREFIXES for piece in pieces):
        return None
    if substituent and not any(len(piece) > 2 and piece.isalpha() and piece.lower() not in _NOT_SUBSTITUENTS
                               for piece in pieces):
        return None
    return m.start(1)


def _whole_chemical_name(text: str, found: Abbreviation) -> Abbreviation:
    """A long form cut inside a chemical name, given the whole name.

    Short forms of chemicals often skip locants and substituents
    (``N-nitroso-N-methylurea (NMU)``, ``7,12-dimethylbenz[a]anthracene
    (DMBA)``); the long form is then the whole word, not the piece whose
    letters match (``N-methylurea`` is another compound). Ordinary prefixes
    (``anti-vascular endothelial growth factor (VEGF)``) stay outside.

    Examples:
        >>> [(a.short, a.long) for a in find_abbreviations(
        ...     "in N-nitroso-N-methylurea (NMU)-induced tumors with 7,12-dimethylbenz[a]anthracene (DMBA)")]
        [('NMU', 'N-nitroso-N-methylurea'), ('DMBA', '7,12-dimethylbenz[a]anthracene')]
        >>> [(a.short, a.long) for a in find_abbreviations("an anti-vascular endothelial growth factor (VEGF) drug")]
        [('VEGF', 'vascular endothelial growth factor')]
    """
    if found.long_end > found.short_start:
        return found
    start = chemical_prefix(text, found.long_start)
    if start is None:
        return found
    return found._replace(long=text[start:found.long_end], long_start=start)


_ORDINARY_PREFIXES = _WORD_PREFIXES | frozenset({
    "anti", "non", "pre", "post", "re", "de", "sub", "super", "semi", "multi", "inter", "intra", "extra",
    "over", "under", "mono", "bi", "tri", "poly", "pan", "self", "ex", "hyper", "peri", "para", "counter",
    "ultra", "mid", "dual", "well", "long", "short", "high", "low", "full", "half", "all", "cross", "wild",
    "double", "single", "first", "second", "third", "mini", "dis", "mis", "out", "up", "down", "off"})
"""Pieces before a hyphen that modify the word after it, which a long form may leave out (``anti-VEGF``)."""
_ISOTOPE_RE = re.compile(r"\d{1,3}m?[A-Z][a-z]?|[A-Z][a-z]?\d{1,3}m?|\d{1,3}m")
_ELEMENTS = frozenset({"technetium", "iodine", "indium", "gallium", "fluorine", "carbon", "thallium", "yttrium",
                       "lutetium", "copper", "zirconium", "rubidium", "xenon", "krypton", "tc", "i", "in", "ga", "f"})
_SPLIT_WORD_RE = re.compile(r"[^\W\d_][^\s/\-\u2010\u2011]*")
# A word, with the words a slash joins to it as one: "antegrade/retrograde" is a single alternative.
_SLASH_UNIT_RE = re.compile(r"[^\W\d_][^\s/\-\u2010\u2011]*(?:/[^\W\d_][^\s/\-\u2010\u2011]*)*")
_LOCANTS_BEFORE_RE = re.compile(r"(?<![\w,'])(?:\d+'?,)+$")
_WORD_BEFORE_RE = re.compile(r"[^\s(\[\"'\u201c]+$")


def _whole_word(text: str, found: Abbreviation) -> Abbreviation:
    """A long form that starts inside a hyphenated word, given the whole word.

    A long form whose letters are picked from inside words never starts in
    the middle of a word: ``in vitro-in vivo extrapolation (IVIVE)`` is
    spelled by the initials of all five words, and ``ox-LDL-induced foam cell
    formation (LFCF)`` is the whole name. A long form spelled by the initials
    of its words (``99mTc-white blood cell (WBC)``) and one after an ordinary
    prefix (``anti-vascular endothelial growth factor (VEGF)``) stay as they are.

    Examples:
        >>> [(a.short, a.long) for a in find_abbreviations(
        ...     "used in vitro-in vivo extrapolation (IVIVE) and 99mTc-white blood cell (WBC) scans")]
        [('IVIVE', 'in vitro-in vivo extrapolation'), ('WBC', 'white blood cell')]
        >>> [(a.short, a.long) for a in find_abbreviations("to 2,3,7,8-tetrachlorodibenzo-p-dioxin (TCDD)")]
        [('TCDD', '2,3,7,8-tetrachlorodibenzo-p-dioxin')]
    """
    start = found.long_start
    if found.long_end > found.short_start:
        return found
    locants = _LOCANTS_BEFORE_RE.search(text, max(0, start - 30), start) if text[start:start + 1].isdigit() else None
    if locants is not None:  # "2,3,7,8-tetrachlorodibenzo-p-dioxin (TCDD)": the locants are one piece
        return found._replace(long=text[locants.start():found.long_end], long_start=locants.start())
    word = inside_word(text, start)
    letters = _letters(found.short)
    if word is None:
        return _with_combining_form(text, found, letters)
    if _initials(_SPLIT_WORD_RE.finditer(found.long)) == letters:
        return found  # spelled by its words: "99mTc-white blood cell (WBC)", "75g-oral glucose tolerance test (OGTT)"
    floor = _sentence_floor(text, start)
    words = list(_SPLIT_WORD_RE.finditer(text, max(floor, start - 120), found.long_end))
    if len(letters) >= 2 and len(words) >= len(letters):
        tail = words[-len(letters):]
        if tail[0].start() < start and _initials(tail) == letters:
            first = tail[0].start()
            return found._replace(long=text[first:found.long_end], long_start=first)
    return found._replace(long=text[word:found.long_end], long_start=word)


_COMBINING_FORM_BEFORE_RE = re.compile(r"(?<![\w-])([^\W\d_]+)[-\u2010]$")


def _with_combining_form(text: str, found: Abbreviation, letters: list[str]) -> Abbreviation:
    """A long form after a combining form (``electro-``) that spells the short form's first letter, with it.

    ``electro-encephalogram (EEG)``: the shortest long form takes both E's
    from ``encephalogram``, but ``electro-`` is part of the word and spells
    the first. A prefix that modifies (``anti-``) is never taken in.

    Examples:
        >>> [(a.short, a.long) for a in find_abbreviations("The electro-encephalogram (EEG) and anti-epidermal growth factor (EGF)")]
        [('EEG', 'electro-encephalogram'), ('EGF', 'epidermal growth factor')]
    """
    piece = _COMBINING_FORM_BEFORE_RE.search(text, max(0, found.long_start - 12), found.long_start)
    if piece is None or not letters or piece.group(1).lower() not in _WORD_PREFIXES \
            or piece.group(1)[0].lower() != letters[0]:
        return found
    return found._replace(long=text[piece.start(1):found.long_end], long_start=piece.start(1))


def inside_word(text: str, start: int) -> int | None:
    """Where the hyphenated word that ``text[start:]`` continues starts, or None.

    None when ``start`` starts a word, or follows an ordinary prefix
    (``anti-``, ``non-``, ``pre-``), which modifies the name after it.

    Examples:
        >>> text = "HFD-induced hyperglycemia, anti-VEGF and ox-LDL"
        >>> inside_word(text, 4), inside_word(text, 32), inside_word(text, 0), inside_word(text, 44)
        (0, None, None, 41)
    """
    if not after_hyphen(text, start) or start < 2 or not text[start - 2].isalnum():
        return None
    word = _WORD_BEFORE_RE.search(text, max(0, start - 80), start)
    if word is None:
        return None
    pieces = re.split(r"[-\u2010\u2011]", text[word.start():start])[:-1]
    if pieces and (len(pieces[-1]) == 1 or pieces[-1].lower() in _ORDINARY_PREFIXES or _ISOTOPE_RE.fullmatch(pieces[-1])
                   or (pieces[-1].isdigit() and len(pieces) > 1 and pieces[-2].lower() in _ELEMENTS)):
        return None  # a modifier, a stereo mark or a label ("L-", "99mTc-", "iodine-131-"), not part of the name
    return word.start()


# A code that continues the name after the bracket: "(IL)-6", "(COX)-2", "(TNF)-alpha", "(IGF)-IR".
_SUFFIX_RE = re.compile(r"(?:\s?[-\u2010\u2011]\s?|(?=\d))(\d{1,2}[A-Za-z\u03b1-\u03c9]?|[IVX]{1,4}R?|[A-Z]{1,2}\d?|"
                        r"(?:[\u03b1-\u03c9\u0391-\u03a9]|alpha|beta|gamma|delta|kappa)[A-Z]?\d?)(?![\w\u0370-\u03ff])")


# A code after a blank: part of the name only where the document also writes it glued ("GLUT1", "IgG").
_SPACED_CODE_RE = re.compile(r" (\d[a-z]?|[A-Z]\d?)(?![\w\u0370-\u03ff]|[-\u2010]\w|[.,]\d)")  # not a dose: EE 30


def _compound(text: str, found: Abbreviation, close: int) -> Abbreviation:
    """``found`` continued by the code after its closing bracket at ``close`` (``interleukin (IL)-6``).

    A code after a blank continues the name only if the document writes the
    short form and that code glued elsewhere: ``glucose transporter (GLUT) 1``
    with ``GLUT1`` in the text is GLUT-1, ``overall survival (OS) 2 years`` is
    overall survival.

    Examples:
        >>> [(a.short, a.long) for a in find_abbreviations(
        ...     "Glucose transporter (GLUT) 1 rose. GLUT1 and overall survival (OS) 2 years later")]
        [('GLUT1', 'Glucose transporter 1'), ('OS', 'overall survival')]
    """
    if found.long_end > found.short_start:  # only "long form (SF)-code"
        return found
    m = _SUFFIX_RE.match(text, close)
    if m is not None:
        code = m.group(1)
        return found._replace(short=f"{found.short}-{code}", long=f"{found.long}-{code}", long_end=m.end())
    m = _SPACED_CODE_RE.match(text, close)
    if m is None:
        return found
    glued = re.search(r"(?<![\w-])" + re.escape(found.short) + r"[-\u2010]?" + re.escape(m.group(1))
                      + r"(?![\w\u0370-\u03ff])", text)
    if glued is None:
        return found
    return found._replace(short=glued.group(), long=f"{found.long} {m.group(1)}", long_end=m.end())


_MODIFIER_RE = re.compile(r"[a-z]+(?:-[a-z]+)+|(?:high|low|normal|reduced|increased|standard)\s[a-z]+"
                          r"|(?:high|low)\s[a-z]+\s(?:weight|density|grade|dose|risk|frequency|intensity)")
_NOUN_AFTER_RE = re.compile(r"\s*[)\]]\s+([a-z]{3,})\b(?!\s+(?!(?:and|or|of|in|on|at|to|for|with|was|were|is|are)\b)[a-z]{3,})")
_NOT_NOUNS = frozenset({"and", "the", "for", "with", "was", "were", "are", "that", "which", "from", "than", "also",
                        "this", "these", "those", "had", "has", "have", "not", "but", "into", "after", "before",
                        # generic nouns: "high molecular weight (HMW) forms" is no name of forms
                        "form", "forms", "level", "levels", "group", "groups", "values", "state", "states",
                        "type", "types", "subjects", "conditions", "condition"})


def _with_modifier_head(text: str, found: list[Abbreviation]) -> list[Abbreviation]:
    """Give a hyphenated modifier defined before a noun that noun: ``low-salt (LS) diet`` is a diet.

    A long form like ``low-salt``, ``high-fat`` or ``dominant-negative`` names
    nothing by itself; the noun after the bracket says what it modifies (one
    noun only: ``triple-negative (TN) breast cancer`` is left as it is). So
    does the name of a technique's means before its method noun (``-graphy``,
    ``-scopy``, ``-metry``) when the text writes the short form only ever
    before that noun: ``magnetic resonance (MR) angiography ... MR
    angiography`` is the name of a technique, not of a physical effect.

    Examples:
        >>> [(a.short, a.long) for a in find_abbreviations("a low-salt (LS) diet and high-fat (HF) diets")]
        [('LS', 'low-salt diet'), ('HF', 'high-fat diets')]
        >>> [(a.short, a.long) for a in find_abbreviations("standard practice (SP) patients")]  # not who was studied
        [('SP', 'standard practice')]
        >>> [(a.short, a.long) for a in find_abbreviations(
        ...     "magnetic resonance (MR) angiography and CT. MR angiography found 3 stenoses.")]
        [('MR', 'magnetic resonance angiography')]
        >>> [(a.short, a.long) for a in find_abbreviations(
        ...     "magnetic resonance (MR) angiography and CT. MR spectroscopy found 3 stenoses.")]
        [('MR', 'magnetic resonance')]
    """
    out = []
    for a in found:
        noun = _NOUN_AFTER_RE.match(text, a.short_end) if a.long_end < a.short_start else None
        if noun is not None and noun.group(1) not in _NOT_NOUNS and noun.group(1) not in _STUDIED and (
                _MODIFIER_RE.fullmatch(a.long) or _noun_modifier(a.long, noun.group(1))
                and _always_before(text, a.short, noun.group(1), noun.end())):
            a = a._replace(long=f"{a.long} {noun.group(1)}")
        out.append(a)
    return out


# People studied: "standard practice (SP) patients" are patients of a kind of practice, no kind of patients
# (an animal model is a name: "obesity-resistant (OR) rats", "knock-in (KI) mice").
_STUDIED = frozenset({"patients", "patient", "subjects", "men", "women", "children", "adults", "participants",
                      "individuals", "volunteers", "cases", "controls", "donors"})
_ADJECTIVE_END_RE = re.compile(r"(?:ive|ic|ous|al|ed|ary|ory|able|ible|ular|lear|ing)$")
_METHOD_NOUN_RE = re.compile(r"[a-z]+(?:graphy|scopy|metry)")


def is_method_noun(word: str) -> bool:
    """Whether a lower-case word names a method by its ending (``-graphy``, ``-scopy``, ``-metry``).

    Examples:
        >>> [is_method_noun(w) for w in ("angiography", "spectroscopy", "cytometry", "imaging", "resonance")]
        [True, True, True, False, False]
    """
    return _METHOD_NOUN_RE.fullmatch(word) is not None


def _noun_modifier(long: str, noun: str) -> bool:
    """Whether ``long`` is a noun of two words or more before a method noun (``magnetic resonance`` angiography)."""
    words = long.split()
    return len(words) >= 2 and not _ADJECTIVE_END_RE.search(words[-1].lower()) and is_method_noun(noun)


def _always_before(text: str, short: str, noun: str, start: int) -> bool:
    """Whether ``short`` is written again after ``start``, each time before ``noun`` (or its plural)."""
    stem = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    uses = list(re.compile(r"(?<![\w-])" + re.escape(short) + r"(?![\w-])(\s+" + re.escape(stem) + r"s?\b)?")
                .finditer(text, start))
    return bool(uses) and all(m.group(1) is not None for m in uses)


_GENE_HEAD_RE = re.compile(r"\s+(gene|protein)s?\b", re.I)
_LIST_GAP_RE = re.compile(r"\s*[)\]]\s*(?:,\s*(?:and|or)?|and|or|&)\s*$")
_HEAD_RE = re.compile(r"\s*[)\]]\s*([a-z]{4,})\b")


def _with_shared_head(text: str, found: list[Abbreviation]) -> list[Abbreviation]:
    """Give a head noun written once after a list of definitions to each of them.

    ``estrogen (ER) and progesterone (PR) receptors``: the long forms are
    ``estrogen receptor`` and ``progesterone receptors``. Only when every
    short form of the list ends with the head's initial and no long form
    already ends with a word of that initial.
    """
    out = list(found)
    i = 0
    while i < len(out):
        j = i  # out[i..j]: definitions "long (SF)" joined by "and", "or" or commas
        while (j + 1 < len(out) and out[j].long_end < out[j].short_start and out[j + 1].long_end < out[j + 1].short_start
               and _LIST_GAP_RE.match(text[out[j].short_end:out[j + 1].long_start]) is not None):
            j += 1
        head = _HEAD_RE.match(text, out[j].short_end) if j > i else None
        if head is not None:
            noun = head.group(1)
            members = out[i:j + 1]
            if all(a.short.rstrip("s")[-1:].lower() == noun[0] and not a.long.split()[-1].lower().startswith(noun[0])
                   for a in members):
                singular = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
                for k in range(i, j):
                    out[k] = out[k]._replace(long=f"{out[k].long} {singular}")
                out[j] = out[j]._replace(long=f"{out[j].long} {noun}", long_end=head.end())
        i = j + 1
    return out


_GENOTYPE_RE = re.compile(r"\s*[-\u2212+]/[-\u2212+]$")
_SPELLS_DEFICIENCY_RE = re.compile(r"(?:KO|ko|Ko|null|[Dd]ef|[Dd]|[-\u2212]/[-\u2212]|[Kk]nockout)$")
_DEFICIENT_ADJECTIVE_RE = re.compile(r"(?:[\s-]+(?:deficient|knockout|knock-out|null))+"
                                     r"(?:\s+(?:mice|mouse|rats?|animals|cells))?$", re.I)
_DEFICIENT_RE = re.compile(r"(?:[\s-]+(?:deficient|deficiency|knockout|knock-out|null|lacking))+"
                           r"(?:\s+(?:mice|mouse|rats?|animals|cells))?$", re.I)


def _without_genotype(text: str, found: Abbreviation) -> Abbreviation:
    """A definition of a genotype (``ApoE-/-``, ``Ldlr+/-``) as the definition of its gene.

    The mark disappears from the short form's key, so ``ApoE-/-`` would
    otherwise give ``ApoE`` the sense "apolipoprotein E-deficient"
    everywhere; the mark and the word that spells it out in the long form
    (deficient, knockout, null) are left out. So is that word when the short
    form has no letters for it (``apolipoprotein E-deficient (ApoE) mice``);
    ``ApoE KO`` keeps its knockout.

    Examples:
        >>> [(a.short, a.long) for a in find_abbreviations(
        ...     "apolipoprotein E-deficient (ApoE) mice and apolipoprotein E knockout (ApoE KO) mice")]
        [('ApoE', 'apolipoprotein E'), ('ApoE KO', 'apolipoprotein E knockout')]
        >>> [(a.short, a.long) for a in find_abbreviations("growth hormone deficiency (GHD) is a disease")]
        [('GHD', 'growth hormone deficiency')]
    """
    mark = _GENOTYPE_RE.search(found.short)
    if mark is None and _SPELLS_DEFICIENCY_RE.search(found.short):
        return found
    short = found.short[:mark.start()] if mark else found.short
    long_text = found.long
    # Without a mark only the genotype adjectives go: "growth hormone deficiency (GHD)" is a disease.
    cut = (_DEFICIENT_RE if mark else _DEFICIENT_ADJECTIVE_RE).search(long_text)
    if cut is not None and cut.start() > 0:
        long_text = long_text[:cut.start()]
    if not is_short_form(short) or not long_text.strip() or (short, long_text) == (found.short, found.long):
        return found
    return found._replace(short=short, short_end=found.short_start + len(short), long=long_text,
                          long_end=found.long_start + len(long_text))


_COORDINATED_RE = re.compile(r"(?:(?<=\s)|^)([\w-]+)\s+(?:and|or)\s+([\w-]+)((?:\s+[\w-]+){1,3})\s*$")


def _coordinated(pair: re.Match[str], first: tuple[str, int], second: tuple[str, int]) -> list[Abbreviation]:
    """Two definitions of one coordinated long form, each conjunct with the shared head, or none.

    Examples:
        >>> [(a.short, a.long) for a in find_abbreviations("in estrogen and progesterone receptors (ER, PR) and "
        ...                                                 "Duchenne or Becker muscular dystrophy (DMD, BMD)")]
        [('ER', 'estrogen receptors'), ('PR', 'progesterone receptors'), ('DMD', 'Duchenne muscular dystrophy'), \
('BMD', 'Becker muscular dystrophy')]
    """
    head = pair.group(3).strip()
    out = []
    spans = ((*first, pair.group(1), pair.start(1), pair.end(1)), (*second, pair.group(2), pair.start(2), pair.end(3)))
    for short, short_start, word, start, end in spans:
        long_form = f"{word} {head}"
        if best_long_form(short, long_form) != 0:
            return []  # the letters do not spell each conjunct with the head: no definition
        out.append(Abbreviation(short, long_form, short_start, short_start + len(short), start, end))
    return out


def _definitions(text: str) -> list[Abbreviation]:
    """The definitions in ``text`` as written (see :func:`find_abbreviations`)."""
    found: list[Abbreviation] = []
    if "(" not in text and "[" not in text:
        return found
    for m in _PAREN_RE.finditer(text):
        group = 1 if m.group(1) is not None else 2
        inner = m.group(group)
        if not _UPPER_RE.search(text, max(0, m.start() - 12), m.end()):
            continue  # every short form has a capital: "(n = 45)", "(p < 0.05)" cannot define one
        # Short forms may be followed by "; see ..." or ", ..." inside the brackets.
        head, *rest = re.split(r"[;,]\s", inner, maxsplit=1)
        head = head.strip()
        floor = _sentence_floor(text, m.start())
        second = rest[0].strip() if rest else ""
        pair = _COORDINATED_RE.search(text, max(floor, m.start() - 120), m.start()) if is_short_form(second) else None
        if pair is not None:  # "estrogen and progesterone receptors (ER, PR)": a long form each
            found.extend(_coordinated(pair, (head, m.start(group) + inner.index(head)),
                                      (second, m.start(group) + inner.index(second))))
            continue
        if is_short_form(head):
            s_start = m.start(group) + inner.index(head)
            span = _definition(text, head, s_start, m.start(), floor)
            if span is not None:
                long_start, long_end = span
                after = _GENE_HEAD_RE.match(text, m.end())
                found.append(_compound(text, Abbreviation(head, text[long_start:long_end], s_start,
                                                          s_start + len(head), long_start, long_end,
                                                          after.group(1).lower() if after else ""), m.end()))
                continue
        # SF (long form): the word just before the bracket is the short form.
        low = max(floor, m.start() - 40)
        before = _LAST_WORD_RE.search(text, low, m.start())
        if before is None or len(inner.split()) < 2:
            continue
        short = before.group(1).strip(",;:")
        if not is_short_form(short):
            continue
        long_text = inner.strip()
        rel = best_long_form(short, long_text)
        if rel is None or len(long_text) - rel <= len(short):
            continue
        s_start = before.start(1)
        long_start = m.start(group) + (len(inner) - len(inner.lstrip())) + rel
        found.append(Abbreviation(short, text[long_start:long_start + len(long_text) - rel],
                                  s_start, s_start + len(short), long_start,
                                  long_start + len(long_text) - rel))
    return found
