"""Proposed identifiers for the lexicon's concepts, by exact normalised name, and suspected folds.

    python benchmarks/grounding/match_lexicon.py [--lexicon FILE] --out DIR

Every name of a concept (label and aliases) is looked up in MeSH (preferred
names, inversions undone), the Disease Ontology (labels and EXACT synonyms,
not abbreviations), Hetionet's GO processes and UBERON anatomy and, for
targets and molecules, HGNC gene symbols (names written like a symbol, case
and hyphens ignored: ``Bcl-2`` = ``BCL2``; never ``CgA`` or ``Ca2+``). Per vocabulary, the concept's entry is the one its label names;
failing that, the one all its aliases that the vocabulary knows agree on. A
DO term brings the NCIt codes and UMLS CUIs it lists; where no MeSH name
matches, DO's single MeSH cross-reference is proposed (to review). An alias
whose own entry differs from its concept's is a suspected fold.

Writes ``DIR/proposed.tsv`` (one row per concept and id, or a row without id)
and ``DIR/folds-auto.tsv`` (the suspected folds, before review).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import vocab  # noqa: E402

from kgraph.concepts.lexicon import Concept, load_lexicon  # noqa: E402
from kgraph.settings import default_lexicon_path  # noqa: E402

GENE_CATEGORIES = frozenset({"target", "molecule"})
VOCABULARIES = ("MESH", "DOID", "NCBIGene", "GO", "UBERON")


def symbol_key(name: str) -> str:
    """A gene symbol as compared: upper case, letters and digits only (``Bcl-2`` -> ``BCL2``)."""
    return "".join(ch for ch in name.upper() if ch.isalnum())


def symbol_like(name: str) -> bool:
    """Whether a name is written like a gene symbol: letters, digits and hyphens, and either no lower
    case letter or a digit (``BCL2``, ``Bcl-2``, ``CD79b``; not ``CgA``, ``RhoA``, ``Ca2+``)."""
    return bool(name) and all(ch.isalnum() or ch == "-" for ch in name) and \
        (not any(ch.islower() for ch in name) or any(ch.isdigit() for ch in name))


@dataclass
class Match:
    entry: vocab.Entry
    name: str  # the concept's name that matched
    how: str   # name, synonym or symbol


@dataclass
class Proposal:
    concept: Concept
    chosen: dict[str, Match] = field(default_factory=dict)        # vocabulary -> the concept's entry
    extra: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, vocabulary name, how, matched
    folds: list[tuple[str, Match, str]] = field(default_factory=list)     # alias, its entry, concept's id
    notes: list[str] = field(default_factory=list)


class Matcher:
    """Lookups of a name in every vocabulary."""

    def __init__(self, entries: list[vocab.Entry]) -> None:
        self.by_id = {e.curie: e for e in entries}
        self.index = vocab.name_index(e for e in entries if e.prefix != "NCBIGene")
        self.genes: dict[str, list[vocab.Entry]] = defaultdict(list)
        for entry in entries:
            if entry.prefix == "NCBIGene":
                self.genes[symbol_key(entry.name)].append(entry)

    def lookup(self, name: str, genes: bool) -> list[Match]:
        key = vocab.key_text(name)
        out = []
        for entry in self.index.get(key, []) if key else []:
            how = "name" if vocab.key_text(entry.name) == key else "synonym"
            out.append(Match(entry, name, how))
        if genes and symbol_like(name):
            out += [Match(entry, name, "symbol") for entry in self.genes.get(symbol_key(name), [])]
        return out

    def propose(self, concept: Concept) -> Proposal:
        genes = concept.category in GENE_CATEGORIES
        proposal = Proposal(concept)
        label = self.lookup(concept.label, genes)
        aliases = {alias: self.lookup(alias, genes) for alias in concept.aliases}
        for prefix in VOCABULARIES:
            mine = _unique(m for m in label if m.entry.prefix == prefix)
            if len(mine) > 1:
                proposal.notes.append(f"label names {len(mine)} {prefix} entries: "
                                      + "; ".join(f"{m.entry.curie} {m.entry.name}" for m in mine))
                continue
            if not mine:
                theirs = _unique(m for ms in aliases.values() for m in ms if m.entry.prefix == prefix)
                if len(theirs) == 1:
                    mine = theirs
                elif len(theirs) > 1:
                    proposal.notes.append(f"aliases name {len(theirs)} {prefix} entries")
                    for match in theirs:
                        proposal.folds.append((match.name, match, ""))
                    continue
            if mine:
                proposal.chosen[prefix] = mine[0]
                for alias, matches in aliases.items():
                    for match in matches:
                        if match.entry.prefix == prefix and match.entry.curie != mine[0].entry.curie:
                            proposal.folds.append((alias, match, mine[0].entry.curie))
        do = proposal.chosen.get("DOID")
        if do is not None:
            for xref in do.entry.xrefs:
                proposal.extra.append((xref, "", f"xref:{do.entry.curie}", do.name))
            mesh = [m for m in do.entry.mesh if m in self.by_id]
            chosen = proposal.chosen.get("MESH")
            if chosen is None and len(mesh) == 1:
                proposal.extra.append((mesh[0], self.by_id[mesh[0]].name, f"xref:{do.entry.curie}", do.name))
            elif chosen is not None and mesh and chosen.entry.curie not in mesh:
                proposal.notes.append(f"DO {do.entry.curie} cross-references {', '.join(mesh)}, not the MeSH "
                                      f"descriptor named {chosen.entry.curie}")
        gene = proposal.chosen.get("NCBIGene")
        if gene is not None:
            proposal.extra.extend((x, gene.entry.name, f"xref:{gene.entry.curie}", gene.name) for x in gene.entry.xrefs)
        return proposal


def _unique(matches) -> list[Match]:
    seen: dict[str, Match] = {}
    for match in matches:
        seen.setdefault(match.entry.curie, match)
    return list(seen.values())


PROPOSED_COLUMNS = ("concept", "label", "category", "id", "vocabulary_name", "how", "matched", "note")
FOLD_COLUMNS = ("concept", "label", "alias", "alias_id", "alias_vocabulary_name", "concept_id",
                "concept_vocabulary_name")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexicon", default=str(default_lexicon_path()))
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    lexicon = load_lexicon(args.lexicon)
    matcher = Matcher(vocab.read_all())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "proposed.tsv").open("w", encoding="utf-8", newline="") as proposed, \
            (out / "folds-auto.tsv").open("w", encoding="utf-8", newline="") as folds:
        rows = csv.writer(proposed, delimiter="\t", lineterminator="\n")
        fold_rows = csv.writer(folds, delimiter="\t", lineterminator="\n")
        rows.writerow(PROPOSED_COLUMNS)
        fold_rows.writerow(FOLD_COLUMNS)
        for concept in lexicon.concepts.values():
            proposal = matcher.propose(concept)
            note = " | ".join(proposal.notes)
            base = (concept.id, concept.label, concept.category)
            written = False
            for match in proposal.chosen.values():
                rows.writerow((*base, match.entry.curie, match.entry.name,
                               ("label:" if match.name == concept.label else "alias:") + match.how, match.name, note))
                written = True
            for curie, name, how, matched in proposal.extra:
                rows.writerow((*base, curie, name, how, matched, note))
            if not written:
                rows.writerow((*base, "", "", "", "", note))
            for alias, match, concept_id in proposal.folds:
                concept_name = matcher.by_id[concept_id].name if concept_id else ""
                fold_rows.writerow((concept.id, concept.label, alias, match.entry.curie, match.entry.name,
                                    concept_id, concept_name))


if __name__ == "__main__":
    main(sys.argv[1:])
