"""Views: the map layout, the interactive HTML view and the export formats.

:mod:`~kgraph.views.layout` places communities on a map;
:mod:`~kgraph.views.html` writes the self-contained HTML view (its assets
are in ``assets/``); :mod:`~kgraph.views.formats` writes VOSviewer, GEXF,
GraphML, Cytoscape.js, node-link JSON, CSV and DataFrames.
"""
