"""Documents in: corpora of texts, PDFs, records and bibliographic exports.

:mod:`~kgraph.documents.corpus` reads folders, files and texts into
:class:`~kgraph.documents.document.Document` objects with their metadata and a
report of every path (:mod:`~kgraph.documents.document`);
:mod:`~kgraph.documents.walk` lists a folder's files;
:mod:`~kgraph.documents.readers` is the registry that gives each file its
reader by suffix: :mod:`~kgraph.documents.plain` (text, HTML, PDF),
:mod:`~kgraph.documents.records` (JSON lines, JSON, CSV, TSV) and
:mod:`~kgraph.documents.exports` (bibliographic exports, recognised by their
content), all built on :mod:`~kgraph.documents.reading` (what readers share:
options, skips, the strict-mode message). :mod:`~kgraph.documents.biblio`
parses PubMed, MEDLINE, RIS, BibTeX, Web of Science, PubTator and BioC
exports; :mod:`~kgraph.documents.decoding` turns bytes into text (UTF-8, else
Windows-1252, said in the report); :mod:`~kgraph.documents.tables` reads CSV
rows so that a bad row costs only itself; :mod:`~kgraph.documents.cleanup`
cleans text (HTML, PDF lines, strings that cannot be stored).
"""
