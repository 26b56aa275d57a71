"""Build the compact grounding table kgraph ships (``kgraph/data/grounding.tsv.gz``).

    python benchmarks/grounding/build_table.py [--vocab ../shared/data/vocab] [--out kgraph/data/grounding.tsv.gz]

One line per vocabulary entry (MeSH 2015 descriptors, Disease Ontology terms,
human genes, Hetionet's GO biological processes and UBERON anatomy):
``id, category, name, other ids, keys``, tab-separated (see
:meth:`kgraph.concepts.grounding.GroundingTable.from_lines`). The keys are the
normalised names a concept is grounded by:

* MeSH: the preferred name and the name with its inversion undone; DO: the
  label and the EXACT synonyms that are not abbreviations; genes: the HGNC
  symbol; GO and UBERON: the name;
* a name of four characters or fewer is left out (never grounded by itself);
* where a name is some entry's preferred name and only a synonym of another,
  the synonym gives way (``insulin resistance`` is MeSH's descriptor, not
  DO's synonym of type 2 diabetes);
* a name two entries of one vocabulary share is left out of both.

Other ids: DO's NCIt code and UMLS CUI (each only where DO lists one: several
are mostly subsites or variants), a gene's HGNC symbol. DO's MeSH
cross-references are not copied: reviewing the lexicon found many of them
broader than the DO term (clear cell renal cell carcinoma -> Carcinoma, Renal
Cell; thymic carcinoma -> Thymoma). The output is deterministic (sorted, gzip
without a timestamp).
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import vocab  # noqa: E402

HEADER = """\
# kgraph grounding table: id, category, name, other ids (spaces), normalised names (|), tab-separated.
# Built by benchmarks/grounding/build_table.py from open vocabularies (see README, "Grounding"):
# MeSH 2015 descriptors (U.S. National Library of Medicine; free to use; processing by dhimmel/mesh, CC0),
# Disease Ontology (CC0 1.0), HGNC gene symbols and Entrez ids (dhimmel/hgnc, CC0 1.0; HGNC data freely available),
# Hetionet v1.0 genes, GO biological processes (GO, CC BY 4.0) and UBERON anatomy (CC BY 3.0) (hetio/hetionet, CC0).
"""
MIN_CHARS = 5


def table_keys(entries: list[vocab.Entry]) -> dict[str, list[str]]:
    """Entry id -> its keys, after the rules of the module docstring."""
    by_key: dict[str, dict[str, bool]] = defaultdict(dict)  # key -> {entry id: is a preferred name}
    for entry in entries:
        preferred = {vocab.key_text(entry.name)}
        if entry.prefix == "MESH":
            preferred |= {vocab.key_text(s) for s in entry.synonyms}  # the inversion undone
        for name in entry.names():
            key = vocab.key_text(name)
            if key is None or len(key.replace(" ", "")) < MIN_CHARS:
                continue
            by_key[key][entry.curie] = by_key[key].get(entry.curie, False) or key in preferred
    keys: dict[str, list[str]] = defaultdict(list)
    for key, found in by_key.items():
        if any(found.values()):
            found = {curie: True for curie, named in found.items() if named}
        per_prefix: dict[str, list[str]] = defaultdict(list)
        for curie in found:
            per_prefix[curie.split(":", 1)[0]].append(curie)
        for curies in per_prefix.values():
            if len(curies) == 1:
                keys[curies[0]].append(key)
    return keys


def build(folder: Path) -> str:
    entries = vocab.read_all(folder)
    keys = table_keys(entries)
    lines = []
    for entry in sorted(entries, key=lambda e: e.curie):
        name = " ".join(entry.name.split())
        lines.append("\t".join((entry.curie, entry.category or "", name, " ".join(entry.xrefs),
                                "|".join(sorted(set(keys.get(entry.curie, []))))) ))
    return HEADER + "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", default=str(vocab.VOCAB))
    parser.add_argument("--out", default=str(vocab.ROOT / "kgraph" / "data" / "grounding.tsv.gz"))
    args = parser.parse_args(argv)
    text = build(Path(args.vocab))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(text.encode("utf-8"))
    Path(args.out).write_bytes(buffer.getvalue())
    print(f"{args.out}: {text.count(chr(10)) - HEADER.count(chr(10)):,} entries, "
          f"{len(text.encode()):,} bytes, {len(buffer.getvalue()):,} compressed", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
