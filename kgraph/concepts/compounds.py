"""Names written as a known name plus a code stay whole (pure functions).

Biomedical names are often a family name plus a member code: ``VEGF-C``,
``hepatitis B``, ``HLA-DR``, ``prostaglandin E2``, ``HPV16 E6``, ``TGF-beta
1``, ``collagen XII``. Counting such a name as the family it starts with
(``VEGF``, ``hepatitis``) folds different things into one node, and counting
its code on its own (``E2`` as estradiol) invents one. So do names glued to a
short code by a hyphen (``DNA-PK``, ``IGF-IR``, ``HPLC-MS``) and a short
form followed by a compound number (``ICI 182,780`` is fulvestrant, ``MS 751``
a cell line).

:func:`whole_names` turns each such occurrence into one mention: of the
lexicon concept the whole name is (``EGF-R`` is the EGF receptor), else of a
*discovered* concept of its own, named as written and of the family's
category.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeVar

from ..text.abbreviations import after_hyphen, chemical_prefix
from ..text.normalize import key_of, slug
from .lexicon import Concept, Lexicon

__all__ = ["FAMILY_CATEGORIES", "member_code", "relative_head", "whole_names"]

FAMILY_CATEGORIES = frozenset({"target", "molecule", "clinical", "cancer"})
"""Categories whose names take member codes after a blank (``hepatitis B``, ``cyclin D1``);
after a hyphen every category does (``DNA-PK``)."""

_GREEK_LETTER = r"(?:[\u03b1-\u03c9\u0391-\u03a9]|alpha|beta|gamma|delta|kappa)"
# A Greek letter, with a subunit number or a pair of subunits: beta1, alpha5beta1, αvβ3, alphaIIbbeta3.
_GREEK = (_GREEK_LETTER + r"(?:\d{1,2}|[A-Za-z]{1,3}(?=" + _GREEK_LETTER + r"\d))?(?:" + _GREEK_LETTER
          + r"\d{1,2})?")
_END = r"(?![\w\u0370-\u03ff'\u2032+]|[.,:]\d)"
# After the code, a hyphen starts no other word ("glutathione S-transferase", "beta-oxidation") but
# a modifier of the whole name ("hepatitis B-related", "VEGF-C-induced").
_NO_HYPHEN = (r"(?![-\u2010\u2011]\s?(?!(?i:related|induced|mediated|positive|negative|specific|dependent|"
              r"associated|deficient|expressing|producing|like|null|type|treated|infected|coinfected|co-infected)\b)\w)")
# Nor a base change ("C to T", "C>T").
_NO_CHANGE = r"(?!\s?(?:>|\u2192|->|to\s+[ACGTU]\b))"
# After a hyphen: a capital with at most one more letter and a digit (C, IR, PK, DR, R, xL), two
# capitals and a subunit's letters (PKcs), a Greek letter, a Roman numeral.
_HYPHEN_CODE_RE = re.compile(r"(?:[-\u2010\u2011]| [-\u2010\u2011] (?=[A-Z]))((?:[A-Z][A-Za-z]?|[a-z][A-Z])\d?|[A-Z]{2}[a-z]{1,2}|" + _GREEK
                             + "|[IVX]{1,4})"
                             + _END + _NO_HYPHEN + _NO_CHANGE)
# After a blank: a capital, alone or with digits (B, E2, A2A, M1, G12A), a Roman numeral or a number
# with a subtype letter (IIA, 2B: MEN 2A), a Greek
# letter, "type" and a number (receptor type 2, collagen type IV), or (for targets) a number of one
# or two digits that is no quantity; never the first letter of a hyphenated word (N-myc, C-terminal).
_UNITS = (r"(?!\s?%|\s(?:mg|g|kg|h|hr|min|s|mm|cm|ml|mL|l|L|mol|mmol|[\u00b5\u03bc]\w*|nM|mM|pM|Gy|days?|weeks?|"
          r"months?|years?|hours?|times|cells?)\b|(?<=\d)\s(?:patients|cases|subjects)\b|\s(?:and|or|to)\s\d)")
_BLANK_CODE_RE = re.compile(r" ([A-Z](?:\d{1,2}[A-Za-z]?)?|[IVX]{1,4}[A-C]?|\d[A-C]|" + _GREEK
                            + r"|type\s(?:\d{1,2}[A-Za-z]?|[IVX]{1,4}))"
                            + _END + _NO_HYPHEN + _NO_CHANGE + _UNITS)
_BLANK_NUMBER_RE = re.compile(r" (\d{1,2})" + _END + r"(?!\s?[-\u2010\u2011]\s?\w)" + _UNITS)
# A short form followed by a compound number: ICI 182,780, MS 751, LY 294002 (not a year: WHO 2016).
_COMPOUND_NUMBER_RE = re.compile(r"[ -]?(?!(?:19|20)\d\d\b)\d{3,}(?:,\d{3})*(?![\w.,]?\d|\w)")


_CYCLIC_RE = re.compile(r"(?<![\w])cyclic[ -]$", re.IGNORECASE)  # "cyclic adenosine monophosphate" (cAMP)
# A number right before a one-letter cell type names a cell line: "293 T cells", "HEK 293T".
_CELL_LINE_BEFORE_RE = re.compile(r"(?<![\w.,])\d{2,4}\s?$")
_LETTER_CELLS_RE = re.compile(r"[A-Z](?:\s|[-\u2010])")

F = TypeVar("F", bound=Any)  # a mention: a named tuple with start, end, concept and resolved_by


def member_code(text: str, end: int, category: str) -> int | None:
    """Where the member code that continues a name ending at ``end`` ends, or None.

    Examples:
        >>> text = "VEGF-C, hepatitis B, interleukin 1 and cisplatin 2 mg, T cells, TGF-beta 1, N-myc."
        >>> [member_code(text, e, c) for e, c in [(4, "target"), (17, "clinical"), (32, "target")]]
        [6, 19, 34]
        >>> member_code(text, 47, "drug"), member_code(text, 17, "cell_type")
        (None, None)
        >>> [member_code(t, 8, "target") for t in ("integrin beta1 rose", "integrin αvβ3.", "integrin alpha5beta1")]
        [14, 13, 20]
    """
    if category in ("drug", "drug_class"):
        return None
    m = _HYPHEN_CODE_RE.match(text, end)
    if m is not None and len(m.group(1)) == 2 and m.group(1).isupper() and not _code_before(text, end):
        m = None  # "estrogen-ER", "carcinomas-MC": a word and an abbreviation, not a name
    if m is None and category in FAMILY_CATEGORIES:
        m = _BLANK_CODE_RE.match(text, end)
        if m is None and category == "target" and not text[end - 1].isdigit():  # not "HER2 3+"
            m = _BLANK_NUMBER_RE.match(text, end)
    return m.end() if m is not None else None


def _code_before(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` has a capital or a digit (``IGF``, ``HLA``, ``DNA``)."""
    start = end
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    return any(c.isupper() or c.isdigit() for c in text[start:end])


def whole_names(text: str, found: Sequence[F], lexicon: Lexicon) -> tuple[list[F], dict[str, Concept]]:
    """The mentions of ``text`` with names plus codes made whole.

    Args:
        text: The text.
        found: Its mentions, sorted by offset (named tuples with ``start``,
            ``end``, ``concept`` and ``resolved_by``, such as
            :class:`kgraph.concepts.recognize.Found`).
        lexicon: The concepts (their categories say which names take codes).

    Returns:
        The mentions, and the concepts discovered for whole names the lexicon lacks.

    Examples:
        >>> from kgraph.concepts.lexicon import default_lexicon
        >>> from kgraph.concepts.recognize import recognize
        >>> text = "VEGF-C and EGF-R in hepatitis B; prostaglandin E2; ICI 182,780."
        >>> [(text[f.start:f.end], f.concept) for f in recognize(text, default_lexicon()).found]
        [('VEGF-C', 'vegf_c'), ('EGF-R', 'egfr'), ('hepatitis B', 'hepatitis_b'), \
('prostaglandin E2', 'pge2'), ('ICI 182,780', 'fulvestrant')]
    """
    out: list[F] = []
    discovered: dict[str, Concept] = {}
    i = 0
    while i < len(found):
        f = found[i]
        concept = lexicon.concepts.get(f.concept)
        listed = _MEMBER_LIST_RE.match(text, f.end) if text[f.end - 1:f.end].isdigit() else None
        if listed is not None:  # "caspase 3/7", "extracellular signal-regulated kinase 1/2": the family
            family = lexicon.lookup(_MEMBER_NUMBER_RE.sub("", text[f.start:f.end]))
            if family is not None:
                out.append(f._replace(end=listed.end(), concept=family.id, resolved_by="lexicon"))
                i = _past(found, i, listed.end())
                continue
        if concept is not None and concept.category == "cell_type" and _LETTER_CELLS_RE.match(text, f.start) \
                and _CELL_LINE_BEFORE_RE.search(text, max(0, f.start - 6), f.start):
            i += 1  # "293 T cells" (HEK293T) is a cell line, no T cells
            continue
        longer = _longer_name(text, f.start) if f.resolved_by == "lexicon" and concept is not None else None
        if longer is not None:  # "N-nitro-L-arginine" is no arginine, "non-HDL cholesterol" no HDL
            first, negated = longer
            end = member_code(text, f.end, concept.category) or f.end  # type: ignore[union-attr]
            name = " ".join(text[first:end].split())
            whole = lexicon.lookup(name)
            # A negated disease is a disease of its own (non-papillary renal cell carcinoma); other
            # negated names the lexicon lacks name nothing (non-smokers, non-HIV).
            named = not negated or (concept.category in ("cancer", "clinical") and " " in name)  # type: ignore[union-attr]
            member = None if whole is not None or not named else _member_concept(name, concept)  # type: ignore[arg-type]
            if whole is not None or member is not None:
                if member is not None:
                    discovered.setdefault(member.id, member)
                out.append(f._replace(start=first, end=end, concept=whole.id if whole else member.id,  # type: ignore[union-attr]
                                      resolved_by="lexicon" if whole else "discovered"))
            i = _past(found, i, end)
            continue
        end = member_code(text, f.end, concept.category) if concept is not None and f.resolved_by != "discovered" \
            else None
        if end is not None:
            nxt = found[i + 1] if i + 1 < len(found) else None
            if nxt is not None and nxt.start < end and nxt.end > end:
                end = None  # the code starts a name of its own: "T" of "peripheral blood T cells"
            elif _pair(text, f.end, end, concept, lexicon):
                end = None
        if end is None and concept is not None and _is_short_form(text[f.start:f.end]):
            number = _COMPOUND_NUMBER_RE.match(text, f.end)
            if number is not None:
                whole = lexicon.lookup(text[f.start:number.end()].replace(",", ""))
                if whole is not None:
                    out.append(f._replace(end=number.end(), concept=whole.id, resolved_by="lexicon"))
                i = _past(found, i, number.end())
                continue
        head, gene = None, False
        if concept is None or concept.category not in _NO_RELATIVES:
            head = relative_head(text, end if end is not None else f.end)
            if head is None and end is None and concept is not None:
                head = disease_gene(text, f.start, f.end, concept.category)
                gene = head is not None
            nxt = found[i + 1] if i + 1 < len(found) else None
            if head is not None and nxt is not None and nxt.start < head[0] and nxt.end > head[0]:
                head = None  # the head starts a known name of its own ("receptor tyrosine kinase")
        if end is None and head is None:
            out.append(f)
            i += 1
            continue
        start = f.start
        if head is not None:
            end, kind = head
            cyclic = _CYCLIC_RE.search(text, max(0, start - 8), start) if kind == "molecule" else None
            if cyclic is not None:  # "cyclic adenosine monophosphate" is cAMP, no AMP
                start = cyclic.start()
        # A short form defined inside the name is no part of it: "glucagon-like peptide (GLP)-1 receptor".
        name = " ".join(_BRACKETED_RE.sub("", text[start:end]).split())
        whole = lexicon.lookup(name) or lexicon.lookup(re.sub(r"\s?[-\u2010\u2011]\s?", "", name))
        if whole is not None:
            out.append(f._replace(start=start, end=end, concept=whole.id, resolved_by="lexicon"))
        else:
            if gene:  # one gene however the disease is written: "DMD gene", "Duchenne muscular dystrophy gene"
                member = Concept(f"{concept.id}_gene", f"{concept.label} gene", "target", (), source="discovered")  # type: ignore[union-attr]
            else:
                member = _member_concept(name, concept) if head is None else _relative_concept(name, kind)  # type: ignore[arg-type]
            if member is not None:
                discovered.setdefault(member.id, member)
                out.append(f._replace(start=start, end=end, concept=member.id, resolved_by="discovered"))
        i = _past(found, i, end)  # the code itself (E2, IR) is part of the name
    return _with_salts(text, out, lexicon, discovered), discovered


def _past(found: Sequence[F], i: int, end: int) -> int:
    """The index of the first mention after ``found[i]`` that starts at or after ``end``."""
    i += 1
    while i < len(found) and found[i].start < end:
        i += 1
    return i


_SALT_RE = re.compile(r" (?:calcium|sodium|potassium|magnesium|zinc|lithium)\b(?![ -](?:channels?|ions?|levels?|intake|"
                      r"concentrations?|signal\w*|influx|efflux|phosphate|carbonate|chloride|citrate|supplement\w*)\b)",
                      re.IGNORECASE)


def _with_salts(text: str, found: list[F], lexicon: Lexicon, discovered: dict[str, Concept]) -> list[F]:
    """``found`` with the salt of a drug made part of its name (``atorvastatin calcium`` is no calcium).

    Examples:
        >>> from kgraph.concepts.lexicon import default_lexicon
        >>> from kgraph.concepts.recognize import recognize
        >>> text = "atorvastatin calcium lowers calcium levels"
        >>> [(text[f.start:f.end], f.concept) for f in recognize(text, default_lexicon()).found]
        [('atorvastatin calcium', 'atorvastatin'), ('calcium', 'calcium')]
    """
    out: list[F] = []
    skip_until = -1
    for k, f in enumerate(found):
        if f.start < skip_until:
            continue
        nxt = found[k + 1] if k + 1 < len(found) else None
        if nxt is not None and nxt.start == f.end + 1:
            concept = lexicon.concepts.get(f.concept) or discovered.get(f.concept)
            salt = _SALT_RE.match(text, f.end) if concept is not None and concept.category == "drug" else None
            if salt is not None and salt.end() == nxt.end:
                out.append(f._replace(end=nxt.end))
                skip_until = nxt.end
                continue
        out.append(f)
    return out


_MEMBER_LIST_RE = re.compile(r"(?:/\d{1,2}[a-z]?)+(?![\w/])")
_MEMBER_NUMBER_RE = re.compile(r"[\s\-\u2010]?\d{1,2}[a-z]?$")
_BRACKETED_RE = re.compile(r"\s?[(\[][^()\[\]]{1,12}[)\]]")
_NEGATED_RE = re.compile(r"(?<![\w-])non\s?[-\u2010]\s?$", re.IGNORECASE)


def _longer_name(text: str, start: int) -> tuple[int, bool] | None:
    """Where the longer name that a name starting at ``start`` ends starts, and whether it is negated; or None.

    A chemical name with substituents before it (``N-nitro-L-arginine``,
    ``2-deoxy-D-glucose``) is another compound, counted as one if the
    lexicon lacks it; ``non-`` negates a name (``non-HDL cholesterol``,
    ``non-smokers``), which then names nothing unless the lexicon has it
    (``non-small cell lung cancer``) or it is a disease of several words
    (``non-papillary renal cell carcinoma``). ``L-arginine`` is arginine,
    and ``phospho-EGFR`` EGFR.

    Examples:
        >>> text = "N-nitro-L-arginine, L-arginine, non-HDL cholesterol and anti-VEGF"
        >>> [_longer_name(text, i) for i in (10, 22, 36, 61)]
        [(0, False), None, (32, True), None]
    """
    if not after_hyphen(text, start):
        return None  # most names: nothing joined before them
    negated = _NEGATED_RE.search(text, max(0, start - 6), start)
    if negated is not None:
        return negated.start(), True
    first = chemical_prefix(text, start, substituent=True)
    return None if first is None else (first, False)


# Heads that make a name of something else of the name before them: NADPH oxidase is no NADPH, an
# IL-1 receptor antagonist no IL-1, multidrug resistance-associated protein no multidrug resistance.
_RELATIVES = {
    **dict.fromkeys(["receptor", "receptors", "transporter", "transporters", "binding protein",
                     "binding proteins", "associated protein", "associated proteins", "oxidase", "oxidases",
                     "reductase", "synthase", "synthetase", "dehydrogenase", "phosphatase", "kinase", "kinases",
                     "hydroxylase", "transferase", "convertase", "ligand", "ligands", "polymerase", "polymerases",
                     "topoisomerase", "topoisomerases", "methyltransferase", "methyltransferases", "ligase",
                     "helicase", "gyrase"], "target"),
    # "adenosine diphosphate", "guanosine triphosphate": another molecule than the nucleoside
    **dict.fromkeys(["monophosphate", "diphosphate", "triphosphate"], "molecule"),
    **dict.fromkeys(["antagonist", "antagonists", "agonist", "agonists", "inhibitor", "inhibitors",
                     "antibody", "antibodies", "blocker", "blockers"], "drug_class"),
    **dict.fromkeys(["deficiency"], "clinical"),
}
_RELATIVE_RE = re.compile(r"(?:\s|\s?[-\u2010\u2011]\s?)(" + "|".join(sorted(map(re.escape, _RELATIVES), key=len,
                                                                            reverse=True)) + r")\b", re.IGNORECASE)
_NO_RELATIVES = frozenset({"drug_class", "therapy", "statistic", "method", "technology"})


def relative_head(text: str, end: int) -> tuple[int, str] | None:
    """Where a longer name ends when heads of another entity follow a name ending at ``end``, and its kind.

    Heads chain (``receptor antagonist``) and may take a member code (``receptor type 2``).

    Examples:
        >>> text = "NADPH oxidase; interleukin 1 receptor antagonist; AT1 receptor type 2; NADPH levels"
        >>> relative_head(text, 5), relative_head(text, 28), relative_head(text, 53), relative_head(text, 75)
        ((13, 'target'), (48, 'drug_class'), (69, 'target'), None)
    """
    m = _RELATIVE_RE.match(text, end)
    if m is None:
        return None
    kind = _RELATIVES[m.group(1).replace("-", " ").lower()]
    while (more := _RELATIVE_RE.match(text, m.end())) is not None:
        m, kind = more, _RELATIVES[more.group(1).lower()]
    stop = m.end()
    code = member_code(text, stop, "target") if kind == "target" else None
    return (code if code is not None else stop), kind


_GENE_AFTER_RE = re.compile(r"[ \u00a0-](genes?)\b(?![ -](?:therap|transfer|expression|signature|profil|panel|set"
                            r"|deliver|delivery|polymorphism|variant|test))", re.IGNORECASE)


def disease_gene(text: str, start: int, end: int, category: str) -> tuple[int, str] | None:
    """Where the name of a disease's gene ends when ``gene`` follows the disease, and its kind.

    ``the PDS gene`` and ``the Huntington disease gene`` name genes, not the
    diseases; only a disease written as a short form or a proper name
    (``breast cancer genes`` is no gene's name), and not ``gene therapy`` or
    ``gene expression`` of the disease.

    Examples:
        >>> text = "the PDS gene, Norrie disease genes, DMD gene therapy and breast cancer genes"
        >>> disease_gene(text, 4, 7, "clinical"), disease_gene(text, 14, 28, "clinical")
        ((12, 'target'), (34, 'target'))
        >>> disease_gene(text, 36, 39, "clinical"), disease_gene(text, 58, 71, "cancer")
        (None, None)
    """
    written = text[start:end]
    if category not in ("cancer", "clinical") or not any(c.isupper() for c in written):
        return None
    m = _GENE_AFTER_RE.match(text, end)
    return (m.end(), "target") if m is not None else None


def _relative_concept(name: str, kind: str) -> Concept | None:
    """A discovered concept for a name plus a head of another entity (``NADPH oxidase``)."""
    key = key_of(name)
    return Concept(slug("_".join(key)), name, kind, (), source="discovered") if key else None


def _pair(text: str, start: int, end: int, family: Concept, lexicon: Lexicon) -> bool:
    """Whether the code at ``text[start:end]`` after a hyphen names a sibling of ``family`` (``ER-PR``)."""
    code = text[start:end].lstrip(" -\u2010\u2011")
    sibling = lexicon.lookup(code) if len(code) > 1 else None
    return sibling is not None and sibling.category == family.category


def _is_short_form(written: str) -> bool:
    """A short form of two to four capitals (``ICI``, ``MS``, ``LY``; not ``cDNA``, ``BRCA1``)."""
    return 2 <= len(written) <= 4 and written.isalpha() and written.isupper()


def _member_concept(name: str, family: Concept) -> Concept | None:
    """A discovered concept for a family name plus a code (``VEGF-C``), of the family's category."""
    key = key_of(name)
    if key is None:
        return None
    category = family.category if family.category in FAMILY_CATEGORIES or family.category in (
        "mechanism", "method", "technology", "therapy") else "other"
    return Concept(slug("_".join(key)), name, category, (), source="discovered")
