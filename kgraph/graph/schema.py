"""From co-occurrence counts to a NetworkX graph: the graph schema.

Schema (the one place it is written down):

Graph attributes (``G.graph``)
    ``schema``            schema version (int, currently 1)
    ``kgraph_version``    the kgraph version that built the graph
    ``documents``         documents in the corpus
    ``sentences``         sentences in the corpus
    ``association``       ``"npmi"``: how the ``npmi`` edge attribute is computed
    ``window``            ``"sentence"``: the co-occurrence window
    ``lexicon``           name of the lexicon used
    ``max_evidence``      evidence sentences kept per edge
    ``min_weight``        edges with a smaller weight were dropped
    ``abbreviations``     short form -> concept id, for the corpus-wide abbreviations
                          (the sense most often defined)
    ``short_forms``       short form -> its senses in the corpus, most often
                          defined first: ``[concept id, documents defining it,
                          [up to 3 of those document ids]]``
    ``documents_index``   the documents, sorted by id: ``{"id", "sentences"}``
                          plus the metadata the corpus gives (``file``,
                          ``title``, ``year``, ``journal``, ``authors`` (at
                          most 10), ``keywords``, ``doi``, ``format``)
    ``strata``            ``[year, journal, documents, sentences]`` for each
                          (year, journal) of the documents (None where they
                          have none): the counts of nodes and edges are kept
                          per stratum too, so the graph of any years and
                          journals is computed from the graph alone

Node id: the concept id (``Mention.concept``). Node attributes
    ``label``      preferred name
    ``category``   e.g. ``therapy``, ``drug``, ``cell_type``; for a concept not in the lexicon, the one
                   its ids imply (see :mod:`kgraph.concepts.grounding`), else the one it was
                   found with: what discovery says (``other`` when it cannot tell), the
                   entity label of another component's NER, or the category of the
                   concept a thesaurus replacement stands for
    ``generic``    True for a term of the domain's background that links to nearly
                   everything (statistics, lab methods, basic molecules, and lexicon
                   terms such as ``cancer cell`` or ``diagnosis``): kept, but ranked
                   after the domain concepts and hidden in the view until asked for
    ``source``     where the concept comes from (:attr:`kgraph.concepts.lexicon.Concept.source`):
                   ``lexicon``, ``discovered`` (found in the text, not in the lexicon),
                   ``thesaurus`` (a replacement the user's thesaurus file introduced) or
                   ``ner`` (an entity of another component of the user's pipeline)
    ``aliases``    surface forms seen in the corpus, most frequent first
    ``provenance`` how each written form was resolved: ``[form, resolved by, count]``
                   lists, most frequent first (the mentions' ``resolved_by``:
                   ``lexicon`` (a lexicon name), ``abbreviation`` (a short form
                   defined in its own document), ``abbreviation_elsewhere`` (a
                   short form defined in another document of the corpus, see
                   ``short_forms``), ``discovered`` (a drug name, a long form
                   or a frequent term the lexicon lacks) or ``ner`` (an entity
                   of another component of the user's pipeline))
    ``synonyms``   all names the lexicon gives the concept (label first)
    ``ids``        standard identifiers of what the concept names, as CURIEs
                   (``MESH:D002945``, ``DOID:1612``, ``NCIT:C4872``, ``UMLS:C0006142``,
                   ``NCBIGene:7157``, ``hgnc.symbol:TP53``, ``GO:0006915``,
                   ``UBERON:0002107``): curated in the lexicon, or found by exact
                   name for other concepts (see :mod:`kgraph.concepts.grounding`);
                   ``[]`` for an ungrounded concept (a graph saved before ids has
                   no ``ids``: read it as ``[]``)
    ``mentions``   number of mentions
    ``sentences``  number of sentences mentioning it
    ``documents``  number of documents mentioning it
    ``strata``     ``[year, journal, mentions, sentences, documents]`` per stratum
                   (only when some document has a year or a journal)
    ``years``      ``[year, documents]`` pairs, oldest first (documents with a year only;
                   ``years`` and ``first_year`` are there only when some document has a year)
    ``first_year`` the earliest year of a document mentioning it

Edge attributes (undirected, no self-loops)
    ``weight``     number of sentences mentioning both concepts (>= 1)
    ``documents``  number of documents with such a sentence
    ``npmi``       normalised pointwise mutual information over sentences, in
                   [-1, 1]: ``log(p(a,b) / (p(a) p(b))) / -log(p(a,b))`` with
                   ``p(x) = sentences with x / all sentences``. 0 means the pair
                   co-occurs as often as chance predicts, 1 that the two
                   concepts only ever occur together.
    ``expected``   sentences with both expected by chance: ``n(a) n(b) / N``
    ``evidence``   at most ``max_evidence`` evidence sentences, in document
                   order: ``{"doc", "start", "end", "text", "marks"}`` (see
                   :data:`kgraph.graph.cooccur.Evidence`), plus ``year`` and ``cite``
                   (a short citation) when the document has them
    ``strata``     ``[year, journal, sentences, documents]`` per stratum
    ``years``, ``first_year``  as for nodes, over the documents with a sentence mentioning both
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from ..concepts.lexicon import Concept
from ..documents.biblio import citation
from ..settings import DEFAULTS
from .cooccur import NO_STRATUM, CooccurrenceCounts, Evidence, Link

__all__ = ["SCHEMA_VERSION", "build_graph", "citations", "cite_evidence", "is_generic", "link_attributes", "npmi",
           "sorted_strata", "year_profile"]

_MAX_AUTHORS = 10

SCHEMA_VERSION = 1


def is_generic(data: Mapping[str, Any]) -> bool:
    """Whether a node's attributes mark a generic term (graphs saved before the flag: by category).

    Examples:
        >>> is_generic({"category": "cell_type", "generic": True}), is_generic({"category": "statistic"})
        (True, True)
        >>> is_generic({"category": "drug"})
        False
    """
    generic = data.get("generic")
    return bool(generic) if generic is not None else data.get("category") in DEFAULTS.demoted_categories


def npmi(pair_count: int, count_a: int, count_b: int, total: int) -> float:
    """Normalised pointwise mutual information of two events.

    Args:
        pair_count: Units (sentences) holding both.
        count_a: Units holding the first.
        count_b: Units holding the second.
        total: All units.

    Returns:
        NPMI in [-1, 1], rounded to 4 places; -1 if the pair never co-occurs.

    Examples:
        >>> npmi(10, 10, 10, 100)   # always together
        1.0
        >>> npmi(1, 10, 10, 100)    # as often as chance
        0.0
    """
    if pair_count <= 0 or total <= 0:
        return -1.0
    p_ab = pair_count / total
    if p_ab >= 1.0:
        return 1.0
    pmi = math.log(p_ab / ((count_a / total) * (count_b / total)))
    return round(max(-1.0, min(1.0, pmi / -math.log(p_ab))), 4) + 0.0  # no -0.0


def build_graph(counts: CooccurrenceCounts, concepts: Mapping[str, Concept], *,
                min_weight: int = DEFAULTS.min_weight,
                metadata: Mapping[str, Any] | None = None, consume: bool = False,
                defer_evidence: bool = False) -> nx.Graph:
    """Build the concept graph (schema in this module's docstring).

    Args:
        counts: The co-occurrence counts.
        concepts: Concept id -> concept, for every concept in ``counts``.
        min_weight: Drop edges supported by fewer sentences.
        metadata: Extra graph attributes (e.g. ``lexicon``).
        consume: Accepted for callers of earlier versions; the counts keep
            their evidence as references, made into sentences edge by edge.
        defer_evidence: Leave the ``evidence`` attribute out of the edges: the
            caller reads it from the counts when it is needed
            (:class:`~kgraph.graph.references.LinkEvidence`).

    Returns:
        A new graph; nodes and edges are added in sorted order.
    """
    from ..version import VERSION

    graph = nx.Graph()
    graph.graph.update({
        "schema": SCHEMA_VERSION, "kgraph_version": VERSION, "documents": counts.documents,
        "sentences": counts.sentences, "association": "npmi", "window": "sentence",
        "max_evidence": counts.max_evidence, "min_weight": min_weight,
    })
    graph.graph.update(metadata or {})
    documents = _documents_index(counts.doc_info)
    cited = citations(documents)
    graph.graph["documents_index"] = documents
    graph.graph["strata"] = sorted_strata(counts.strata)
    dated = any(stratum != NO_STRATUM for stratum in counts.strata)
    for concept_id in sorted(counts.mentions):
        concept = concepts[concept_id]
        resolved = counts.surface_forms[concept_id]
        forms: Counter[str] = Counter()
        for (form, _), n in resolved.items():
            forms[form] += n
        graph.add_node(
            concept_id, label=concept.label, category=concept.category,
            generic=concept.generic or concept.category in DEFAULTS.demoted_categories, source=concept.source,
            aliases=[form for form, _ in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))],
            provenance=[[form, resolved_by, n] for (form, resolved_by), n in
                        sorted(resolved.items(), key=lambda kv: (-kv[1], kv[0]))],
            synonyms=list(concept.names), ids=list(concept.ids), mentions=counts.mentions[concept_id],
            sentences=counts.concept_sentences[concept_id],
            documents=counts.concept_documents[concept_id])
        if dated:
            node = graph.nodes[concept_id]
            strata = _with_rest(counts.concept_strata.get(concept_id, {}),
                                (node["mentions"], node["sentences"], node["documents"]))
            node.update(strata=strata, **year_profile(strata))
    for link in counts.links(min_weight=min_weight, evidence=not defer_evidence):
        graph.add_edge(link.a, link.b, **link_attributes(link, counts, cited, dated=dated,
                                                         evidence=not defer_evidence))
    return graph


def link_attributes(link: Link, counts: CooccurrenceCounts, cited: Mapping[str, Mapping[str, Any]], *,
                    dated: bool, evidence: bool = True) -> dict[str, Any]:
    """The attributes of the edge of a link (see the schema above).

    Args:
        link: The link.
        counts: The counts of the corpus (of its concepts at least: sentences per concept and in all).
        cited: The :func:`citations` of the documents (for the evidence's years and citations).
        dated: Some documents have a year or a journal (the edge then has ``strata``).
        evidence: Include ``evidence``.
    """
    a, b, weight, total = link.a, link.b, link.sentences, counts.sentences
    n_a, n_b = counts.concept_sentences[a], counts.concept_sentences[b]
    attributes: dict[str, Any] = {
        "weight": weight, "documents": link.documents, "npmi": npmi(weight, n_a, n_b, total),
        "expected": round(n_a * n_b / total, 4) if total else 0.0}
    if evidence:
        attributes["evidence"] = cite_evidence(link.evidence, cited)
    if dated:
        strata = _with_rest(link.strata, (weight, link.documents))
        attributes.update(strata=strata, **year_profile(strata))
    return attributes


def citations(documents: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """What each document adds to its evidence sentences: its year and a short citation (those it has).

    Args:
        documents: The entries of ``documents_index``.

    Returns:
        Document id -> ``year`` and ``cite``, for :func:`cite_evidence`.

    Examples:
        >>> citations([{"id": "d1", "year": 2020}, {"id": "d2"}])
        {'d1': {'year': 2020, 'cite': '2020'}, 'd2': {}}
    """
    found: dict[str, dict[str, Any]] = {}
    for info in documents:
        fields = found[info["id"]] = {}
        if info.get("year"):
            fields["year"] = info["year"]
        if cite := citation(info):
            fields["cite"] = cite
    return found


def cite_evidence(evidence: list[Evidence], cited: Mapping[str, Mapping[str, Any]]) -> list[Evidence]:
    """Add the year and a short citation of its document to each evidence sentence (in place; returned).

    Args:
        evidence: Evidence sentences.
        cited: The :func:`citations` of the documents.

    Examples:
        >>> cite_evidence([{"doc": "d1", "text": "A and B."}], citations([{"id": "d1", "year": 2020}]))
        [{'doc': 'd1', 'text': 'A and B.', 'year': 2020, 'cite': '2020'}]
    """
    for item in evidence:
        item.update(cited.get(item["doc"], {}))
    return evidence


def _with_rest(table: Mapping[tuple[Any, Any], list[int]], totals: tuple[int, ...]) -> list[list[Any]]:
    """The strata rows of a node or edge, with the documents without year or journal as the rest of the totals."""
    rest = [total - sum(values[i] for values in table.values()) for i, total in enumerate(totals)]
    full = dict(table)
    if any(rest):
        full[NO_STRATUM] = rest
    return sorted_strata(full)


def _documents_index(doc_info: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The ``documents_index`` graph attribute: one entry per document id, sorted."""
    out = []
    for doc_id in sorted(doc_info):
        entry = {"id": doc_id, **doc_info[doc_id]}
        if isinstance(entry.get("authors"), list) and len(entry["authors"]) > _MAX_AUTHORS:
            entry["authors"] = entry["authors"][:_MAX_AUTHORS] + ["..."]
        out.append(entry)
    return out


def sorted_strata(table: Mapping[tuple[Any, Any], list[int]]) -> list[list[Any]]:
    """``{(year, journal): counts}`` as ``[year, journal, *counts]`` rows, sorted (None first).

    Examples:
        >>> sorted_strata({(2019, "B"): [1, 2], (None, None): [3, 4], (2019, "A"): [5, 6]})
        [[None, None, 3, 4], [2019, 'A', 5, 6], [2019, 'B', 1, 2]]
    """
    def key(item: tuple[tuple[Any, Any], list[int]]) -> tuple[Any, ...]:
        (year, journal), _ = item
        return (year is not None, year or 0, journal is not None, journal or "")

    return [[year, journal, *values] for (year, journal), values in sorted(table.items(), key=key)]


def year_profile(strata: list[list[Any]]) -> dict[str, Any]:
    """``years`` (``[year, documents]`` pairs) and ``first_year`` of a node's or edge's ``strata``.

    The documents are the last number of each stratum row. Empty when no
    stratum has a year.

    Examples:
        >>> year_profile([[None, None, 4, 2], [2017, "A", 3, 1], [2019, "A", 1, 1], [2019, "B", 2, 2]])
        {'years': [[2017, 1], [2019, 3]], 'first_year': 2017}
        >>> year_profile([[None, "A", 1, 1]])
        {}
    """
    per_year: Counter[int] = Counter()
    for row in strata:
        if row[0] is not None:
            per_year[row[0]] += row[-1]
    if not per_year:
        return {}
    return {"years": [[year, n] for year, n in sorted(per_year.items())], "first_year": min(per_year)}
