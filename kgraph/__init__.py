"""kgraph: concept knowledge graphs from document collections.

Read a corpus, recognise domain concepts with a spaCy pipeline, link the
concepts that share sentences, and explore the result as an interactive HTML
view, from Python, or in Jupyter.

Examples:
    >>> import kgraph
    >>> kg = kgraph.build(["Radiotherapy can trigger the abscopal effect."])
    >>> kg.find("abscopal effects")
    'abscopal_effect'
"""

from .build import build, discover_concepts, extract
from .concepts.lexicon import Concept, Lexicon, default_lexicon, load_lexicon
from .documents.biblio import Fields
from .errors import (
    ConceptNotFoundError,
    CorpusError,
    GraphFileError,
    KGraphError,
    LexiconError,
    NoPathError,
    OutputError,
    StoreError,
)
from .extraction import Mention
from .graph.cooccur import Evidence
from .kg import Comparison, KnowledgeGraph, compare, load
from .settings import Settings
from .version import VERSION

__version__ = VERSION


def __getattr__(name: str) -> object:
    # make_nlp needs spaCy, which takes a second to import: loading and querying a graph does not.
    if name == "make_nlp":
        from .nlp.pipeline import make_nlp

        return make_nlp
    raise AttributeError(f"module 'kgraph' has no attribute {name!r}")

__all__ = [
    "Comparison",
    "Concept",
    "ConceptNotFoundError",
    "CorpusError",
    "Evidence",
    "Fields",
    "GraphFileError",
    "KGraphError",
    "KnowledgeGraph",
    "Lexicon",
    "LexiconError",
    "NoPathError",
    "OutputError",
    "Settings",
    "StoreError",
    "Mention",
    "__version__",
    "build",
    "compare",
    "default_lexicon",
    "discover_concepts",
    "extract",
    "load",
    "load_lexicon",
    "make_nlp",
]
