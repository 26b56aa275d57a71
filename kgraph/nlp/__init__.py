"""The spaCy edge: the only modules that import spaCy.

The pipeline components (:mod:`~kgraph.nlp.component`), the pipeline
factory (:mod:`~kgraph.nlp.pipeline`), and the reading of processed Docs into
:class:`~kgraph.extraction.Mention` objects (:mod:`~kgraph.nlp.mentions`).
Everything after mentions is plain Python.
"""
