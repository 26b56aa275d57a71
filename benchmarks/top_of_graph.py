"""The top of the graph of a real corpus, with provenance, for judging by hand.

Prints what a researcher sees first: the 40 most mentioned concepts, the 40
heaviest links and the 40 strongest links by NPMI (with minimum support),
as the default rankings show them (statistics, lab methods and basic
molecules left out, as in ``kg.neighbors`` and the view). Each concept shows
how its mentions were resolved (lexicon name, abbreviation defined in the
same document, defined elsewhere, discovered), so a wrong sense is visible
at a glance.

    python benchmarks/top_of_graph.py ../shared/data/abstracts.jsonl [--n 40] [--graph out/graph.json]

Needs nothing but kgraph; builds without a store.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import networkx as nx

import kgraph
from kgraph.graph.schema import is_generic
from kgraph.settings import DEFAULTS

SHORT = {"lexicon": "lex", "abbreviation": "abbr", "abbreviation_elsewhere": "abbr-elsewhere",
         "discovered": "disc"}


def how(graph: nx.Graph, node: str) -> str:
    """Shares of the node's mentions per source, and its three commonest forms."""
    data = graph.nodes[node]
    sources: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    for form, source, n in data.get("provenance", []):
        sources[source] += n
        forms[form] += n
    total = sum(sources.values()) or 1
    shares = " ".join(f"{SHORT.get(s, s)} {100 * n / total:.0f}%" for s, n in sources.most_common())
    return f"[{shares}] {', '.join(f for f, _ in forms.most_common(3))}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--graph", type=Path, help="Load this graph.json instead of building.")
    args = parser.parse_args()
    kg = kgraph.load(args.graph) if args.graph else kgraph.build(args.corpus, store=False)
    graph = kg.graph
    domain = [n for n, d in graph.nodes(data=True) if not is_generic(d)]
    shown = graph.subgraph(domain)

    def label(node: str) -> str:
        return graph.nodes[node].get("label", node)

    print(f"{graph.graph.get('documents')} documents, {graph.number_of_nodes()} concepts, "
          f"{graph.number_of_edges()} links; {graph.number_of_nodes() - len(domain)} generic concepts "
          "(statistics, methods, basic molecules, background terms) left out of the lists below, as in "
          "the default rankings.\n")
    print(f"Top {args.n} concepts by mentions")
    top = sorted(domain, key=lambda n: (-graph.nodes[n]["mentions"], n))[:args.n]
    for i, node in enumerate(top, 1):
        d = graph.nodes[node]
        print(f"{i:3}. {d['label']} ({d['category']}, {d['source']}): {d['mentions']} mentions, "
              f"{d['documents']} docs {how(graph, node)}")
    print(f"\nTop {args.n} links by weight (sentences)")
    edges = sorted(shown.edges(data=True), key=lambda e: (-e[2]["weight"], -e[2]["npmi"], e[0], e[1]))
    for i, (a, b, d) in enumerate(edges[:args.n], 1):
        print(f"{i:3}. {label(a)} -- {label(b)}: {d['weight']} sentences, {d['documents']} docs, "
              f"NPMI {d['npmi']}")
    support = DEFAULTS.min_support
    print(f"\nTop {args.n} links by NPMI (at least {support} documents)")
    edges = sorted((e for e in shown.edges(data=True) if e[2]["documents"] >= support),
                   key=lambda e: (-e[2]["npmi"], -e[2]["weight"], e[0], e[1]))
    for i, (a, b, d) in enumerate(edges[:args.n], 1):
        print(f"{i:3}. {label(a)} -- {label(b)}: NPMI {d['npmi']}, {d['weight']} sentences, "
              f"{d['documents']} docs | {how(graph, a)} | {how(graph, b)}")


if __name__ == "__main__":
    main()
