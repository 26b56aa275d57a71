"""How much of a built graph is grounded, and a sample to check by hand.

    python -m kgraph build ../shared/data/abstracts.jsonl --out out --no-store
    python benchmarks/grounding/measure.py out/graph.json [--before old/graph.json] [--sample 50] [--seed 26]

Prints: the share of mentions on grounded concepts (concepts with ids) and in
category ``other``, per source (lexicon, discovered); the categories that
grounding changed (against ``--before``, a graph of the same corpus built
without grounding); the most mentioned concepts with their ids; and a seeded
random sample of grounded discovered concepts, each with its ids, the
vocabulary's names for them, its most frequent written forms and one
evidence sentence, for a hand check (is the id right?).
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

import kgraph
from kgraph.concepts.grounding import describe_ids


def shares(graph) -> dict[str, float]:
    nodes = graph.nodes(data=True)
    total = sum(d["mentions"] for _, d in nodes)
    grounded = sum(d["mentions"] for _, d in nodes if d.get("ids"))
    other = sum(d["mentions"] for _, d in nodes if d.get("category") == "other")
    discovered = [d for _, d in nodes if d.get("source") != "lexicon"]
    return {"mentions": total, "grounded": grounded / total, "other": other / total,
            "concepts": graph.number_of_nodes(), "grounded concepts": sum(1 for _, d in nodes if d.get("ids")),
            "other concepts": sum(1 for _, d in nodes if d.get("category") == "other"),
            "discovered concepts": len(discovered),
            "grounded discovered": sum(1 for d in discovered if d.get("ids")),
            "discovered mentions grounded": sum(d["mentions"] for d in discovered if d.get("ids"))
            / max(1, sum(d["mentions"] for d in discovered))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph")
    parser.add_argument("--before")
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    kg = kgraph.load(args.graph)
    graph = kg.graph
    for name, path in (("before", args.before), ("after", args.graph)):
        if path:
            s = shares(kgraph.load(path).graph)
            print(f"{name}: {s['concepts']:,} concepts, {s['mentions']:,} mentions; grounded "
                  f"{s['grounded concepts']:,} concepts, {s['grounded']:.1%} of mentions; other "
                  f"{s['other concepts']:,} concepts, {s['other']:.1%} of mentions; discovered "
                  f"{s['discovered concepts']:,}, of which grounded {s['grounded discovered']:,} "
                  f"({s['discovered mentions grounded']:.1%} of their mentions)")
    if args.before:
        before = kgraph.load(args.before).graph
        moves = Counter((before.nodes[n]["category"], d["category"]) for n, d in graph.nodes(data=True)
                        if n in before and before.nodes[n]["category"] != d["category"])
        print("category changes (before -> after: concepts):",
              ", ".join(f"{a} -> {b}: {n}" for (a, b), n in moves.most_common()))
    print(f"\ntop {args.top} concepts by mentions:")
    for rank, node in enumerate(list(kg)[:args.top], start=1):
        d = graph.nodes[node]
        print(f"{rank:>2} {d['label']} [{d['category']}, {d['source']}] {d['mentions']:,}: "
              f"{', '.join(d.get('ids') or []) or '-'}")
    grounded = sorted(n for n, d in graph.nodes(data=True) if d.get("source") != "lexicon" and d.get("ids"))
    picked = random.Random(args.seed).sample(grounded, min(args.sample, len(grounded)))
    print(f"\n{len(picked)} grounded discovered concepts (seed {args.seed}), for a hand check:")
    for number, node in enumerate(sorted(picked), start=1):
        d = graph.nodes[node]
        forms = ", ".join(f"{form!r}" for form in d.get("aliases", [])[:3])
        print(f"{number:>2}. {d['label']} [{d['category']}] {d['mentions']} mentions, written {forms}")
        print(f"    ids: {'; '.join(describe_ids(d['ids']))}")
        for other in graph[node]:
            evidence = graph.edges[node, other].get("evidence") or []
            if evidence:
                print(f"    e.g. {' '.join(evidence[0]['text'].split())[:220]}")
                break


if __name__ == "__main__":
    main()
