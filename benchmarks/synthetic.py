"""Synthetic abstracts for memory and scale measurements: distinct pairs grow as in a large literature.

    python benchmarks/synthetic.py N OUT.jsonl [--sentences 4] [--seed 28]

Writes N abstracts as JSON lines (``{"id": "syn<i>", "text": ...}``). Each
sentence names five concepts of the shipped lexicon drawn at random (by
their preferred names) inside a few fixed phrasings, so the distinct concept
pairs keep growing with N, as they do in a large literature, instead of
saturating as they do in a repeated corpus. The same N, sentences and seed
always give the same file.

Examples:
    >>> from kgraph.concepts.lexicon import default_lexicon
    >>> names = sorted(c.label for c in default_lexicon().concepts.values())
    >>> a = list(abstracts(2, names, seed=1)); a == list(abstracts(2, names, seed=1))
    True
    >>> a[0][0], a[0][1].count(". ") + 1
    ('syn0', 4)
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

__all__ = ["PHRASINGS", "abstracts", "lexicon_names", "write"]

PHRASINGS = (
    "We studied {0} and {1} in patients treated with {2}, {3} or {4}",
    "The association of {0} with {1} was stronger than that of {2}, {3} and {4}",
    "In this cohort, {0} modulated {1}, whereas {2} was linked to {3} and {4}",
    "Expression of {0} predicted response to {1} and {2} but not to {3} or {4}",
    "Together, {0}, {1}, {2}, {3} and {4} define a distinct subgroup",
)


def lexicon_names() -> list[str]:
    """The preferred names of the shipped lexicon's concepts, sorted (the generator's vocabulary)."""
    from kgraph.concepts.lexicon import default_lexicon

    return sorted({concept.label for concept in default_lexicon().concepts.values()})


def abstracts(n: int, names: Sequence[str], *, sentences: int = 4, seed: int = 28) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of ``n`` synthetic abstracts, each of ``sentences`` sentences naming five concepts.

    Args:
        n: Abstracts.
        names: The names to draw from (five distinct ones per sentence).
        sentences: Sentences per abstract.
        seed: The seed of the random draws.
    """
    rng = random.Random(seed)
    for i in range(n):
        parts = []
        for _ in range(sentences):
            phrasing = PHRASINGS[rng.randrange(len(PHRASINGS))]
            parts.append(phrasing.format(*rng.sample(names, 5)))
        text = ". ".join(parts) + "."
        yield f"syn{i}", text[0].upper() + text[1:]


def write(n: int, path: Path, *, sentences: int = 4, seed: int = 28) -> Path:
    """Write :func:`abstracts` as JSON lines to ``path``."""
    with path.open("w", encoding="utf-8") as handle:
        for doc_id, text in abstracts(n, lexicon_names(), sentences=sentences, seed=seed):
            handle.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="abstracts")
    parser.add_argument("out", type=Path, help="the JSON lines file to write")
    parser.add_argument("--sentences", type=int, default=4, help="sentences per abstract")
    parser.add_argument("--seed", type=int, default=28)
    args = parser.parse_args()
    write(args.n, args.out, sentences=args.sentences, seed=args.seed)


if __name__ == "__main__":
    main()
