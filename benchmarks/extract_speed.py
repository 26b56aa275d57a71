"""Extraction speed of kgraph against spaCy's bare tokenizer, on the same text, in one run.

    python benchmarks/extract_speed.py [ABSTRACTS.jsonl] [--rounds 3] [--limit N]

The tokenizer of ``spacy.blank("en")`` is the floor cost of any spaCy-based
extraction. kgraph's extraction is everything ``kgraph.extract`` does: the
kgraph pipeline (tokenizer, sentences, concepts) and reading the mentions.
Each round interleaves the two in chunks of texts (so both see the same
machine load) and reports both throughputs and their ratio; the median ratio
is the figure to quote.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import spacy

from kgraph.concepts.lexicon import default_lexicon
from kgraph.documents.corpus import Document
from kgraph.nlp.mentions import pipe_extractions
from kgraph.nlp.pipeline import make_nlp

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "abstracts.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N texts")
    parser.add_argument("--chunk", type=int, default=500, help="texts per interleaved chunk")
    args = parser.parse_args()
    lines = args.corpus.read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    if args.limit:
        texts = texts[: args.limit]
    words = sum(len(t.split()) for t in texts)
    blank = spacy.blank("en")
    nlp = make_nlp()
    lexicon = default_lexicon()

    def tokenize(chunk: list[str]) -> None:
        for text in chunk:
            blank.tokenizer(text)

    def extract(chunk: list[str]) -> int:
        documents = [Document(str(i), text) for i, text in enumerate(chunk)]
        return sum(len(e.mentions) for e in pipe_extractions(nlp, documents, lexicon))

    print(f"{len(texts)} texts, {words:,} words (whitespace-separated) from {args.corpus}")
    ratios = []
    for round_ in range(1, args.rounds + 1):
        # Interleave the two in chunks so that both see the same machine conditions.
        tok_time = ext_time = 0.0
        mentions = 0
        for start in range(0, len(texts), args.chunk):
            chunk = texts[start:start + args.chunk]
            t0 = time.perf_counter()
            tokenize(chunk)
            t1 = time.perf_counter()
            mentions += extract(chunk)
            t2 = time.perf_counter()
            tok_time += t1 - t0
            ext_time += t2 - t1
        tok, ext = words / tok_time, words / ext_time
        ratios.append(ext / tok)
        print(f"round {round_}: tokenizer {tok:,.0f} words/s, kgraph extraction {ext:,.0f} words/s "
              f"({mentions:,} mentions), ratio {ext / tok:.2f}")
    print(f"median ratio {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
