"""The result of a sharded build on Dask: a graph whose links stay on the cluster until they are written.

:func:`kgraph.build.build_sharded` (``kgraph build --engine dask``)
returns a :class:`ShardedGraph`: the concepts and the graph's attributes in
this process, the links in shards on the Dask workers
(:mod:`kgraph.engine.shards`). Writing ``graph.json`` reads the links a chunk
of each shard at a time in the graph's order, so this process never holds
all of them; the file is the one a local build writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO

import networkx as nx

from .documents.corpus import CorpusReport
from .engine.parallel import Engine
from .engine.passes import ShardedBuilt
from .engine.shards import sharded_links
from .graph.cooccur import NO_STRATUM
from .graph.schema import citations, cite_evidence, link_attributes
from .graph.serialize import DeferredEvidence, encode_evidence, write_graph
from .settings import DEFAULTS

__all__ = ["ShardedGraph"]


class ShardedGraph:
    """A built graph whose links are in shards on a Dask cluster.

    Args:
        built: What :func:`kgraph.engine.passes.sharded_build` made.
        engine: The engine whose Dask cluster holds the shards (closed by :meth:`close`).
        report: What happened to each input file.
    """

    def __init__(self, built: ShardedBuilt, engine: Engine[Any, Any], report: CorpusReport) -> None:
        self._built, self._engine, self.report = built, engine, report
        self._edges: int | None = None

    @property
    def graph(self) -> nx.Graph:
        """The concepts and the graph's attributes (without links)."""
        return self._built.graph

    def edges(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every link ``(a, b, attributes)`` in the graph's order, evidence included (read from the shards)."""
        counts = self._built.counts
        cited = citations(self._built.graph.graph["documents_index"])
        dated = any(stratum != NO_STRATUM for stratum in counts.strata)
        for link in sharded_links(self._built.shards):
            yield link.a, link.b, link_attributes(link, counts, cited, dated=dated)

    def number_of_edges(self) -> int:
        """The number of links (counted on the workers)."""
        if self._edges is None:
            self._edges = sum(future.result() for future in [shard.size() for shard in self._built.shards])
        return self._edges

    def summary(self) -> dict[str, Any]:
        """Counts of the corpus and the graph (as :meth:`kgraph.KnowledgeGraph.summary`, without categories)."""
        g = self._built.graph
        return {"documents": g.graph.get("documents", 0), "sentences": g.graph.get("sentences", 0),
                "concepts": g.number_of_nodes(), "edges": self.number_of_edges()}

    def write(self, handle: TextIO) -> None:
        """Write ``graph.json`` to an open text file: the links stream from the shards."""
        write_graph(self._built.graph, handle, edges=self.edges())

    def view_graph(self, max_nodes: int | None = None) -> tuple[nx.Graph, DeferredEvidence]:
        """The concepts and the links a view of at most ``max_nodes`` concepts may draw, and the evidence of those it draws.

        :func:`kgraph.views.html.select_subgraph` picks from this graph the
        concepts and links it would pick from the whole graph (each shard
        gives its strongest link per concept and its strongest links); the
        view's list of all links then holds these candidates only.
        """
        from .views.html import select_subgraph

        graph = self._built.graph.copy()
        limit = DEFAULTS.html_max_nodes if max_nodes is None else max_nodes
        nodes = list(select_subgraph(graph, limit))  # no links yet: the concepts a view draws
        counts, shards = self._built.counts, self._built.shards
        concepts = {node: counts.concept_sentences[node] for node in nodes}
        futures = [shard.candidates(concepts, counts.sentences, DEFAULTS.html_max_edges) for shard in shards]
        cited = citations(graph.graph["documents_index"])
        dated = any(stratum != NO_STRATUM for stratum in counts.strata)
        found = [future.result() for future in futures]
        links = sorted((link for part in found for link in part), key=lambda link: (link.a, link.b))
        graph.add_edges_from((link.a, link.b, link_attributes(link, counts, cited, dated=dated, evidence=False))
                             for link in links)
        shown = set(select_subgraph(graph, limit).edges)
        wanted = [[(link.a, link.b) for link in part if (link.a, link.b) in shown] for part in found]
        evidence = [shard.evidence(pairs) for shard, pairs in zip(shards, wanted)]
        raw = {pair: encode_evidence(cite_evidence(items, cited))
               for pairs, future in zip(wanted, evidence) for pair, items in zip(pairs, future.result())}
        return graph, DeferredEvidence(raw, "the shards")

    def html_pieces(self, *, title: str = "kgraph", max_nodes: int | None = None,
                    stamp: str | None = None) -> Iterator[str]:
        """The interactive view in pieces (see :func:`kgraph.views.html.page_pieces`), of :meth:`view_graph`."""
        from .views.html import page_pieces

        graph, evidence = self.view_graph(max_nodes)
        return page_pieces(graph, title=title, max_nodes=max_nodes, stamp=stamp, evidence=evidence)

    def close(self) -> None:
        """Release the shards and close the Dask engine (and the local cluster it started)."""
        self._built.shards.clear()
        self._engine.close()

    def __enter__(self) -> ShardedGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
