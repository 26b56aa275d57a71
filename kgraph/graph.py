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

Node id: the concept id (``Mention.concept``). Node attributes
    ``label``      preferred name
    ``category``   e.g. ``therapy``, ``drug``, ``cell_type``; ``other`` for discovered concepts
    ``source``     ``lexicon``, ``discovered`` (found in the text, not in the lexicon) or
                   ``thesaurus`` (a replacement the user's thesaurus file introduced)
    ``aliases``    surface forms seen in the corpus, most frequent first
    ``provenance`` how each written form was resolved: ``[form, source, count]``
                   lists, most frequent first; ``source`` is ``lexicon`` (a
                   lexicon name), ``abbreviation`` (a short form defined in its
                   own document), ``abbreviation_elsewhere`` (a short form
                   defined in another document of the corpus, see
                   ``short_forms``) or ``discovered`` (a drug name, a long form
                   or a frequent term the lexicon lacks)
    ``synonyms``   all names the lexicon gives the concept (label first)
    ``mentions``   number of mentions
    ``sentences``  number of sentences mentioning it
    ``documents``  number of documents mentioning it

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
                   :data:`kgraph.cooccur.Evidence`)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from typing import Any

import networkx as nx

from .cooccur import CooccurrenceCounts
from .lexicon import Concept
from .settings import DEFAULTS

__all__ = ["SCHEMA_VERSION", "build_graph", "npmi"]

SCHEMA_VERSION = 1


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
                metadata: Mapping[str, Any] | None = None, consume: bool = False) -> nx.Graph:
    """Build the concept graph (schema in this module's docstring).

    Args:
        counts: The co-occurrence counts.
        concepts: Concept id -> concept, for every concept in ``counts``.
        min_weight: Drop edges supported by fewer sentences.
        metadata: Extra graph attributes (e.g. ``lexicon``).
        consume: Empty ``counts.evidence`` while the edges take their
            evidence, so that the sentences kept for evidence are freed as
            the graph grows (for a caller that owns the counts and is done
            with them: a large build then never holds both at once).

    Returns:
        A new graph; nodes and edges are added in sorted order.
    """
    from . import __version__

    graph = nx.Graph()
    graph.graph.update({
        "schema": SCHEMA_VERSION, "kgraph_version": __version__, "documents": counts.documents,
        "sentences": counts.sentences, "association": "npmi", "window": "sentence",
        "max_evidence": counts.max_evidence, "min_weight": min_weight,
    })
    graph.graph.update(metadata or {})
    for concept_id in sorted(counts.mentions):
        concept = concepts[concept_id]
        resolved = counts.surface_forms[concept_id]
        forms: Counter[str] = Counter()
        for (form, _), n in resolved.items():
            forms[form] += n
        graph.add_node(
            concept_id, label=concept.label, category=concept.category, source=concept.source,
            aliases=[form for form, _ in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))],
            provenance=[[form, source, n] for (form, source), n in
                        sorted(resolved.items(), key=lambda kv: (-kv[1], kv[0]))],
            synonyms=list(concept.names), mentions=counts.mentions[concept_id],
            sentences=counts.concept_sentences[concept_id],
            documents=counts.concept_documents[concept_id])
    total = counts.sentences
    for (a, b), weight in sorted(counts.pair_sentences.items()):
        if weight < min_weight:
            continue
        n_a, n_b = counts.concept_sentences[a], counts.concept_sentences[b]
        graph.add_edge(a, b, weight=weight, documents=counts.pair_documents[(a, b)],
                       npmi=npmi(weight, n_a, n_b, total),
                       expected=round(n_a * n_b / total, 4) if total else 0.0,
                       evidence=counts.evidence_for((a, b)))
        if consume:
            counts.evidence.pop((a, b), None)
    if consume:
        counts.evidence.clear()
    return graph
