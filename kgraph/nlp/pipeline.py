"""Building the spaCy pipeline: ``spacy.blank("en")`` plus kgraph's components.

No trained model is needed. A trained pipeline the user has installed can be
named with ``model``; its own sentence boundaries are then kept.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from ..concepts.lexicon import Lexicon
from ..errors import KGraphError
from .component import TextKeepingTokenizer  # also registers the components

__all__ = ["make_nlp"]


def make_nlp(*, lexicon: Lexicon | str | Path | None = None, model: str | None = None) -> Language:
    """A pipeline that writes concepts to ``doc.spans["kgraph"]``.

    Args:
        lexicon: A :class:`~kgraph.concepts.lexicon.Lexicon`, the path of a lexicon
            file, or None for the oncology lexicon shipped with kgraph.
        model: Name or path of an installed trained spaCy pipeline; None for
            ``spacy.blank("en")``.

    Returns:
        The pipeline.

    Raises:
        KGraphError: ``model`` is not installed.
        LexiconError: The lexicon file is invalid.

    ``nlp.config`` names the lexicon file (``""``: the shipped lexicon, or a
    :class:`~kgraph.concepts.lexicon.Lexicon` object, which a config cannot
    hold). ``nlp.to_disk(path)`` saves the lexicon with the pipeline and
    ``spacy.load(path)`` gives it back; with a lexicon file, that file must
    still be where the config says, as the component reads it before the
    saved copy replaces it.

    Examples:
        >>> nlp = make_nlp()
        >>> nlp.pipe_names
        ['kgraph_sentences', 'kgraph_concepts']
        >>> doc = nlp("CAR T-cell therapy after radiotherapy.")
        >>> [s.kb_id_ for s in doc.spans["kgraph"]]
        ['car_t_cell_therapy', 'radiotherapy']
    """
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner", "lemmatizer", "textcat"])
        except OSError as err:
            raise KGraphError(
                f"The spaCy pipeline {model!r} is not installed. Install it (for example "
                f"'pip install {model}' from a local wheel) or leave out --model to use the "
                "built-in blank English pipeline.") from err
        nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    else:
        nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "kgraph.tokenizer.v1"}}})
    if not ({"parser", "senter", "sentencizer"} & set(nlp.pipe_names)):
        nlp.add_pipe("kgraph_sentences")
    path = "" if lexicon is None or isinstance(lexicon, Lexicon) else str(lexicon)
    extractor = nlp.add_pipe("kgraph_concepts", config={"lexicon": {"@misc": "kgraph.lexicon.v1", "path": path}})
    if isinstance(lexicon, Lexicon):  # an object, not a file: saved by nlp.to_disk with the pipeline
        extractor.lexicon = lexicon
    return nlp


@lru_cache(maxsize=4)
def default_nlp() -> Language:
    """The default pipeline, built once per process (used by ``kgraph.extract``)."""
    return make_nlp()
