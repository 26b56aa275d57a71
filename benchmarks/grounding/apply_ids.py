"""Write the reviewed identifiers into the lexicon file (idempotent).

    python benchmarks/grounding/apply_ids.py [--ids oncology-ids.tsv] [--lexicon kgraph/data/oncology.yaml]

Each concept line of the lexicon (flow style, ``- {id: X, ...}``) gets
``ids: [...]`` (and ``broader: Y`` where ``oncology-ids.tsv`` declares one)
before its closing brace; an ``ids`` or ``broader`` already on the line is
replaced, and removed if the table has none. Only these two fields change:
comments, line order, labels and aliases stay as they are (a line whose
aliases changed since the table was made is updated all the same, since
lines are found by concept id). Concepts of the table that the lexicon no
longer has are reported; the file is checked by loading it before it is
replaced.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kgraph.concepts.identifiers import ordered_ids  # noqa: E402
from kgraph.concepts.lexicon import load_lexicon  # noqa: E402

_LINE_RE = re.compile(r"^(\s*-\s*\{\s*id:\s*)([^,}\s]+)")
_IDS_RE = re.compile(r",\s*ids:\s*\[[^\]]*\]")
_BROADER_RE = re.compile(r",\s*broader:\s*[^,}\s]+")


def read_table(path: Path) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Concept id -> its ids, and concept id -> the concept it declares broader."""
    ids: dict[str, list[str]] = defaultdict(list)
    broader: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            ids[row["concept"]]  # a concept without ids too
            if row["id"]:
                ids[row["concept"]].append(row["id"])
            if row.get("broader"):
                broader[row["concept"]] = row["broader"]
    return {concept: ordered_ids(values) for concept, values in ids.items()}, broader


def rewrite_line(line: str, ids: tuple[str, ...], broader: str | None) -> str:
    """One concept line with its ``ids`` and ``broader`` set (or removed).

    >>> rewrite_line("- {id: x, label: x, category: drug}", ("MESH:D1",), None)
    '- {id: x, label: x, category: drug, ids: [MESH:D1]}'
    >>> rewrite_line("- {id: x, label: x, category: drug, ids: [MESH:D1], broader: y}", (), None)
    '- {id: x, label: x, category: drug}'
    """
    body = _BROADER_RE.sub("", _IDS_RE.sub("", line.rstrip("\n")))
    end = body.rindex("}")
    extra = (f", ids: [{', '.join(ids)}]" if ids else "") + (f", broader: {broader}" if broader else "")
    newline = "\n" if line.endswith("\n") else ""
    return body[:end] + extra + body[end:] + newline


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", default=str(Path(__file__).resolve().parent / "oncology-ids.tsv"))
    parser.add_argument("--lexicon", default=str(ROOT / "kgraph" / "data" / "oncology.yaml"))
    args = parser.parse_args(argv)
    ids, broader = read_table(Path(args.ids))
    path = Path(args.lexicon)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    seen = set()
    changed = 0
    for number, line in enumerate(lines):
        match = _LINE_RE.match(line)
        if not match or match.group(2) not in ids:
            continue
        concept = match.group(2)
        seen.add(concept)
        new = rewrite_line(line, ids[concept], broader.get(concept))
        if new != line:
            lines[number] = new
            changed += 1
    for concept in sorted(set(ids) - seen):
        print(f"{concept}: in the table, not in {path} (left out)", file=sys.stderr)
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    lexicon = load_lexicon(tmp)  # refuses a broken file
    wrong = [c for c in seen if lexicon.concepts[c].ids != ids[c]]
    if wrong:
        tmp.unlink()
        sys.exit(f"ids not written as expected for {', '.join(sorted(wrong)[:5])}")
    tmp.replace(path)
    print(f"{path}: {changed} lines changed; {sum(1 for c in seen if ids[c])} concepts with ids, "
          f"{sum(1 for c in seen if not ids[c])} without", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
