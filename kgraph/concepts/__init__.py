"""Concepts: what a name means.

The lexicon and its matcher, short forms and their senses, recognition of
concept mentions in a text, discovery of concepts the lexicon lacks (drug
names, multiword terms), the corpus-wide survey of definitions and terms,
and the user's thesaurus. Plain Python on strings; no spaCy.
"""
