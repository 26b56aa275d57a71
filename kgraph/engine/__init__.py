"""The engine: how a build runs.

Batches, the SQLite build store that makes builds resumable and incremental
(:mod:`~kgraph.engine.store`), and the local and Dask engines that run the
per-document work in parallel (:mod:`~kgraph.engine.parallel`).
"""
