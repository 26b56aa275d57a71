"""Suspected folds: aliases whose own vocabulary entry differs from their concept's.

    python benchmarks/grounding/folds.py [--lexicon FILE] [--out suspected-folds.tsv]

For every alias of a lexicon concept, the vocabulary entries that name it
exactly (as ``match_lexicon.py`` looks names up) are compared with the
concept's reviewed ids: an entry of a vocabulary the concept has an id in,
other than that id, says the alias may name something else (a member, a
parent, a neighbour). Where the concept has no id in that vocabulary, aliases
that name different entries of it are suspects too.

The output keeps the reviewer's ``recommendation`` and ``evidence`` for rows
it already has (matched by concept, alias and alias id); rows a reviewer added
by hand (``alias_id`` empty or ``source`` = ``reviewer``) are kept as they are.
Recommendations: ``split`` (make the alias a concept of its own), ``remove``
(drop the alias; it belongs elsewhere or nowhere), ``keep`` (the same thing
in what the texts mean; the vocabularies split hairs).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import vocab  # noqa: E402
from match_lexicon import GENE_CATEGORIES, Matcher  # noqa: E402

from kgraph.concepts.lexicon import load_lexicon  # noqa: E402
from kgraph.settings import default_lexicon_path  # noqa: E402

COLUMNS = ("concept", "label", "alias", "alias_id", "alias_vocabulary_name", "concept_ids", "source",
           "recommendation", "evidence")


def suspects(lexicon_path: str) -> list[dict[str, str]]:
    lexicon = load_lexicon(lexicon_path)
    matcher = Matcher(vocab.read_all())
    out = []
    for concept in lexicon.concepts.values():
        ids = set(concept.ids)
        prefixes = {curie.split(":", 1)[0] for curie in ids}
        genes = concept.category in GENE_CATEGORIES
        by_prefix: dict[str, dict[str, list]] = {}
        for alias in concept.aliases:
            for match in matcher.lookup(alias, genes):
                entry = match.entry
                if entry.curie in ids or entry.prefix not in {"MESH", "DOID", "NCBIGene", "GO", "UBERON"}:
                    continue
                by_prefix.setdefault(entry.prefix, {}).setdefault(entry.curie, []).append((alias, entry))
        for prefix, found in sorted(by_prefix.items()):
            if prefix not in prefixes and len(found) < 2:
                continue  # the concept has no id here and its aliases agree: nothing to compare
            for curie, items in sorted(found.items()):
                for alias, entry in items:
                    out.append({"concept": concept.id, "label": concept.label, "alias": alias, "alias_id": curie,
                                "alias_vocabulary_name": entry.name, "concept_ids": " ".join(concept.ids),
                                "source": "vocabulary"})
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexicon", default=str(default_lexicon_path()))
    parser.add_argument("--out", default=str(HERE / "suspected-folds.tsv"))
    args = parser.parse_args(argv)
    path = Path(args.out)
    kept: dict[tuple[str, str, str], dict[str, str]] = {}
    manual: list[dict[str, str]] = []
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row["source"] == "reviewer":
                    manual.append(row)
                else:
                    kept[(row["concept"], row["alias"], row["alias_id"])] = row
    rows = []
    for row in suspects(args.lexicon):
        old = kept.get((row["concept"], row["alias"], row["alias_id"]), {})
        rows.append({**row, "recommendation": old.get("recommendation", "review"), "evidence": old.get("evidence", "")})
    rows += manual
    rows.sort(key=lambda r: (r["concept"], r["alias"], r["alias_id"]))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts = {}
    for row in rows:
        counts[row["recommendation"]] = counts.get(row["recommendation"], 0) + 1
    print(f"{path}: {len(rows)} suspected folds: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
