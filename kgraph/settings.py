"""The configuration of kgraph, and its defaults, kept in exactly one place.

:class:`Settings` is one frozen object; :data:`DEFAULTS` holds the default
values. A build takes its settings explicitly (``kgraph.build(...,
settings=Settings(...))``; its keyword arguments, such as ``max_evidence``,
override single fields) and hands them down to every step that needs a
value: nothing in the build reads :data:`DEFAULTS` behind the caller's back.
Queries, analyses and views take keyword arguments whose defaults are the
fields here. The docstrings refer here instead of repeating the values.

Examples:
    >>> from dataclasses import replace
    >>> replace(DEFAULTS, min_weight=2).min_weight, DEFAULTS.min_weight
    (2, 1)
    >>> Settings(batch_size=0)
    Traceback (most recent call last):
    ...
    ValueError: Settings.batch_size must be at least 1, not 0.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path

__all__ = ["ABBREVIATIONS_KEY", "BUILD_FIELDS", "DEFAULTS", "DEFINITIONS_KEY", "SENTENCES_KEY", "SPANS_KEY", "Settings",
           "TEXT_KEY", "changed_fields", "default_lexicon_path"]

SPANS_KEY = "kgraph"
"""The ``doc.spans`` key that receives the concept spans."""
TEXT_KEY = "kgraph.text"
"""``doc.user_data`` key of the text a Doc was made from."""
DEFINITIONS_KEY = "kgraph.definitions"
"""``doc.user_data`` key of definitions a Doc takes as its own (a part of a longer document)."""
ABBREVIATIONS_KEY = "kgraph.abbreviations"
"""``doc.user_data`` key of the abbreviation definitions already found in a Doc's text (by pass 1 of a build)."""
SENTENCES_KEY = "kgraph.sentences"
"""``doc.user_data`` key of the sentence offsets found by ``kgraph_sentences``."""


@dataclass(frozen=True)
class Settings:
    """The settings of builds, queries and views (frozen; make another with ``dataclasses.replace``).

    A build uses the fields in :data:`BUILD_FIELDS`
    (``max_evidence``, ``min_weight``, ``max_sentence_chars``, ``batch_size``,
    ``max_document_bytes``, ``max_part_chars``, ``min_term_count``,
    ``min_term_c_value``); the others are the defaults of the keyword
    arguments of queries, analyses and views.

    Attributes:
        max_evidence: Evidence sentences kept per edge (a deterministic sample).
        min_weight: Edges with fewer supporting sentences are dropped.
        max_sentence_chars: Evidence sentences longer than this are shortened
            around the two concepts.
        html_max_nodes: The HTML view shows at most this many nodes (the
            strongest); the JSON file always holds the whole graph.
        html_max_edges: ... and at most this many links (each shown concept's
            strongest, then the strongest others).
        html_physics_limit: Above this many nodes the view uses a precomputed
            layout with physics off, so it stays responsive.
        html_overview_links: ... and, zoomed out, draws only this many of its
            strongest links (four times as many a little closer, all of them
            closer still), so that thousands of faint lines do not grey the map.
        batch_size: Documents per ``nlp.pipe`` batch.
        max_document_bytes: Text files larger than this are streamed and cut
            into parts of about this size at blank lines (``id#part-N``).
        max_part_chars: Documents longer than this are recognised in
            sentence-aligned parts of at most this size (memory stays
            bounded; spaCy refuses texts over ``nlp.max_length``).
        min_term_count: A discovered multiword term must occur this often.
        min_term_c_value: ... and reach this C-value (see :mod:`kgraph.concepts.discover`).
        min_support: Links seen in fewer documents are left out of rankings by
            NPMI (``neighbors(by="npmi")``, the view's NPMI order): with one or
            two documents NPMI mostly measures one abstract's wording.
        trend_min_documents: ``kg.trends()`` tests concepts and links seen in
            at least this many dated documents.
        trend_min_period_documents: ... on periods of at least this many
            documents (sparse years are pooled with the next).
        compare_min_documents: ``kgraph.compare()`` tests concepts and links
            seen in at least this many documents of both corpora together.
        alpha: False discovery rate for "significant" (Benjamini-Hochberg).
        gap_min_expected: ``kg.gaps()`` leaves out community pairs expecting
            fewer links than this (nothing was expected, so nothing is missing).
        betweenness_exact_limit: ``kg.central(by="betweenness")`` is exact up
            to this many concepts ...
        betweenness_samples: ... and estimated from this many sampled
            sources above it (exact betweenness takes minutes on thousands).
        demoted_categories: Categories of generic terms (statistics, lab
            methods, basic molecules). They stay in the graph but are left out
            of default rankings (``neighbors``, ``central``) and hidden in the
            view until asked for; their names are never taken as short forms
            of something else.
    """

    max_evidence: int = 5
    min_weight: int = 1
    max_sentence_chars: int = 600
    html_max_nodes: int = 2000
    html_max_edges: int = 10000
    html_physics_limit: int = 150
    html_overview_links: int = 1000
    batch_size: int = 64
    max_document_bytes: int = 1_000_000
    max_part_chars: int = 100_000
    min_term_count: int = 3
    min_term_c_value: float = 3.0
    min_support: int = 3
    trend_min_documents: int = 5
    trend_min_period_documents: int = 20
    compare_min_documents: int = 3
    alpha: float = 0.05
    gap_min_expected: float = 5.0
    betweenness_exact_limit: int = 500
    betweenness_samples: int = 50
    demoted_categories: frozenset[str] = frozenset({"statistic", "method", "general"})

    def __post_init__(self) -> None:
        for name, least in _LEAST.items():
            value = getattr(self, name)
            if value < least:
                raise ValueError(f"Settings.{name} must be at least {least}, not {value!r}.")


_LEAST: dict[str, float] = {
    "max_evidence": 0, "min_weight": 1, "max_sentence_chars": 1, "html_max_nodes": 1, "html_max_edges": 0,
    "html_physics_limit": 0, "html_overview_links": 0, "batch_size": 1, "max_document_bytes": 1,
    "max_part_chars": 1, "min_term_count": 1, "min_support": 1, "trend_min_documents": 1,
    "trend_min_period_documents": 1, "compare_min_documents": 1, "alpha": 0.0, "gap_min_expected": 0.0,
    "betweenness_exact_limit": 0, "betweenness_samples": 1,
}
"""The least value of each numeric setting."""

BUILD_FIELDS: frozenset[str] = frozenset({"max_evidence", "min_weight", "max_sentence_chars", "batch_size",
                                          "max_document_bytes", "max_part_chars", "min_term_count",
                                          "min_term_c_value"})
"""The fields of :class:`Settings` that a build uses (the others are defaults of queries and views)."""

DEFAULTS = Settings()
"""The default settings."""


def changed_fields(settings: Settings, base: Settings | None = None) -> list[str]:
    """The names of the fields of ``settings`` that differ from ``base`` (default: :data:`DEFAULTS`), in order.

    Examples:
        >>> changed_fields(Settings(min_weight=2, alpha=0.01))
        ['min_weight', 'alpha']
    """
    base = DEFAULTS if base is None else base
    return [f.name for f in fields(settings) if getattr(settings, f.name) != getattr(base, f.name)]


def default_lexicon_path() -> Path:
    """Path of the oncology lexicon shipped with kgraph."""
    return Path(str(resources.files("kgraph") / "data" / "oncology.yaml"))
