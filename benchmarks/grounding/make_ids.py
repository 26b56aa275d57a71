"""The reviewed identifiers of the lexicon: proposals by name plus the reviewer's decisions.

    python benchmarks/grounding/match_lexicon.py --out /tmp/grounding
    python benchmarks/grounding/make_ids.py /tmp/grounding/proposed.tsv > benchmarks/grounding/oncology-ids.tsv

``review.tsv`` holds the decisions, one per line: ``drop`` an id proposed by
name (with why: a parent, a member, a neighbour), ``add`` a hand-checked id
(its vocabulary name is looked up and written), ``broader`` (the concept is a
narrower kind of another and shares its id), or ``none`` (why a concept has
no id). A DO term or a gene brings its cross-references (NCIt, UMLS, HGNC
symbol); dropping it drops them. A decision that names an unknown concept or an id
that no vocabulary has stops the script; dropping an id that is not proposed
is reported.

Output columns: ``concept, label, category, id, vocabulary_name, how,
matched, note`` (``how``: ``label:name``, ``alias:synonym``, ``xref:DOID:...``,
``hand-checked``...; a concept without ids has one row with an empty ``id``
and the reason in ``note``).
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import vocab  # noqa: E402
from match_lexicon import PROPOSED_COLUMNS  # noqa: E402

from kgraph.concepts.lexicon import load_lexicon  # noqa: E402
from kgraph.settings import default_lexicon_path  # noqa: E402

REVIEW = HERE / "review.tsv"
NO_ID = {
    "drug": "no MeSH 2015 descriptor, DO term or gene has this name (newer drugs were MeSH supplementary "
            "concepts in 2015, which the vocabulary files do not hold)",
}
NO_ID_DEFAULT = "no vocabulary entry has one of its names (exact normalised names, DO EXACT synonyms, gene symbols)"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def main(argv: list[str]) -> None:
    proposed = _read(Path(argv[0]))
    review = _read(REVIEW)
    lexicon = load_lexicon(argv[1] if len(argv) > 1 else default_lexicon_path())
    by_id = {e.curie: e for e in vocab.read_all()}
    xrefs = {e.curie: e.xrefs for e in by_id.values()}
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in proposed:
        if row["id"]:
            rows[row["concept"]].append(row)
    original = {(row["concept"], row["id"]) for row in proposed}
    notes: dict[str, str] = {}
    broader: dict[str, str] = {}
    for decision in review:
        concept, action, curie, note = (decision[k] for k in ("concept", "action", "id", "note"))
        if concept not in lexicon.concepts:
            sys.exit(f"review.tsv: unknown concept {concept!r}")
        mine = rows[concept]
        if action == "drop":
            if (concept, curie) not in original:  # no longer proposed (a stricter match): moot
                print(f"review.tsv: {concept}: {curie} is not proposed (nothing to drop)", file=sys.stderr)
            rows[concept] = [r for r in mine if r["id"] != curie and r["how"] != f"xref:{curie}"]
        elif action == "add":
            if curie not in by_id and not any(curie in refs for refs in xrefs.values()):
                sys.exit(f"review.tsv: {concept}: {curie} is in no vocabulary")
            if any(r["id"] == curie for r in mine):
                continue
            concept_ = lexicon.concepts[concept]
            entry = by_id.get(curie)
            mine.append({"concept": concept, "label": concept_.label, "category": concept_.category, "id": curie,
                         "vocabulary_name": entry.name if entry else "", "how": "hand-checked", "matched": "",
                         "note": note})
            for xref in xrefs.get(curie, []):
                if not any(r["id"] == xref for r in mine):
                    mine.append({**mine[-1], "id": xref, "vocabulary_name": "", "how": f"xref:{curie}", "note": ""})
        elif action == "broader":
            broader[concept] = curie
        elif action == "none":
            notes[concept] = note
        else:
            sys.exit(f"review.tsv: unknown action {action!r}")
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow((*PROPOSED_COLUMNS, "broader"))
    for concept_id, concept in lexicon.concepts.items():
        mine = rows.get(concept_id, [])
        if not mine:
            reason = notes.get(concept_id) or NO_ID.get(concept.category, NO_ID_DEFAULT)
            writer.writerow((concept_id, concept.label, concept.category, "", "", "", "", reason,
                             broader.get(concept_id, "")))
        for row in mine:
            writer.writerow((*(row[k] if k != "note" else (row[k] if row["how"] == "hand-checked" else "")
                               for k in PROPOSED_COLUMNS), broader.get(concept_id, "")))


if __name__ == "__main__":
    main(sys.argv[1:])
