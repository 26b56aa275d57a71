"""Documents in: corpora of texts, PDFs, records and bibliographic exports.

:mod:`~kgraph.documents.corpus` reads folders and files into
:class:`~kgraph.documents.corpus.Document` objects with their metadata;
:mod:`~kgraph.documents.biblio` parses PubMed, MEDLINE, RIS, BibTeX, Web of
Science, PubTator and BioC exports; :mod:`~kgraph.documents.decoding` turns
bytes into text (UTF-8, else Windows-1252, said in the report) and
:mod:`~kgraph.documents.tables` reads CSV rows so that a bad row costs only
itself.
"""
