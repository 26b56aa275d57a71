"""The graph: co-occurrence counts, the NetworkX graph and everything read from it.

Counts of mentions and pairs (:mod:`~kgraph.graph.cooccur`), the graph and
its schema (:mod:`~kgraph.graph.schema`), saving and loading
(:mod:`~kgraph.graph.serialize`, checked against the schema by
:mod:`~kgraph.graph.validate`), and the read-only analyses: queries, names,
provenance, communities and gaps, time and comparisons.
"""
