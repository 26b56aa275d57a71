"""The :class:`KnowledgeGraph` object that :func:`kgraph.build` returns."""

from __future__ import annotations

import copy
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from html import escape as html_escape
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Literal, TextIO

import networkx as nx

from .documents.corpus import CorpusReport
from .engine.reader import stored_documents, stored_mentions
from .errors import KGraphError, NoPathError
from .graph.analysis import (
    Gap,
    Hop,
    central_concepts,
    communities,
    domain_communities,
    ego_subgraph,
    filter_graph,
    path_with_evidence,
    structural_gaps,
)
from .graph.compare import Difference, compare_graphs, comparison_graph
from .graph.cooccur import Evidence
from .graph.provenance import Explanation, explain
from .graph.query import ConceptIndex, Neighbor, edge_evidence, neighbors
from .graph.schema import is_generic
from .graph.serialize import DeferredEvidence, read_deferred, save_graph, write_graph
from .graph.timeline import documents_of, restrict, select_strata, trends
from .settings import DEFAULTS
from .text.counts import counted
from .views.formats import (
    documents_frame,
    edges_frame,
    mentions_frame,
    nodes_frame,
    rows_frame,
    to_csv,
    to_cytoscape,
    to_gexf,
    to_graphml,
    to_node_link,
    to_vosviewer,
    to_vosviewer_json,
)
from .views.layout import MapLayout, map_layout

__all__ = ["Comparison", "KnowledgeGraph", "compare", "load"]


class KnowledgeGraph:
    """A concept graph with lookup by any name, queries and exports.

    The underlying :class:`networkx.Graph` is :attr:`graph` (schema in
    :mod:`kgraph.graph.schema`). Queries never modify it.

    Args:
        graph: A graph built by :func:`kgraph.build` or loaded by :func:`kgraph.load`.
        report: What happened to each input file (filled by :func:`kgraph.build`).

    Examples:
        >>> from kgraph import build
        >>> kg = build(["Radiotherapy can trigger the abscopal effect."])
        >>> kg.find("radiation therapy")
        'radiotherapy'
        >>> [n.concept for n in kg.neighbors("abscopal effect")]
        ['radiotherapy']
    """

    def __init__(self, graph: nx.Graph, *, report: CorpusReport | None = None,
                 updater: Callable[..., tuple[nx.Graph, CorpusReport]] | None = None,
                 deferred: DeferredEvidence | None = None, store: str | Path | None = None) -> None:
        self._graph = graph
        self._deferred = deferred  # evidence still encoded (a loaded file): decoded on first need
        self.report = report if report is not None else CorpusReport()
        self._names: ConceptIndex | None = None
        self._updater = updater
        self._store = store  # the build store the graph came from, if any (kg.mentions reads it)
        self._memo: dict[Any, Any] = {}  # communities and the map, computed once per graph

    @property
    def graph(self) -> nx.Graph:
        """The :class:`networkx.Graph` (schema in :mod:`kgraph.graph.schema`), with every link's evidence."""
        if self._deferred is not None:
            self._deferred.apply(self._graph)
            self._deferred = None
        return self._graph

    @graph.setter
    def graph(self, graph: nx.Graph) -> None:
        self._graph, self._deferred, self._names, self._memo = graph, None, None, {}

    def _once(self, key: Any, make: Callable[[], Any]) -> Any:
        """``make()``, computed once for this graph (again if its concepts or links were added or removed)."""
        stamp = (id(self._graph), self._graph.number_of_nodes(), self._graph.number_of_edges())
        if self._memo.get("stamp") != stamp:
            self._memo = {"stamp": stamp}
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def _communities(self, seed: int = 42, resolution: float = 1.0) -> list[set[str]]:
        """The communities of the domain concepts: the map's, the exports' and the gaps' (computed once)."""
        return self._once(("communities", seed, resolution),
                          lambda: domain_communities(self._graph, seed=seed, resolution=resolution))

    def _map(self) -> MapLayout:
        """The map of the whole graph, shared by the view and every export (computed once)."""
        return self._once("map", lambda: map_layout(self._graph, groups=self._communities()))

    def add(self, documents: Any, **options: Any) -> KnowledgeGraph:
        """Add documents to this graph without processing the earlier ones again.

        The build store keeps what earlier builds did; only the new documents
        are read, plus the earlier ones that mention an abbreviation or term
        whose corpus-wide meaning the new documents change. The result is the
        same as a build of all documents at once.

        This changes the object in place: ``self.graph`` and ``self.report``
        are replaced (the old graph object itself is not changed). The
        analyses (:meth:`filter`, :meth:`ego`) instead return new graphs.

        Args:
            documents: Anything :func:`kgraph.build` reads (a directory, a
                file, texts or ``(doc_id, text)`` pairs).
            **options: ``strict``, ``progress``, ``fields`` (see
                :class:`~kgraph.engine.passes.StoreUpdater`, which also says which
                engine an update runs on).

        Returns:
            This object, updated.

        Raises:
            KGraphError: This graph was loaded from a file or built with
                ``store=False``, so there is no store to add to.

        Examples:
            >>> from kgraph import build
            >>> kg = build(["Radiotherapy with cisplatin."])
            >>> kg.add(["Cisplatin and radiotherapy again."]).graph["radiotherapy"]["cisplatin"]["weight"]
            2
        """
        if self._updater is None:
            raise KGraphError("This graph has no build store to add documents to (it was loaded from a "
                              "file, derived from another graph, or built with store=False). Build it "
                              "with kgraph.build(..., store='kg.db') or 'kgraph build', then add.")
        self.graph, self.report = self._updater(documents, **options)
        return self

    @property
    def _index(self) -> ConceptIndex:
        """The name index, built on first use (a build that is only saved never needs it)."""
        if self._names is None:
            self._names = ConceptIndex(self._graph)
        return self._names

    def __len__(self) -> int:
        return self._graph.number_of_nodes()

    def __iter__(self) -> Iterator[str]:
        """The concept ids: domain concepts most mentioned first, then the generic ones (ties by id)."""
        g = self._graph
        return iter(sorted(g, key=lambda n: (is_generic(g.nodes[n]), -g.nodes[n].get("mentions", 0), n)))

    def __getitem__(self, name: str) -> dict[str, Any]:
        """A concept by any of its names: a copy of its attributes, with its ``id``.

        Raises:
            ConceptNotFoundError: Unknown name (a ``KeyError``); the message lists close matches.

        Examples:
            >>> from kgraph import build
            >>> kg = build(["Cancer stem cells (CSCs) resist radiotherapy."])
            >>> kg["CSCs"]["id"], kg["CSCs"]["label"], list(kg)
            ('cancer_stem_cell', 'cancer stem cell', ['cancer_stem_cell', 'radiotherapy'])
        """
        node = self.find(name)
        return {"id": node, **copy.deepcopy(self._graph.nodes[node])}

    def _label(self, node: str) -> str:
        return str(self._graph.nodes[node].get("label", node))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._index.get(name) is not None

    def __repr__(self) -> str:
        s = self.summary()
        return (f"<KnowledgeGraph: {counted(s['concepts'], 'concept')}, {counted(s['edges'], 'edge')} from "
                f"{counted(s['documents'], 'document')}, {counted(s['sentences'], 'sentence')}>")

    def summary(self) -> dict[str, Any]:
        """Counts of the corpus and the graph."""
        g = self._graph
        categories = Counter(d.get("category", "other") for _, d in g.nodes(data=True))
        return {"documents": g.graph.get("documents", 0), "sentences": g.graph.get("sentences", 0),
                "concepts": g.number_of_nodes(), "edges": g.number_of_edges(),
                "categories": dict(sorted(categories.items()))}

    def find(self, name: str) -> str:
        """The concept id for a label, alias or abbreviation (case-insensitive), or a standard identifier.

        An identifier is found with or without its prefix: ``MESH:D002945``,
        ``D002945``, ``NCBIGene:7157``, ``GO:0006915`` (see the ``ids`` column of
        :attr:`concepts`).

        Raises:
            ConceptNotFoundError: Unknown name (a ``KeyError``); the message
                lists close matches.
        """
        return self._index.find(name)

    def neighbors(self, name: str, *, limit: int | None = None, by: str = "weight",
                  generic: bool = False, min_documents: int | None = None) -> list[Neighbor]:
        """Neighbours of a concept with edge weights, strongest first.

        Args:
            name: Any name of the concept.
            limit: At most this many.
            by: ``"weight"`` (co-occurring sentences) or ``"npmi"``.
            generic: Also list statistics, lab methods and basic molecules
                (the demoted categories, left out by default).
            min_documents: Links seen in fewer documents are left out
                (default: 1 by weight, ``min_support`` by NPMI; see
                :class:`~kgraph.settings.Settings`).
        """
        return neighbors(self._graph, self.find(name), limit=limit, by=by, generic=generic,
                         min_documents=min_documents)

    def explain(self, name: str) -> Explanation:
        """How a concept's mentions were recognised: each written form with its sources.

        For every form: how many mentions were a lexicon name, an abbreviation
        defined in the same document, one defined in another document, or a
        discovered term; for every short form, the senses the corpus defines
        it with and where. ``print(kg.explain("CSCs").to_text())`` reads well.
        """
        return explain(self._graph, self.find(name))

    def evidence(self, a: str, b: str) -> list[Evidence]:
        """The sentences behind the edge between two concepts.

        Each item has ``doc`` (document id), ``text`` (the sentence), ``start``
        and ``end`` (its offsets in the document) and ``marks`` (offsets of
        each concept's mentions inside ``text``). Empty if the concepts are
        not linked.
        """
        source, target = self.find(a), self.find(b)
        if self._deferred is not None:  # decode this link's sentences only
            return self._deferred.get(source, target) if self._graph.has_edge(source, target) else []
        return edge_evidence(self._graph, source, target)

    # --- analyses (each returns new objects; the graph is never modified) ---

    def path(self, a: str, b: str) -> list[Hop]:
        """The strongest path between two concepts, with the evidence of each hop.

        Raises:
            NoPathError: The concepts are not connected (a ``KGraphError``,
                and a ``networkx.NetworkXNoPath`` too).
        """
        source, target = self.find(a), self.find(b)
        try:
            return path_with_evidence(self.graph, source, target)
        except nx.NetworkXNoPath:
            sizes = [len(nx.node_connected_component(self.graph, n)) for n in (source, target)]
            raise NoPathError(f"No path links {self._label(source)!r} and {self._label(target)!r}: no sentence "
                              f"chain connects them (their parts of the graph have {sizes[0]} and {sizes[1]} "
                              "concepts). Try kg.neighbors() on each, or a larger corpus.") from None

    def ego(self, name: str, *, radius: int = 1) -> KnowledgeGraph:
        """A new graph of a concept and its neighbourhood."""
        return KnowledgeGraph(ego_subgraph(self.graph, self.find(name), radius=radius))

    def communities(self, *, seed: int = 42, resolution: float = 1.0, generic: bool = False) -> list[set[str]]:
        """Communities of concepts (Louvain), largest first; the same for the same seed.

        By default these are the communities of the map: those of the domain
        concepts (:func:`kgraph.graph.analysis.domain_communities`), numbered
        from 1 in the view and in the VOSviewer, GEXF and Cytoscape exports
        (``kg.communities()[0]`` is community 1) and compared by :meth:`gaps`.
        ``generic=True`` runs Louvain on every concept instead, statistics and
        lab methods included (they would glue fields together).

        Examples:
            >>> from kgraph import build
            >>> kg = build(["CSCs resist radiotherapy.", "Cisplatin with doxorubicin."] * 2)
            >>> [sorted(c) for c in kg.communities()]
            [['cancer_stem_cell', 'radiotherapy'], ['cisplatin', 'doxorubicin']]
        """
        if generic:
            return communities(self._graph, seed=seed, resolution=resolution)
        return [set(c) for c in self._communities(seed, resolution)]

    def central(self, *, by: Literal["degree", "pagerank", "betweenness"] = "pagerank",
                limit: int | None = 10, generic: bool = False, k: int | None = None,
                seed: int = 42) -> list[tuple[str, float]]:
        """The most central concepts with their scores (statistics and lab methods only if ``generic``).

        Betweenness on more than
        :attr:`~kgraph.settings.Settings.betweenness_exact_limit` concepts is
        estimated from ``k`` sampled sources (seeded; a warning says so), since
        the exact value takes minutes; ``k=len(kg)`` asks for it anyway (see
        :func:`kgraph.graph.analysis.central_concepts`).
        """
        return central_concepts(self._graph, by=by, limit=limit, generic=generic, k=k, seed=seed)

    def gaps(self, *, seed: int = 42, limit: int = 10, min_size: int = 3,
             min_expected: float = DEFAULTS.gap_min_expected) -> list[Gap]:
        """Pairs of communities linked far less than their sizes and links predict, the most surprising first.

        Each :class:`~kgraph.graph.analysis.Gap` names both communities by their top
        concepts and gives the links seen and expected, their ratio, a Poisson
        p, the concepts that bridge the two and the strongest bridging links
        with their sentences (see :func:`kgraph.graph.analysis.structural_gaps`).
        """
        return structural_gaps(self.graph, seed=seed, limit=limit, min_size=min_size, min_expected=min_expected,
                               groups=self._communities(seed))

    def filter(self, *, min_weight: int = DEFAULTS.min_weight, categories: Iterable[str] | None = None,
               top: int | None = None, years: tuple[int | None, int | None] | None = None,
               journals: Iterable[str] | None = None) -> KnowledgeGraph:
        """A new graph with strong links, chosen categories, the top concepts, years or journals only.

        ``years`` and ``journals`` keep the documents of those years (both
        ends included; None leaves an end open) and journals, and recount
        everything over them: mentions, weights, NPMI and evidence are those
        a build of only those documents gives (:func:`kgraph.graph.timeline.restrict`).

        Raises:
            KGraphError: An unknown category (the graph's categories are
                listed); ``years`` or ``journals`` on a graph whose documents
                have none, or an unknown journal (the known ones are listed).

        Examples:
            >>> from kgraph import build
            >>> kg = build([("a", "CSCs and radiotherapy."), ("b", "CSCs and cisplatin.")])
            >>> kg.filter(categories=["therapy"]).summary()["concepts"]
            1
        """
        graph = self.graph
        if categories is not None:
            categories = list(categories)
            known = sorted({str(d.get("category", "other")) for _, d in graph.nodes(data=True)})
            unknown = sorted(set(categories) - set(known))
            if unknown:
                raise KGraphError(f"Unknown categor{'y' if len(unknown) == 1 else 'ies'} "
                                  f"{', '.join(map(repr, unknown))}; this graph has: {', '.join(known)}.")
        if years is not None or journals is not None:
            keep = select_strata(graph, years=years, journals=journals)
            what = [f"years {years[0] or '...'}-{years[1] or '...'}" if years else "",
                    f"journals {', '.join(journals)}" if journals is not None else ""]
            graph = restrict(graph, keep, description="; ".join(w for w in what if w))
        return KnowledgeGraph(filter_graph(graph, min_weight=min_weight, categories=categories, top=top))

    def trends(self, *, min_documents: int = DEFAULTS.trend_min_documents, alpha: float = DEFAULTS.alpha,
               significant: bool = True,
               min_period_documents: int = DEFAULTS.trend_min_period_documents) -> Any:
        """Concepts and links whose share of documents rises or falls over the years (a DataFrame).

        One Cochran-Armitage trend test per concept and link seen in at
        least ``min_documents`` dated documents, on periods of at least
        ``min_period_documents`` documents (sparse years pooled),
        Benjamini-Hochberg adjusted (:func:`kgraph.graph.timeline.trends`); the
        most significant first.
        Columns: kind, label, direction, documents, first_year, share_first,
        share_last (shares of the documents of the first and second half of
        the years), slope (change of the share per year), z, p, q.

        Raises:
            KGraphError: Fewer than three distinct years among the documents.
        """
        rows = trends(self._graph, min_documents=min_documents, alpha=alpha, significant=significant,
                      min_period_documents=min_period_documents)
        frame = rows_frame(rows, ["kind", "label", "direction", "documents", "first_year", "share_first",
                                  "share_last", "slope", "z", "p", "q"])
        frame.attrs.update(min_documents=min_documents, min_period_documents=min_period_documents, alpha=alpha,
                           test="Cochran-Armitage, BH-adjusted")
        return frame

    def first_appearances(self, *, limit: int = 20, min_documents: int = 2) -> Any:
        """Concepts that appeared most recently (a DataFrame: label, first_year, documents), newest first.

        Only concepts seen in at least ``min_documents`` documents (a single
        mention is too weak to call a concept new).
        """
        rows = sorted(((d["first_year"], d.get("documents", 0), d.get("label", n), n)
                       for n, d in self._graph.nodes(data=True)
                       if d.get("first_year") and d.get("documents", 0) >= min_documents),
                      key=lambda r: (-r[0], -r[1], r[2]))[:limit]
        return rows_frame([SimpleNamespace(first_year=y, documents=n, label=label, id=node)
                           for y, n, label, node in rows],
                          ["id", "label", "first_year", "documents"])

    @property
    def documents(self) -> Any:
        """The documents as a pandas DataFrame indexed by id: title, year, journal, authors, file, ...

        Raises:
            KGraphError: The graph was built by a kgraph that did not record its documents.
        """
        return documents_frame(documents_of(self._graph))

    def mentions(self, concepts: Iterable[str] | None = None) -> Any:
        """Every mention of every document, from the build store: the document-concept table.

        Columns: ``doc``, ``start``, ``end`` (character offsets in the
        document's text), ``text`` (as written), ``concept``, ``label``,
        ``category``, ``source`` (how the name was resolved, the mention's
        :attr:`~kgraph.extraction.Mention.resolved_by`: ``lexicon``,
        ``abbreviation``, ``abbreviation_elsewhere``, ``discovered``, ``ner``)
        and ``sentence`` (its index in the document); by document, then offset.
        ``kg.mentions().groupby(["doc", "concept"]).size().unstack(fill_value=0)``
        is the document-concept matrix.

        Args:
            concepts: Only the mentions of these concepts (any name, alias or id).

        Raises:
            KGraphError: The graph has no build store (built with
                ``store=False``, or loaded from a folder without its
                ``kgraph.db``), or the store belongs to another build.
            ConceptNotFoundError: A name in ``concepts`` is not in the graph.

        Examples:
            >>> from kgraph import build
            >>> kg = build([("d1", "Cancer stem cells (CSCs) resist radiotherapy. CSCs survive.")])
            >>> kg.mentions()[["doc", "text", "concept", "source"]].values.tolist()
            [['d1', 'Cancer stem cells', 'cancer_stem_cell', 'abbreviation'], \
['d1', 'CSCs', 'cancer_stem_cell', 'lexicon'], ['d1', 'radiotherapy', 'radiotherapy', 'lexicon'], \
['d1', 'CSCs', 'cancer_stem_cell', 'lexicon']]
        """
        store = getattr(self._updater, "store", None) or self._store
        if store is None or store is False or not Path(store).is_file():
            raise KGraphError(
                "This graph has no build store, where mentions are kept (it was built with store=False or "
                "--no-store, derived from another graph, or loaded from a file without the kgraph.db of its "
                "build beside it). Build it with kgraph.build(...) (a store is kept by default) or 'kgraph "
                "build CORPUS --out DIR' and load DIR/graph.json.")
        documents = self._graph.graph.get("documents")
        held = stored_documents(store)
        if documents is not None and held != documents:
            raise KGraphError(f"The build store {store} holds {held:,} documents but the graph counts "
                              f"{documents:,}: they come from different builds. Build again to get both from one.")
        wanted = None if concepts is None else {self.find(name) for name in concepts}
        nodes = self._graph.nodes
        rows = [(*m[:5], nodes[m.concept].get("label", m.concept) if m.concept in nodes else m.concept,
                 nodes[m.concept].get("category", "") if m.concept in nodes else "", m.resolved_by, m.sentence)
                for m in stored_mentions(store) if wanted is None or m.concept in wanted]
        return mentions_frame(rows)

    @property
    def concepts(self) -> Any:
        """The concepts as a pandas DataFrame indexed by id, most mentioned first (needs pandas)."""
        return nodes_frame(self._graph)

    @property
    def links(self) -> Any:
        """The links as a pandas DataFrame, strongest first, with both concepts' labels (needs pandas)."""
        return edges_frame(self.graph)

    @property
    def nodes(self) -> Any:
        """Deprecated name of :attr:`concepts` (``kg.graph.nodes`` is NetworkX's node view)."""
        warnings.warn("kg.nodes is now kg.concepts (kg.nodes will be removed in the next release)",
                      DeprecationWarning, stacklevel=2)
        return self.concepts

    @property
    def edges(self) -> Any:
        """Deprecated name of :attr:`links` (``kg.graph.edges`` is NetworkX's edge view)."""
        warnings.warn("kg.edges is now kg.links (kg.edges will be removed in the next release)",
                      DeprecationWarning, stacklevel=2)
        return self.links

    # --- exports ---

    def save(self, path: str | Path) -> Path:
        """Write the graph to a JSON file (lossless; see :func:`kgraph.load`)."""
        return save_graph(self._graph, path, evidence=self._deferred)

    def write(self, handle: TextIO) -> None:
        """Write the graph as JSON to an open text file (what :meth:`save` writes; evidence one link at a time)."""
        write_graph(self._graph, handle, evidence=self._deferred)

    def html_pieces(self, *, title: str = "kgraph", max_nodes: int | None = None,
                    stamp: str | None = None) -> Iterator[str]:
        """The interactive view in pieces to write one after the other (see :func:`kgraph.views.html.page_pieces`)."""
        from .views.html import page_pieces

        return page_pieces(self._graph, title=title, max_nodes=max_nodes, stamp=stamp, evidence=self._deferred)

    def to_html(self, path: str | Path, *, title: str = "kgraph", max_nodes: int | None = None) -> Path:
        """Write the interactive view: one self-contained HTML file that works offline.

        Args:
            path: Output file.
            title: Page title.
            max_nodes: Show at most this many nodes (default: ``Settings.html_max_nodes``).
        """
        from .views.html import write_html

        return write_html(self._graph, path, title=title, max_nodes=max_nodes, layout=self._map(),
                          evidence=self._deferred)

    def to_graphml(self, path: str | Path) -> Path:
        """Write GraphML (list attributes joined, evidence counted; see :mod:`kgraph.views.formats`)."""
        return to_graphml(self.graph, path)

    def to_gexf(self, path: str | Path) -> Path:
        """Write GEXF for Gephi, with colours, sizes and the map's positions (``viz``)."""
        return to_gexf(self.graph, path, layout=self._map())

    def to_cytoscape(self, path: str | Path) -> Path:
        """Write Cytoscape.js JSON: labels as names, the map's positions, evidence as plain fields."""
        return to_cytoscape(self.graph, path, layout=self._map())

    def to_vosviewer(self, map_path: str | Path, network_path: str | Path) -> tuple[Path, Path]:
        """Write a VOSviewer map file and network file (tab-separated), with the map's clusters and positions.

        In VOSviewer: Create... > Create a map based on network data > VOSviewer map and network files.
        """
        return to_vosviewer(self.graph, map_path, network_path, layout=self._map())

    def to_vosviewer_json(self, path: str | Path, *, title: str = "kgraph") -> Path:
        """Write VOSviewer JSON (VOSviewer 1.6.16+ and VOSviewer Online open it)."""
        return to_vosviewer_json(self.graph, path, title=title, layout=self._map())

    def to_node_link(self, path: str | Path) -> Path:
        """Write plain NetworkX node-link JSON (no kgraph envelope, unlike :meth:`save`)."""
        return to_node_link(self.graph, path)

    def to_csv(self, path: str | Path) -> Path:
        """Write the evidence sentences of every link as CSV."""
        return to_csv(self.graph, path)

    # --- Jupyter ---

    def _repr_html_(self) -> str:
        s = self.summary()
        labels = (str(self._graph.nodes[n].get("label", n)) for n, _ in self.central(limit=5))
        top = ", ".join(html_escape(label) for label in labels)
        cats = ", ".join(f"{html_escape(c)} {n}" for c, n in s["categories"].items())
        return (f"<div><strong>KnowledgeGraph</strong>: {counted(s['concepts'], 'concept')}, "
                f"{counted(s['edges'], 'link')} from {counted(s['documents'], 'document')} "
                f"({counted(s['sentences'], 'sentence')})<br>"
                f"<em>Categories:</em> {cats}<br><em>Most central:</em> {top}<br>"
                "<small>kg.show() draws it; kg.find(), kg.neighbors(), kg.evidence() query it.</small></div>")

    def show(self, path: str | Path | None = None, *, height: int = 650, title: str = "kgraph",
             max_nodes: int | None = None, embed: bool = False) -> Any:
        """Display the interactive view inline in Jupyter, without putting the page into the notebook.

        The page (self-contained, offline) is written to a file and the
        notebook shows it in an iframe by reference, so the output is a few
        hundred bytes whatever the graph (an embedded page is 1 MB for the
        sample corpus and tens of MB for thousands of abstracts, beyond
        Jupyter's output limits). Jupyter runs the kernel in the notebook's
        folder and serves the files there, so the frame finds the page.

        Args:
            path: Where to write the page (default:
                ``kgraph-views/<title>-<hash>.html`` in the current folder; the
                same graph always gives the same file).
            height: Height of the frame in pixels.
            title: Page title.
            max_nodes: Show at most this many nodes (default: ``Settings.html_max_nodes``).
            embed: Put the whole page in the notebook instead (an ``<iframe
                srcdoc>``), for front ends that serve no files (VS Code, a
                notebook sent by mail); the notebook grows by the page's size.

        Returns:
            An ``IPython.display.HTML`` object (Jupyter displays it).
        """
        from IPython.display import HTML

        from .views.html import render_html
        from .views.notebook import embedded_frame, page_file, referenced_frame

        page = render_html(self.graph, title=title, max_nodes=max_nodes, layout=self._map())
        if embed:
            return HTML(embedded_frame(page, height=height))
        if path is not None:
            from .files import atomic_write_text

            written = atomic_write_text(path, page)
        else:
            written = page_file(page, title=title)
        return HTML(referenced_frame(written, height=height))


class Comparison:
    """Two corpora compared: what each mentions more often than the other.

    Attributes:
        names: What the two corpora are called (``("A", "B")`` by default).
        differences: Every tested concept and link (:class:`~kgraph.graph.compare.Difference`),
            most significant first.
        alpha: The false discovery rate for "significant".
        graph: Both corpora in one graph; each concept's ``category`` is
            ``"more in A"``, ``"more in B"`` or ``"no difference"`` (the
            two-colour view).
    """

    _COLUMNS = ["label", "more_in", "documents_a", "documents_b", "share_a", "share_b", "log2_ratio", "g2",
                "p", "q"]

    def __init__(self, a: KnowledgeGraph, b: KnowledgeGraph, *, min_documents: int = DEFAULTS.compare_min_documents,
                 alpha: float = DEFAULTS.alpha,
                 names: tuple[str, str] = ("A", "B")) -> None:
        self.names = names
        self.alpha = alpha
        self.differences: list[Difference] = compare_graphs(a.graph, b.graph, min_documents=min_documents)
        self.graph = comparison_graph(a.graph, b.graph, self.differences, alpha=alpha, names=names)

    def _frame(self, kind: str, significant: bool) -> Any:
        rows = [d for d in self.differences if d.kind == kind and (not significant or d.q <= self.alpha)]
        frame = rows_frame(rows, self._COLUMNS)
        frame["more_in"] = frame["more_in"].map({"A": self.names[0], "B": self.names[1]})
        return frame

    def concepts(self, *, significant: bool = True) -> Any:
        """Concepts over-represented in one corpus (a DataFrame), most significant first.

        Columns: label, more_in, documents_a, documents_b, share_a, share_b,
        log2_ratio (> 0: more in the first), g2 (log-likelihood), p, q (BH).
        """
        return self._frame("concept", significant)

    def links(self, *, significant: bool = True) -> Any:
        """Links over-represented in one corpus (a DataFrame, columns as :meth:`concepts`)."""
        return self._frame("link", significant)

    def to_html(self, path: str | Path, *, title: str | None = None, max_nodes: int | None = None) -> Path:
        """Write the two-colour view: concepts coloured by the corpus that mentions them more."""
        from .views.html import write_html

        a, b = self.names
        colors = {f"more in {a}": "#d64545", f"more in {b}": "#2680c2", "no difference": "#bcccdc"}
        return write_html(self.graph, path, title=title or f"{a} vs {b}", max_nodes=max_nodes, colors=colors)

    def __repr__(self) -> str:
        significant = sum(d.q <= self.alpha for d in self.differences)
        return (f"<Comparison {self.names[0]} vs {self.names[1]}: {len(self.differences)} concepts and links "
                f"tested, {significant} differ (q <= {self.alpha})>")


def compare(a: KnowledgeGraph, b: KnowledgeGraph, *, min_documents: int = DEFAULTS.compare_min_documents,
            alpha: float = DEFAULTS.alpha,
            names: tuple[str, str] = ("A", "B")) -> Comparison:
    """Compare two corpora: concepts and links one mentions significantly more often.

    Log-likelihood G2 per concept and link on documents mentioning it,
    Benjamini-Hochberg adjusted, with log2 ratios of the shares as effect
    sizes (see :mod:`kgraph.graph.compare`). Build both with the same lexicon, or
    take two subsets of one graph (``kg.filter(years=...)``).

    Args:
        a: The first corpus's graph.
        b: The second corpus's graph.
        min_documents: Items in fewer documents of both together are not tested.
        alpha: The false discovery rate.
        names: What to call the corpora in tables and the view.

    Examples:
        >>> from kgraph import build
        >>> result = compare(build(["CSCs resist radiotherapy."] * 6), build(["Cisplatin works."] * 6))
        >>> result.concepts()[["label", "more_in"]].values.tolist()
        [['cancer stem cell', 'A'], ['cisplatin', 'B'], ['radiotherapy', 'A']]
    """
    return Comparison(a, b, min_documents=min_documents, alpha=alpha, names=names)


def load(path: str | Path) -> KnowledgeGraph:
    """Load a graph saved with :meth:`KnowledgeGraph.save`.

    The evidence sentences stay encoded until something needs them:
    :meth:`~KnowledgeGraph.find`, :meth:`~KnowledgeGraph.neighbors` or
    :meth:`~KnowledgeGraph.explain` never decode them,
    :meth:`~KnowledgeGraph.evidence` decodes one link's, and the first use of
    :attr:`~KnowledgeGraph.graph` decodes all.

    Raises:
        GraphFileError: The file is missing, malformed or from another schema version.
    """
    graph, deferred = read_deferred(path)
    store = Path(path).with_name("kgraph.db")  # the store a 'kgraph build' keeps beside its graph
    return KnowledgeGraph(graph, deferred=deferred, store=store if store.is_file() else None)
