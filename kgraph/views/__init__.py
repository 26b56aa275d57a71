"""Views: the map layout, the interactive HTML view and the export formats.

:mod:`~kgraph.views.layout` places communities on a map;
:mod:`~kgraph.views.colors` holds the colours; :mod:`~kgraph.views.page_data`
computes what the HTML view draws and looks up, and :mod:`~kgraph.views.html`
writes it as one self-contained page (its template, style and script are in
``assets/``); :mod:`~kgraph.views.formats` writes VOSviewer, GEXF, GraphML,
Cytoscape.js, node-link JSON, CSV and DataFrames.
"""
