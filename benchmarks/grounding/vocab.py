"""Read the open vocabularies of ``../shared/data/vocab`` into one list of entries.

Used by ``build_table.py`` (the compact table kgraph ships), ``match_lexicon.py``
(candidate ids for the lexicon, for review) and the test that checks the
lexicon's ids against the vocabularies. Each source is read as it is; see the
README of the vocabulary folder for what each file holds and its licence.

Identifiers are written as CURIEs (Bioregistry prefixes): ``MESH:D002945``,
``DOID:1612``, ``NCIT:C4872``, ``UMLS:C0006142``, ``NCBIGene:7157``,
``hgnc.symbol:TP53``, ``GO:0006915``, ``UBERON:0002107``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kgraph.concepts.grounding import mesh_category  # noqa: E402
from kgraph.text.normalize import key_of  # noqa: E402

VOCAB = ROOT.parent / "shared" / "data" / "vocab"

_CANCER_DOID = "DOID:162"
# A DO label ending with a neoplasm word (familial medullary thyroid carcinoma: the subsets leave out
# some parents, so an is_a path cannot always be followed).
_NEOPLASM_RE = re.compile(r"\b(cancer|carcinoma|adenocarcinoma|lymphoma|leuka?emia|sarcoma|melanoma|neoplasm|"
                          r"tumou?r|myeloma|glioma|blastoma|mesothelioma|carcinoid)s?$", re.IGNORECASE)


@dataclass
class Entry:
    """One thing a vocabulary names.

    Attributes:
        curie: Its identifier (``MESH:D002945``).
        name: Its preferred name as the vocabulary writes it.
        synonyms: Other names of exactly the same thing (MeSH: the name
            with its inversion undone, ``Carcinoma, Squamous Cell`` ->
            ``Squamous Cell Carcinoma``; DO: EXACT synonyms that are not
            abbreviations).
        abbreviations: Synonyms a vocabulary marks as abbreviations (DO's
            OMO:0003012), matched only by a reviewer.
        category: The kgraph category the vocabulary implies, or None.
        xrefs: Identifiers of the same thing elsewhere that the vocabulary
            lists (DO: its NCIt code and UMLS CUI, each where DO lists only
            one; genes: the HGNC symbol).
        mesh: For a DO term, its MeSH cross-references.
        trees: MeSH tree numbers.
    """

    curie: str
    name: str
    synonyms: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)
    category: str | None = None
    xrefs: list[str] = field(default_factory=list)
    mesh: list[str] = field(default_factory=list)
    trees: list[str] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return self.curie.split(":", 1)[0]

    def names(self) -> list[str]:
        """The preferred name and the exact synonyms."""
        return list(dict.fromkeys([self.name, *self.synonyms]))


def uninvert(name: str) -> str:
    """A MeSH heading with its inversion undone (the parts after commas first, last part first).

    >>> uninvert("Leukemia, Myeloid, Acute"), uninvert("Receptor, ErbB-2"), uninvert("1,2-Dimethylhydrazine")
    ('Acute Myeloid Leukemia', 'ErbB-2 Receptor', '1,2-Dimethylhydrazine')
    """
    parts = name.split(", ")
    return " ".join(reversed(parts)) if len(parts) > 1 else name


def key_text(name: str) -> str | None:
    """A name's normalised key as one string (pieces joined by spaces), or None."""
    key = key_of(name)
    return " ".join(key) if key else None


def _tsv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t")


def read_mesh(folder: Path = VOCAB) -> list[Entry]:
    """MeSH 2015 descriptors with their tree numbers and categories."""
    trees: dict[str, list[str]] = defaultdict(list)
    for row in _tsv(folder / "mesh" / "tree-numbers.tsv"):
        trees[row["mesh_id"]].append(row["mesh_tree_number"])
    out = []
    for row in _tsv(folder / "mesh" / "descriptors.tsv"):
        name = row["mesh_name"]
        entry = Entry(f"MESH:{row['mesh_id']}", name, trees=sorted(trees.get(row["mesh_id"], [])))
        if uninvert(name) != name:
            entry.synonyms.append(uninvert(name))
        entry.category = mesh_category(entry.trees, name)
        out.append(entry)
    return out


@dataclass
class _OboTerm:
    id: str
    name: str = ""
    synonyms: list[tuple[str, str, bool]] = field(default_factory=list)  # text, scope, abbreviation
    xrefs: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    obsolete: bool = False


_SYNONYM_RE = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" (EXACT|RELATED|BROAD|NARROW)\s*([^\[]*)\[')


def read_obo(path: Path) -> dict[str, _OboTerm]:
    """The [Term] stanzas of an OBO file."""
    terms: dict[str, _OboTerm] = {}
    term: _OboTerm | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            term = None
            continue
        if line.startswith("id: "):
            term = terms.setdefault(line[4:].strip(), _OboTerm(line[4:].strip()))
        elif term is None:
            continue
        elif line.startswith("name: "):
            term.name = line[6:].strip()
        elif line.startswith("synonym: "):
            match = _SYNONYM_RE.match(line)
            if match:
                text = match.group(1).replace('\\"', '"')
                term.synonyms.append((text, match.group(2), "OMO:0003012" in match.group(3)))
        elif line.startswith("xref: "):
            term.xrefs.append(line[6:].split()[0])
        elif line.startswith("is_a: "):
            term.parents.append(line[6:].split()[0])
        elif line.startswith("is_obsolete: true"):
            term.obsolete = True
    return terms


def _cancer_slim(folder: Path) -> tuple[set[str], dict[str, list[str]]]:
    """DOIDs of the cancer slim, and their exact synonyms."""
    data = json.loads((folder / "doid" / "DO_cancer_slim.json").read_text(encoding="utf-8"))
    ids: set[str] = set()
    synonyms: dict[str, list[str]] = {}
    for node in data["graphs"][0]["nodes"]:
        if node.get("type") != "CLASS" or "DOID_" not in node["id"]:
            continue
        meta = node.get("meta", {})
        if meta.get("deprecated"):
            continue
        doid = "DOID:" + node["id"].rsplit("DOID_", 1)[1]
        ids.add(doid)
        synonyms[doid] = [s["val"] for s in meta.get("synonyms", []) if s.get("pred") == "hasExactSynonym"]
    return ids, synonyms


def read_do(folder: Path = VOCAB, mesh: dict[str, Entry] | None = None) -> list[Entry]:
    """Disease Ontology terms: labels and cross-references of every DOID, synonyms where a subset lists them.

    A term is a cancer when the cancer slim holds it, an ``is_a`` path reaches
    ``cancer`` (DOID:162), it has an ICD-O code of a malignant or in situ
    behaviour (``/2``, ``/3``, ``/6``, ``/9``; not ``9123/0``, arteriovenous
    malformation), its MeSH cross-reference is a neoplasm, or its label ends
    with a neoplasm word (``... carcinoma``, ``... lymphoma``); otherwise a
    disease (``clinical``).
    """
    obo: dict[str, _OboTerm] = {}
    for name in ("NCIthesaurus.obo", "DO_rare_slim.obo"):
        for doid, term in read_obo(folder / "doid" / name).items():
            known = obo.get(doid)
            if known is None:
                obo[doid] = term
            else:  # the same term in two subsets: keep what either says
                known.synonyms.extend(s for s in term.synonyms if s not in known.synonyms)
                known.parents.extend(p for p in term.parents if p not in known.parents)
                known.xrefs.extend(x for x in term.xrefs if x not in known.xrefs)
    slim, slim_synonyms = _cancer_slim(folder)
    labels: dict[str, str] = {}
    xrefs: dict[str, list[str]] = defaultdict(list)
    for row in _tsv(folder / "doid" / "allXREFinDO.tsv"):
        doid, label, xref = (row[k].strip('"') for k in ("id", "label", "xref"))
        labels[doid] = label
        if xref not in xrefs[doid]:
            xrefs[doid].append(xref)
    for doid, term in obo.items():
        if not term.obsolete and term.name:
            labels.setdefault(doid, term.name)
            for xref in term.xrefs:
                if xref not in xrefs[doid]:
                    xrefs[doid].append(xref)

    def is_cancer(doid: str, seen: frozenset[str] = frozenset()) -> bool:
        if doid == _CANCER_DOID or doid in slim:
            return True
        term = obo.get(doid)
        return bool(term) and any(p not in seen and is_cancer(p, seen | {doid}) for p in term.parents)

    out = []
    for doid in sorted(labels):
        term = obo.get(doid)
        if term is not None and term.obsolete:
            continue
        refs = xrefs.get(doid, [])
        entry = Entry(doid, labels[doid])
        entry.mesh = sorted({f"MESH:{x.split(':', 1)[1]}" for x in refs if x.startswith("MESH:")})
        ncit = sorted({f"NCIT:{x.split(':', 1)[1]}" for x in refs if x.startswith("NCI:")})
        umls = sorted({f"UMLS:{x.split(':', 1)[1]}" for x in refs if x.startswith("UMLS_CUI:")})
        # Only a code DO gives alone: several are mostly subsites or variants (esophageal cancer lists
        # five NCIt codes), and which one is the same thing the files do not say.
        entry.xrefs = (ncit if len(ncit) == 1 else []) + (umls if len(umls) == 1 else [])
        exact = [s for s, scope, abbreviation in (term.synonyms if term else []) if scope == "EXACT" and not abbreviation]
        entry.synonyms = list(dict.fromkeys(s for s in [*exact, *slim_synonyms.get(doid, [])] if s != entry.name))
        entry.abbreviations = [s for s, scope, abbreviation in (term.synonyms if term else []) if abbreviation]
        neoplasm = any((mesh or {}).get(m) is not None and (mesh or {})[m].category == "cancer" for m in entry.mesh)
        icdo = any(x.startswith("ICDO:") and x.rsplit("/", 1)[-1] in ("2", "3", "6", "9") for x in refs)
        named = _NEOPLASM_RE.search(entry.name) is not None
        entry.category = "cancer" if (is_cancer(doid) or icdo or neoplasm or named) else "clinical"
        out.append(entry)
    return out


def read_genes(folder: Path = VOCAB) -> list[Entry]:
    """Human genes: Entrez id and HGNC symbol (Hetionet's genes, plus HGNC's gene families)."""
    symbols: dict[str, str] = {}
    for row in _tsv(folder / "hetionet" / "nodes.tsv"):
        if row["kind"] == "Gene":
            symbols[row["id"].split("::", 1)[1]] = row["name"]
    for row in _tsv(folder / "hgnc" / "gene-families.tsv"):
        if row["entrez_gene_id"] and row["gene_symbol"]:
            symbols.setdefault(row["entrez_gene_id"], row["gene_symbol"])
    return [Entry(f"NCBIGene:{gene}", symbol, category="target", xrefs=[f"hgnc.symbol:{symbol}"])
            for gene, symbol in sorted(symbols.items(), key=lambda kv: int(kv[0]))]


def read_hetionet(folder: Path = VOCAB, kinds: Iterable[str] = ("Biological Process", "Anatomy")) -> list[Entry]:
    """Hetionet's GO biological processes (``mechanism``) and UBERON anatomy (``anatomy``)."""
    category = {"Biological Process": "mechanism", "Anatomy": "anatomy"}
    wanted = set(kinds)
    out = []
    for row in _tsv(folder / "hetionet" / "nodes.tsv"):
        if row["kind"] in wanted:
            out.append(Entry(row["id"].split("::", 1)[1], row["name"], category=category[row["kind"]]))
    return sorted(out, key=lambda e: e.curie)


def read_all(folder: Path = VOCAB) -> list[Entry]:
    """Every entry of every vocabulary: MeSH, DO, genes, GO processes, UBERON anatomy."""
    mesh = read_mesh(folder)
    by_id = {e.curie: e for e in mesh}
    return [*mesh, *read_do(folder, by_id), *read_genes(folder), *read_hetionet(folder)]


def name_index(entries: Iterable[Entry], *, abbreviations: bool = False) -> dict[str, list[Entry]]:
    """Normalised key (:func:`key_text`) -> the entries with a name of that key."""
    index: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        names = entry.names() + (entry.abbreviations if abbreviations else [])
        for name in names:
            key = key_text(name)
            if key is not None and entry not in index[key]:
                index[key].append(entry)
    return index
