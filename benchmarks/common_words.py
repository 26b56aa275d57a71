"""Write kgraph/data/common-words.txt: words too common in biomedical abstracts to show a sense.

A short form defined in one abstract is used in another only where that
abstract shows the sense, by a word of one of its names
(:func:`kgraph.concepts.senses.evidence_pieces`). A word that half the
literature uses (``proliferation``, ``radiation``, ``combination``) shows
nothing: ``PI`` in an abstract on ``Annexin V/PI staining`` is no
proliferation index because the abstract says ``proliferation``. This script
lists the normalised words (lower-case letters, four or more) found in at
least 2% of the shared PubMed abstracts; kgraph ships the list.

    python benchmarks/common_words.py ../shared/data/abstracts.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from kgraph.text.normalize import scan

OUT = Path(__file__).resolve().parents[1] / "kgraph" / "data" / "common-words.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="JSON lines with a 'text' field")
    parser.add_argument("--share", type=float, default=0.02, help="minimum share of documents (default 0.02)")
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    documents = 0
    with args.corpus.open(encoding="utf-8") as lines:
        for line in lines:
            documents += 1
            counts.update({w for w in scan(json.loads(line)["text"]).norms if w.isalpha() and w.islower() and len(w) >= 4})
    common = sorted(w for w, n in counts.items() if n >= args.share * documents)
    header = (f"# Words in at least {args.share:.0%} of {documents:,} PubMed abstracts (the shared corpus of the\n"
              "# kgraph project: Medical-Abstracts-TC, Hallmarks of Cancer, BC5CDR, EBM-NLP, NCBI disease,\n"
              "# BioNLP-ST 2013 CG), normalised as kgraph normalises text. Made by benchmarks/common_words.py.\n"
              "# A word list, no text of the abstracts.\n")
    OUT.write_text(header + "\n".join(common) + "\n", encoding="utf-8")
    print(f"{len(common)} words -> {OUT}")


if __name__ == "__main__":
    main()
