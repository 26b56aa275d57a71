"""Documents in: corpora of texts, PDFs, records and bibliographic exports.

:mod:`~kgraph.documents.corpus` reads folders and files into
:class:`~kgraph.documents.corpus.Document` objects with their metadata;
:mod:`~kgraph.documents.biblio` parses PubMed, MEDLINE, RIS, BibTeX, Web of
Science, PubTator and BioC exports.
"""
