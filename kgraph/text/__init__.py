"""Text: pure string algorithms, no model and no graph.

Normalisation of names (spelling, plurals, hyphens, Greek letters), sentence
splitting, and the detection of abbreviation definitions ("cancer stem cells
(CSCs)"). Everything above builds on these.
"""
